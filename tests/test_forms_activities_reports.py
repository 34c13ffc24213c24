"""Issue 16 for the activities and reports forms: a refused form says everything at once —
every field's own message and every rule of the service, in one answer, beside each field and
in a summary above the form — and an htmx refusal is an answer htmx swaps (200)."""

from __future__ import annotations

import re

from tests.activities.factories import make_club
from tests.factories import PASSWORD
from tests.reports.factories import make_draft
from webapp.extensions import db
from webapp.models.activities import Activity, Club
from webapp.models.reports import ReportDraft

REQUIRED = "Vui lòng nhập trường này."
STALE = "Bản ghi đã được người khác sửa; vui lòng tải lại trang."


def _errors_beside(page: str) -> dict[str, str]:
    """Field id → the message shown beside it (``<p class="error" id="<field>-error">``)."""
    return dict(re.findall(r'<p class="error" id="([\w-]+)-error">([^<]*)</p>', page))


def _summary(page: str) -> str:
    match = re.search(r'<div class="errors-summary" role="alert".*?</div>', page, re.S)
    assert match, "no error summary above the form"
    return match.group(0)


def test_an_empty_activity_form_gets_all_its_messages_in_one_answer(app, world, staff):
    response = staff.post_form(
        "/activities/new",
        {"held_on": "", "unit_id": "", "kind_id": "", "topic": "", "sessions": ""},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert _errors_beside(page) == {
        "held_on": REQUIRED,
        "unit_id": "Vui lòng chọn đơn vị.",
        "kind_id": "Vui lòng chọn loại hoạt động.",
        "topic": REQUIRED,
        "sessions": REQUIRED,
    }
    summary = _summary(page)
    assert "Có 5 ô cần sửa:" in summary
    assert '<a href="#unit_id">Đơn vị tổ chức</a>: Vui lòng chọn đơn vị.' in summary
    assert db.session.query(Activity).count() == 0


def test_an_activity_refused_by_a_field_still_hears_the_services_rules(app, world, staff):
    """A malformed count and rules of the service (a future date, more branches than there
    are, an output without its quantity) come back together."""
    response = staff.post_form(
        "/activities/new",
        {
            "held_on": "01/01/2099",
            "unit_id": str(world.commune_a.id),
            "kind_id": "",
            "topic": "Tập huấn",
            "sessions": "hai",
            "reach_branches": "9",
            "reach_branches_total": "4",
        },
    )
    errors = _errors_beside(response.get_data(as_text=True))
    assert response.status_code == 422
    assert errors == {
        "held_on": "Ngày tổ chức không được sau ngày hôm nay.",
        "kind_id": "Vui lòng chọn loại hoạt động.",
        "sessions": "Số buổi phải là số nguyên không âm.",
        "reach_branches": "Số chi hội tham gia không được lớn hơn tổng số chi hội.",
    }


def test_an_htmx_refusal_is_swapped(app, world, staff):
    response = staff.post_form("/activities/new", {"topic": ""}, htmx=True)
    assert response.status_code == 200
    assert "Vui lòng chọn đơn vị." in response.get_data(as_text=True)


def test_an_empty_club_form_gets_all_its_messages_in_one_answer(app, world, staff):
    response = staff.post_form(
        "/activities/clubs/new",
        {"unit_id": "", "name": "", "kind": "dance", "members_count": "", "founded_on": ""},
    )
    assert response.status_code == 422
    assert _errors_beside(response.get_data(as_text=True)) == {
        "unit_id": "Vui lòng chọn đơn vị.",
        "name": REQUIRED,
        "members_count": REQUIRED,
    }
    assert db.session.query(Club).count() == 0


def test_a_stale_club_edit_says_so_with_its_other_mistakes(app, world, staff):
    club = make_club(world.branch_a1, name="CLB dân vũ", founded_on=None)
    old = club.version
    form = {
        "version": str(old),
        "unit_id": str(world.branch_a1.id),
        "name": "CLB dân vũ An Cư",
        "kind": "dance",
        "members_count": "30",
    }
    assert staff.post_form(f"/activities/clubs/{club.id}/edit", form).status_code == 302
    stale = staff.post_form(
        f"/activities/clubs/{club.id}/edit",
        {**form, "name": "", "founded_on": "2022-05-01", "dissolved_on": "2022-01-01"},
    )
    page = stale.get_data(as_text=True)
    assert stale.status_code == 422
    assert STALE in _summary(page)
    assert _errors_beside(page) == {
        "name": REQUIRED,
        "dissolved_on": "Ngày giải thể phải sau ngày ra mắt.",
    }
    db.session.expire_all()
    assert db.session.get(Club, club.id).name == "CLB dân vũ An Cư"


def test_a_new_draft_hears_every_mistake_at_once(app, world, staff):
    response = staff.post_form(
        "/reports/new",
        {
            "unit_id": str(world.commune_a.id),
            "kind": "annual",
            "year": "năm nay",
            "period_start": "31/12/2023",
            "period_end": "01/01/2023",
        },
    )
    assert response.status_code == 422
    errors = _errors_beside(response.get_data(as_text=True))
    assert errors == {
        "year": "Năm không hợp lệ.",
        "period_end": "Ngày kết thúc phải sau ngày bắt đầu.",
    }
    assert db.session.query(ReportDraft).count() == 0


def test_a_draft_metadata_edit_hears_every_mistake_at_once(app, world, staff):
    draft = make_draft(world.commune_a)
    response = staff.post_form(
        f"/reports/{draft.id}",
        {
            "version": str(draft.version + 1),  # somebody saved in between
            "period_start": "2023-12-31",
            "period_end": "2023-01-01",
            "number": "0",
            "symbol": "",
            "place": "Đức Xương",
            "issued_on": "2023-12-20",
            "title": "Báo cáo năm",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert STALE in _summary(page)
    errors = _errors_beside(page)
    assert errors["period_end"] == "Ngày kết thúc phải sau ngày bắt đầu."
    assert errors["number"] == "Số không hợp lệ."
    assert errors["symbol"] == REQUIRED


def test_a_refused_narrative_autosave_shows_its_message_under_htmx(app, world, staff):
    draft = make_draft(world.commune_a)
    url = f"/reports/{draft.id}/narrative/no_such_section"
    swapped = staff.post_form(url, {"html": "<p>x</p>"}, htmx=True)
    assert swapped.status_code == 200  # htmx 2 swaps only 2xx answers
    assert "Mục này không có trong mẫu báo cáo." in swapped.get_data(as_text=True)
    assert staff.post_form(url, {"html": "<p>x</p>"}).status_code == 422


def test_the_lock_override_banner_shows_on_every_area(app, world):
    from tests.conftest import client_for

    admin = client_for(app, world.admin, PASSWORD)
    refused = admin.post_form("/reports/override", {"reason": " ", "next": "/members/"})
    assert refused.status_code == 302
    assert "Đang sửa số liệu trong kỳ đã gửi" not in admin.get("/members/").get_data(as_text=True)
    admin.post_form("/reports/override", {"reason": "Sửa số liệu theo biên bản", "next": "/"})
    page = admin.get("/activities/").get_data(as_text=True)
    assert "Đang sửa số liệu trong kỳ đã gửi" in page and "Sửa số liệu theo biên bản" in page


def test_a_target_hears_every_mistake_at_once(app, world, staff):
    from tests.activities.factories import make_term
    from webapp.models.targets import Target

    term = make_term(world.commune_a)
    response = staff.post_form(
        f"/activities/targets/terms/{term.id}/new",
        {
            "year": "2030",  # outside the term
            "label": "",
            "short_name": "Trồng cây",
            "indicator_code": "",
            "manual_value": "12",
            "goal_kind": "range",
            "goal": "0",
            "goal_high": "",
            "counting": "baseline",
        },
    )
    assert response.status_code == 422
    assert _errors_beside(response.get_data(as_text=True)) == {
        "year": "Năm phải nằm trong nhiệm kỳ (2021 – 2026).",
        "label": REQUIRED,
        "goal": "Mục tiêu phải lớn hơn 0.",
        "goal_high": "Nhập cận trên của khoảng mục tiêu.",
        "counting": "Chỉ tính “tăng thêm” được khi chỉ tiêu trỏ vào một chỉ số.",
    }
    assert db.session.query(Target).count() == 0
