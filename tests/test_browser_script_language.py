"""In a real browser: the words app.js writes itself follow the user's language (issue 16:
"strings in app.js are not translated"): the date picker button is "Choose a date"."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.test_browser import _login
from webapp.extensions import db

pytestmark = pytest.mark.browser


def test_the_scripts_words_are_english_for_an_english_user(page, world):
    world.staff_a.locale = "en"
    db.session.commit()
    _login(page, "canbo_a", PASSWORD)
    page.wait_for_url(lambda url: url.endswith("/"))
    page.goto("/activities/new")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Choose a date").first).to_be_visible()
    expect(page.get_by_role("button", name="Chọn ngày")).to_have_count(0)
