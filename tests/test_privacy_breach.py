"""Issue 17 §7: for a time window, the breach page gives the logins (who, from where) and the
personal data read and exported in it — and nothing from outside the window."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import PASSWORD, client_for, page_text
from tests.members.factories import make_member
from webapp.extensions import db
from webapp.formatting import local_today
from webapp.models.base import utcnow
from webapp.models.privacy import LoginEvent, PersonalDataRead, ReadKind


def test_the_breach_page_keeps_to_its_window_and_lists_exports(app, world):
    member = make_member(world.branch_a1, "Lê Thị Mai")
    long_ago = utcnow() - timedelta(days=40)
    db.session.add_all(
        [
            LoginEvent(at=long_ago, user_id=world.staff_b.id, address="203.0.113.9"),
            PersonalDataRead(
                at=long_ago,
                user_id=world.staff_b.id,
                kind=ReadKind.EXPORT,
                table_name="members",
                where="/members/export.xlsx?q=cu",
            ),
        ]
    )
    db.session.commit()
    staff = client_for(app, world.staff_a, PASSWORD)
    staff.get(f"/members/{member.id}")
    assert staff.get("/members/export.xlsx?q=mai").status_code == 200

    admin = client_for(app, world.admin, PASSWORD)
    recent = page_text(admin.get("/privacy/breach"))  # the last 7 days
    assert "canbo_a" in recent and "127.0.0.1" in recent
    assert "/members/export.xlsx?q=mai" in recent  # the file exported, with its filters
    assert "203.0.113.9" not in recent and "/members/export.xlsx?q=cu" not in recent

    start = (local_today() - timedelta(days=41)).isoformat()
    end = (local_today() - timedelta(days=39)).isoformat()
    window = page_text(admin.get(f"/privacy/breach?start={start}&end={end}"))
    assert "203.0.113.9" in window and "/members/export.xlsx?q=cu" in window
    assert "127.0.0.1" not in window and "/members/export.xlsx?q=mai" not in window
