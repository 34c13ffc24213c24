"""In a real browser, at phone width: the things a keyboard or phone user meets on every page.

- a wide table scrolls inside a focusable region named after it, never the page;
- an area's sub-menu takes one line;
- Escape folds the phone menu and gives the focus back to its button;
- dates read and are typed dd/mm/yyyy whatever the browser's language, with a picker button;
- a date typed while the report form refreshes its period is not overwritten by the refresh.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.activities.factories import make_activity
from tests.factories import PASSWORD
from tests.members.factories import make_member
from tests.test_browser import _login
from webapp.formatting import local_today

pytestmark = pytest.mark.browser

# Every table sits in its scrolling box (app.js wraps them once the page or an htmx swap settles).
WRAPPED = (
    "() => [...document.querySelectorAll('main table')].every(t => t.closest('.table-scroll'))"
)


def test_phone_tables_menu_and_dates(page, world):
    for i in range(3):
        make_member(world.branch_a1, f"Nguyễn Thị Số {i}")
    for i in range(10):
        make_activity(
            world.branch_a1,
            local_today(),
            "propaganda",
            topic=f"Tuyên truyền phòng chống bạo lực gia đình và xâm hại trẻ em lần {i}",
        )
    page.set_viewport_size({"width": 390, "height": 800})
    _login(page, "canbo_a", PASSWORD)
    page.wait_for_url(lambda url: url.endswith("/"))

    # The phone menu starts folded; opened, Escape folds it and the focus returns to its button.
    menu = page.locator("details.menu")
    expect(menu).not_to_have_attribute("open", "")
    page.locator("details.menu summary").click()
    expect(menu).to_have_attribute("open", "")
    page.keyboard.press("Escape")
    expect(menu).not_to_have_attribute("open", "")
    expect(page.locator("details.menu summary")).to_be_focused()

    # The member list's table scrolls in a region a keyboard reaches, named after the table.
    page.goto("/members/")
    region = page.locator(".table-scroll").first
    expect(region).to_have_attribute("role", "region")
    expect(region).to_have_attribute("tabindex", "0")
    assert region.get_attribute("aria-label")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # An area's sub-menu is one line on a phone (it slides sideways), not four; the activity log
    # keeps readable columns (it slides in its box) instead of one word per line.
    page.goto("/activities/")
    page.wait_for_function(WRAPPED)
    assert page.evaluate("document.documentElement.scrollHeight") < 3000
    submenu = page.get_by_role("navigation", name="Mục trong Hoạt động")
    assert submenu.bounding_box()["height"] < 60
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # Dates: dd/mm/yyyy, typed or chosen; the period refresh fills them the same way.
    page.goto("/reports/new")
    page.get_by_label("Loại báo cáo").select_option("annual")
    page.get_by_label("Năm (nhiệm kỳ: năm bắt đầu)").fill("2023")
    end = page.get_by_label("Đến ngày")
    expect(end).to_have_value("31/12/2023")
    expect(end).to_have_attribute("placeholder", "dd/mm/yyyy")
    expect(page.get_by_role("button", name="Chọn ngày").first).to_be_visible()


def test_a_date_typed_during_the_period_refresh_is_kept(page, world):
    _login(page, "canbo_a", PASSWORD)
    page.wait_for_url(lambda url: url.endswith("/"))
    page.goto("/reports/new")
    page.get_by_label("Năm (nhiệm kỳ: năm bắt đầu)").fill("2023")
    expect(page.get_by_label("Đến ngày")).to_have_value("31/12/2023")
    # Hold the refresh the kind choice sends, type meanwhile, then let the answer arrive.
    held = []
    page.route("**/reports/period?*", lambda route: held.append(route))
    with page.expect_request("**/reports/period?*"):
        page.get_by_label("Loại báo cáo").select_option("half-year")
    start = page.get_by_label("Từ ngày")
    start.fill("15/02/2023")
    assert held, "the period refresh was not sent"
    held[0].continue_()
    # The refresh came back (the end date follows the new kind) and the typed date stayed.
    expect(page.get_by_label("Đến ngày")).not_to_have_value("31/12/2023")
    expect(page.get_by_label("Từ ngày")).to_have_value("15/02/2023")
