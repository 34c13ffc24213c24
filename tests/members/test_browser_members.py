"""End to end in headless chromium: add a member, find her without diacritics, mark her as
left, and watch the overview's total follow."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.members.factories import make_member

pytestmark = pytest.mark.browser


def _login(page, username: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: url.endswith("/"))


def _overview_total(page):
    page.goto("/members/overview")
    return page.locator("#overview-total th").nth(1)


def test_add_find_leave_and_see_the_total_change(page, world):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    make_member(world.branch_a1, "Nguyễn Thị Hoa", joined_on=date(2015, 3, 8))
    make_member(world.branch_a2, "Trần Thị Lan", joined_on=date(2016, 3, 8))

    _login(page, "canbo_a")
    expect(_overview_total(page)).to_have_text("2")

    page.get_by_role("link", name="Danh sách hội viên").click()
    page.get_by_role("link", name="+ Thêm hội viên").click()
    # The form saves through htmx: wait until the page's scripts run (a loaded CI machine can
    # otherwise submit it as a plain form first).
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.htmx !== undefined")
    form = page.locator("#member-form")
    form.get_by_label("Họ và tên").fill("Lê Thị Huế")
    form.get_by_label("Chi hội").select_option(label="Chi hội An Cư 2 (Đức Xương)")
    form.get_by_label("Năm sinh").fill("1985")
    form.get_by_label("Ngày vào Hội").fill("2020-03-08")
    form.get_by_role("button", name="Lưu").click()
    expect(page.locator("#member-form")).to_contain_text("Đã thêm hội viên Lê Thị Huế")
    expect(page.locator("#member-rows")).to_contain_text("Lê Thị Huế")  # the list refreshed

    page.get_by_label("Tìm").fill("le thi hue")
    rows = page.locator("#member-rows")
    expect(rows).not_to_contain_text("Nguyễn Thị Hoa")
    expect(rows).to_contain_text("1 hội viên")
    rows.get_by_role("link", name="Lê Thị Huế").click()

    status = page.locator("#member-status")
    status.get_by_label("Ngày ra khỏi danh sách").fill(date.today().isoformat())
    status.get_by_label("Lý do").select_option(label="Chuyển đi nơi khác")
    status.get_by_role("button", name="Ra khỏi danh sách").click()
    expect(page.locator("#member-status")).to_contain_text("Đã ra khỏi danh sách")
    expect(page.locator("#member-history")).to_contain_text("Chuyển đi nơi khác.")

    expect(_overview_total(page)).to_have_text("2")
    assert not errors, errors  # no CSP violation, no script error


def test_a_new_member_counts_on_the_overview_before_she_leaves(page, world):
    make_member(world.branch_a1, "Nguyễn Thị Hoa", joined_on=date(2015, 3, 8))
    _login(page, "canbo_a")
    page.goto("/members/new")
    page.get_by_label("Họ và tên").fill("Lê Thị Huế")
    page.get_by_label("Chi hội", exact=True).select_option(label="Chi hội An Cư 2 (Đức Xương)")
    page.get_by_label("Ngày vào Hội").fill("2020-03-08")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("h1")).to_have_text("Lê Thị Huế")
    expect(_overview_total(page)).to_have_text("2")


def test_leaving_the_search_box_does_not_fetch_the_rows_again_under_the_pointer(page, world):
    """Typing searched; the change event of the search box losing focus (the user reaching for a
    result) must not fetch and swap the same rows again, or the click on a name can be lost."""
    make_member(world.branch_a1, "Nguyễn Thị Hoa", joined_on=date(2015, 3, 8))
    make_member(world.branch_a2, "Lê Thị Huế", joined_on=date(2016, 3, 8))
    _login(page, "canbo_a")
    page.goto("/members/")
    page.wait_for_function("() => window.htmx !== undefined")
    searches: list[str] = []
    page.on("request", lambda r: searches.append(r.url) if "/members/?" in r.url else None)

    page.get_by_label("Tìm").fill("le thi hue")
    rows = page.locator("#member-rows")
    expect(rows).to_contain_text("1 hội viên")
    page.get_by_label("Tình trạng").focus()  # the search box loses focus: its change event fires
    page.wait_for_timeout(500)  # more than the search's 300 ms delay
    assert len(searches) == 1, searches

    page.get_by_label("Tình trạng").select_option(label="Tất cả")  # a select still filters
    expect(page).to_have_url(re.compile(r"status=all"))
    rows.get_by_role("link", name="Lê Thị Huế").click()
    expect(page.locator("#member-status")).to_be_visible()


def test_choosing_a_commune_in_a_large_scope_offers_its_branches(page, world, app, monkeypatch):
    """A province's unit filter lists its communes; choosing one swaps the rows and brings the
    commune's branches into the same select, which keeps the keyboard focus."""
    monkeypatch.setitem(app.config, "UNIT_FILTER_LIMIT", 2)  # commune A: itself + 2 branches
    make_member(world.branch_a1, "Nguyễn Thị Hoa", joined_on=date(2015, 3, 8))
    make_member(world.branch_a2, "Lê Thị Huế", joined_on=date(2016, 3, 8))
    _login(page, "canbo_a")
    page.goto("/members/")
    page.wait_for_function("() => window.htmx !== undefined")
    unit = page.get_by_label("Đơn vị")
    expect(unit.locator("option")).to_have_count(2)  # "all" and the commune

    unit.focus()
    unit.select_option(label="Xã Đức Xương")
    expect(unit.locator("option")).to_have_count(4)  # its two branches came with the rows
    expect(unit).to_be_focused()
    expect(unit).to_have_value(str(world.commune_a.id))

    unit.select_option(label="\u2003Chi hội Trung Hà")
    rows = page.locator("#member-rows")
    expect(rows).to_contain_text("Lê Thị Huế")
    expect(rows).not_to_contain_text("Nguyễn Thị Hoa")
    expect(unit).to_have_value(str(world.branch_a2.id))
    expect(page).to_have_url(re.compile(rf"unit_id={world.branch_a2.id}"))
