"""Indicators: the registry, and one module per area registering its figures.

``compute(unit_id, period)`` returns every registered indicator for a unit subtree and period.
"""

from __future__ import annotations

from dataclasses import dataclass

from webapp.indicators.registry import REGISTRY, Indicator, Period, Scope, Value
from webapp.scope import subtree_ids


@dataclass
class Values:
    """Indicator values for one (unit, period): raw values and their Vietnamese strings."""

    raw: dict[str, Value]
    formatted: dict[str, str]

    def __getitem__(self, code: str) -> Value:
        return self.raw[code]


def _load_area_modules() -> None:
    # Importing an area's module registers its indicators; the list is the only place to add one.
    from webapp.indicators import (  # noqa: F401
        activities,
        charity,
        loans,
        members,
    )


def compute(unit_id: int, period: Period, codes: set[str] | None = None) -> Values:
    """Every indicator (or those in ``codes``) for the subtree of ``unit_id`` during ``period``."""
    _load_area_modules()
    scope = Scope(unit_id, subtree_ids(unit_id), period)
    raw: dict[str, Value] = {}
    for group in REGISTRY.groups:
        wanted = [i.code for i in group.indicators if codes is None or i.code in codes]
        if not wanted:
            continue
        values = group.compute(scope)
        for code in wanted:
            raw[code] = values.get(code)
    formatted = {code: REGISTRY.indicators[code].format(v) for code, v in raw.items()}
    return Values(raw, formatted)


def catalogue() -> list[Indicator]:
    """Every registered indicator, by area then code."""
    _load_area_modules()
    return sorted(REGISTRY.indicators.values(), key=lambda i: (i.area, i.code))


__all__ = ["REGISTRY", "Indicator", "Period", "Scope", "Values", "catalogue", "compute"]
