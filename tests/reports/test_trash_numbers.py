"""A report restored from the trash must not bring back a number another live report of the unit
now carries (a trashed draft does not hold its number, so the number may have been typed again
while it was in the trash)."""

from __future__ import annotations

from datetime import date

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.reports.factories import make_draft
from webapp.extensions import db
from webapp.models.reports import ReportDraft
from webapp.trash import move_to_trash


def _trashed(draft: ReportDraft) -> ReportDraft:
    move_to_trash(draft)
    db.session.commit()
    return draft


def test_restoring_a_draft_whose_number_was_given_again_is_refused(app, world):
    old = _trashed(make_draft(world.commune_a, number=3, title="Báo cáo quý I bị xoá"))
    make_draft(world.commune_a, number=3, title="Báo cáo quý I làm lại")
    staff = client_for(app, world.staff_a, PASSWORD)
    page = staff.post_form(
        f"/trash/report_drafts/{old.id}/restore", follow_redirects=True
    ).get_data(as_text=True)
    assert "Không khôi phục được: số 03/BC-BTV năm 2023 đã dùng cho báo cáo" in page
    assert "Báo cáo quý I làm lại" in page
    assert "Báo cáo quý I bị xoá" in page  # still listed in the trash
    db.session.expire_all()
    stored = db.session.scalar(
        db.select(ReportDraft)
        .where(ReportDraft.id == old.id)
        .execution_options(include_deleted=True)
    )
    assert stored.deleted_at is not None  # nothing restored


def test_a_draft_whose_number_is_still_free_comes_back(app, world):
    old = _trashed(make_draft(world.commune_a, number=3, title="Báo cáo quý I bị xoá"))
    # The same number in another year or under another symbol is another series.
    make_draft(world.commune_a, number=3, issued_on=date(2024, 1, 10), title="Năm sau")
    make_draft(world.commune_a, number=3, symbol="BC-BCH", title="Ký hiệu khác")
    staff = client_for(app, world.staff_a, PASSWORD)
    page = staff.post_form(
        f"/trash/report_drafts/{old.id}/restore", follow_redirects=True
    ).get_data(as_text=True)
    assert "Đã khôi phục bản ghi." in page
    assert "Báo cáo quý I bị xoá" in staff.get("/reports/").get_data(as_text=True)
