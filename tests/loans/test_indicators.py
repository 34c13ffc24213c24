"""Loan, savings and rotating-group indicators against hand-counted data, with records inside,
before and after the period, on its first and last day, outside the unit, and in the trash."""

from __future__ import annotations

from datetime import date

import pytest

from tests.loans.factories import (
    make_bank,
    make_contribution,
    make_deposit,
    make_group,
    make_household,
    make_loan,
    make_programme,
    make_repayment,
    make_rotating_group,
    make_rotating_loan,
    make_rotating_member,
)
from webapp.extensions import db
from webapp.indicators import Period, compute
from webapp.models import RotatingKind
from webapp.trash import move_to_trash

START, END = date(2023, 1, 1), date(2023, 6, 30)
M = 1_000_000


def _trash(record) -> None:
    move_to_trash(record)
    db.session.commit()


@pytest.fixture()
def loans(world):
    """The loans of commune A described in each test's comments (amounts in millions)."""
    a, b = world.commune_a, world.commune_b
    nh = make_bank(a, "nhcsxh")
    agri = make_bank(a, "agribank")
    poor = make_programme(nh, "Cho vay hộ nghèo")
    agri_p = make_programme(agri, "Cho vay sản xuất kinh doanh")
    group = make_group(world.branch_a1, nh)
    h1 = make_household(world.branch_a1, group, "Hộ Một")
    h2 = make_household(world.branch_a1, group, "Hộ Hai")
    h3 = make_household(world.branch_a2, None, "Hộ Ba")
    h4 = make_household(world.branch_a2, None, "Hộ Bốn")
    h5 = make_household(world.branch_a2, None, "Hộ Năm")
    # L1: 40, repaid 10 before the period, 5 on its last day (counts), 5 the day after (not).
    l1 = make_loan(h1, poor, date(2020, 1, 1), 40 * M, date(2025, 1, 1))
    make_repayment(l1, date(2022, 12, 31), 10 * M)
    make_repayment(l1, END, 5 * M)
    make_repayment(l1, date(2023, 7, 1), 5 * M)
    # L2: disbursed on the period's last day: counts as disbursed and outstanding.
    make_loan(h2, poor, END, 20 * M, date(2026, 1, 1))
    # L3: disbursed on the first day, due the day before the as-of date: overdue 20.
    l3 = make_loan(h2, agri_p, START, 30 * M, date(2023, 6, 29), group=False)
    make_repayment(l3, date(2023, 3, 1), 10 * M)
    # L4: disbursed the day before the period; due ON the as-of date: not yet overdue.
    make_loan(h3, poor, date(2022, 12, 31), 15 * M, END)
    # L5: disbursed the day after: nowhere.
    make_loan(h4, poor, date(2023, 7, 1), 50 * M, date(2026, 1, 1))
    # L6: overdue since 2021, settled in the period with 8 principal + 3 interest = 11.
    l6 = make_loan(h4, poor, date(2018, 1, 1), 10 * M, date(2021, 1, 1))
    make_repayment(l6, date(2019, 1, 1), 2 * M)
    make_repayment(l6, date(2023, 2, 1), 8 * M, 3 * M)
    # L7: trashed loan.
    _trash(make_loan(h5, poor, date(2023, 2, 1), 100 * M, date(2024, 1, 1)))
    # L8: 10 with a trashed repayment of 4: balance stays 10.
    l8 = make_loan(h5, poor, date(2023, 2, 1), 10 * M, date(2024, 1, 1))
    _trash(make_repayment(l8, date(2023, 3, 1), 4 * M))
    # L10: overdue since 2022, paid 2 + 1 late in the period but not settled: overdue 4.
    l10 = make_loan(h3, poor, date(2019, 1, 1), 6 * M, date(2022, 1, 1))
    make_repayment(l10, date(2023, 3, 1), 2 * M, 1 * M)
    # L11: settled late, but before the period.
    l11 = make_loan(h3, poor, date(2018, 1, 1), 5 * M, date(2020, 1, 1))
    make_repayment(l11, date(2022, 5, 1), 5 * M)
    # Commune B: outside the subtree.
    nh_b = make_bank(b, "nhcsxh")
    hb = make_household(world.branch_b1, None, "Hộ xã khác")
    make_loan(hb, make_programme(nh_b), date(2023, 2, 1), 999 * M, date(2023, 3, 1))
    return {"group": group, "h1": h1, "h2": h2, "h3": h3, "nh": nh, "hb": hb}


