"""The province's view (issue 13 §4): for a period and a report kind, every commune-level union
under a province (or district) union — its report sent or not, when, its number, the figures
changed since sending — and a roll-up of key indicators per commune, sortable and exportable.

Scope: the chosen unit must lie in the user's scope (webapp/scope.py), and only communes of its
subtree are listed. Cost: the roll-up's indicators are computed per commune through the registry
(about 25 queries each: O(communes), acceptable for now; a set-based roll-up per indicator group
would make it constant). "Figures changed since sending" recomputes every indicator of a sent
report (0,2–0,4 s each), so the page fetches it per row as the row scrolls into view
(:func:`changes_of`), never for all communes in one request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, not_, or_, select
from sqlalchemy.orm import aliased

from webapp.extensions import db
from webapp.formatting import local_today, local_tz
from webapp.indicators import REGISTRY, Period, compute
from webapp.models import Unit, UnitKind, User
from webapp.models.reports import ReportDraft, ReportKind
from webapp.models.units import UnitMerge
from webapp.reports.services.sending import Changed, figures_changed_since_sent
from webapp.scope import can_see_unit, parent_on, subtree_ids_on
from webapp.spreadsheets import XlsxWriter

# The roll-up's columns: (key, indicator code). Their labels come from the registry.
ROLLUP: tuple[tuple[str, str], ...] = (
    ("members", "members.total"),
    ("gathering_rate", "members.gathering_rate"),
    ("outstanding", "loans.outstanding_vnd"),
    ("overdue_ratio", "loans.overdue_ratio"),
    ("targets_reached", "targets.reached"),
)
EXTRA_CODES = ("targets.total",)
SORT_KEYS = ("name", "sent", *(key for key, _code in ROLLUP))


def is_commune_level(unit: Unit) -> bool:
    """A commune-level union (xã, phường, đặc khu, thị trấn): the level that sends reports up."""
    return unit.kind is UnitKind.COMMUNE


@dataclass
class CommuneRow:
    """One commune's line on the page."""

    unit: Unit
    draft: ReportDraft | None
    changed: list[Changed] = field(default_factory=list)
    raw: dict[str, object] = field(default_factory=dict)
    formatted: dict[str, str] = field(default_factory=dict)

    @property
    def sent_at(self) -> datetime | None:
        return self.draft.sent_at if self.draft is not None else None

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    @property
    def targets_total(self) -> object:
        return self.raw.get("targets.total")


@dataclass
class ProvinceView:
    root: Unit
    kind: ReportKind
    period: Period
    rows: list[CommuneRow]

    @property
    def sent_count(self) -> int:
        return sum(1 for r in self.rows if r.is_sent)


def communes_under(root_id: int, period: Period) -> list[Unit]:
    """Commune-level units of ``root_id``'s subtree as the tree was at the period's end, active
    during ``period``.

    Each record is counted once across the rows: a commune merged on or before the end is left
    out (its successor's figures hold its records), and a successor whose merges all come after
    the end is left out when it had no branch of its own then (it did not exist yet: a unit has
    no creation date, and a new successor's branches all hang under it from the merge).
    """
    end = period.end
    commune = aliased(Unit, name="commune")
    merged_away = select(UnitMerge.predecessor_id).where(UnitMerge.merged_on <= end)
    successor_later = select(UnitMerge.successor_id).where(UnitMerge.merged_on > end)
    successor_before = select(UnitMerge.successor_id).where(UnitMerge.merged_on <= end)
    with_branches = select(parent_on(end)).where(Unit.kind == UnitKind.BRANCH)
    not_yet = and_(
        commune.id.in_(successor_later),
        commune.id.not_in(successor_before),
        commune.id.not_in(with_branches),
    )
    stmt = (
        select(commune)
        .where(
            commune.id.in_(subtree_ids_on(root_id, end)),
            commune.kind == UnitKind.COMMUNE,
            or_(commune.retired_on.is_(None), commune.retired_on > period.start),
            commune.id.not_in(merged_away),
            not_(not_yet),
        )
        .order_by(commune.name)
    )
    return list(db.session.scalars(stmt))


def _drafts(unit_ids: list[int], kind: ReportKind, period: Period) -> dict[int, ReportDraft]:
    """Each commune's report of this kind for the period starting on ``period.start``: the sent
    one if any, else the latest draft."""
    if not unit_ids:
        return {}
    stmt = (
        select(ReportDraft)
        .where(
            ReportDraft.unit_id.in_(unit_ids),
            ReportDraft.kind == kind,
            ReportDraft.period_start == period.start,
        )
        .order_by(ReportDraft.id)
    )
    chosen: dict[int, ReportDraft] = {}
    for draft in db.session.scalars(stmt):
        current = chosen.get(draft.unit_id)
        if current is None or current.sent_at is None or draft.sent_at is not None:
            chosen[draft.unit_id] = draft
    return chosen


