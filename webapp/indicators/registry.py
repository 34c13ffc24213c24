"""The indicator registry: every figure a report prints is registered here once.

An area declares its indicators with :func:`indicator_group`: one function computing several
indicators with one SQL aggregate over (unit subtree, period, as-of date). Computing all the
indicators of a unit and period therefore costs one query per group, never one per record or
per branch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select

from webapp import formatting

Value = int | float | Decimal | None


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
    """What an indicator computes over: the subtree of ``unit_id`` during ``period``."""

    unit_id: int
    unit_ids: Select[tuple[int]]  # a SELECT of the subtree's unit ids (use with .in_())
    period: Period


# How each kind of value is written in Vietnamese (webapp/formatting.py does the work).
FORMATTERS: dict[str, Callable[[Any], str]] = {
    "count": formatting.number,
    "number": lambda v: formatting.number(v, 1 if isinstance(v, float) and v % 1 else 0),
    "percent": formatting.percent,  # the value is a ratio: 0.926 → "92,6%"
    "money": formatting.money,  # integer đồng → "890.000.000 đồng"
    "billions": formatting.billions,  # integer đồng → "36,8 tỷ đồng"
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

    def format(self, value: Value) -> str:
        if value is None:
            return ""
        return FORMATTERS[self.kind](value)


GroupFunction = Callable[[Scope], Mapping[str, Value]]


@dataclass
class Group:
    area: str
    indicators: tuple[Indicator, ...]
    compute: GroupFunction


@dataclass
class Registry:
    """All groups and indicators, by code."""

    groups: list[Group] = field(default_factory=list)
    indicators: dict[str, Indicator] = field(default_factory=dict)

    def add(self, group: Group) -> None:
        for ind in group.indicators:
            if ind.code in self.indicators:
                raise ValueError(f"indicator {ind.code} registered twice")
            self.indicators[ind.code] = ind
        self.groups.append(group)


REGISTRY = Registry()


def indicator_group(
    area: str, indicators: Iterable[Indicator]
) -> Callable[[GroupFunction], GroupFunction]:
    """Register ``fn`` as computing ``indicators`` (it returns a dict code → value)."""

    def decorate(fn: GroupFunction) -> GroupFunction:
        inds = tuple(
            Indicator(i.code, i.label, i.unit, i.kind, i.description, area) for i in indicators
        )
        REGISTRY.add(Group(area, inds, fn))
        return fn

    return decorate


def ratio(numerator: Value, denominator: Value) -> float | None:
    """numerator ÷ denominator, or None when there is nothing to divide by."""
    if numerator is None or not denominator:
        return None
    return float(numerator) / float(denominator)
