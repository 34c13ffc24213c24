"""Which units a user may see, and which units count for a report: the one place that decides it.

Every query for records of any area goes through :func:`visible_unit_ids` (usually via
:func:`scoped` or :func:`get_scoped_or_404`); views never filter by unit by hand. Access follows
the current tree. Figures follow the tree as it was on the dates that matter:
:func:`subtree_ids_on` and :class:`DatedUnits` (docs/STRUCTURE.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any, TypeVar

from flask import abort, current_app, g, has_app_context
from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    event,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    true,
    union,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from webapp import unit_tree
from webapp.extensions import db
from webapp.models import Role, Unit, User
from webapp.models.members import Member, MemberBranchLink
from webapp.models.units import UnitMerge, UnitParentLink

T = TypeVar("T")


def subtree_ids(unit_id: int) -> Select[tuple[int]]:
    """A SELECT of ``unit_id`` and every unit below it (recursive CTE; SQLite and PostgreSQL)."""
    tree = select(literal(unit_id).label("id")).cte("subtree", recursive=True)
    tree = tree.union_all(select(Unit.id).where(Unit.parent_id == tree.c.id))
    return select(tree.c.id)


def parent_on(on: date) -> ColumnElement[Any]:
    """SQL for a ``Unit`` row: its parent id on ``on`` (its earliest past link ending after
    ``on``, else its current parent)."""
    later = and_(UnitParentLink.unit_id == Unit.id, UnitParentLink.valid_to > on)
    past = (
        select(UnitParentLink.parent_id)
        .where(later)
        .order_by(UnitParentLink.valid_to)
        .limit(1)
        .scalar_subquery()
    )
    return case((exists().where(later), past), else_=Unit.parent_id)


def _edges_on(on: date):
    """(child, parent) of the tree as it was on ``on``, plus (predecessor, successor) of the
    merges made after ``on``."""
    return union_all(
        select(Unit.id.label("child"), parent_on(on).label("parent")),
        select(UnitMerge.predecessor_id, UnitMerge.successor_id).where(UnitMerge.merged_on > on),
    ).subquery("edges")


def subtree_ids_on(unit_id: int, on: date) -> Select[tuple[int]]:
    """A SELECT of ``unit_id`` and every unit below it as the tree was on ``on``, plus the
    subtrees (as they were on ``on``) of units merged into any of them after ``on``: a record
    of such a unit counts for its successor, and for the old tree too."""
    edges = _edges_on(on)
    # One name per (unit, day): a query over several segments holds several of these.
    name = f"dated_subtree_{unit_id}_{on:%Y%m%d}"
    tree = select(literal(unit_id).label("id")).cte(name, recursive=True)
    # UNION (not UNION ALL): a unit reached twice (its tree and a merge) is listed once.
    tree = tree.union(select(edges.c.child).where(edges.c.parent == tree.c.id))
    return select(tree.c.id)


def subtrees_on(unit_ids: list[int], on: date) -> Select[tuple[int, int]]:
    """A SELECT of (``root``, ``id``): each of ``unit_ids`` with every unit of its subtree as
    :func:`subtree_ids_on` gives it, for all of them in one recursive walk (a province's
    150 communes in one query, not 150 walks)."""
    edges = _edges_on(on)
    roots = select(Unit.id.label("root"), Unit.id.label("id")).where(Unit.id.in_(unit_ids))
    tree = roots.cte(f"dated_subtrees_{on:%Y%m%d}", recursive=True)
    tree = tree.union(select(tree.c.root, edges.c.child).where(edges.c.parent == tree.c.id))
    return select(tree.c.root, tree.c.id)


def current_tree(ids: list[int]) -> Select[tuple[int]]:
    """A SELECT of the units ``ids`` (a subtree read beforehand), to use as the recursive CTE
    :func:`subtree_ids` is used: PostgreSQL estimates a recursive CTE at 481 rows whatever the
    tree (5 for a commune, 101 for a district), and planned a commune's indicators as if it held
    half the province's records; a list of ids it counts exactly."""
    return select(Unit.id).where(in_ids(Unit.id, ids))


