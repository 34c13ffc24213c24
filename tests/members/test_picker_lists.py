"""The member picker of the register forms, and the paginated HTMX lists of cadres and referrals."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.members.factories import make_cadre, make_member, make_referral
from webapp.models.members import ReferralOutcome

# --- member picker ----------------------------------------------------------------------------


def test_the_picker_search_finds_hue_without_diacritics_only_within_scope(app, world, staff):
    make_member(world.branch_a1, "Nguyễn Thị Huế", birth_year=1975)
    make_member(world.branch_a1, "Trần Thị Lan")
    make_member(world.branch_b1, "Lê Thị Huệ")  # commune B: never offered to commune A
    html = staff.htmx_get("/members/search?q=hue").get_data(as_text=True)
    assert "Nguyễn Thị Huế · 1975 · An Cư 2" in html
    assert "Trần Thị Lan" not in html and "Lê Thị Huệ" not in html
    assert "<html" not in html

    branch_b = client_for(app, world.staff_b, PASSWORD)
    other = branch_b.htmx_get("/members/search?q=hue").get_data(as_text=True)
    assert "Lê Thị Huệ" in other and "Nguyễn Thị Huế" not in other


def test_the_picker_search_returns_at_most_ten(staff, world):
    for i in range(12):
        make_member(world.branch_a1, f"Phạm Thị Hoa {i:02d}")
    html = staff.htmx_get("/members/search?q=hoa").get_data(as_text=True)
    assert html.count("<li>") == 10


def test_picking_a_match_fills_the_hidden_member_id(staff, world):
    hue = make_member(world.branch_a1, "Nguyễn Thị Huế", birth_year=1975)
    html = staff.htmx_get(f"/members/pick?member_id={hue.id}").get_data(as_text=True)
    assert f'name="member_id" id="member_id" value="{hue.id}"' in html
    assert "Đã chọn: <strong>Nguyễn Thị Huế</strong>" in html


def test_a_member_outside_the_scope_cannot_be_picked(staff, world):
    outsider = make_member(world.branch_b1, "Xã Khác")
    assert staff.htmx_get(f"/members/pick?member_id={outsider.id}").status_code == 404


@pytest.mark.parametrize("path", ["/members/insurance", "/members/party", "/members/cadres"])
def test_each_register_form_has_the_picker(staff, path):
    html = staff.get(path).get_data(as_text=True)
    assert 'id="member-picker"' in html and 'hx-get="/members/search' in html
    assert 'type="hidden" name="member_id"' in html


@pytest.mark.parametrize("path", ["/members/insurance", "/members/party"])
def test_the_link_from_a_member_page_shows_her_chosen(staff, world, path):
    hue = make_member(world.branch_a1, "Nguyễn Thị Huế")
    html = staff.get(f"{path}?member_id={hue.id}").get_data(as_text=True)
    assert f'name="member_id" id="member_id" value="{hue.id}"' in html
    assert "<strong>Nguyễn Thị Huế</strong>" in html


def test_the_cadre_edit_page_shows_the_linked_member(staff, world):
    hue = make_member(world.branch_a1, "Nguyễn Thị Huế")
    cadre = make_cadre(world.commune_a, "Nguyễn Thị Huế", member_id=hue.id)
    html = staff.get(f"/members/cadres/{cadre.id}/edit").get_data(as_text=True)
    assert f'value="{hue.id}"' in html and "<strong>Nguyễn Thị Huế</strong>" in html


# --- paginated lists --------------------------------------------------------------------------


def test_the_cadre_list_is_paginated_and_filtered_without_the_page(app, staff, world):
    app.config["PAGE_SIZE"] = 2
    for name in ("Cán Một", "Cán Hai", "Cán Ba"):
        make_cadre(world.commune_a, name)
    make_cadre(world.commune_a, "Đã Thôi", ended_on=date(2022, 1, 1))
    first = staff.get("/members/cadres").get_data(as_text=True)
    assert "Trang 1/2" in first
    second = staff.get(
        "/members/cadres?page=2", headers={"HX-Request": "true", "HX-Target": "cadre-rows"}
    ).get_data(as_text=True)
    assert "Trang 2/2" in second and "<html" not in second
    everyone = staff.get(
        "/members/cadres?all=1&page=2", headers={"HX-Request": "true", "HX-Target": "cadre-rows"}
    ).get_data(as_text=True)
    assert "<html" not in everyone and "Trang 2/2" in everyone and "all=1" in everyone


def test_the_referral_list_is_paginated_and_filtered_without_the_page(app, staff, world):
    app.config["PAGE_SIZE"] = 2
    for day in (1, 2, 3):
        make_referral(make_member(world.branch_a1, f"Chờ {day}"), date(2022, 5, day))
    make_referral(
        make_member(world.branch_a1, "Được Nạp"),
        date(2022, 1, 1),
        outcome=ReferralOutcome.ADMITTED,
        decided_on=date(2022, 6, 1),
    )
    page2 = staff.get("/members/party?page=2").get_data(as_text=True)
    assert "Trang 2/2" in page2 and "<html" in page2
    admitted = staff.get(
        "/members/party?outcome=admitted",
        headers={"HX-Request": "true", "HX-Target": "referral-rows"},
    ).get_data(as_text=True)
    assert "<html" not in admitted
    assert "Được Nạp" in admitted and "Chờ 1" not in admitted


# --- dues, population, insurance without full reloads ------------------------------------------


def test_the_dues_filter_and_save_swap_only_the_sheet(staff, world):
    a1 = world.branch_a1
    hoa = make_member(a1, "Nguyễn Thị Hoa")
    make_member(a1, "Trần Thị Lan")
    sheet = staff.get(
        f"/members/dues?unit_id={a1.id}&year=2023",
        headers={"HX-Request": "true", "HX-Target": "dues-sheet"},
    ).get_data(as_text=True)
    assert "<html" not in sheet and "Nguyễn Thị Hoa" in sheet and 'hx-post="/members/dues"' in sheet
    data = {"unit_id": str(a1.id), "year": "2023", "amount": "12.000", "unpaid": str(hoa.id)}
    saved = staff.post_form("/members/dues", data, htmx=True)
    html = saved.get_data(as_text=True)
    assert saved.status_code == 200 and "<html" not in html
    assert "1 hội viên đã đóng, 1 chưa đóng." in html
    plain = staff.post_form("/members/dues", data)  # without JS: the usual redirect
    assert plain.status_code == 302


def test_population_is_saved_without_a_reload(staff, world):
    data = {"unit_id": str(world.commune_a.id), "year": "2023", "women_18plus": "1.525"}
    saved = staff.post_form("/members/population", data, htmx=True)
    html = saved.get_data(as_text=True)
    assert saved.status_code == 200 and "<html" not in html
    assert "Đã lưu số liệu dân số." in html and "1.525" in html
    bad = staff.post_form("/members/population", {**data, "year": ""}, htmx=True)
    assert bad.status_code == 200 and "<html" not in bad.get_data(as_text=True)
    assert staff.post_form("/members/population", data).status_code == 302


def test_insurance_filters_and_row_actions_swap_only_the_list(staff, world):
    from tests.members.factories import make_policy
    from webapp.extensions import db
    from webapp.models.members import InsuranceKind, InsurancePolicy

    card = make_policy(world.branch_a1, InsuranceKind.BHYT, date(2022, 1, 1), holder_name="Thẻ Một")
    make_policy(world.branch_a1, InsuranceKind.BHXH, date(2022, 1, 1), holder_name="Sổ Hai")
    rows = staff.get(
        "/members/insurance?kind=bhyt", headers={"HX-Request": "true", "HX-Target": "policy-rows"}
    ).get_data(as_text=True)
    assert "<html" not in rows and "Thẻ Một" in rows and "Sổ Hai" not in rows

    early = staff.post_form(
        f"/members/insurance/{card.id}/end",
        {"ended_on": "2021-01-01", "version": "1", "kind": "bhyt", "status": "kept"},
        htmx=True,
    ).get_data(as_text=True)
    assert "<html" not in early and "Ngày kết thúc phải sau ngày bắt đầu." in early
    ended = staff.post_form(
        f"/members/insurance/{card.id}/end",
        {"ended_on": "2023-01-01", "version": "1", "kind": "bhyt", "status": "kept"},
        htmx=True,
    ).get_data(as_text=True)
    assert "<html" not in ended and "Đã ghi kết thúc thẻ bhyt hộ gia đình của Thẻ Một." in ended
    assert "Thẻ Một</td>" not in ended  # no longer among the kept cards of the filter
    db.session.expire_all()
    assert db.session.get(InsurancePolicy, card.id).ended_on == date(2023, 1, 1)

    trashed = staff.post_form(
        f"/members/insurance/{card.id}/trash", {"version": "2", "status": "all"}, htmx=True
    ).get_data(as_text=True)
    assert "<html" not in trashed and "Đã chuyển vào thùng rác." in trashed
    assert "Thẻ Một" not in trashed and "Sổ Hai" in trashed