def province_view(
    user: User, root_id: int, kind: ReportKind, period: Period, sort: str = "name", desc=False
) -> ProvinceView | None:
    """The page's content, or None when ``root_id`` is outside the user's scope."""
    if not can_see_unit(user, root_id):
        return None
    root = db.session.get(Unit, root_id)
    if root is None:
        return None
    communes = communes_under(root_id, period)
    drafts = _drafts([c.id for c in communes], kind, period)
    codes = {code for _key, code in ROLLUP} | set(EXTRA_CODES)
    rows = []
    for commune in communes:  # one registry computation per commune (see the module note)
        values = compute(commune.id, period, codes)
        draft = drafts.get(commune.id)
        rows.append(CommuneRow(commune, draft, [], dict(values.raw), dict(values.formatted)))
    sort_rows(rows, sort, desc)
    return ProvinceView(root, kind, period, rows)


def changes_of(draft: ReportDraft) -> list[Changed]:
    """Figures of a sent report that differ today (the report page's own service)."""
    return figures_changed_since_sent(draft) if draft.sent_at else []


def sort_rows(rows: list[CommuneRow], sort: str, desc: bool) -> None:
    """Sort in place by a column; empty values last whichever the direction."""
    codes = dict(ROLLUP)

    def value(row: CommuneRow):
        if sort == "sent":
            return row.sent_at
        if sort in codes:
            v = row.raw.get(codes[sort])
            return float(v) if isinstance(v, int | float) or hasattr(v, "__float__") else None
        return None

    if sort not in SORT_KEYS or sort == "name":
        rows.sort(key=lambda r: r.unit.name.casefold(), reverse=desc)
        return
    present = [r for r in rows if value(r) is not None]
    missing = [r for r in rows if value(r) is None]
    present.sort(key=value, reverse=desc)  # type: ignore[arg-type]
    rows[:] = present + sorted(missing, key=lambda r: r.unit.name.casefold())


def labels() -> dict[str, str]:
    """The roll-up columns' labels (the registry's, Vietnamese)."""
    from webapp.indicators import ensure_loaded

    ensure_loaded()
    return {key: REGISTRY.indicators[code].label for key, code in ROLLUP}


def export_xlsx(view: ProvinceView) -> bytes:
    """The page as a spreadsheet: one row per commune, values as numbers."""
    names = labels()
    out = XlsxWriter()
    out.add_sheet("Tình hình báo cáo", widths=(30, 12, 18, 12, 14))  # vi-only
    out.append(
        [
            f"{view.kind.document_label} — {view.root.full_name}",  # vi-only
            f"{view.period.start:%d/%m/%Y} – {view.period.end:%d/%m/%Y}",
        ],
        bold=True,
    )
    out.append(
        [
            "Đơn vị",  # vi-only
            "Đã gửi",  # vi-only
            "Thời điểm gửi",  # vi-only
            "Số báo cáo",  # vi-only
            *(names[key] for key, _code in ROLLUP),
            "Tổng số chỉ tiêu",  # vi-only
        ],
        bold=True,
    )
    for row in view.rows:
        d = row.draft
        out.append(
            [
                row.unit.full_name,
                "x" if row.is_sent else "",
                _local(row.sent_at),
                d.number_symbol if d is not None else "",
                *(_number(row.raw.get(code)) for _key, code in ROLLUP),
                _number(row.targets_total),
            ]
        )
    return out.to_bytes()


def _local(moment: datetime | None) -> datetime | None:
    """A stored UTC time as the union's wall-clock time (a spreadsheet has no time zones)."""
    if moment is None:
        return None
    return moment.astimezone(local_tz()).replace(tzinfo=None)


def _number(value: object) -> object:
    if value is None or isinstance(value, int | float):
        return value
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)


def default_root(user: User) -> int | None:
    """The unit the page opens on: the user's own, or (an admin of the whole tree) the first
    province."""
    if user.unit_id is not None:
        return user.unit_id
    return db.session.scalar(
        select(Unit.id).where(Unit.parent_id.is_(None)).order_by(Unit.kind, Unit.id)
    )


def root_choices(user: User) -> list[tuple[int, str]]:
    """Units above commune level the user may choose (province, district)."""
    from webapp.scope import visible_unit_ids

    stmt = (
        select(Unit)
        .where(
            Unit.id.in_(visible_unit_ids(user)),
            Unit.kind.in_([UnitKind.PROVINCE, UnitKind.DISTRICT]),
        )
        .order_by(Unit.kind, Unit.name)
    )
    return [(u.id, u.full_name) for u in db.session.scalars(stmt)]


def this_year() -> int:
    """The current year in the union's time zone."""
    return local_today().year
