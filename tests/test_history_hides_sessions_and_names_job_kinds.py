"""History reads like a ledger (issue 16), the parts tests/test_history_ledger.py leaves out: a
login's new session token never shows on the audit page or in an account's history, not even
masked, and a background job's page names its kind in words ("Xuất báo cáo", not
"report.render")."""

from __future__ import annotations

from lxml import html
from sqlalchemy import select

from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.extensions import db
from webapp.models import AuditEntry, Job


def _text(page: str) -> str:
    return " ".join(html.fromstring(page).text_content().split())


def test_a_login_leaves_no_session_token_on_the_audit_page(app, world):
    client_for(app, world.staff_a, PASSWORD)  # logs in: a new session token is stored
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.table_name == "users"))
    assert any("session_token" in (e.changes or {}) for e in entries)  # the trail has it
    admin = client_for(app, world.admin, PASSWORD)
    for url in ("/admin/audit/", f"/admin/accounts/{world.staff_a.id}"):
        response = admin.get(url)
        assert response.status_code == 200, url
        text = _text(response.get_data(as_text=True))
        for raw in ("session_token", "Session token", "***", "đã đổi"):
            assert raw not in text, (url, raw)


def test_a_jobs_page_names_its_kind_in_words(app, world):
    job = Job(
        kind="report.render",
        params={},
        created_by_id=world.staff_a.id,
        unit_id=world.commune_a.id,
    )
    db.session.add(job)
    db.session.commit()
    page = client_for(app, world.staff_a, PASSWORD).get(f"/jobs/{job.id}")
    assert page.status_code == 200
    tree = html.fromstring(page.get_data(as_text=True))
    assert " ".join(tree.xpath("//h1")[0].text_content().split()) == (
        f"Công việc #{job.id} · Xuất báo cáo"
    )
    assert "report.render" not in _text(page.get_data(as_text=True))