def _aggregated_ids(ids: Select[tuple[int]]) -> Any:
    """The ids of ``ids`` as one value of a row (an array; a comma-separated text on SQLite)."""
    sub = ids.subquery()
    if db.session.get_bind().dialect.name == "postgresql":
        return select(func.array_agg(sub.c.id)).scalar_subquery()
    return select(func.group_concat(sub.c.id)).scalar_subquery()


def _id_list(value: Any) -> list[int]:
    if value is None:
        return []
    if isinstance(value, str):
        return [int(x) for x in value.split(",")]
    return [int(x) for x in value]


def change_dates(after: date, up_to: date) -> list[date]:
    """The days in (``after``, ``up_to``] on which the dated tree changed (a move or a merge)."""
    moves = select(UnitParentLink.valid_to.label("d")).where(
        UnitParentLink.valid_to > after, UnitParentLink.valid_to <= up_to
    )
    merges = select(UnitMerge.merged_on.label("d")).where(
        UnitMerge.merged_on > after, UnitMerge.merged_on <= up_to
    )
    return sorted(set(db.session.scalars(union(moves, merges))))


@dataclass(frozen=True)
class Segment:
    """Days ``start`` ≤ d < ``stop`` (None: unbounded) on which the unit set is ``unit_ids``."""

    start: date | None
    stop: date | None
    unit_ids: Select[tuple[int]]

    def holds(self, on: Any) -> ColumnElement[bool]:
        conditions = []
        if self.start is not None:
            conditions.append(on >= self.start)
        if self.stop is not None:
            conditions.append(on < self.stop)
        return and_(true(), *conditions)


@dataclass(frozen=True)
class DatedUnits:
    """The units that count for one unit over a span of days, and how a record picks them.

    ``unit_ids`` lists every unit that counts on some day of the span (use it to narrow a query);
    :meth:`on` adds the condition that a record's unit counted on the record's date (a flow) or
    on the as-of date (a stock). When nothing moved during the span there is one segment and
    :meth:`on` is TRUE, so a query is exactly what it was before the tree had dates.
    """

    unit_id: int
    segments: tuple[Segment, ...]
    members_moved: bool  # some member changed branch during the span
    # The span's units are every unit of the instance (the province of a one-province
    # instance): a condition on the unit then holds for every record and is left out.
    every_unit: bool = False

    @classmethod
    def over(cls, unit_id: int, first: date, last: date) -> DatedUnits:
        """The unit's dated units for the days ``first`` … ``last``."""
        # One query in the usual case: when no unit link ends and no merge happens after
        # ``first``, the tree of every day of the span is the current tree, read by the same
        # query and listed by id (see current_tree).
        row = db.session.execute(
            select(
                select(func.max(UnitParentLink.valid_to)).scalar_subquery(),
                select(func.max(UnitMerge.merged_on)).scalar_subquery(),
                exists().where(MemberBranchLink.valid_to > first),
                _aggregated_ids(subtree_ids(unit_id)),
                select(func.count()).select_from(Unit).scalar_subquery(),
            )
        ).one()
        latest = max((d for d in row[:2] if d is not None), default=None)
        cuts = change_dates(first, last) if latest is not None and latest > first else []
        bounds = [None, *cuts, None]
        ids = _id_list(row[3])
        current = current_tree(ids)

        def tree_on(on: date) -> Select[tuple[int]]:
            if latest is None or latest <= on:
                return current
            return subtree_ids_on(unit_id, on)

        segments = tuple(
            Segment(start, stop, tree_on(start or first)) for start, stop in pairwise(bounds)
        )
        return cls(unit_id, segments, bool(row[2]), len(segments) == 1 and len(ids) == row[4])

    @property
    def unit_ids(self) -> Select[tuple[int]]:
        """Every unit that counts on some day of the span."""
        if len(self.segments) == 1:
            return self.segments[0].unit_ids
        return select(union(*(s.unit_ids for s in self.segments)).subquery().c.id)

    def includes(self, unit_column: Any) -> ColumnElement[bool]:
        """The record whose unit is ``unit_column`` belongs to one of the units on some day of
        the span. Without a list of ids when they are every unit: a province's 6.000 ids made
        PostgreSQL join each of its 660.000 members to the units table."""
        if self.every_unit:
            return unit_column.is_not(None)
        return unit_column.in_(self.unit_ids)

    def on(self, unit_column: Any, on: Any) -> ColumnElement[bool]:
        """The record whose unit is ``unit_column`` counts on ``on`` (a date, or a date column
        of the record). TRUE when the tree did not change during the span."""
        if len(self.segments) == 1:
            return true()
        return or_(
            false(), *(and_(s.holds(on), unit_column.in_(s.unit_ids)) for s in self.segments)
        )

    def members(self) -> ColumnElement[bool]:
        """Narrows a query of ``Member`` rows to the members who were in one of the units on some
        day of the span (her current branch, or a past one)."""
        current = self.includes(Member.unit_id)
        if not self.members_moved or self.every_unit:
            return current
        past = select(MemberBranchLink.member_id).where(MemberBranchLink.unit_id.in_(self.unit_ids))
        return or_(current, Member.id.in_(past))

    def member_on(self, on: Any) -> ColumnElement[bool]:
        """The ``Member`` row was in one of the units on ``on`` (her branch as it was then).
        TRUE when neither the tree nor any member's branch changed during the span."""
        if not self.members_moved:
            return self.on(Member.unit_id, on)
        branch = func.coalesce(member_branch_on(on), Member.unit_id)
        if len(self.segments) == 1:
            return branch.in_(self.segments[0].unit_ids)
        return or_(false(), *(and_(s.holds(on), branch.in_(s.unit_ids)) for s in self.segments))


