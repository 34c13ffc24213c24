"""In headless chromium: an empty activity form, saved, answers with every mistake at once — a
summary above the form that takes the focus (a screen reader announces it) and each message
beside its field; what was typed stays."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_an_empty_activity_form_says_everything_at_once(page, world):
    page.goto("/auth/login")
    page.get_by_label("Tên đăng nhập").fill("canbo_a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: url.endswith("/"))

    page.goto("/activities/new")
    page.get_by_label("Ngày tổ chức").fill("")
    page.get_by_label("Số buổi").fill("")
    page.get_by_label("Đơn vị tổ chức").select_option(index=0)
    page.get_by_label("Số lượt người tham gia").fill("25")
    page.get_by_role("button", name="Lưu").click()

    summary = page.locator(".errors-summary")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_contain_text("Có 5 ô cần sửa:")
    expect(page.locator("#unit_id-error")).to_have_text("Vui lòng chọn đơn vị.")
    expect(page.locator("#kind_id-error")).to_have_text("Vui lòng chọn loại hoạt động.")
    for field in ("held_on", "topic", "sessions"):
        expect(page.locator(f"#{field}-error")).to_have_text("Vui lòng nhập trường này.")
    expect(page.get_by_label("Số lượt người tham gia")).to_have_value("25")