def test_loan_figures_count_what_a_hand_count_gives(world, loans):
    v = compute(world.commune_a.id, Period(START, END))
    assert v["loans.outstanding_vnd"] == (25 + 20 + 20 + 15 + 10 + 4) * M
    assert v["loans.borrowing_households"] == 4  # Một, Hai, Ba, Năm
    assert v["loans.disbursed_vnd"] == (20 + 30 + 10) * M
    assert v["loans.disbursed_turns"] == 3
    assert v["loans.overdue_vnd"] == 24 * M
    assert v["loans.overdue_count"] == 2
    assert v["loans.overdue_ratio"] == pytest.approx(24 / 94)
    assert v.formatted["loans.overdue_ratio"] == "25,53%"
    assert v["loans.overdue_settled_vnd"] == 11 * M
    assert v["loans.overdue_settled_count"] == 1
    assert v["loans.outstanding_vnd.nhcsxh"] == 74 * M
    assert v["loans.outstanding_vnd.agribank"] == 20 * M
    assert v["loans.borrowing_households.nhcsxh"] == 4
    assert v["loans.borrowing_households.agribank"] == 1
    assert v.formatted["loans.outstanding_vnd"] == "94 triệu đồng"
    assert v.formatted["loans.overdue_vnd"] == "24.000.000 đồng"


def test_a_branch_sees_only_its_own_loans(world, loans):
    v = compute(world.branch_a1.id, Period(START, END))
    assert v["loans.outstanding_vnd"] == (25 + 20 + 20) * M
    assert v["loans.borrowing_households"] == 2


def test_an_earlier_as_of_date_drops_later_disbursements_and_repayments(world, loans):
    v = compute(world.commune_a.id, Period(START, END, as_of=date(2023, 6, 29)))
    # L1 without the 5 paid on 30/06, no L2 yet; L3 due 29/06 is not overdue on 29/06.
    assert v["loans.outstanding_vnd"] == (30 + 20 + 15 + 10 + 4) * M
    assert v["loans.overdue_vnd"] == 4 * M
    assert v["loans.disbursed_turns"] == 3  # disbursements count by period, not as-of


def test_no_loans_gives_zero_and_no_ratio(world):
    v = compute(world.commune_a.id, Period(START, END))
    assert v["loans.outstanding_vnd"] == 0
    assert v["loans.overdue_ratio"] is None
    assert v.formatted["loans.overdue_ratio"] == ""


def test_savings_and_loan_groups_counted_at_the_as_of_date(world, loans):
    nh = loans["nh"]
    make_group(world.branch_a2, nh, "Tổ lập sau kỳ", founded_on=date(2023, 7, 1))
    make_group(
        world.branch_a2, nh, "Tổ giải thể cuối kỳ", founded_on=date(2016, 1, 1), dissolved_on=END
    )
    make_group(world.branch_a2, nh, "Tổ lập ngày cuối", founded_on=END)
    make_group(world.branch_a2, nh, "Tổ giải thể sau kỳ", dissolved_on=date(2023, 7, 1))
    _trash(make_group(world.branch_a2, nh, "Tổ đã xoá"))
    make_group(world.branch_b1, make_bank(world.commune_b), "Tổ xã khác")
    v = compute(world.commune_a.id, Period(START, END))
    assert v["loans.groups"] == 3  # An Cư 2, lập ngày cuối, giải thể sau kỳ


