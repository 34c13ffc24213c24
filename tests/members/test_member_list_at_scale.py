"""The member list of a province (660.000 members): counted up to a cap, and a search that
matches few members read by the search's index, then sorted — the same rows in the same order."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import page_text
from tests.members.factories import make_member
from webapp.extensions import db
from webapp.members.services.members import SORTS, MemberFilters, member_list

NAMES = ["Nguyễn Thị Yến", "Trần Thị Lan", "Lê Thị Yến", "Phạm Thị An", "Hoàng Thị Yến Nhi"]


@pytest.fixture()
def five(world):
    return [
        make_member(world.branch_a1, name, birth_year=1970 + i, joined_on=date(2010 + i, 1, 1))
        for i, name in enumerate(NAMES)
    ]


def test_past_the_cap_the_list_says_more_than_and_pages_on(app, world, staff, five, monkeypatch):
    monkeypatch.setitem(app.config, "LIST_COUNT_LIMIT", 3)
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    first = page_text(staff.get("/members/"))
    assert "hơn 3 hội viên trong danh sách" in first
    assert "Trang 1 · hơn 3 dòng" in first and "Sau ›" in first
    assert "Trang 1/" not in first  # the number of pages is not known past the cap
    last = page_text(staff.get("/members/?page=3"))
    assert "Trang 3 · hơn 3 dòng" in last
    assert "Sau ›" not in last and "‹ Trước" in last  # one row on the last page: no next
    assert "Phạm Thị An" not in last  # "an" sorts first
    # Within the cap the count is exact, as before.
    search = page_text(staff.get("/members/?q=yen"))
    assert "3 hội viên trong danh sách" in search and "hơn" not in search


def test_english_says_more_than(app, world, english, five, monkeypatch):
    monkeypatch.setitem(app.config, "LIST_COUNT_LIMIT", 3)
    assert "more than 3" in page_text(english.get("/members/"))


@pytest.mark.parametrize("sort", sorted(SORTS))
def test_a_search_sorted_after_filtering_gives_the_same_rows_in_the_same_order(
    app, world, five, sort
):
    filters = MemberFilters(q="thi", sort=sort)
    usual = db.session.scalars(member_list(world.staff_a, filters)).unique().all()
    after = db.session.scalars(member_list(world.staff_a, filters, sort_after_filtering=True))
    assert [m.id for m in after.unique()] == [m.id for m in usual]
    assert len(usual) == 5
