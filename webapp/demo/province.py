"""A province of many commune unions built with the demo's generators, for benchmarks and for
tests that compare a small and a larger database (statement counts must not grow with it).

Each commune gets the demo commune's records (members, loans, charity, activities: bulk
inserts, about 1.400 members and 2021–2023 records each), under its own name and branches.
Data defined once for the whole system (the poverty-rate statistic) is added with the first
commune only. With ``history`` the previous term's records are added too (the activities,
loans, repayments and savings of 2021–2023 copied three years earlier: 2018–2023 in all), and
``activity_copies`` repeats each activity as a busy commune logs about 250 a year.

For a merged commune of the 2025 structure, ``branches_per_commune`` gives each commune more branches
(named "Chi hội 5", "Chi hội 6", …) and ``member_copies`` adds that many more copies of its
members spread over all of them: 40 branches and 3 copies make about 4.400 members a commune.
The copies are member rows only (no dues, posts or history): enough for the member pages and
the member indicators, which read the members table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import force_locale
from sqlalchemy import insert

from webapp.demo import BRANCH_NAMES, Demo
from webapp.extensions import db
from webapp.models import Unit, UnitKind

PROVINCE_NAME = "Tỉnh mẫu"


@dataclass
class Province:
    """The units built: the province, the unit communes hang under, and each commune's demo."""

    province: Unit
    district: Unit | None
    communes: list[Demo] = field(default_factory=list)


def commune_parent(province: Unit) -> tuple[Unit | None, Unit]:
    """Where communes hang: directly under the province when the unit model allows it, else
    under one district (the only place to change when the unit tree changes)."""
    if UnitKind.COMMUNE.parent_kind is UnitKind.PROVINCE:
        return None, province
    district = Unit(name="Huyện mẫu", kind=UnitKind.DISTRICT, parent_id=province.id)
    db.session.add(district)
    db.session.flush()
    return district, district


def seed_province(
    communes: int,
    progress=None,
    history: bool = False,
    activity_copies: int = 1,
    branches_per_commune: int = len(BRANCH_NAMES),
    member_copies: int = 0,
) -> Province:
    """Add a province of ``communes`` demo communes (the caller commits)."""
    from webapp.demo import charity, loans, members

    province = Unit(name=PROVINCE_NAME, kind=UnitKind.PROVINCE)
    db.session.add(province)
    db.session.flush()
    district, parent = commune_parent(province)
    built = Province(province, district)
    with force_locale("vi"):
        for n in range(communes):
            commune = Unit(name=f"Xã {n + 1:03d}", kind=UnitKind.COMMUNE, parent_id=parent.id)
            db.session.add(commune)
            db.session.flush()
            branches = [
                Unit(name=name, kind=UnitKind.BRANCH, parent_id=commune.id) for name in BRANCH_NAMES
            ]
            db.session.add_all(branches)
            db.session.flush()
            demo = Demo(province, district or province, commune, branches)
            members.seed(demo)
            db.session.flush()
            loans.seed(demo)
            db.session.flush()
            charity.seed(demo)
            db.session.flush()
            _seed_activities(demo, first=n == 0)
            db.session.flush()
            _more_records(demo, history, activity_copies)
            _more_members(demo, branches_per_commune, member_copies)
            built.communes.append(demo)
            if progress is not None:
                progress(n + 1)
    return built


def _seed_activities(demo: Demo, first: bool) -> None:
    import random

    from webapp.activities.services.lookups import ensure_defaults
    from webapp.demo import activities as a

    rng = random.Random(2023)  # noqa: S311 (demo data, deterministic on purpose)
    ensure_defaults()
    a._activities(demo, rng)
    a._clubs(demo)
    a._mediations(demo, rng)
    a._households(demo, rng)
    a._ratings(demo)
    if first:  # the statistic's definition is system-wide (its code is unique)
        a._statistics(demo)
    demo.extra["term"] = a._targets(demo)


def _more_records(demo: Demo, history: bool, activity_copies: int) -> None:
    """The previous term (records shifted three years back) and busier activity logs."""
    from webapp.models import Activity, Loan, LoanRepayment, SavingsDeposit

    units = [demo.commune.id, *(b.id for b in demo.branches)]
    if activity_copies > 1:
        rows = _rows(Activity, units)
        extra = []
        for copy in range(1, activity_copies):
            for row in rows:
                extra.append({**row, "topic": f"{row['topic']} ({copy + 1})"})
        _insert(Activity, extra)
    if not history:
        return
    _insert(Activity, [_shifted(r) for r in _rows(Activity, units)])
    _insert(SavingsDeposit, [_shifted(r) for r in _rows(SavingsDeposit, units)])
    loans = _rows(Loan, units, keep_id=True)
    new_ids = _insert(Loan, [_shifted({k: v for k, v in r.items() if k != "id"}) for r in loans])
    moved = {old["id"]: new for old, new in zip(loans, new_ids, strict=True)}
    repayments = [
        {**_shifted(r), "loan_id": moved[r["loan_id"]]}
        for r in _rows(LoanRepayment, units)
        if r["loan_id"] in moved
    ]
    _insert(LoanRepayment, repayments)


def _more_members(demo: Demo, branches: int, copies: int) -> None:
    """More branches for the commune, and ``copies`` more of its members spread over them."""
    from webapp.models import Member

    extra = [
        Unit(name=f"Chi hội {n}", kind=UnitKind.BRANCH, parent_id=demo.commune.id)
        for n in range(len(demo.branches) + 1, branches + 1)
    ]
    db.session.add_all(extra)
    db.session.flush()
    every_branch = [b.id for b in (*demo.branches, *extra)]
    members = _rows(Member, every_branch)
    rows = [
        {**row, "unit_id": every_branch[i % len(every_branch)]}
        for i, row in enumerate(row for _ in range(copies) for row in members)
    ]
    if rows:
        db.session.execute(insert(Member), rows)


def _rows(model, units: list[int], keep_id: bool = False) -> list[dict]:
    from sqlalchemy import select

    table = model.__table__
    skip = set() if keep_id else {"id"}
    skip |= {"created_at", "updated_at", "version", "deleted_at"} & set(table.c.keys())
    columns = [c for c in table.c if c.key not in skip]
    result = db.session.execute(select(*columns).where(table.c.unit_id.in_(units)))
    return [dict(row._mapping) for row in result]


def _shifted(row: dict, years: int = 3) -> dict:
    from datetime import date, datetime

    out = {}
    for key, value in row.items():
        if isinstance(value, date) and not isinstance(value, datetime):
            try:
                value = value.replace(year=value.year - years)
            except ValueError:  # 29 February
                value = value.replace(year=value.year - years, day=28)
        out[key] = value
    return out


def _insert(model, rows: list[dict]) -> list[int]:
    if not rows:
        return []
    return list(
        db.session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rows)
    )