def member_branch_on(on: Any) -> Any:
    """SQL for a ``Member`` row: her branch on ``on`` if it was a past one (else NULL: her
    current branch, Member.unit_id)."""
    return (
        select(MemberBranchLink.unit_id)
        .where(MemberBranchLink.member_id == Member.id, MemberBranchLink.valid_to > on)
        .order_by(MemberBranchLink.valid_to)
        .limit(1)
        .scalar_subquery()
    )


def children_on(unit_id: int, on: date) -> Select[tuple[Unit]]:
    """A SELECT of the units directly below ``unit_id`` on ``on`` and active then, by name (a
    chart by branch of a 2023 report lists the branches of 2023)."""
    return (
        select(Unit)
        .where(
            parent_on(on) == unit_id,
            or_(Unit.retired_on.is_(None), Unit.retired_on > on),
        )
        .order_by(Unit.name)
    )


def unit_ids_for(unit_id: int, on: date) -> list[int]:
    """The ids of the units that count for ``unit_id`` for a record dated ``on``."""
    return list(db.session.scalars(subtree_ids_on(unit_id, on)))


def parent_unit_on(unit: Unit, on: date) -> Unit | None:
    """The unit's parent as it was on ``on`` (for the issuing-body lines of a document)."""
    link = db.session.scalar(
        select(UnitParentLink)
        .where(UnitParentLink.unit_id == unit.id, UnitParentLink.valid_to > on)
        .order_by(UnitParentLink.valid_to)
        .limit(1)
    )
    parent_id = link.parent_id if link is not None else unit.parent_id
    return db.session.get(Unit, parent_id) if parent_id else None


def visible_unit_ids(user: User) -> Select[tuple[int]]:
    """A SELECT of the ids of every unit ``user`` may see: the subtree of the user's unit.

    Admins without a unit see the whole tree; anybody else without a unit sees nothing.
    """
    if user.role is Role.ADMIN and user.unit_id is None:
        return select(Unit.id)
    if user.unit_id is None:
        return select(Unit.id).where(literal(False))
    return subtree_ids(user.unit_id)


# The units a user may see, read once per request (``g``) and forgotten when a unit changes.
_VISIBLE = "_scope_visible_units"


def _forget_visible_units(*_args) -> None:
    if has_app_context():
        g.pop(_VISIBLE, None)
        unit_tree.forget_for_request()


@event.listens_for(Session, "after_flush")
def _units_flushed(session: Session, _context) -> None:
    if any(isinstance(o, Unit) for o in (*session.new, *session.dirty, *session.deleted)):
        _forget_visible_units()


@event.listens_for(Session, "do_orm_execute")
def _units_written(state) -> None:
    # A bulk INSERT/UPDATE/DELETE of units through the session changes the tree too.
    if not state.is_select and any(getattr(m, "class_", None) is Unit for m in state.all_mappers):
        _forget_visible_units()


