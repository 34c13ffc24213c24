"""The membership overview: the indicators of each unit directly below the chosen one, and a
bar chart of them (drawn as inline SVG on the server: no script, no CDN)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from webapp.formatting import local_today
from webapp.indicators import Period, Values, compute
from webapp.models import Unit

CODES = (
    "members.total",
    "members.admitted",
    "members.left",
    "members.core",
    "members.core_share",
    "members.regular_share",
    "members.dues_paid_share",
    "members.honorary",
    "members.women_18plus",
    "members.gathering_rate",
)


@dataclass
class OverviewRow:
    unit: Unit
    values: Values


@dataclass
class Bar:
    label: str
    y: int
    total: int
    core: int
    total_width: float
    core_width: float


@dataclass
class Chart:
    width: int
    height: int
    label_width: int
    bars: list[Bar]


def default_period(today: date | None = None) -> Period:
    """The current year up to today."""
    today = today or local_today()
    return Period(date(today.year, 1, 1), today)


def overview(root: Unit, period: Period) -> tuple[list[OverviewRow], Values]:
    """One row per unit directly below ``root`` (or ``root`` itself when it has none), and
    the figures of the whole subtree."""
    codes = set(CODES)
    units = list(root.children) or [root]
    rows = [OverviewRow(u, compute(u.id, period, codes)) for u in units]
    return rows, compute(root.id, period, codes)


def chart(rows: list[OverviewRow], bar_width: int = 460) -> Chart:
    """Horizontal bars: members per unit, the core members as the darker part of each bar."""
    label_width, row_height = 170, 30
    biggest = max((int(r.values["members.total"] or 0) for r in rows), default=0) or 1
    bars = []
    for i, r in enumerate(rows):
        total = int(r.values["members.total"] or 0)
        core = int(r.values["members.core"] or 0)
        bars.append(
            Bar(
                r.unit.name,
                10 + i * row_height,
                total,
                core,
                round(bar_width * total / biggest, 1),
                round(bar_width * core / biggest, 1),
            )
        )
    return Chart(label_width + bar_width + 70, 20 + len(rows) * row_height + 20, label_width, bars)