def test_savings_balance_households_and_typical_deposit(world, loans):
    h1, h2, h3, hb = loans["h1"], loans["h2"], loans["h3"], loans["hb"]
    make_deposit(h1, date(2022, 12, 1))
    make_deposit(h1, date(2023, 1, 15))
    make_deposit(h1, END)
    make_deposit(h1, date(2023, 7, 1))  # after: not in the balance
    make_deposit(h1, date(2023, 3, 1), 50_000, withdrawal=True)
    make_deposit(h2, date(2023, 2, 1), 200_000)
    _trash(make_deposit(h2, date(2023, 3, 1), 100_000))
    make_deposit(h3, date(2022, 1, 1))
    make_deposit(h3, date(2022, 6, 1), 100_000, withdrawal=True)  # balance 0: not saving
    make_deposit(hb, date(2023, 2, 1), 5_000_000)  # commune B
    v = compute(world.commune_a.id, Period(START, END))
    assert v["savings.balance_vnd"] == 250_000 + 200_000
    assert v["savings.households"] == 2
    assert v["savings.monthly_vnd"] == 100_000
    assert v.formatted["savings.monthly_vnd"] == "100.000 đồng"


def test_rotating_groups_members_and_lending(world):
    a1 = world.branch_a1
    g1 = make_rotating_group(a1, "Tổ góp vốn 1")
    make_rotating_group(a1, "Tổ lập ngày cuối", founded_on=END)
    old = make_rotating_group(a1, "Tổ đã giải thể", dissolved_on=date(2023, 1, 1))
    make_rotating_member(old, "Người tổ cũ")
    _trash(make_rotating_group(a1, "Tổ đã xoá"))
    fund = make_rotating_group(world.commune_a, "Quỹ quay vòng", kind=RotatingKind.FUND)
    m1 = make_rotating_member(g1, "Thành viên Một")
    m2 = make_rotating_member(g1, "Thành viên Hai", joined_on=END)
    make_rotating_member(g1, "Vào sau kỳ", joined_on=date(2023, 7, 1))
    make_rotating_member(g1, "Đã rời", left_on=date(2023, 6, 1))
    _trash(make_rotating_member(g1, "Đã xoá"))
    f1 = make_rotating_member(fund, "Góp quỹ Một")
    f2 = make_rotating_member(fund, "Góp quỹ Hai")
    make_contribution(f1, date(2022, 1, 1), 100 * M)
    make_contribution(f2, END, 50 * M)
    make_contribution(f2, date(2023, 7, 1), 30 * M)
    _trash(make_contribution(f1, date(2023, 2, 1), 20 * M))
    make_contribution(m1, date(2023, 2, 1), 10 * M)  # a group's capital is not the fund's
    make_rotating_loan(m1, START, 10 * M)
    make_rotating_loan(m2, END, 5 * M)
    make_rotating_loan(m1, date(2023, 3, 1), 3 * M)
    make_rotating_loan(m1, date(2022, 12, 31), 7 * M)
    make_rotating_loan(m2, date(2023, 7, 1), 9 * M)
    _trash(make_rotating_loan(m2, date(2023, 3, 1), 100 * M))
    make_rotating_loan(f1, date(2023, 2, 1), 20 * M)
    make_rotating_loan(f2, END, 15 * M)
    make_rotating_loan(f1, date(2023, 4, 1), 10 * M)
    make_rotating_loan(f1, date(2022, 1, 1), 10 * M)
    other = make_rotating_member(
        make_rotating_group(world.branch_b1, "Tổ xã khác"), "Người xã khác"
    )
    make_rotating_loan(other, date(2023, 2, 1), 50 * M)
    v = compute(world.commune_a.id, Period(START, END))
    assert v["rotating.groups"] == 2
    assert v["rotating.members"] == 2
    assert v["rotating.fund_vnd"] == 150 * M
    assert v["rotating.lent_vnd"] == 18 * M
    assert v["rotating.borrowers"] == 2
    assert v["rotating.turns"] == 3
    assert v["rotating.fund_lent_vnd"] == 45 * M
