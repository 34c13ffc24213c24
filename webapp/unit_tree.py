"""The current unit tree as plain rows, read once per process while the units table is unchanged.

Every list page asks which units the user may see (:func:`webapp.scope.scoped_by_ids`) and most
show a unit filter; for a province of a hundred communes and their branches, loading those units
as ORM objects and walking a recursive CTE cost more than the page's own rows. Here the tree is
kept per database as tuples, and checked on each request with one aggregate over the units table
(count, highest id, latest ``updated_at``): any insert, update or delete of a unit changes it, in
this process or another (gunicorn workers, the Celery worker).
"""

from __future__ import annotations

import threading
from datetime import date
from typing import NamedTuple

from flask import g, has_app_context
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Unit
from webapp.models.units import UnitKind, unit_level_word


class UnitRow(NamedTuple):
    """What the scope and the unit pickers read of a unit."""

    id: int
    parent_id: int | None
    name: str
    kind: UnitKind
    kind_word: str
    retired_on: date | None

    @property
    def is_retired(self) -> bool:
        return self.retired_on is not None

    @property
    def full_name(self) -> str:
        """As :attr:`webapp.models.Unit.full_name`: "Chi hội An Cư 2", "Phường Thành Sen"."""
        return f"{unit_level_word(self.kind, self.kind_word)} {self.name}"


class Tree(NamedTuple):
    """Every unit in tree order (parents first, siblings by name) with its depth."""

    rows: dict[int, UnitRow]
    ordered: list[tuple[UnitRow, int]]
    children: dict[int | None, list[int]]
    # Subtrees already walked, by unit id: the tree never changes once read (a new version is
    # a new Tree), and a province's 6.000 units took 6 ms to walk, several times a request.
    subtrees: dict[int, list[tuple[UnitRow, int]]]
    subtree_sets: dict[int, frozenset[int]]  # the same, as sets of ids (for "may she see it")


_trees: dict[str, tuple[tuple, Tree]] = {}
_lock = threading.Lock()
_REQUEST_KEY = "_unit_tree"


def current_tree() -> Tree:
    """The tree as the database holds it now (checked once per request)."""
    if has_app_context() and (tree := g.get(_REQUEST_KEY)) is not None:
        return tree
    version = tuple(
        db.session.execute(
            select(func.count(), func.max(Unit.id), func.max(Unit.updated_at)).select_from(Unit)
        ).one()
    )
    database = str(db.engine.url)
    with _lock:
        kept = _trees.get(database)
    if kept is not None and kept[0] == version:
        tree = kept[1]
    else:
        tree = _read_tree()
        with _lock:
            _trees[database] = (version, tree)
    if has_app_context():
        setattr(g, _REQUEST_KEY, tree)
    return tree


def forget_for_request() -> None:
    """Read the tree again on the next call of this request (a unit was written)."""
    if has_app_context():
        g.pop(_REQUEST_KEY, None)


def subtree(tree: Tree, unit_id: int) -> list[tuple[UnitRow, int]]:
    """``unit_id`` (depth 0) and every unit below it with its depth, in tree order (the same
    list on every call for the same tree: do not change it)."""
    found = tree.subtrees.get(unit_id)
    if found is None:
        found = tree.subtrees[unit_id] = _walk(tree, unit_id)
    return found


def subtree_ids(tree: Tree, unit_id: int) -> frozenset[int]:
    """The ids of :func:`subtree`, as a set kept with the tree."""
    found = tree.subtree_sets.get(unit_id)
    if found is None:
        found = tree.subtree_sets[unit_id] = frozenset(row.id for row, _ in subtree(tree, unit_id))
    return found


def _walk(tree: Tree, unit_id: int) -> list[tuple[UnitRow, int]]:
    found: list[tuple[UnitRow, int]] = []
    stack = [(unit_id, 0)] if unit_id in tree.rows else []
    while stack:
        current, depth = stack.pop()
        found.append((tree.rows[current], depth))
        stack.extend((child, depth + 1) for child in reversed(tree.children.get(current, [])))
    return found


def _read_tree() -> Tree:
    rows = {
        r.id: UnitRow(*r)
        for r in db.session.execute(
            select(
                Unit.id, Unit.parent_id, Unit.name, Unit.kind, Unit.kind_word, Unit.retired_on
            ).order_by(Unit.name, Unit.id)
        )
    }
    children: dict[int | None, list[int]] = {}
    for row in rows.values():
        parent = row.parent_id if row.parent_id in rows else None
        children.setdefault(parent, []).append(row.id)
    ordered: list[tuple[UnitRow, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for child in children.get(parent_id, []):
            ordered.append((rows[child], depth))
            walk(child, depth + 1)

    walk(None, 0)
    return Tree(rows, ordered, children, {}, {})
