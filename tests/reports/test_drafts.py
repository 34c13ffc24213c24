"""Drafts: period from kind and year, numbering, metadata with a version check, autosave."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.reports.factories import make_draft
from webapp.extensions import db
from webapp.models.reports import ReportDraft, ReportKind
from webapp.reports.services.drafts import default_period


@pytest.mark.parametrize(
    ("kind", "year", "part", "start", "end"),
    [
        (ReportKind.MONTHLY, 2023, 2, date(2023, 2, 1), date(2023, 2, 28)),
        (ReportKind.QUARTERLY, 2023, 3, date(2023, 7, 1), date(2023, 9, 30)),
        (ReportKind.HALF_YEAR, 2024, None, date(2024, 1, 1), date(2024, 6, 30)),
        (ReportKind.ANNUAL, 2023, None, date(2023, 1, 1), date(2023, 12, 31)),
        (ReportKind.MID_TERM, 2021, None, date(2021, 1, 1), date(2023, 12, 31)),
    ],
)
def test_kind_and_year_give_the_period(kind, year, part, start, end):
    period = default_period(kind, year, part, today=date(2026, 11, 30))
    assert (period.start, period.end) == (start, end)


def _new(client, unit, kind="annual", year="2023", start="2023-01-01", end="2023-12-31"):
    return client.post_form(
        "/reports/new",
        {
            "unit_id": str(unit.id),
            "kind": kind,
            "year": year,
            "part": "",
            "period_start": start,
            "period_end": end,
        },
    )


def test_staff_creates_drafts_numbered_per_unit_and_year(app, world):
    staff = client_for(app, world.staff_a, PASSWORD)
    first = _new(staff, world.commune_a)
    second = _new(staff, world.commune_a)
    assert first.status_code == second.status_code == 302
    drafts = db.session.scalars(db.select(ReportDraft).order_by(ReportDraft.id)).all()
    assert [d.number_symbol for d in drafts] == ["01/BC-BTV", "02/BC-BTV"]
    assert drafts[0].title == "Kết quả hoạt động công tác Hội năm 2023"
    page = staff.get(first.location).get_data(as_text=True)
    assert "Báo cáo năm số 01/BC-BTV" in page


def test_a_period_that_ends_before_it_starts_is_refused(app, world):
    staff = client_for(app, world.staff_a, PASSWORD)
    page = _new(staff, world.commune_a, start="2023-12-31", end="2023-01-01").get_data(as_text=True)
    assert "Ngày kết thúc phải sau ngày bắt đầu." in page
    assert db.session.query(ReportDraft).count() == 0


def test_a_unit_outside_the_scope_is_refused(app, world):
    staff = client_for(app, world.staff_b, PASSWORD)
    response = _new(staff, world.commune_a)
    assert response.status_code in (200, 403)  # not a valid choice, or forbidden
    assert db.session.query(ReportDraft).count() == 0


def test_period_fields_follow_kind_and_year_with_htmx(app, world):
    staff = client_for(app, world.staff_a, PASSWORD)
    html = staff.htmx_get("/reports/period?kind=quarterly&year=2022&part=2").get_data(as_text=True)
    assert 'value="2022-04-01"' in html and 'value="2022-06-30"' in html and "<html" not in html


def test_narrative_autosaves_sanitised(app, world):
    draft = make_draft(world.commune_a)
    staff = client_for(app, world.staff_a, PASSWORD)
    response = staff.post_form(
        f"/reports/{draft.id}/narrative/tinh_hinh",
        {"html": "<p>Ổn định <b>tốt</b><script>x()</script></p>"},
        htmx=True,
    )
    assert response.status_code == 200 and "Đã lưu lúc" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ReportDraft, draft.id).narrative == {
        "tinh_hinh": "<p>Ổn định <b>tốt</b></p>"
    }


def test_a_viewer_cannot_write_the_narrative(app, world):
    draft = make_draft(world.commune_a)
    viewer = client_for(app, world.viewer_district, PASSWORD)
    response = viewer.post_form(
        f"/reports/{draft.id}/narrative/tinh_hinh", {"html": "<p>x</p>"}, htmx=True
    )
    assert response.status_code == 403


def test_metadata_edit_based_on_an_old_version_is_refused_and_kept(app, world):
    draft = make_draft(world.commune_a)
    staff = client_for(app, world.staff_a, PASSWORD)
    data = {
        "version": str(draft.version),
        "period_start": "2023-01-01",
        "period_end": "2023-12-31",
        "number": "9",
        "symbol": "BC-BTV",
        "place": "Đức Xương",
        "issued_on": "2023-12-20",
        "title": "Tiêu đề mới",
        "recipients": "Hội LHPN huyện (b/c)",
        "signatory_title": "TM. BAN THƯỜNG VỤ",
        "signatory_position": "CHỦ TỊCH",
        "signatory_name": "Nguyễn Thị Huế",
    }
    assert staff.post_form(f"/reports/{draft.id}", data).status_code == 302
    stale = staff.post_form(f"/reports/{draft.id}", {**data, "title": "Bản cũ"})  # same old version
    page = stale.get_data(as_text=True)
    assert stale.status_code == 422
    assert "Bản ghi đã được người khác sửa; vui lòng tải lại trang." in page
    assert 'value="Bản cũ"' in page  # what was typed is still there
    db.session.expire_all()
    saved = db.session.get(ReportDraft, draft.id)
    assert (saved.title, saved.number_symbol) == ("Tiêu đề mới", "09/BC-BTV")
