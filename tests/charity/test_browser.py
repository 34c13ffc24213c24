"""In a real browser: record a distribution of parcels from a fund, and see the fund balance
and the gift totals change."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.charity import factories as f
from tests.factories import PASSWORD
from webapp.models.charity import BeneficiaryCategory

pytestmark = pytest.mark.browser


def _login(page, username: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: url.endswith("/"))


def test_a_parcel_distribution_from_a_fund_changes_its_balance_and_the_gift_totals(page, world):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    fund = f.make_fund(world.commune_a, "Quỹ Hội")
    f.make_entry(fund, date(2023, 1, 5), 5_000_000)
    for name in ("Trần Thị Lan", "Phan Thị Mai", "Võ Thị Loan"):
        f.make_beneficiary(world.branch_a1, name, BeneficiaryCategory.MARTYR_FAMILY)
    f.make_beneficiary(world.branch_a2, "Lê Minh An", BeneficiaryCategory.ORPHAN)

    _login(page, "canbo_a")
    page.get_by_role("link", name="Từ thiện").click()
    expect(page.locator("#gift-totals")).to_contain_text("0 lượt quà")
    page.get_by_role("link", name="Các quỹ").click()
    expect(page.locator(f"#fund-{fund.id} .fund-balance")).to_have_text("5.000.000 đồng")

    page.get_by_role("link", name="Trao theo đợt").click()
    page.get_by_label("Tên đợt trao").fill("Tặng quà vợ liệt sĩ 27/7")
    page.get_by_label("Ngày trao").fill("2023-07-27")
    page.get_by_label("Dịp").select_option("martyrs_27_7")
    page.get_by_label("Loại quà").select_option("parcel")
    page.get_by_label("Số lượng mỗi người").fill("1")
    page.get_by_label("Trị giá mỗi người (đồng)").fill("200.000")
    page.get_by_label("Nguồn").select_option("fund")
    page.get_by_label("Chi từ quỹ").select_option(label="Quỹ Hội (Xã Đức Xương)")
    # Narrow the tick list to martyrs' families (htmx), then tick all three.
    page.get_by_label("Lọc theo đối tượng").select_option("martyr_family")
    candidates = page.locator("#candidates")
    expect(candidates).not_to_contain_text("Lê Minh An")
    for name in ("Trần Thị Lan", "Phan Thị Mai", "Võ Thị Loan"):
        candidates.get_by_label(name).check()
    page.get_by_role("button", name="Ghi cả đợt").click()

    expect(page.locator("h1")).to_contain_text("Tặng quà vợ liệt sĩ 27/7")
    expect(page.locator(".fund-balance")).to_have_text("4.400.000 đồng")

    page.get_by_role("link", name="Các quỹ").click()
    expect(page.locator(f"#fund-{fund.id} .fund-balance")).to_have_text("4.400.000 đồng")
    page.get_by_role("link", name="Quỹ Hội").click()
    expect(page.locator("#ledger")).to_contain_text("Tặng quà vợ liệt sĩ 27/7 — 3 người nhận")
    # An inflow typed on the ledger page updates the balance without leaving the page.
    page.get_by_label("Số tiền / số lượng").fill("1.000.000")
    page.get_by_role("button", name="Ghi vào sổ").click()
    expect(page.locator("#fund-closing")).to_have_text("5.400.000 đồng")

    page.get_by_role("link", name="Quà tặng, hỗ trợ").click()
    totals = page.locator("#gift-totals")
    expect(totals).to_contain_text("3 lượt quà")
    expect(totals).to_contain_text("600.000 đồng")
    expect(totals).to_contain_text("Suất quà: 3 suất")
    # Filtering the list (htmx) narrows the totals.
    page.get_by_label("Tìm người nhận").fill("lan")
    expect(totals).to_contain_text("1 lượt quà")
    expect(totals).to_contain_text("200.000 đồng")
    assert not errors, errors
