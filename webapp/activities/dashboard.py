"""The home page's key figures for the user's scope and the current year, with small charts
drawn as inline SVG by the server (no script, no library, nothing from a CDN).

Figures are read by indicator code and defensively: an area that is not installed shows "—"
and its chart is left out. Each tile links to its page only when that page exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from webapp.extensions import db
from webapp.indicators import Period, compute, find
from webapp.indicators.targets import Progress, running_term, term_progress
from webapp.models import Unit, User

MONTHS = (
    _l("T1"),
    _l("T2"),
    _l("T3"),
    _l("T4"),
    _l("T5"),
    _l("T6"),
    _l("T7"),
    _l("T8"),
    _l("T9"),
    _l("T10"),
    _l("T11"),
    _l("T12"),
)
CHART_W, CHART_H = 240, 60


@dataclass
class Chart:
    """An SVG drawing: a line (``points``), bars (``bars``) or horizontal bars (``rows``)."""

    label: str  # what it shows, for screen readers
    width: int = CHART_W
    height: int = CHART_H
    points: str = ""
    bars: list[dict] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)


@dataclass
class Tile:
    title: str
    value: str  # formatted, or "—"
    note: str = ""
    href: str | None = None
    chart: Chart | None = None


@dataclass
class Dashboard:
    unit: Unit | None
    year: int
    tiles: list[Tile]


def dashboard_unit(user: User) -> Unit | None:
    """The unit whose subtree the user looks after (a whole-system admin: the top unit)."""
    if user.unit_id is not None:
        return db.session.get(Unit, user.unit_id)
    if not user.is_admin:
        return None
    return db.session.scalar(
        select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.name, Unit.id).limit(1)
    )


def _link(endpoint: str, **values) -> str | None:
    if endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint, **values)


def _month_ends(today: date) -> list[date]:
    ends = []
    for month in range(1, today.month + 1):
        nxt = date(today.year + (month == 12), month % 12 + 1, 1)
        ends.append(min(nxt - timedelta(days=1), today))
    return ends


def line_chart(values: list[float | None], label: str) -> Chart | None:
    """A sparkline through the known values (None: no point); None when nothing is known."""
    known = [v for v in values if v is not None]
    if not known:
        return None
    low, high = min(known), max(known)
    step = (CHART_W - 8) / max(len(values) - 1, 1)

    def y(v: float) -> float:
        if high == low:  # a flat series runs through the middle
            return CHART_H / 2
        return CHART_H - 6 - (v - low) / (high - low) * (CHART_H - 12)

    points = [f"{4 + i * step:.1f},{y(v):.1f}" for i, v in enumerate(values) if v is not None]
    return Chart(label, points=" ".join(points))


def bar_chart(values: list[int], labels: list[str], label: str) -> Chart:
    """Vertical bars, one per month, labelled underneath."""
    top = max(values) or 1
    slot = CHART_W / max(len(values), 1)
    bars = []
    for i, (value, text) in enumerate(zip(values, labels, strict=True)):
        height = value / top * (CHART_H - 22)
        bars.append(
            {
                "x": round(i * slot + slot * 0.15, 1),
                "y": round(CHART_H - 14 - height, 1),
                "w": round(slot * 0.7, 1),
                "h": round(height, 1),
                "label": text,
                "label_x": round(i * slot + slot / 2, 1),
                "value": value,
            }
        )
    return Chart(label, bars=bars)


def progress_chart(progress: list[Progress], label: str) -> Chart:
    """One horizontal bar per target: % achieved (capped at the goal)."""
    row_h = 16
    rows = [
        {
            "y": i * row_h,
            "w": round(p.bar_value / 100 * (CHART_W - 60), 1),
            "name": p.target.short_name,
            "text": p.achieved_text,
            "met": p.met,
        }
        for i, p in enumerate(progress)
    ]
    return Chart(label, height=max(row_h * len(rows), row_h), rows=rows)


def _series(unit_id: int, code: str, ends: list[date]) -> list[float | None]:
    """The value of ``code`` at each month end (balances: the period is the year so far)."""
    start = date(ends[-1].year, 1, 1)
    series: list[float | None] = []
    for end in ends:
        value = compute(unit_id, Period(start, end), {code}).raw.get(code)
        series.append(None if value is None else float(value))
    return series


def _monthly_counts(unit_id: int, code: str, ends: list[date]) -> list[int]:
    counts = []
    for end in ends:
        value = compute(unit_id, Period(end.replace(day=1), end), {code}).raw.get(code)
        counts.append(int(value or 0))
    return counts


def build_dashboard(user: User, today: date) -> Dashboard:
    """The tiles of the home page for ``user``'s scope, year to ``today``."""
    unit = dashboard_unit(user)
    if unit is None:
        return Dashboard(None, today.year, [])
    year = Period(date(today.year, 1, 1), today)
    month = Period(today.replace(day=1), today)
    ends = _month_ends(today)
    values = compute(unit.id, year, {"members.total", "loans.outstanding_vnd"})
    this_month = compute(unit.id, month, {"activities.count", "activities.participants"})
    tiles = []

    def shown(vals, code: str) -> str:
        return vals.formatted.get(code) or "—"

    members = Tile(_("Hội viên"), shown(values, "members.total"), href=_link("members.index"))
    if find("members.total"):
        members.chart = line_chart(
            _series(unit.id, "members.total", ends), _("Số hội viên cuối mỗi tháng trong năm")
        )
    tiles.append(members)

    loans = Tile(_("Dư nợ"), shown(values, "loans.outstanding_vnd"), href=_link("loans.index"))
    if find("loans.outstanding_vnd"):
        loans.chart = line_chart(
            _series(unit.id, "loans.outstanding_vnd", ends), _("Dư nợ cuối mỗi tháng trong năm")
        )
    tiles.append(loans)

    participants = this_month.formatted.get("activities.participants")
    activities = Tile(
        _("Hoạt động tháng này"),
        shown(this_month, "activities.count"),
        note=_("%(n)s lượt người tham gia", n=participants) if participants else "",
        href=_link("activities.index", year=today.year, month=today.month),
    )
    if find("activities.count"):
        counts = _monthly_counts(unit.id, "activities.count", ends)
        activities.chart = bar_chart(
            counts, [str(m) for m in MONTHS[: len(counts)]], _("Số hoạt động mỗi tháng trong năm")
        )
    tiles.append(activities)

    term = running_term(unit.id, today)
    targets = Tile(_("Chỉ tiêu có nguy cơ không đạt"), "—", href=_link("activities.targets"))
    if term is not None:
        progress = term_progress(term, today)
        met = sum(p.met for p in progress)
        targets.value = str(sum(p.at_risk for p in progress))
        targets.note = _(
            "%(met)s/%(n)s chỉ tiêu đạt và vượt · %(term)s",
            met=met,
            n=len(progress),
            term=term.display_name,
        )
        targets.href = _link("activities.targets", term=term.id)
        if progress:
            targets.chart = progress_chart(progress, _("Tiến độ từng chỉ tiêu so với mục tiêu"))
    tiles.append(targets)
    return Dashboard(unit, today.year, tiles)
