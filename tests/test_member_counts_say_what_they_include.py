"""The member list and the home page count members differently — the list shows honorary
members too, the union's figures leave them out — so each count says what it includes
(issue 16: "1.424 hội viên" on the list, 1.412 everywhere else)."""

from __future__ import annotations

from lxml import html

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.members.factories import make_member


def _text(page: str) -> str:
    return " ".join(html.fromstring(page).text_content().split())


def test_each_member_count_says_whether_honorary_members_are_in_it(app, world):
    make_member(world.branch_a1, "Nguyễn Thị Một")
    make_member(world.branch_a1, "Trần Thị Hai")
    make_member(world.branch_a1, "Lê Văn Ba", is_honorary=True)
    staff = client_for(app, world.staff_a, PASSWORD)

    listed = _text(staff.get("/members/").get_data(as_text=True))
    assert "3 hội viên trong danh sách (kể cả hội viên danh dự)" in listed
    regular = _text(staff.get("/members/?honorary=0").get_data(as_text=True))
    assert "2 hội viên chính thức (không kể hội viên danh dự)" in regular
    honorary = _text(staff.get("/members/?honorary=1").get_data(as_text=True))
    assert "1 hội viên danh dự" in honorary

    # The home page's figure is the union's: honorary members left out, and it says so.
    home = html.fromstring(staff.get("/").get_data(as_text=True))
    tile = home.xpath("//section[contains(@class,'tile')][.//h2[normalize-space()='Hội viên']]")
    assert tile, "no members tile on the home page"
    value = " ".join(tile[0].xpath(".//p[contains(@class,'tile-value')]")[0].text_content().split())
    assert value == "2 không kể hội viên danh dự", value
