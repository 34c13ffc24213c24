"""The trash: deleted records vanish from lists and counts, and come back."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.reports.factories import make_draft
from webapp.extensions import db
from webapp.models.reports import ReportDraft
from webapp.trash import move_to_trash


def test_trashed_records_disappear_and_staff_restore_them(app, world):
    draft = make_draft(world.commune_a, title="Báo cáo bị xoá nhầm")
    staff = client_for(app, world.staff_a, PASSWORD)
    staff.post_form(f"/reports/{draft.id}/delete")
    assert "Báo cáo bị xoá nhầm" not in staff.get("/reports/").get_data(as_text=True)
    assert staff.get(f"/reports/{draft.id}").status_code == 404
    assert db.session.query(ReportDraft).count() == 0

    trash = staff.get("/trash/").get_data(as_text=True)
    assert "Báo cáo bị xoá nhầm" in trash
    assert "Báo cáo bị xoá nhầm" not in client_for(app, world.staff_b, PASSWORD).get(
        "/trash/"
    ).get_data(as_text=True)
    staff.post_form(f"/trash/report_drafts/{draft.id}/restore")
    assert "Báo cáo bị xoá nhầm" in staff.get("/reports/").get_data(as_text=True)


def test_purge_needs_an_admin_and_ninety_days(app, world):
    draft = make_draft(world.commune_a)
    move_to_trash(draft)
    db.session.commit()
    admin = client_for(app, world.admin, PASSWORD)
    page = admin.post_form(
        f"/trash/report_drafts/{draft.id}/purge", follow_redirects=True
    ).get_data(as_text=True)
    assert "Chỉ xoá vĩnh viễn được sau 90 ngày" in page
    draft.deleted_at -= timedelta(days=91)
    db.session.commit()
    assert (
        client_for(app, world.staff_a, PASSWORD)
        .post_form(f"/trash/report_drafts/{draft.id}/purge")
        .status_code
        == 403
    )
    admin.post_form(f"/trash/report_drafts/{draft.id}/purge")
    assert db.session.query(ReportDraft).execution_options(include_deleted=True).count() == 0


def test_a_member_purged_after_ninety_days_takes_her_history_and_dues_with_her(app, world):
    from dataclasses import fields

    from tests.members.factories import make_dues, make_member
    from webapp.members.services.members import MemberData, trash_member, update_member
    from webapp.models.members import DuesPayment, Member, MemberEvent, MemberFlagChange

    hoa = make_member(world.branch_a1, "Lê Thị Hoa")
    make_dues(hoa, 2023)
    data = MemberData(**{f.name: getattr(hoa, f.name) for f in fields(MemberData)})
    data.is_core = True
    update_member(hoa, data, hoa.version, world.staff_a)
    trash_member(hoa, world.staff_a)
    db.session.commit()
    hoa.deleted_at -= timedelta(days=91)
    db.session.commit()
    admin = client_for(app, world.admin, PASSWORD)
    page = admin.post_form(f"/trash/members/{hoa.id}/purge", follow_redirects=True)
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    db.session.expire_all()
    for model in (Member, MemberEvent, MemberFlagChange, DuesPayment):
        assert db.session.query(model).execution_options(include_deleted=True).count() == 0
