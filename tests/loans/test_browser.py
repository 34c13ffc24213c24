"""End to end in headless chromium: a disbursement and two repayments change the balance and
the overdue flag; the monthly grid adds up what is typed and saves the row on leaving it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.loans.factories import loan_world, make_household

pytestmark = pytest.mark.browser


def _login(page, username: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/auth/login" not in url)


def test_a_disbursement_and_two_repayments_change_balance_and_overdue_flag(page, world):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    lw = loan_world(world)
    household = make_household(world.branch_a1, lw.group, "Hoàng Thị Yến")

    _login(page, "canbo_a")
    page.goto(f"/loans/households/{household.id}")
    page.get_by_role("link", name="+ Ghi khoản giải ngân").click()
    page.get_by_label("Chương trình vay").select_option(label="NHCSXH · Cho vay hộ nghèo")
    page.get_by_label("Ngày giải ngân").fill("2021-03-01")
    page.get_by_label("Số tiền vay (đồng)").fill("12.000.000")
    page.get_by_label("Hạn trả nợ").fill("2022-03-01")
    page.get_by_role("button", name="Lưu").click()

    total = page.locator("#household-outstanding")
    card = page.locator("section[id^=loan-]")
    expect(total).to_have_text("12.000.000 đồng")
    expect(card.locator(".loan-status")).to_contain_text("Quá hạn")

    card.get_by_label("Ngày trả").fill("2023-01-10")
    card.get_by_label("Trả gốc (đồng)").fill("5.000.000")
    card.get_by_label("Trả lãi (đồng)").fill("600000")
    card.get_by_role("button", name="Ghi trả nợ").click()
    expect(card.locator(".loan-balance")).to_have_text("7.000.000 đồng")
    expect(total).to_have_text("7.000.000 đồng")
    expect(card.locator(".loan-status")).to_contain_text("Quá hạn")

    card.get_by_label("Ngày trả").fill("2023-02-10")
    card.get_by_label("Trả gốc (đồng)").fill("7000000")
    card.get_by_role("button", name="Ghi trả nợ").click()
    expect(card.locator(".loan-balance")).to_have_text("0 đồng")
    expect(total).to_have_text("0 đồng")
    expect(card.locator(".loan-status")).to_contain_text("Đã trả hết")
    expect(card.locator(".loan-status")).not_to_contain_text("Quá hạn")

    # A repayment larger than what is left is refused beside its field.
    card.get_by_label("Trả gốc (đồng)").fill("1.000")
    card.get_by_role("button", name="Ghi trả nợ").click()
    expect(card).to_contain_text("lớn hơn dư nợ còn lại (0 đồng)")
    assert not errors, errors  # no CSP violation, no script error


def test_the_monthly_grid_totals_follow_typing_and_rows_save_on_leaving(page, world):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    lw = loan_world(world)  # Nguyễn Thị Mai owes 45.000.000 in the group
    _login(page, "canbo_a")
    page.goto(f"/loans/groups/{lw.group.id}/grid?month=2023-05")
    principal = page.get_by_label("Trả gốc – Nguyễn Thị Mai")
    principal.fill("1.500.000")
    expect(page.locator("#total-principal")).to_have_text("1.500.000 đồng")  # before saving
    page.get_by_label("Gửi tiết kiệm – Nguyễn Thị Mai").click()  # leaving the cell saves the row
    row = page.locator(f"#grid-row-{lw.household.id}")
    expect(row).to_contain_text("Đã lưu")
    expect(row.locator(".end-balance")).to_contain_text("43.500.000 đồng")
    page.get_by_label("Gửi tiết kiệm – Nguyễn Thị Mai").fill("100.000")
    expect(page.locator("#total-deposit")).to_have_text("100.000 đồng")
    # "Đã lưu" is already shown from the first save: wait for this save's own response.
    with page.expect_response(lambda r: r.request.method == "POST" and "/grid/" in r.url):
        page.get_by_label("Trả lãi – Nguyễn Thị Mai").click()
    expect(row).to_contain_text("Đã lưu")
    page.reload()
    expect(page.get_by_label("Trả gốc – Nguyễn Thị Mai")).to_have_value("1.500.000")
    expect(page.get_by_label("Gửi tiết kiệm – Nguyễn Thị Mai")).to_have_value("100.000")
    assert not errors, errors