event.listen(Session, "after_commit", _forget_visible_units)
event.listen(Session, "after_soft_rollback", _forget_visible_units)


def visible_units(user: User) -> list[Unit]:
    """Every unit the user may see as ORM objects, ordered as a tree (parents before their
    children), read once per request. Pages that only show units or filter by them read
    :func:`visible_rows` instead, from the process's copy of the tree."""
    key = (user.id, user.role, user.unit_id)
    cached = g.get(_VISIBLE) if has_app_context() else None
    if cached is not None and cached[0] == key:
        return list(cached[1])
    ordered = _read_visible_units(user)
    if has_app_context():
        setattr(g, _VISIBLE, (key, ordered))
    return list(ordered)


def visible_ids(user: User) -> list[int]:
    """The ids of :func:`visible_units`, as a list: a query filtered by ``unit_id IN (1, 2, …)``
    gets an exact row estimate, where the recursive CTE's (481 units for 5) made PostgreSQL sort a
    whole province's members for one commune's page. Read from the process's copy of the tree
    (:mod:`webapp.unit_tree`), not as ORM objects."""
    return [row.id for row, _depth in visible_rows(user)]


def _visible_id_set(user: User) -> Collection[int]:
    """The ids of :func:`visible_rows` for membership tests, kept with the process's tree."""
    tree = unit_tree.current_tree()
    if user.role is Role.ADMIN and user.unit_id is None:
        return tree.rows.keys()
    if user.unit_id is None:
        return frozenset()
    return unit_tree.subtree_ids(tree, user.unit_id)


def visible_rows(user: User) -> list[tuple[unit_tree.UnitRow, int]]:
    """The units of :func:`visible_units` as plain rows with their depth, in the same order
    (without loading them as ORM objects: for pages that only show them)."""
    tree = unit_tree.current_tree()
    if user.role is Role.ADMIN and user.unit_id is None:
        return list(tree.ordered)
    if user.unit_id is None:
        return []
    return unit_tree.subtree(tree, user.unit_id)


def _read_visible_units(user: User) -> list[Unit]:
    units = db.session.scalars(
        select(Unit).where(Unit.id.in_(visible_unit_ids(user))).order_by(Unit.name)
    ).all()
    by_parent: dict[int | None, list[Unit]] = {}
    ids = {u.id for u in units}
    for unit in units:
        key = unit.parent_id if unit.parent_id in ids else None
        by_parent.setdefault(key, []).append(unit)
    ordered: list[Unit] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for unit in by_parent.get(parent_id, []):
            unit.depth = depth  # type: ignore[attr-defined]  # for indenting, not stored
            ordered.append(unit)
            walk(unit.id, depth + 1)

    walk(None, 0)
    return ordered


def unit_choices(user: User, include_retired: bool = False) -> list[tuple[int, str]]:
    """(id, indented label) pairs for a select box, in tree order."""
    return [
        _indented(row, depth)
        for row, depth in visible_rows(user)
        if include_retired or not row.is_retired
    ]


@dataclass(frozen=True)
class UnitFilter:
    """The options of a list's unit filter: (id, indented label) pairs in tree order, and
    whether some units were left out (then the options change with the unit chosen)."""

    choices: list[tuple[int, str]]
    trimmed: bool


def unit_filter(user: User, chosen: int | None = None, limit: int | None = None) -> UnitFilter:
    """The units a list can be narrowed to, retired ones included (their records stay).

    A scope of more than ``limit`` units (default: the ``UNIT_FILTER_LIMIT`` setting) lists its
    upper levels, as deep as fit in ``limit`` (a province: itself and its communes), plus the
    chosen unit's ancestors, itself and the units directly below it: choosing a commune offers
    its branches. Listing a province's 6.000 units made each of its list pages 300 KiB."""
    limit = current_app.config["UNIT_FILTER_LIMIT"] if limit is None else limit
    rows = visible_rows(user)
    shown_depth = _depth_that_fits(rows, limit)
    if shown_depth is None:
        return UnitFilter([_indented(row, depth) for row, depth in rows], False)
    chosen = chosen if chosen in _visible_id_set(user) else None
    path: set[int] = set()  # the chosen unit and its ancestors
    tree, unit_id = unit_tree.current_tree(), chosen
    while unit_id is not None and unit_id in tree.rows and unit_id not in path:
        path.add(unit_id)
        unit_id = tree.rows[unit_id].parent_id
    shown = [
        _indented(row, depth)
        for row, depth in rows
        if depth <= shown_depth or row.id in path or (chosen and row.parent_id == chosen)
    ]
    return UnitFilter(shown, True)


