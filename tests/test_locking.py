"""Period locking: a sent report freezes the records it counted."""

from __future__ import annotations

from datetime import date

import pytest
from flask import g
from flask_login import login_user
from sqlalchemy import select

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.reports.factories import make_draft, make_report_file
from webapp.extensions import db
from webapp.locking import PeriodLocked
from webapp.models import AuditEntry, Member
from webapp.models.reports import ReportDraft


def _member(unit, joined: date) -> Member:
    from webapp.members.services.members import sort_key_of
    from webapp.models import Gender
    from webapp.text import search_key

    name = "Lê Thị Khoá"
    return Member(
        unit_id=unit.id,
        full_name=name,
        search_key=search_key(name),
        sort_key=sort_key_of(name),
        gender=Gender.FEMALE,
        birth_year=1980,
        joined_on=joined,
    )


@pytest.fixture()
def sent(app, world) -> ReportDraft:
    """Commune A's 2023 annual report, generated and marked as sent by its staff."""
    draft = make_draft(world.commune_a)
    make_report_file(draft, world.staff_a.id)
    response = client_for(app, world.staff_a, PASSWORD).post_form(f"/reports/{draft.id}/send")
    assert response.status_code == 302
    db.session.expire_all()
    return db.session.get(ReportDraft, draft.id)


def test_marking_sent_keeps_the_sent_file(sent):
    assert sent.sent_at is not None and sent.sent_file_id == sent.files[0].id


def test_a_sent_report_cannot_go_to_the_trash_until_it_is_reopened(app, world, sent):
    staff = client_for(app, world.staff_a, PASSWORD)
    assert "Xoá bản nháp" not in staff.get(f"/reports/{sent.id}").get_data(as_text=True)
    page = staff.post_form(f"/reports/{sent.id}/delete", follow_redirects=True)
    assert "Báo cáo đã gửi không chuyển vào thùng rác được" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ReportDraft, sent.id).deleted_at is None


def test_records_inside_the_locked_period_are_refused(app, world, sent):
    db.session.add(_member(world.branch_a1, date(2023, 5, 1)))
    with pytest.raises(PeriodLocked, match="đã gửi"):
        db.session.flush()
    db.session.rollback()


def test_records_outside_the_period_or_the_subtree_are_fine(app, world, sent):
    db.session.add(_member(world.branch_a1, date(2024, 1, 1)))
    db.session.add(_member(world.branch_b1, date(2023, 5, 1)))
    db.session.commit()


def test_moving_a_record_out_of_the_locked_period_is_refused_too(app, world, sent):
    member = _member(world.branch_a1, date(2024, 2, 1))
    db.session.add(member)
    db.session.commit()
    member.joined_on = date(2023, 2, 1)
    with pytest.raises(PeriodLocked):
        db.session.commit()
    db.session.rollback()


def test_an_admin_with_a_reason_may_change_and_the_reason_is_audited(app, world, sent):
    with app.test_request_context():
        login_user(world.admin)
        g.audit_reason = "Bổ sung hội viên kết nạp bị sót"
        member = _member(world.branch_a1, date(2023, 5, 1))
        db.session.add(member)
        db.session.commit()
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.table_name == "members")).one()
    assert entry.reason == "Bổ sung hội viên kết nạp bị sót" and entry.user_id == world.admin.id


def test_staff_cannot_reopen_and_admin_must_give_a_reason(app, world, sent):
    staff = client_for(app, world.staff_a, PASSWORD)
    assert staff.post_form(f"/reports/{sent.id}/reopen", {"reason": "x"}).status_code == 403
    admin = client_for(app, world.admin, PASSWORD)
    page = admin.post_form(f"/reports/{sent.id}/reopen", {"reason": ""}, follow_redirects=True)
    assert "Vui lòng ghi lý do mở lại kỳ báo cáo." in page.get_data(as_text=True)
    admin.post_form(f"/reports/{sent.id}/reopen", {"reason": "Huyện trả lại để sửa"})
    db.session.expire_all()
    assert db.session.get(ReportDraft, sent.id).sent_at is None
    db.session.add(_member(world.branch_a1, date(2023, 5, 1)))
    db.session.commit()


def test_the_admin_override_lasts_for_the_session_and_shows_a_banner(app, world, sent):
    admin = client_for(app, world.admin, PASSWORD)
    page = admin.post_form(
        "/reports/override",
        {"reason": "Sửa số liệu sai", "next": "/reports/"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Đang sửa số liệu trong kỳ đã gửi — lý do: <strong>Sửa số liệu sai</strong>" in page
    admin.post_form("/reports/override", {"stop": "1", "next": "/reports/"})
    assert "Đang sửa số liệu trong kỳ đã gửi" not in admin.get("/reports/").get_data(as_text=True)
