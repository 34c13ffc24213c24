"""The monthly grid: a group's repayments and deposits typed row by row (HTMX), totals that
follow what is typed, and the same rules as the single forms."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import page_text
from tests.loans.factories import loan_world, make_household, make_loan
from webapp.extensions import db
from webapp.models import LoanRepayment, RepaymentKind, SavingsDeposit

MONTH = "2023-05"


@pytest.fixture()
def setup(world):
    lw = loan_world(world)
    lan = make_household(world.branch_a1, lw.group, "Trần Thị Lan")
    older = make_loan(lan, lw.programme, date(2021, 1, 1), 10_000_000, date(2025, 1, 1))
    newer = make_loan(lan, lw.programme, date(2022, 1, 1), 20_000_000, date(2026, 1, 1))
    return lw, lan, older, newer


def _stamp(html: str, hid: int) -> str:
    return re.search(rf'name="stamp-{hid}" value="([^"]*)"', html).group(1)


def _row(client, lw, household, stamp, principal="", interest="", deposit="", paid_on="2023-05-20"):
    hid = household.id
    return client.post_form(
        f"/loans/groups/{lw.group.id}/grid/{hid}?month={MONTH}",
        {
            "paid_on": paid_on,
            f"stamp-{hid}": stamp,
            f"principal-{hid}": principal,
            f"interest-{hid}": interest,
            f"deposit-{hid}": deposit,
        },
        htmx=True,
    )


def _repayments() -> list[tuple[int, int, int]]:
    db.session.expire_all()
    rows = db.session.execute(
        select(LoanRepayment.loan_id, LoanRepayment.principal, LoanRepayment.interest)
        .where(LoanRepayment.source == "grid")
        .order_by(LoanRepayment.loan_id)
    )
    return [tuple(r) for r in rows]


def test_the_grid_lists_the_groups_households_with_their_balances(setup, staff):
    lw, *_ = setup
    page = page_text(staff.get(f"/loans/groups/{lw.group.id}/grid?month={MONTH}"))
    assert "Bảng thu tháng 05/2023" in page
    assert "Nguyễn Thị Mai" in page and "Trần Thị Lan" in page
    assert "30.000.000 đồng" in page and "45.000.000 đồng" in page


def test_a_row_is_saved_oldest_loan_first_and_the_totals_follow(setup, staff):
    lw, lan, older, newer = setup
    page = page_text(staff.get(f"/loans/groups/{lw.group.id}/grid?month={MONTH}"))
    saved = _row(staff, lw, lan, _stamp(page, lan.id), "12.000.000", "200.000", "100000")
    assert saved.headers["HX-Trigger"] == "grid-saved"  # the totals refresh themselves
    response = page_text(saved)
    assert "Đã lưu" in response
    assert "18.000.000 đồng" in response  # 30 − 12 at the month's end
    assert 'name="principal-' not in response  # cells being typed in are never replaced
    assert _repayments() == [(older.id, 10_000_000, 200_000), (newer.id, 2_000_000, 0)]
    deposit = db.session.scalars(
        select(SavingsDeposit).where(SavingsDeposit.source == "grid")
    ).one()
    assert (deposit.amount, deposit.deposited_on) == (100_000, date(2023, 5, 20))

    # Saving the row again replaces the month's grid entries.
    again = page_text(_row(staff, lw, lan, _stamp(response, lan.id), "5.000.000", "", "100.000"))
    assert "25.000.000 đồng" in again
    assert _repayments() == [(older.id, 5_000_000, 0)]
    assert (
        db.session.scalar(
            select(func.count()).select_from(SavingsDeposit).where(SavingsDeposit.source == "grid")
        )
        == 1
    )


def test_a_row_saved_over_a_newer_save_is_refused(setup, staff):
    lw, lan, *_ = setup
    page = page_text(staff.get(f"/loans/groups/{lw.group.id}/grid?month={MONTH}"))
    old_stamp = _stamp(page, lan.id)
    _row(staff, lw, lan, old_stamp, "1.000.000")
    response = page_text(_row(staff, lw, lan, old_stamp, "2.000.000"))
    assert "Bản ghi đã được người khác sửa; vui lòng tải lại trang." in response
    assert 'name="principal-' not in response  # the typed cells are left as they are
    assert [p for _, p, _ in _repayments()] == [1_000_000]


@pytest.mark.parametrize(
    ("principal", "deposit", "message"),
    [
        (
            "30.000.001",
            "",
            "Số tiền trả gốc (30.000.001 đồng) lớn hơn dư nợ còn lại (30.000.000 đồng).",
        ),
        ("12,5", "", "Số không hợp lệ: “12,5”"),
        ("", "-100.000", "Số tiền không được âm."),
    ],
)
def test_bad_rows_are_refused_in_the_row_and_nothing_is_written(
    setup, staff, principal, deposit, message
):
    lw, lan, *_ = setup
    page = page_text(staff.get(f"/loans/groups/{lw.group.id}/grid?month={MONTH}"))
    response = page_text(_row(staff, lw, lan, _stamp(page, lan.id), principal, "", deposit))
    assert message in response
    assert "Chưa lưu" in response
    assert _repayments() == []


def test_a_date_outside_the_month_is_refused(setup, staff):
    lw, lan, *_ = setup
    response = page_text(_row(staff, lw, lan, "", "1.000.000", paid_on="2023-06-01"))
    assert "Ngày thu phải nằm trong tháng đang nhập." in response
    assert _repayments() == []


def test_totals_add_up_what_is_typed_before_it_is_saved(setup, staff):
    lw, lan, *_ = setup
    mai = lw.household
    response = staff.post_form(
        f"/loans/groups/{lw.group.id}/grid-totals?month={MONTH}",
        {
            f"principal-{lan.id}": "1.000.000",
            f"principal-{mai.id}": "2500000",
            f"interest-{lan.id}": "abc",
            f"deposit-{lan.id}": "100.000",
            f"deposit-{mai.id}": "100.000",
        },
        htmx=True,
    )
    tfoot = page_text(response)
    assert tfoot.lstrip().startswith("<tr")
    assert "3.500.000 đồng" in tfoot and "200.000 đồng" in tfoot
    assert "1 ô chưa hợp lệ" in tfoot
    assert _repayments() == []


def test_saving_the_whole_grid_is_all_or_nothing(setup, staff):
    lw, lan, *_ = setup
    mai = lw.household
    page = page_text(staff.get(f"/loans/groups/{lw.group.id}/grid?month={MONTH}"))
    data = {
        "paid_on": "2023-05-15",
        f"stamp-{lan.id}": _stamp(page, lan.id),
        f"stamp-{mai.id}": _stamp(page, mai.id),
        f"principal-{lan.id}": "1.000.000",
        f"principal-{mai.id}": "99.000.000",  # more than the 45.000.000 owed
    }
    refused = staff.post_form(f"/loans/groups/{lw.group.id}/grid?month={MONTH}", data)
    assert refused.status_code == 422
    assert "lớn hơn dư nợ còn lại (45.000.000 đồng)" in page_text(refused)
    assert _repayments() == []
    data[f"principal-{mai.id}"] = "5.000.000"
    saved = staff.post_form(f"/loans/groups/{lw.group.id}/grid?month={MONTH}", data)
    assert saved.status_code == 302
    assert sorted(p for _, p, _ in _repayments()) == [1_000_000, 5_000_000]
    assert all(
        r.kind is RepaymentKind.PAYMENT
        for r in db.session.scalars(select(LoanRepayment).where(LoanRepayment.source == "grid"))
    )
