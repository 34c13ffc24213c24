"""A list's unit filter in a large scope (a province of 150 merged communes: 6.000 units) lists
its upper levels and the branches of the unit chosen, instead of every unit."""

from __future__ import annotations

import re

import pytest

from tests.conftest import page_text
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