def upper_levels(
    rows: list[tuple[unit_tree.UnitRow, int]], limit: int | None = None
) -> tuple[list[tuple[unit_tree.UnitRow, int]], int]:
    """``rows`` (:func:`visible_rows`) down to the deepest level at which at most ``limit``
    (default: the ``UNIT_FILTER_LIMIT`` setting) are listed, and how many were left out."""
    limit = current_app.config["UNIT_FILTER_LIMIT"] if limit is None else limit
    shown_depth = _depth_that_fits(rows, limit)
    if shown_depth is None:
        return rows, 0
    shown = [(row, depth) for row, depth in rows if depth <= shown_depth]
    return shown, len(rows) - len(shown)


def _depth_that_fits(rows: list[tuple[unit_tree.UnitRow, int]], limit: int) -> int | None:
    """The deepest level down to which ``rows`` hold at most ``limit`` units (None: all fit)."""
    if len(rows) <= limit:
        return None
    per_depth = Counter(depth for _row, depth in rows)
    shown_depth, total = -1, 0
    for depth in sorted(per_depth):
        total += per_depth[depth]
        if total > limit:
            break
        shown_depth = depth
    return shown_depth


def _indented(row: unit_tree.UnitRow, depth: int) -> tuple[int, str]:
    return row.id, "\u2003" * depth + row.full_name


def can_see_unit(user: User, unit_id: int | None) -> bool:
    """True when ``unit_id`` lies in the user's scope."""
    if unit_id is None:
        return False
    # The process's copy of the tree answers without a query (a write checks it twice).
    return unit_id in _visible_id_set(user)


def can_write_unit(user: User, unit_id: int | None) -> bool:
    """True when the user may change records of ``unit_id`` (in scope, and not read-only)."""
    return user.role.can_write and can_see_unit(user, unit_id)


def scoped(stmt: Select[Any], unit_column: InstrumentedAttribute[Any], user: User) -> Select[Any]:
    """Restrict ``stmt`` to rows whose ``unit_column`` lies in the user's scope."""
    return stmt.where(unit_column.in_(visible_unit_ids(user)))


def scoped_by_ids(
    stmt: Select[Any], unit_column: InstrumentedAttribute[Any], user: User
) -> Select[Any]:
    """:func:`scoped` with the scope's ids listed (:func:`visible_ids`, read once per request):
    for a list paged over a large register, where the planner must know how many rows the scope
    holds to choose between an index in sort order and a sort.

    A scope holding every unit (a province's staff, in the province's own instance) is not
    listed: 6.000 ids written into each statement cost more than the page's rows."""
    if len(_visible_id_set(user)) == len(unit_tree.current_tree().rows):
        return stmt.where(unit_column.is_not(None))
    return stmt.where(in_ids(unit_column, visible_ids(user)))


def in_ids(column: Any, ids: list[int]) -> ColumnElement[bool]:
    """``column IN (1, 2, …)`` with the ids written into the statement, not sent as parameters:
    PostgreSQL then plans each tree for its own size (a parameter list is planned once for all
    after five runs, a province's as a commune's), and the driver has no placeholder per unit to
    parse on every request."""
    return column.in_(
        bindparam(
            "scope_ids", [int(i) for i in ids], expanding=True, literal_execute=True, unique=True
        )
    )


def get_scoped_or_404(model: type[T], record_id: int, user: User, unit_attr: str = "unit_id") -> T:
    """Load one record the user may see, or 404 — the same answer as for an id that does not exist,
    so ids outside the scope reveal nothing."""
    column = getattr(model, unit_attr)
    stmt = scoped(select(model).where(model.id == record_id), column, user)  # type: ignore[attr-defined]
    record = db.session.scalar(stmt)
    if record is None:
        abort(404)
    return record


def require_write(user: User, unit_id: int | None) -> None:
    """Abort with 403 unless the user may change records of ``unit_id``."""
    if not can_write_unit(user, unit_id):
        abort(403)
