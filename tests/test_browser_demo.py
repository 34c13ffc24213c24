"""In a real browser: "Nạp dữ liệu mẫu" starts a background job whose percent the page shows
by polling (htmx), then the home page reloads with the demo's figures (issue 16)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, make_user
from tests.test_browser import _login
from tests.test_browser_every_page import AXE, AXE_SCRIPT, TAGS
from webapp.models import Role

pytestmark = pytest.mark.browser


def test_the_demo_loads_with_its_progress_on_the_page(app, worker, page):
    make_user(Role.ADMIN, None, "quantri")
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.context.add_init_script(path=str(AXE_SCRIPT))
    page.set_viewport_size({"width": 390, "height": 800})
    _login(page, "quantri", PASSWORD)
    page.get_by_role("button", name="Nạp dữ liệu mẫu").click()
    progress = page.locator("#demo-job progress")
    expect(progress).to_be_visible()
    expect(page.locator("#demo-job")).to_contain_text("Nạp dữ liệu mẫu")
    # The progress fits a phone and reads well (axe, as on every page).
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate(AXE, {"only": [], "tags": TAGS}) == []
    # The page reloads itself once the worker is done.
    expect(
        page.get_by_text("Đã nạp dữ liệu mẫu: Hội LHPN xã Đức Xương với 4 chi hội.")
    ).to_be_visible(timeout=120_000)
    expect(page.locator("#first-run")).to_have_count(0)
    expect(page.locator("#dashboard")).to_contain_text("1.688")
    assert not errors, errors
