"""The home page's key figures for the user's scope and the current year, with small charts
drawn as inline SVG by the server (no script, no library, nothing from a CDN).

Figures are read by indicator code; a figure without a value shows "—". Each tile links to
its page.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.indicators import Period, Values, compute
from webapp.indicators.series import month_periods, series
from webapp.indicators.targets import Progress, running_term, term_progress
from webapp.models import Unit, User
from webapp.models.audit import AuditEntry

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


def progress_chart(progress: list[Progress] | list[_TargetRow], label: str) -> Chart:
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


@dataclass(frozen=True)
class _TargetRow:
    """What the dashboard shows of one target's progress (plain values: safe to keep between
    requests, unlike the ORM objects :class:`Progress` holds)."""

    short_name: str
    bar_value: float
    achieved_text: str
    met: bool
    at_risk: bool

    @property
    def target(self) -> _TargetRow:  # progress_chart() reads ``p.target.short_name``
        return self


@dataclass(frozen=True)
class Figures:
    """Everything the tiles print for one unit and day: computed, then cached briefly."""

    values: Values
    this_month: Values
    members: list[float | None] | None
    loans: list[float | None] | None
    activities: list[int] | None
    term: tuple[int, str] | None  # (id, display name) of the running term
    progress: tuple[_TargetRow, ...] = ()


_cache: dict[tuple, tuple[float, Figures]] = {}
_cache_lock = threading.Lock()
CACHE_ENTRIES = 512  # units × days kept at most (oldest dropped first)


def clear_cache() -> None:
    """Forget every cached dashboard (tests; a restore)."""
    with _cache_lock:
        _cache.clear()


def last_change() -> tuple:
    """Changes whenever any record changes: the audit trail's newest entry (every create,
    update, trash, restore and bulk statement of every register writes one, in the same
    transaction as the change), by id and time — the time tells apart two databases whose
    trails happen to end at the same id (emptied tables, a restore)."""
    row = db.session.execute(select(func.max(AuditEntry.id), func.max(AuditEntry.at))).one()
    return (row[0] or 0, row[1])


def figures(unit_id: int, today: date) -> Figures:
    """The dashboard's figures for ``unit_id`` on ``today``, from the cache while no record has
    changed since they were computed and they are younger than ``DASHBOARD_CACHE_SECONDS``."""
    ttl = current_app.config.get("DASHBOARD_CACHE_SECONDS", 60)
    # The term's name is written in the reader's language.
    key = (unit_id, today, str(get_locale()), last_change())
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    found = _compute_figures(unit_id, today)
    if ttl > 0:
        with _cache_lock:
            for old in [
                k for k, (expires, _f) in _cache.items() if expires <= now or k[:3] == key[:3]
            ]:
                del _cache[old]
            while len(_cache) >= CACHE_ENTRIES:
                del _cache[next(iter(_cache))]
            _cache[key] = (now + ttl, found)
    return found


def _compute_figures(unit_id: int, today: date) -> Figures:
    """The tiles' values (three queries), one query per chart, and the running term's targets."""
    year = Period(date(today.year, 1, 1), today)
    month = Period(today.replace(day=1), today)
    ends = _month_ends(today)
    values = compute(unit_id, year, {"members.total", "loans.outstanding_vnd"})
    this_month = compute(unit_id, month, {"activities.count", "activities.participants"})

    def chart(code: str, from_year_start: bool) -> list:
        return series(unit_id, code, month_periods(ends, from_year_start))

    counts = chart("activities.count", from_year_start=False)
    term = running_term(unit_id, today)
    progress: tuple[_TargetRow, ...] = ()
    if term is not None:
        progress = tuple(
            _TargetRow(p.target.short_name, p.bar_value, p.achieved_text, p.met, p.at_risk)
            for p in term_progress(term, today)
        )
    return Figures(
        values=values,
        this_month=this_month,
        members=chart("members.total", from_year_start=True),
        loans=chart("loans.outstanding_vnd", from_year_start=True),
        activities=None if counts is None else [int(v or 0) for v in counts],
        term=None if term is None else (term.id, term.display_name),
        progress=progress,
    )


def build_dashboard(user: User, today: date) -> Dashboard:
    """The tiles of the home page for ``user``'s scope, year to ``today``."""
    unit = dashboard_unit(user)
    if unit is None:
        return Dashboard(None, today.year, [])
    found = figures(unit.id, today)
    values, this_month = found.values, found.this_month
    tiles = []

    def shown(vals, code: str) -> str:
        return vals.formatted.get(code) or "—"

    # The union's figure leaves honorary members out; the member list counts them: say which.
    members = Tile(
        _("Hội viên"),
        shown(values, "members.total"),
        note=_("không kể hội viên danh dự"),
        href=url_for("members.index"),
    )
    if found.members is not None:
        members.chart = line_chart(found.members, _("Số hội viên cuối mỗi tháng trong năm"))
    tiles.append(members)

    loans = Tile(_("Dư nợ"), shown(values, "loans.outstanding_vnd"), href=url_for("loans.index"))
    if found.loans is not None:
        loans.chart = line_chart(found.loans, _("Dư nợ cuối mỗi tháng trong năm"))
    tiles.append(loans)

    participants = this_month.formatted.get("activities.participants")
    activities = Tile(
        _("Hoạt động tháng này"),
        shown(this_month, "activities.count"),
        note=_("%(n)s lượt người tham gia", n=participants) if participants else "",
        href=url_for("activities.index", year=today.year, month=today.month),
    )
    if found.activities is not None:
        counts = found.activities
        activities.chart = bar_chart(
            counts, [str(m) for m in MONTHS[: len(counts)]], _("Số hoạt động mỗi tháng trong năm")
        )
    tiles.append(activities)

    targets = Tile(_("Chỉ tiêu có nguy cơ không đạt"), "—", href=url_for("activities.targets"))
    if found.term is not None:
        term_id, term_name = found.term
        progress = list(found.progress)
        met = sum(p.met for p in progress)
        targets.value = str(sum(p.at_risk for p in progress))
        targets.note = _(
            "%(met)s/%(n)s chỉ tiêu đạt và vượt · %(term)s",
            met=met,
            n=len(progress),
            term=term_name,
        )
        targets.href = url_for("activities.targets", term=term_id)
        if progress:
            targets.chart = progress_chart(progress, _("Tiến độ từng chỉ tiêu so với mục tiêu"))
    tiles.append(targets)
    return Dashboard(unit, today.year, tiles)
