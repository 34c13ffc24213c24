"""The indicator registry: every figure a report prints is registered here once.

An area declares its indicators with :func:`indicator_group`: one function computing several
indicators with one SQL aggregate over (unit subtree, period, as-of date). Computing all the
indicators of a unit and period therefore costs one query per group, never one per record or
per branch.

Some indicators are defined by data rather than code (an admin adds an output unit such as
"LED bulbs", or a manual statistic such as the poverty rate): an area declares those with
:func:`indicator_source` — one function listing the current definitions (one query) and one
computing all of them (one query).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, true

from webapp import formatting
from webapp.scope import DatedUnits

Value = int | float | Decimal | None


_remembered: ContextVar[dict[Any, Any] | None] = ContextVar("indicator_memo", default=None)


@contextmanager
def remembered() -> Iterator[None]:
    """Inside the block, a computation asked for twice with the same arguments runs once.

    A report asks for the same figures several times (the targets' progress is both indicators
    and a list). Only for read-only work such as building a report's context: a record changed
    inside the block would not be seen by a computation already remembered.
    """
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def remember(key: Any, compute: Callable[[], Any]) -> Any:
    """``compute()``, or its earlier result for ``key`` inside a :func:`remembered` block."""
    memo = _remembered.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


@dataclass(frozen=True)
class Period:
    """An inclusive date range and the date balances are taken at (normally its last day)."""

    start: date
    end: date
    as_of: date | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("Ngày kết thúc phải sau ngày bắt đầu.")
        if self.as_of is None:
            object.__setattr__(self, "as_of", self.end)

    @property
    def at(self) -> date:
        """The as-of date (never None after construction)."""
        assert self.as_of is not None
        return self.as_of


@dataclass(frozen=True)
class Scope:
    """What an indicator computes over: the subtree of ``unit_id`` during ``period``.

    The tree has dates (moves, merges, members' transfers: docs/STRUCTURE.md). ``unit_ids`` lists
    every unit that counts on some day of the period, which is exact when nothing moved during
    it (the usual case: then :meth:`on` and :meth:`member_on` are TRUE). A query that must count a
    record under the unit it belonged to on its date adds ``scope.on(Model.unit_id, date)``, with
    the record's date (a flow) or ``period.at`` (a stock).
    """

    unit_id: int
    unit_ids: Select[tuple[int]]  # a SELECT of the subtree's unit ids (use with .in_())
    period: Period
    dated: DatedUnits | None = None

    @classmethod
    def of(cls, unit_id: int, period: Period) -> Scope:
        """The scope of ``unit_id`` for ``period``, with the tree as it was on its days (from
        the day before the start, for opening balances, to the as-of date)."""
        last = max(period.end, period.at)
        dated = DatedUnits.over(unit_id, period.start - timedelta(days=1), last)
        return cls(unit_id, dated.unit_ids, period, dated)

    def includes(self, unit_column: Any) -> Any:
        """SQL: the record's unit is one of the scope's units on some day of the period (narrow
        every query of records with it)."""
        if self.dated is None:
            return unit_column.in_(self.unit_ids)
        return self.dated.includes(unit_column)

    def on(self, unit_column: Any, on: Any) -> Any:
        """SQL: the record's unit counted for this scope on ``on`` (a date or a date column)."""
        return self.dated.on(unit_column, on) if self.dated is not None else true()

    def members(self) -> Any:
        """SQL narrowing ``Member`` rows to those in the scope on some day of the period."""
        if self.dated is None:
            from webapp.models.members import Member

            return Member.unit_id.in_(self.unit_ids)
        return self.dated.members()

    def member_on(self, on: Any) -> Any:
        """SQL: the ``Member`` row was in the scope on ``on`` (her branch as it was then)."""
        return self.dated.member_on(on) if self.dated is not None else true()


# How each kind of value is written in Vietnamese (webapp/formatting.py does the work).
FORMATTERS: dict[str, Callable[[Any], str]] = {
    "count": formatting.number,
    "number": lambda v: formatting.number(v, 1 if isinstance(v, float) and v % 1 else 0),
    "percent": formatting.percent,  # the value is a ratio: 0.926 → "92,6%"
    "money": formatting.money,  # integer đồng → "890.000.000 đồng"
    # integer đồng in the unit its size calls for: "36,8 tỷ đồng", "40 triệu đồng", "500.000 đồng"
    "money_scaled": formatting.money_scaled,
}


@dataclass(frozen=True)
class Indicator:
    """A named figure: stable code, Vietnamese label, unit of measure, how to format it."""

    code: str
    label: str
    unit: str = ""
    kind: str = "count"
    description: str = ""
    area: str = ""
    # For "number" and "percent": at most this many decimals, trailing zeros dropped
    # (1,28% and 3,9% from the same statistic). None: the kind's usual format.
    decimals: int | None = None

    def format(self, value: Value) -> str:
        if value is None:
            return ""
        if self.decimals is not None and self.kind in ("number", "percent"):
            return _trimmed(self.kind, value, self.decimals)
        return FORMATTERS[self.kind](value)


def _trimmed(kind: str, value: Value, decimals: int) -> str:
    text = (formatting.percent if kind == "percent" else formatting.number)(value, decimals)
    suffix = "%" if text.endswith("%") else ""
    body = text.removesuffix("%")
    if "," in body:
        body = body.rstrip("0").rstrip(",")
    return body + suffix


GroupFunction = Callable[[Scope], Mapping[str, Value]]


@dataclass
class Group:
    area: str
    indicators: tuple[Indicator, ...]
    compute: GroupFunction


SourceDefine = Callable[[], Iterable[Indicator]]
SourceCompute = Callable[[Scope, Sequence[Indicator]], Mapping[str, Value]]


@dataclass
class Source:
    """Indicators defined by data: ``define()`` lists them (one query), ``compute(scope,
    indicators)`` computes the ones asked for (one query). Their codes start with ``prefix``
    so that they can never collide with an indicator registered in code."""

    area: str
    prefix: str
    define: SourceDefine
    compute: SourceCompute

    def indicators(self) -> list[Indicator]:
        """The current definitions, tagged with the area."""
        found = []
        for ind in self.define():
            if not ind.code.startswith(self.prefix):
                raise ValueError(f"indicator {ind.code} does not start with {self.prefix}")
            found.append(replace(ind, area=self.area))
        return found


@dataclass
class Registry:
    """All groups and indicators (by code) registered in code, and the data-defined sources."""

    groups: list[Group] = field(default_factory=list)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)

    def add(self, group: Group) -> None:
        for ind in group.indicators:
            if ind.code in self.indicators:
                raise ValueError(f"indicator {ind.code} registered twice")
            if any(ind.code.startswith(s.prefix) for s in self.sources):
                raise ValueError(f"indicator {ind.code} uses a data-defined prefix")
            self.indicators[ind.code] = ind
        self.groups.append(group)

    def add_source(self, source: Source) -> None:
        for code in self.indicators:
            if code.startswith(source.prefix):
                raise ValueError(f"prefix {source.prefix} already used by {code}")
        if any(s.prefix == source.prefix for s in self.sources):
            raise ValueError(f"prefix {source.prefix} registered twice")
        self.sources.append(source)


REGISTRY = Registry()


def indicator_group(
    area: str, indicators: Iterable[Indicator]
) -> Callable[[GroupFunction], GroupFunction]:
    """Register ``fn`` as computing ``indicators`` (it returns a dict code → value)."""

    def decorate(fn: GroupFunction) -> GroupFunction:
        inds = tuple(replace(i, area=area) for i in indicators)
        REGISTRY.add(Group(area, inds, fn))
        return fn

    return decorate


def indicator_source(
    area: str, prefix: str, define: SourceDefine
) -> Callable[[SourceCompute], SourceCompute]:
    """Register ``fn(scope, indicators)`` as computing the data-defined indicators that
    ``define()`` lists (every code starting with ``prefix``)."""

    def decorate(fn: SourceCompute) -> SourceCompute:
        REGISTRY.add_source(Source(area, prefix, define, fn))
        return fn

    return decorate


def ratio(numerator: Value, denominator: Value) -> float | None:
    """numerator ÷ denominator, or None when there is nothing to divide by."""
    if numerator is None or not denominator:
        return None
    return float(numerator) / float(denominator)
