"""The top menu highlights one item: the area of the page (issue 16: on every activities page
"Hoạt động" and "Chỉ tiêu" were both highlighted)."""

from __future__ import annotations

import re

from tests.conftest import client_for
from tests.factories import PASSWORD


def _current(page: str) -> list[str]:
    """The highlighted items of the main menu (sub-menus of an area have their own)."""
    menu = page[page.index('aria-label="Điều hướng chính"') :].split("</nav>")[0]
    return re.findall(r'<a href="[^"]*" aria-current="page">([^<]+)</a>', menu)


def test_one_menu_item_is_highlighted_per_page(app, world):
    staff = client_for(app, world.staff_a, PASSWORD)
    expected = {
        "/": ["Tổng quan"],
        "/activities/": ["Hoạt động"],
        "/activities/clubs/": ["Hoạt động"],
        "/activities/targets/": ["Chỉ tiêu"],
        "/members/": ["Hội viên"],
        "/loans/": ["Vốn vay"],
        "/trash/": ["Thùng rác"],
    }
    seen = {}
    for url in expected:
        response = staff.get(url)
        if response.status_code == 200:
            seen[url] = _current(response.get_data(as_text=True))
    assert seen == {url: expected[url] for url in seen}
    assert len(seen) >= 6


def test_login_and_password_fields_name_their_autocomplete(app, world):
    login = app.test_client().get("/auth/login").get_data(as_text=True)
    assert 'autocomplete="username"' in login and 'autocomplete="current-password"' in login
    page = client_for(app, world.staff_a, PASSWORD).get("/auth/password").get_data(as_text=True)
    assert page.count('autocomplete="new-password"') == 2
    assert 'autocomplete="current-password"' in page
