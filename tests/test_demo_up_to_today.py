"""The demo is alive: after its seed period its records go on up to today.

The seed's figures for 2021-01-01 … 2023-10-20 are the report's (tests/*/test_demo.py); these
tests read the same demo as of today: this month has activities, borrowers repaid what fell due
(only the seed's three overdue loans stay overdue), and nothing is dated after today.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from webapp.demo import seed_demo
from webapp.extensions import db
from webapp.formatting import local_today
from webapp.indicators import Period, compute
from webapp.models import Unit
from webapp.models.activities import Activity
from webapp.models.charity import Gift
from webapp.models.loans import Loan, LoanRepayment


@pytest.fixture(scope="module")
def today_figures(demo_app) -> dict:
    today = local_today()
    result = demo_app.test_cli_runner().invoke(
        args=[
            "indicators",
            "--unit",
            "Đức Minh",
            "--from",
            today.replace(month=1, day=1).isoformat(),
            "--to",
            today.isoformat(),
            "--json",
        ]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_this_month_has_activities_and_nothing_lies_in_the_future(demo_app):
    today = local_today()
    with demo_app.app_context():
        this_month = db.session.scalar(
            select(func.count())
            .select_from(Activity)
            .where(Activity.held_on >= today.replace(day=1), Activity.held_on <= today)
        )
        latest = [
            db.session.scalar(select(func.max(column)))
            for column in (
                Activity.held_on,
                LoanRepayment.paid_on,
                Loan.disbursed_on,
                Gift.given_on,
            )
        ]
    assert this_month >= 4 or today.day <= 1
    assert all(day is not None and day <= today for day in latest), latest


def test_only_the_seeds_three_overdue_loans_remain_overdue(today_figures):
    assert today_figures["loans.overdue_count"] == 3
    assert today_figures["loans.overdue_ratio"] < 0.02
    # The union goes on lending: most of the seed's 36,8 tỷ is still out, and this year's loans.
    assert today_figures["loans.outstanding_vnd"] > 15_000_000_000
    # Each of the four branches meets twice a month: eight activities a month at least.
    assert today_figures["activities.count"] >= 8 * local_today().month
    assert today_figures["charity.gifts_count"] > 0 or local_today().timetuple().tm_yday < 20


@pytest.mark.parametrize("today", [date(2026, 12, 31), date(2029, 6, 30)])
def test_loans_the_demo_lends_after_the_seed_are_repaid_by_their_due_day(app, today):
    """A loan the demo lends in late 2023 falls due from late 2026 on: the demo loaded on any
    later day still shows only the seed's three overdue loans, and no loan owes more than it
    was lent."""
    with app.app_context():
        seed_demo(today=today)
        db.session.commit()
        unit = db.session.scalar(select(Unit).where(Unit.name == "Đức Minh"))
        values = compute(unit.id, Period(today.replace(month=1, day=1), today))
        lent_after_seed = db.session.scalar(
            select(func.count()).select_from(Loan).where(Loan.disbursed_on > date(2023, 10, 20))
        )
        repaid = (
            select(LoanRepayment.loan_id, func.sum(LoanRepayment.principal).label("paid"))
            .group_by(LoanRepayment.loan_id)
            .subquery()
        )
        overpaid = db.session.scalar(
            select(func.count())
            .select_from(Loan)
            .join(repaid, repaid.c.loan_id == Loan.id)
            .where(repaid.c.paid > Loan.amount)
        )
    assert lent_after_seed > 0
    assert values.raw["loans.overdue_count"] == 3
    assert overpaid == 0
