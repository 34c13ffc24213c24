"""The member list of a province (660.000 members): counted up to a cap, and a search that
matches few members read by the search's index, then sorted — the same rows in the same order."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event

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
def test_a_search_page_lists_the_rows_of_the_list_in_its_order(app, world, staff, five, sort):
    """The search page reads its rows among the matches, sorted after they are found: the
    same rows in the same order as the list filtered by the same words."""
    filters = MemberFilters(q="thi", sort=sort)
    usual = db.session.scalars(member_list(world.staff_a, filters)).unique().all()
    assert len(usual) == 5
    text = page_text(staff.get(f"/members/?q=thi&sort={sort}"))
    assert "5 hội viên trong danh sách" in text
    positions = [text.index(m.full_name) for m in usual]
    assert positions == sorted(positions), [m.full_name for m in usual]


def _member_statements(client, url: str) -> list[str]:
    seen: list[str] = []

    def catch(conn, cursor, statement, parameters, context, executemany):
        if "FROM members" in statement:
            seen.append(statement)

    client.get(url)  # the first request loads the user and the tree
    event.listen(db.engine, "before_cursor_execute", catch)
    try:
        text = page_text(client.get(url))
    finally:
        event.remove(db.engine, "before_cursor_execute", catch)
    return seen, text


def test_a_search_reads_its_matches_once_for_the_page_and_the_count(
    app, world, staff, five, monkeypatch
):
    """The search's index is read once: one statement counts the matches and reads the page
    (it was two, each reading the index: 2 × 30 ms for "nguyen thi hoa" in a province)."""
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    seen, text = _member_statements(staff, "/members/?q=yen&page=2")
    assert len(seen) == 1, seen
    assert "3 hội viên trong danh sách" in text and "Trang 2/2" in text
    assert "Nguyễn Thị Yến" in text  # yến, hoàng; yến, lê; yến, nguyễn: the third
    assert "Lê Thị Yến" not in text and "Hoàng Thị Yến Nhi" not in text
    # A page past the end: no row, and still the total.
    seen, text = _member_statements(staff, "/members/?q=yen&page=9")
    assert "3 hội viên trong danh sách" in text
    assert len(seen) == 2
    # Nothing matches: one statement says so.
    seen, text = _member_statements(staff, "/members/?q=khong+co+ai")
    assert len(seen) == 1
    assert "Không có hội viên nào khớp." in text


def test_a_search_matching_more_than_the_cap_pages_in_the_list_order(
    app, world, staff, five, monkeypatch
):
    """Past the cap the matches read first are not the page: the page is read again from the
    list in its order (the index walked in name order stops after one page)."""
    monkeypatch.setitem(app.config, "LIST_COUNT_LIMIT", 3)
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    seen, text = _member_statements(staff, "/members/?q=thi")
    assert len(seen) == 2
    assert "hơn 3 hội viên trong danh sách" in text
    assert "Phạm Thị An" in text and "Trần Thị Lan" in text  # an, lan: the first two
    assert "Yến" not in text


@pytest.mark.parametrize("cap", [3, 10_000])
def test_a_page_past_the_end_leads_back_to_the_first(app, world, staff, five, cap, monkeypatch):
    """An old link to page 9 of a list that now has 3 pages (or an unknown number, past the
    cap) says the page is empty and links to the first page, not to page 8, as empty."""
    monkeypatch.setitem(app.config, "LIST_COUNT_LIMIT", cap)
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    response = staff.get("/members/?page=9&status=active")
    text = page_text(response)
    assert "Trang 9 không có dòng nào." in text and "Về trang đầu" in text
    assert "‹ Trước" not in text and "Sau ›" not in text
    assert 'href="/members/?page=1&amp;status=active&amp;sort=name"' in response.get_data(
        as_text=True
    )
    # The last page itself keeps its usual pager.
    last = page_text(staff.get("/members/?page=3"))
    assert "‹ Trước" in last and "không có dòng nào" not in last


def test_a_page_past_the_end_in_english(app, world, english, five, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    text = page_text(english.get("/members/?page=9"))
    assert "Page 9 has no rows." in text and "Back to the first page" in text
