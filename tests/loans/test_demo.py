"""The demo commune reproduces the seed report's loans-and-savings figures, read through the
command line exactly as an admin would."""

from __future__ import annotations

import json

import pytest


@pytest.fixture(scope="module")
def figures(demo_app) -> dict:
    """The figures the command prints for the demo, read once: the tests only compare them."""
    result = demo_app.test_cli_runner().invoke(
        args=[
            "indicators",
            "--unit",
            "Đức Xương",
            "--from",
            "2021-01-01",
            "--to",
            "2023-10-20",
            "--json",
        ]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_outstanding_36_8_billion_to_356_families(figures):
    assert figures["formatted"]["loans.outstanding_vnd"] == "36,8 tỷ đồng"
    assert figures["loans.outstanding_vnd"] == 36_800_000_000
    assert figures["loans.borrowing_households"] == 356


def test_6_6_billion_disbursed_in_134_loan_turns(figures):
    assert figures["formatted"]["loans.disbursed_vnd"] == "6,6 tỷ đồng"
    assert figures["loans.disbursed_turns"] == 134


def test_over_30_billion_through_the_two_banks(figures):
    nh, agri = figures["loans.outstanding_vnd.nhcsxh"], figures["loans.outstanding_vnd.agribank"]
    assert nh > 0 and agri > 0
    assert nh + agri == figures["loans.outstanding_vnd"]
    assert nh + agri > 30_000_000_000


def test_savings_groups_households_monthly_deposit_and_balance(figures):
    assert figures["loans.groups"] == 4
    assert figures["savings.households"] == 177
    assert figures["savings.monthly_vnd"] == 100_000
    assert figures["formatted"]["savings.monthly_vnd"] == "100.000 đồng"
    assert figures["savings.balance_vnd"] == 320_000_000


def test_rotating_groups_members_and_lending(figures):
    assert figures["rotating.groups"] == 18
    assert figures["rotating.members"] == 76
    assert figures["rotating.lent_vnd"] == 890_000_000
    assert figures["formatted"]["rotating.lent_vnd"] == "890.000.000 đồng"
    assert figures["rotating.borrowers"] == 76


def test_interest_free_fund_over_200_million_in_20_turns(figures):
    assert figures["rotating.fund_vnd"] > 200_000_000
    assert figures["rotating.turns"] == 20


def test_the_11_million_overdue_loan_settled(figures):
    assert figures["loans.overdue_settled_vnd"] == 11_000_000
    assert figures["loans.overdue_settled_count"] == 1


def test_overdue_ratio_is_realistic(figures):
    assert figures["loans.overdue_ratio"] == pytest.approx(0.0023)
    assert figures["loans.overdue_ratio"] < 0.003
    assert figures["loans.overdue_count"] == 3
