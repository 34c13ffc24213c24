"""Time the loans indicators and portfolio queries on a large register (SQLite by default).

    .venv/bin/python scripts/bench_loans.py [--households 20000] [--database-url URL]

Builds a throw-away database (a temporary SQLite file unless --database-url names an empty
one), fills it with N households, two loans each with monthly repayments, and monthly savings,
then times one run of every loans indicator group and of the portfolio page's queries.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    from flask_migrate import upgrade
    from sqlalchemy import insert

    from webapp import create_app
    from webapp.config import PROJECT_ROOT, Config
    from webapp.extensions import db
    from webapp.indicators import Period, compute
    from webapp.indicators.registry import REGISTRY
    from webapp.loans.services import portfolio
    from webapp.models import (
        Bank,
        Household,
        Loan,
        LoanGroup,
        LoanProgramme,
        LoanRepayment,
        Role,
        SavingsDeposit,
        Unit,
        UnitKind,
        User,
    )

    instance = tempfile.mkdtemp(prefix="bench-loans-")
    env = {"SOHOI_INSTANCE": instance, "SECRET_KEY": "bench"}
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    app = create_app(Config(env))
    rng = random.Random(1)
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"), revision="heads")
        commune = Unit(name="Xã thử", kind=UnitKind.COMMUNE)
        db.session.add(commune)
        db.session.flush()
        branches = [
            Unit(name=f"Chi hội {i}", kind=UnitKind.BRANCH, parent_id=commune.id) for i in range(10)
        ]
        db.session.add_all(branches)
        db.session.flush()
        bank = Bank(unit_id=commune.id, code="nhcsxh", name="NHCSXH", short_name="NHCSXH")
        db.session.add(bank)
        db.session.flush()
        programme = LoanProgramme(unit_id=commune.id, bank_id=bank.id, name="Hộ nghèo")
        db.session.add(programme)
        db.session.flush()
        groups = []
        for b in branches:
            g = LoanGroup(
                unit_id=b.id,
                bank_id=bank.id,
                name=f"Tổ {b.name}",
                search_key="to",
                founded_on=date(2010, 1, 1),
            )
            db.session.add(g)
            groups.append(g)
        db.session.flush()
        started = time.perf_counter()
        hh = [
            {
                "unit_id": groups[i % 10].unit_id,
                "group_id": groups[i % 10].id,
                "head_name": f"Hộ {i}",
                "search_key": f"ho {i}",
            }
            for i in range(args.households)
        ]
        hh_ids = list(
            db.session.execute(
                insert(Household).returning(Household.id, sort_by_parameter_order=True), hh
            ).scalars()
        )
        loans = []
        for hid, h in zip(hh_ids, hh, strict=True):
            for _ in range(2):
                on = date(2018, 1, 1) + timedelta(days=rng.randrange(2000))
                loans.append(
                    {
                        "unit_id": h["unit_id"],
                        "household_id": hid,
                        "group_id": h["group_id"],
                        "programme_id": programme.id,
                        "disbursed_on": on,
                        "amount": 36_000_000,
                        "due_on": on + timedelta(days=1095),
                    }
                )
        loan_ids = list(
            db.session.execute(
                insert(Loan).returning(Loan.id, sort_by_parameter_order=True), loans
            ).scalars()
        )
        repayments, deposits = [], []
        for lid, loan in zip(loan_ids, loans, strict=True):
            for m in range(1, 24):
                day = loan["disbursed_on"] + timedelta(days=30 * m)
                repayments.append(
                    {
                        "unit_id": loan["unit_id"],
                        "loan_id": lid,
                        "paid_on": day,
                        "principal": 1_000_000,
                        "interest": 100_000,
                    }
                )
        for hid, h in zip(hh_ids, hh, strict=True):
            for m in range(24):
                deposits.append(
                    {
                        "unit_id": h["unit_id"],
                        "household_id": hid,
                        "deposited_on": date(2021, 1, 15) + timedelta(days=30 * m),
                        "amount": 100_000,
                    }
                )
        for chunk in range(0, len(repayments), 50_000):
            db.session.execute(insert(LoanRepayment), repayments[chunk : chunk + 50_000])
        for chunk in range(0, len(deposits), 50_000):
            db.session.execute(insert(SavingsDeposit), deposits[chunk : chunk + 50_000])
        db.session.commit()
        print(
            f"{len(hh)} households, {len(loans)} loans, {len(repayments)} repayments, "
            f"{len(deposits)} deposits loaded in {time.perf_counter() - started:.1f}s"
        )

        period = Period(date(2021, 1, 1), date(2023, 10, 20))
        for group in REGISTRY.groups:
            if group.area != "loans":
                continue
            codes = {i.code for i in group.indicators}
            t = time.perf_counter()
            compute(commune.id, period, codes)
            print(f"{group.compute.__name__:<24} {1000 * (time.perf_counter() - t):8.1f} ms")
        admin = User(username="bench", full_name="bench", role=Role.ADMIN, password_hash="-")  # noqa: S106 (never saved)
        for name, fn in (
            (
                "portfolio.by_programme",
                lambda: portfolio.by_programme(admin, commune.id, period.at),
            ),
            ("portfolio.by_group", lambda: portfolio.by_group(admin, commune.id, period.at)),
            (
                "portfolio.overdue_loans",
                lambda: portfolio.overdue_loans(admin, commune.id, period.at),
            ),
            (
                "portfolio.outstanding_series",
                lambda: portfolio.outstanding_series(
                    admin, commune.id, portfolio.month_ends(period.at)
                ),
            ),
        ):
            t = time.perf_counter()
            fn()
            print(f"{name:<30} {1000 * (time.perf_counter() - t):8.1f} ms")


if __name__ == "__main__":
    main()
