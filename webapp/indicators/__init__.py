"""Indicators: the registry, and one module per area registering its figures.

``compute(unit_id, period)`` returns every registered indicator for a unit subtree and period:
those registered in code (one query per group) and those defined by data (one query to list
them and one to compute them, per source).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from webapp.indicators.registry import (
    REGISTRY,
    Indicator,
    Period,
    Scope,
    Value,
    remember,
    remembered,
)


@dataclass
class Values:
    """Indicator values for one (unit, period): raw values and their Vietnamese strings."""

    raw: dict[str, Value]
    formatted: dict[str, str]

    def __getitem__(self, code: str) -> Value:
        return self.raw[code]


@cache
def ensure_loaded() -> None:
    """Import every area's module so that its indicators are registered (once: every
    ``compute()`` calls this)."""
    from flask_babel import force_locale

    # Importing an area's module registers its indicators; the list is the only place to add one.
    # Labels built from enum labels at import are report wording: Vietnamese, even when the
    # first request to need them comes from a user who reads English.
    with force_locale("vi"):
        from webapp.indicators import (  # noqa: F401
            activities,
            charity,
            loans,
            members,
            targets,
        )


def compute(unit_id: int, period: Period, codes: set[str] | None = None) -> Values:
    """Every indicator (or those in ``codes``) for the subtree of ``unit_id`` during ``period``.

    A code in ``codes`` that no area defines is left out of the result (callers read codes
    of areas that may be missing defensively)."""
    key = ("compute", unit_id, period, frozenset(codes) if codes is not None else None)
    return remember(key, lambda: _compute(unit_id, period, codes))


def _compute(unit_id: int, period: Period, codes: set[str] | None) -> Values:
    ensure_loaded()
    scope = Scope.of(unit_id, period)  # the tree as it was on the period's days
    raw: dict[str, Value] = {}
    known: dict[str, Indicator] = {}
    for group in REGISTRY.groups:
        wanted = [i for i in group.indicators if codes is None or i.code in codes]
        if not wanted:
            continue
        values = group.compute(scope)
        for ind in wanted:
            raw[ind.code] = values.get(ind.code)
            known[ind.code] = ind
    for source in REGISTRY.sources:
        if codes is not None and not any(c.startswith(source.prefix) for c in codes):
            continue
        wanted = [i for i in source.indicators() if codes is None or i.code in codes]
        if not wanted:
            continue
        values = source.compute(scope, wanted)
        for ind in wanted:
            raw[ind.code] = values.get(ind.code)
            known[ind.code] = ind
    formatted = {code: known[code].format(v) for code, v in raw.items()}
    return Values(raw, formatted)


def catalogue() -> list[Indicator]:
    """Every indicator (registered in code and defined by data), by area then code."""
    ensure_loaded()
    found = list(REGISTRY.indicators.values())
    for source in REGISTRY.sources:
        found.extend(source.indicators())
    return sorted(found, key=lambda i: (i.area, i.code))


def find(code: str) -> Indicator | None:
    """The indicator with this code (registered in code or defined by data), or None."""
    ensure_loaded()
    if code in REGISTRY.indicators:
        return REGISTRY.indicators[code]
    for source in REGISTRY.sources:
        if code.startswith(source.prefix):
            return next((i for i in source.indicators() if i.code == code), None)
    return None


__all__ = [
    "REGISTRY",
    "Indicator",
    "Period",
    "Scope",
    "Values",
    "catalogue",
    "compute",
    "ensure_loaded",
    "find",
    "remembered",
]
