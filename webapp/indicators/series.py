"""An indicator at many dates, or for many units, in one query: the dashboard's monthly charts
and a report's chart by branch.

Computing ``members.total`` at each month end with :func:`webapp.indicators.compute` costs one
query per month; here each series is one SELECT with one filtered aggregate per date, built
from the same SQL building blocks as the indicator itself (so a series point equals what
``compute()`` returns for that date: tests/test_statement_counts.py checks it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import and_, func, select

from webapp.extensions import db
from webapp.indicators.registry import Period, Scope

SeriesFunction = Callable[[Scope, list[tuple[date, date]]], list[float | None]]


def members_total(scope: Scope, periods: list[tuple[date, date]]) -> list[float | None]:
    """``members.total`` as of the end of each period (the rule of indicators/members.py)."""
    from webapp.indicators.members import member_active_at
    from webapp.models import Member

    regular = Member.is_honorary.is_(False)
    columns = [
        func.count()
        .filter(and_(regular, member_active_at(end), scope.member_on(end)))
        .label(f"c{i}")
        for i, (_start, end) in enumerate(periods)
    ]
    row = db.session.execute(select(*columns).select_from(Member).where(scope.members())).one()
    return [float(v) for v in row]


def loans_outstanding(scope: Scope, periods: list[tuple[date, date]]) -> list[float | None]:
    """``loans.outstanding_vnd`` as of the end of each period (see indicators/loans.py)."""
    from webapp.indicators.loans import outstanding_at

    return [float(v) for v in outstanding_at(scope, [end for _start, end in periods])]


def activities_count(scope: Scope, periods: list[tuple[date, date]]) -> list[float | None]:
    """``activities.count`` within each period (see indicators/activities.py)."""
    from webapp.indicators.activities import activity_counts

    return [float(v) for v in activity_counts(scope, periods)]


SERIES: dict[str, SeriesFunction] = {
    "members.total": members_total,
    "loans.outstanding_vnd": loans_outstanding,
    "activities.count": activities_count,
}


def series(unit_id: int, code: str, periods: list[tuple[date, date]]) -> list[float | None]:
    """The value of ``code`` for the subtree of ``unit_id`` over each period, in one query: the
    scope spans all the periods (the tree as it was on each of their days)."""
    if not periods:
        return []
    first = min(start for start, _end in periods)
    last = max(end for _start, end in periods)
    return SERIES[code](Scope.of(unit_id, Period(first, last)), periods)


def members_total_by_unit(scope: Scope, unit_ids: list[int]) -> list[float | None]:
    """``members.total`` at ``scope``'s as-of date for the subtree of each of ``unit_ids`` (units
    inside ``scope``): a member counts for the unit her branch was under on that day."""
    from webapp.indicators.members import member_active_at
    from webapp.models import Member
    from webapp.scope import member_branch_on, subtrees_on

    at = scope.period.at
    # Her branch on the day, read once per member, then matched to the units by one join.
    counted = (
        select(func.coalesce(member_branch_on(at), Member.unit_id).label("branch"))
        .where(scope.members(), Member.is_honorary.is_(False), member_active_at(at))
        .subquery()
    )
    units = subtrees_on(unit_ids, at).subquery()
    rows = db.session.execute(
        select(units.c.root, func.count())
        .select_from(counted)
        .join(units, units.c.id == counted.c.branch)
        .group_by(units.c.root)
    )
    found = {root: count for root, count in rows}
    return [float(found.get(uid, 0)) for uid in unit_ids]


BY_UNIT: dict[str, Callable[[Scope, list[int]], list[float | None]]] = {
    "members.total": members_total_by_unit,
}


def by_unit(unit_id: int, period: Period, code: str, unit_ids: list[int]) -> list[float | None]:
    """The value of ``code`` for each of ``unit_ids`` (units below ``unit_id``) over ``period``,
    in one query whatever their number: equal to ``compute()`` of each unit."""
    if not unit_ids:
        return []
    return BY_UNIT[code](Scope.of(unit_id, period), unit_ids)


def month_periods(ends: list[date], from_year_start: bool) -> list[tuple[date, date]]:
    """Each month end with its period: from the 1st of January (balances, head counts) or from
    the 1st of its month (counts within the month)."""
    return [(date(end.year, 1, 1) if from_year_start else end.replace(day=1), end) for end in ends]
