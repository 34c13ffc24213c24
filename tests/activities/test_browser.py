"""End to end in headless chromium: recording an activity with an output moves the progress bar
of the target that counts that output."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.activities.factories import kind, make_activity, make_target, make_term
from tests.factories import PASSWORD
from webapp.formatting import local_today

pytestmark = pytest.mark.browser


def _login(page, username: str, password: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_recording_an_activity_moves_the_target_progress_bar(page, world):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    today = local_today()
    kind("cleanup")
    term = make_term(world.commune_a, today - timedelta(days=700), today + timedelta(days=1100))
    target = make_target(term, "Trồng cây xanh", "500", "outputs.trees")
    make_activity(world.branch_a1, today - timedelta(days=30), "cleanup", outputs={"trees": 300})

    _login(page, "canbo_a", PASSWORD)
    page.wait_for_url(lambda url: url.endswith("/"))
    expect(page.locator("#dashboard")).to_contain_text("Chỉ tiêu có nguy cơ không đạt")
    page.get_by_role("link", name="Hoạt động", exact=True).click()
    page.get_by_role("navigation", name="Mục trong Hoạt động").get_by_role(
        "link", name="Chỉ tiêu"
    ).click()
    bar = page.locator(f"#target-{target.id}-bar")
    expect(bar).to_have_attribute("value", "60")
    expect(page.locator(f"#target-{target.id}")).to_contain_text("Chưa đạt (60%)")

    page.get_by_role("link", name="Nhật ký hoạt động").click()
    page.get_by_role("link", name="+ Ghi hoạt động").click()
    page.get_by_label("Ngày tổ chức").fill(today.isoformat())
    page.get_by_label("Loại hoạt động").select_option(label="Vệ sinh môi trường")
    page.get_by_label("Nội dung, chủ đề").fill("Trồng cây keo đường thôn")
    page.get_by_label("Số lượt người tham gia").fill("25")
    page.get_by_label("Sản phẩm, kết quả 1").select_option(label="Cây xanh trồng mới")
    page.get_by_label("Số lượng 1").fill("100")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#flashes")).to_contain_text("Đã ghi hoạt động “Trồng cây keo đường thôn”.")
    expect(page.locator("#activity-rows")).to_contain_text("100 cây")

    page.get_by_role("navigation", name="Mục trong Hoạt động").get_by_role(
        "link", name="Chỉ tiêu"
    ).click()
    expect(bar).to_have_attribute("value", "80")
    expect(page.locator(f"#target-{target.id}")).to_contain_text("Chưa đạt (80%)")
    assert not errors, errors  # no CSP violation, no script error
