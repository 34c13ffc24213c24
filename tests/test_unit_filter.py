"""A list's unit filter in a large scope (a province of 150 merged communes: 6.000 units) lists
its upper levels and the branches of the unit chosen, instead of every unit."""

from __future__ import annotations

import re

import pytest

from tests.conftest import client_for, page_text
from tests.factories import PASSWORD
from webapp.scope import unit_filter


def _names(units) -> list[str]:
    return [label.strip("\u2003") for _id, label in units.choices]


def test_a_scope_within_the_limit_lists_every_unit(app, world):
    units = unit_filter(world.viewer_district, limit=6)  # the district: 1 + 2 communes + 3
    assert not units.trimmed
    assert len(units.choices) == 6


def test_a_larger_scope_lists_its_upper_levels_and_the_chosen_units_branches(app, world):
    district = world.viewer_district
    top = unit_filter(district, limit=3)
    assert top.trimmed
    assert _names(top) == ["Huyện Đức Thọ", "Xã Đức Long", "Xã Đức Xương"]
    chosen = unit_filter(district, world.commune_a.id, limit=3)
    assert _names(chosen) == [
        "Huyện Đức Thọ",
        "Xã Đức Long",
        "Xã Đức Xương",
        "Chi hội An Cư 2",
        "Chi hội Trung Hà",
    ]
    # A branch chosen (a link, the page reloaded): its commune's other branches stay hidden.
    branch = unit_filter(district, world.branch_a1.id, limit=3)
    assert _names(branch) == ["Huyện Đức Thọ", "Xã Đức Long", "Xã Đức Xương", "Chi hội An Cư 2"]
    # A unit outside the scope opens nothing.
    assert _names(unit_filter(world.staff_b, world.commune_a.id, limit=1)) == ["Xã Đức Long"]


def _options(html: str) -> list[str]:
    select = re.search(r'<select id="f-unit"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [
        label.strip("\u2003 ") for label in re.findall(r"<option[^>]*>([^<]*)</option>", select)
    ]


def test_the_member_list_offers_the_chosen_communes_branches(app, world, staff, monkeypatch):
    monkeypatch.setitem(app.config, "UNIT_FILTER_LIMIT", 2)  # commune A: itself + 2 branches
    page = staff.get("/members/").get_data(as_text=True)
    assert _options(page) == ["— Tất cả —", "Xã Đức Xương"]
    page = staff.get(f"/members/?unit_id={world.commune_a.id}").get_data(as_text=True)
    assert _options(page)[2:] == ["Chi hội An Cư 2", "Chi hội Trung Hà"]
    # Choosing it in the filter swaps the rows; the select's options come along (out of band).
    rows = staff.get(
        f"/members/?unit_id={world.commune_a.id}",
        headers={"HX-Request": "true", "HX-Target": "member-rows"},
    ).get_data(as_text=True)
    assert "<html" not in rows
    assert 'hx-swap-oob="true"' in rows
    assert _options(rows)[2:] == ["Chi hội An Cư 2", "Chi hội Trung Hà"]


def test_a_small_scope_sends_no_options_with_its_rows(app, world, staff):
    rows = staff.get(
        "/members/?q=mai", headers={"HX-Request": "true", "HX-Target": "member-rows"}
    ).get_data(as_text=True)
    assert "f-unit" not in rows


@pytest.mark.parametrize(
    "url",
    [
        "/loans/?unit={unit}",
        "/charity/?unit_id={unit}",
        "/activities/?unit_id={unit}",
        "/activities/indicators/?unit_id={unit}",
    ],
)
def test_every_list_filter_of_a_large_scope_lists_the_chosen_units_branches(
    app, world, staff, monkeypatch, url
):
    monkeypatch.setitem(app.config, "UNIT_FILTER_LIMIT", 2)  # commune A: itself + 2 branches
    branch = page_text(staff.get(url.format(unit=world.branch_a1.id)))
    assert "Chi hội An Cư 2" in branch and "Chi hội Trung Hà" not in branch
    commune = page_text(staff.get(url.format(unit=world.commune_a.id)))
    assert "Chi hội An Cư 2" in commune and "Chi hội Trung Hà" in commune


def test_the_home_page_lists_the_upper_levels_of_a_large_scope(app, world, staff, monkeypatch):
    monkeypatch.setitem(app.config, "UNIT_FILTER_LIMIT", 1)
    home = page_text(staff.get("/"))
    assert "Xã Đức Xương" in home and "Chi hội An Cư 2" not in home
    assert "và 2 đơn vị cấp dưới." in home
    monkeypatch.setitem(app.config, "UNIT_FILTER_LIMIT", 400)
    assert "Chi hội An Cư 2" in page_text(staff.get("/"))


@pytest.mark.parametrize(
    ("url", "target", "select"),
    [
        ("/loans/?unit={unit}", "portfolio", "unit"),
        ("/charity/?unit_id={unit}", "gift-list", "g-unit-id"),
        ("/activities/?unit_id={unit}", "activity-rows", "unit_id"),
        ("/activities/indicators/?unit_id={unit}", "indicator-rows", "unit_id"),
    ],
)
def test_every_filter_bar_brings_the_chosen_communes_branches_with_its_rows(
    app, world, staff, monkeypatch, url, target, select
):
    monkeypatch.setitem(app.config, "UNIT_FILTER_LIMIT", 2)
    headers = {"HX-Request": "true", "HX-Target": target}
    rows = staff.get(url.format(unit=world.commune_a.id), headers=headers).get_data(as_text=True)
    assert "<html" not in rows
    oob = re.search(rf'<select id="{select}" [^>]*hx-swap-oob="true">(.*?)</select>', rows, re.S)
    assert oob, rows[-400:]
    assert "Chi hội An Cư 2" in oob.group(1) and "Chi hội Trung Hà" in oob.group(1)
    # A scope within the limit sends nothing more than its rows.
    monkeypatch.setitem(app.config, "UNIT_FILTER_LIMIT", 400)
    rows = staff.get(url.format(unit=world.commune_a.id), headers=headers).get_data(as_text=True)
    assert "hx-swap-oob" not in rows


def test_the_audit_log_brings_the_chosen_communes_branches_with_its_rows(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "UNIT_FILTER_LIMIT", 1)  # commune B: itself and one branch
    admin = client_for(app, world.admin_b, PASSWORD)
    rows = admin.get(
        f"/admin/audit/?unit_id={world.commune_b.id}", headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    oob = re.search(r'<select id="a-unit-id" [^>]*hx-swap-oob="true">(.*?)</select>', rows, re.S)
    assert oob and "Chi hội Long Thủy" in oob.group(1)


@pytest.mark.browser
def test_in_the_browser_the_portfolio_filter_offers_the_branches_of_the_commune_chosen(
    page, world, app, monkeypatch
):
    from playwright.sync_api import expect

    monkeypatch.setitem(app.config, "UNIT_FILTER_LIMIT", 1)  # commune A alone fits
    page.goto("/auth/login")
    page.get_by_label("Tên đăng nhập").fill("canbo_a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    page.goto(f"/loans/?unit={world.branch_a1.id}")  # a branch: its commune's others hidden
    page.wait_for_function("() => window.htmx !== undefined")
    unit = page.get_by_label("Đơn vị")
    expect(unit.locator("option")).to_have_count(2)
    unit.focus()
    unit.select_option(label="Xã Đức Xương")
    expect(unit.locator("option")).to_have_count(3)  # both branches, with the new figures
    expect(unit).to_be_focused()
    expect(unit).to_have_value(str(world.commune_a.id))
