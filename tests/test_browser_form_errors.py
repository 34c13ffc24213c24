"""In headless chromium: an empty activity form, saved, answers with every mistake at once — a
summary above the form that a screen reader announces (role="alert"), each message beside its
field, and the focus on the first field in error; what was typed stays."""

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

    # The summary is announced (role="alert"); the focus is on the first field in error.
    summary = page.locator(".errors-summary")
    expect(summary).to_have_attribute("role", "alert")
    first = page.locator("[aria-invalid='true']").first
    expect(first).to_be_focused()
    expect(first).to_have_attribute("aria-describedby", f"{first.get_attribute('id')}-error")
    expect(summary).to_contain_text("Có 5 ô cần sửa:")
    expect(page.locator("#unit_id-error")).to_have_text("Vui lòng chọn đơn vị.")
    expect(page.locator("#kind_id-error")).to_have_text("Vui lòng chọn loại hoạt động.")
    for field in ("held_on", "topic", "sessions"):
        expect(page.locator(f"#{field}-error")).to_have_text("Vui lòng nhập trường này.")
    expect(page.get_by_label("Số lượt người tham gia")).to_have_value("25")


def test_a_form_refused_through_htmx_puts_the_focus_on_its_first_mistake(page, world):
    page.goto("/auth/login")
    page.get_by_label("Tên đăng nhập").fill("canbo_a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: url.endswith("/"))

    # The member list's "+ Thêm hội viên" opens the form in the list; saving swaps it (htmx).
    page.goto("/members/")
    page.get_by_role("link", name="+ Thêm hội viên").click()
    page.get_by_label("Họ và tên").fill("Lê Thị Thử")
    page.get_by_label("Năm sinh").fill("3000")
    page.get_by_role("button", name="Lưu").click()

    expect(page.locator("#member-form .errors-summary")).to_have_attribute("role", "alert")
    first = page.locator("#member-form [aria-invalid='true']").first
    expect(first).to_be_focused()
    assert first.get_attribute("id") != "full_name"  # not the field that was right
    expect(page.get_by_label("Họ và tên")).to_have_value("Lê Thị Thử")
