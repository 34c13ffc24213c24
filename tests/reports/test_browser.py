"""In a real browser: write the narrative, generate the report, download it, read it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.reports.docx_helpers import docx_text
from tests.test_browser import _login

pytestmark = [pytest.mark.browser, pytest.mark.worker]


def test_staff_writes_generates_and_downloads_a_report(page, world, worker, members_in_commune_a):
    _login(page, "canbo_a", PASSWORD)
    page.get_by_role("link", name="Báo cáo").first.click()
    page.get_by_role("link", name="+ Soạn báo cáo mới").click()
    # The period follows the year through the page's script: on a loaded CI machine the year
    # could be typed before the script ran (the end date then kept this year's).
    page.wait_for_load_state("load")
    page.get_by_label("Loại báo cáo").select_option("annual")
    page.get_by_label("Năm (nhiệm kỳ: năm bắt đầu)").fill("2023")
    expect(page.get_by_label("Đến ngày")).to_have_value("31/12/2023")  # dd/mm/yyyy, always
    page.get_by_role("button", name="Tạo bản nháp").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Báo cáo năm số 01/BC-BTV")

    editor = page.locator('.editor[data-section="tinh_hinh"]')
    editor.click()
    page.keyboard.type("Chị em phấn khởi, ")
    page.get_by_title("Đậm (Ctrl+B)").first.click()
    page.keyboard.type("đoàn kết")
    form = editor.locator("xpath=ancestor::form")
    expect(form.locator(".save-state")).to_contain_text("Đã lưu lúc", timeout=10_000)

    page.get_by_role("button", name="Xuất báo cáo").click()
    link = page.locator("#download-link")
    expect(link).to_be_visible(timeout=30_000)
    with page.expect_download() as download_info:
        link.click()
    text = docx_text(Path(download_info.value.path()).read_bytes())
    assert "Chị em phấn khởi, đoàn kết" in text
    assert f"Về tổ chức Hội: tổng số hội viên {members_in_commune_a} hội viên." in text
