"""End to end in a real headless browser (Playwright driving Debian's chromium)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def _login(page, username: str, password: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_admin_creates_a_staff_account_and_the_staff_logs_in(page, world):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    _login(page, "admin", PASSWORD)
    page.get_by_role("link", name="Tài khoản").click()
    page.get_by_role("link", name="+ Thêm tài khoản").click()
    page.get_by_label("Tên đăng nhập").fill("hoa")
    page.get_by_label("Họ và tên").fill("Lê Thị Hoa")
    page.get_by_label("Vai trò").select_option("staff")
    page.get_by_label("Đơn vị phụ trách").select_option(label="\u2003\u2003Xã Đức Xương")
    page.get_by_role("button", name="Lưu").click()
    password = page.locator("#new-password").inner_text()

    # The account list filters as you type (htmx), without reloading the page.
    page.get_by_role("link", name="Về danh sách tài khoản").click()
    page.wait_for_load_state()  # htmx (a deferred script) must be listening before we type
    page.get_by_label("Tìm").fill("hoa")
    rows = page.locator("#account-rows")
    expect(rows).not_to_contain_text("canbo_a")
    expect(rows).to_contain_text("Lê Thị Hoa")

    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/auth/login")
    _login(page, "hoa", password)
    # An account an admin created must choose its own password before anything else.
    page.wait_for_url("**/auth/password")
    page.get_by_label("Mật khẩu hiện tại").fill(password)
    page.get_by_label("Mật khẩu mới", exact=True).fill("Hoa-mat-khau-rieng-2026")
    page.get_by_label("Nhập lại mật khẩu mới").fill("Hoa-mat-khau-rieng-2026")
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    assert "Lê Thị Hoa" in page.locator("header").inner_text()
    assert "Xã Đức Xương" in page.content() and "Đức Long" not in page.content()
    assert not errors, errors  # no CSP violation, no script error
