"""Lists from the registers that reports print (activities with outputs, gifts, targets, …).

Each area's list is read defensively: an area without records gives an empty list.
"""

from __future__ import annotations

from typing import Any

from webapp.indicators import Period


def build(unit_id: int, period: Period) -> dict[str, list[dict[str, Any]]]:
    """All lists for the unit subtree and period, by name."""
    return {}


def targets_summary(unit_id: int, period: Period) -> str:
    """The report's targets line ("6/8 chỉ tiêu đạt và vượt; …"), or "" without targets."""
    return ""


def targets_chart_data(unit_id: int, period: Period) -> tuple[list[str], list[float]] | None:
    """(labels, % achieved) of the unit's targets, or None without targets."""
    return None
