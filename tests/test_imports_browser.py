"""End to end in headless chromium: a generated bank loan list is uploaded, previewed,
confirmed, and the group's balance shows on the loans page."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.imports_support import xlsx
from tests.loans.factories import make_bank, make_programme

pytestmark = pytest.mark.browser

HEADER = [
    "TT",
    "Ten to",
    "Ho ten chu ho",
    "Chi hoi",
    "Chuong trinh",
    "Ngay vay",
    "So tien vay",
    "Han tra",
    "Du no",
    "No qua han",
]


def _login(page, username: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/auth/login" not in url)


def test_a_generated_loan_list_lands_and_the_group_balance_shows(page, world, tmp_path):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    make_programme(make_bank(None), "Cho vay hộ nghèo")
    rows = [
        [
            i + 1,
            "Tổ Sen Hồng",
            f"Nguyễn Thị Hộ {i}",
            "An Cư 2" if i % 2 else "Trung Hà",
            "Cho vay hộ nghèo",
            date(2023, 1, 1 + i),
            10_000_000,
            date(2027, 1, 1),
            10_000_000 - i * 1_000_000,
            0,
        ]
        for i in range(6)
    ]
    path = tmp_path / "danh-sach-vay.xlsx"
    path.write_bytes(xlsx(HEADER, rows, [["DANH SÁCH HỘ VAY"]], ["", "Tổng cộng"]))

    _login(page, "canbo_a")
    page.goto("/loans/groups")
    page.get_by_role("link", name="Nhập, xuất danh sách vay vốn").click()
    page.get_by_label("Ngày chốt số liệu (dư nợ, số dư tại ngày)").fill("2024-12-31")
    page.get_by_label("Tệp Excel (.xlsx) hoặc CSV").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(page.locator("#import-summary")).to_contain_text("6 dòng sẽ được ghi")
    expect(page.locator("table.import-new")).to_contain_text("Tổ mới: Tổ Sen Hồng")
    page.get_by_role("button", name="Xác nhận nhập").click()
    page.wait_for_url(lambda url: "/loans/" in url)
    expect(page.locator(".flash")).to_contain_text("Đã nhập 6 dòng.")
    group_row = page.locator("tr", has=page.get_by_role("link", name="Tổ Sen Hồng"))
    expect(group_row).to_contain_text("45.000.000 đồng")  # 60 million lent, 15 repaid
    expect(group_row.locator("td").nth(2)).to_have_text("6")
    assert not errors
