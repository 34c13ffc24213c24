"""The unit tree page at scale (issue 13 §5): 150 communes × 40 branches stay usable.

Every list is built from the one query of :func:`webapp.scope.visible_units` (no query
per node). Children sit in a native ``<details>``: all open when the tree is small
(``UNIT_TREE_OPEN_MAX`` units); otherwise collapsed, and below the first level their rows are not
even sent: opening a unit fetches its children (``units.children``), so the page stays small
whatever the size of the province. The search ignores diacritics and case ("duc xuong" finds
"Đức Xương") and shows each match (at most ``UNIT_TREE_SEARCH_MAX``) with the units above it
open and its own children collapsed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Unit, UnitKind, User
from webapp.scope import visible_unit_ids
from webapp.text import search_key


@dataclass
class Node:
    """One unit of the page, its children, and how it is shown."""

    unit: Unit | TreeUnit
    children: list[Node] = field(default_factory=list)
    open: bool = False  # the <details> of its children starts open
    match: bool = False  # the unit's name matched the search
    lazy: bool = False  # its children are fetched when opened, not sent with the page

    @property
    def child_count(self) -> int:
        return len(self.children)


@dataclass
class Tree:
    roots: list[Node]  # what the page shows (after a search: only the way to each match)
    total: int  # units the user sees
    matches: int = 0  # units whose name matched (0 without a search)
    truncated: bool = False  # more matches than shown
    all_roots: list[Node] = field(default_factory=list)  # the whole tree


class TreeUnit:
    """A unit as the tree page shows it: the columns it needs, read as plain rows (building
    6.000 ORM objects was the slowest part of the page). Names and states are worded by the
    model's own properties, so the page says what every other page says."""

    __slots__ = ("id", "kind", "kind_word", "name", "parent_id", "retired_on")

    def __init__(self, id, name, kind, kind_word, parent_id, retired_on) -> None:
        self.id = id
        self.name = name
        self.kind = kind
        self.kind_word = kind_word or ""
        self.parent_id = parent_id
        self.retired_on = retired_on

    is_retired = property(Unit.is_retired.fget)  # type: ignore[attr-defined]
    level_word = property(Unit.level_word.fget)  # type: ignore[attr-defined]
    full_name = property(Unit.full_name.fget)  # type: ignore[attr-defined]


def tree_units(user: User) -> list[TreeUnit]:
    """Every unit the user sees, by name (one query)."""
    stmt = (
        select(Unit.id, Unit.name, Unit.kind, Unit.kind_word, Unit.parent_id, Unit.retired_on)
        .where(Unit.id.in_(visible_unit_ids(user)))
        .order_by(Unit.name)
    )
    return [TreeUnit(*row) for row in db.session.execute(stmt)]


def parent_choices(tree: Tree, open_max: int) -> list[tuple[int, str]]:
    """(id, indented name) of the units a new unit may be added under, in tree order. In a big
    tree (more than ``open_max`` units) only the levels above branches: thousands of options
    made the add form the slowest part of the page."""
    small = tree.total <= open_max
    out: list[tuple[int, str]] = []

    def walk(nodes: list[Node], depth: int) -> None:
        for node in nodes:
            unit = node.unit
            if unit.is_retired:
                continue
            if small or unit.kind not in (UnitKind.BRANCH, UnitKind.GROUP):
                out.append((unit.id, "\u2003" * depth + unit.full_name))
            walk(node.children, depth + 1)

    walk(tree.all_roots, 0)
    return out


def _nodes(units: list) -> tuple[list[Node], dict[int, Node]]:
    nodes = {u.id: Node(u) for u in units}
    roots: list[Node] = []
    for unit in units:
        parent = nodes.get(unit.parent_id) if unit.parent_id is not None else None
        (parent.children if parent is not None else roots).append(nodes[unit.id])
    return roots, nodes


def _lazy_below(nodes: list[Node], depth: int) -> None:
    """Children of nodes at ``depth`` or deeper are fetched on opening, not rendered."""
    for node in nodes:
        if depth <= 0:
            node.lazy = bool(node.children)
        else:
            _lazy_below(node.children, depth - 1)


def build_tree(units: list, q: str = "", open_max: int = 60, search_max: int = 200) -> Tree:
    """The page's tree of ``units`` (parents before children, as visible_units gives them),
    filtered by ``q`` when given."""
    roots, nodes = _nodes(units)
    key = search_key(q).strip()
    if not key:
        if len(units) <= open_max:
            for node in nodes.values():
                node.open = True
        else:
            _lazy_below(roots, 1)  # the roots' children are listed, collapsed
        return Tree(roots, len(units), all_roots=roots)
    found = [0]

    def prune(node: Node) -> Node | None:
        kept = [c for c in (prune(child) for child in node.children) if c is not None]
        match = key in search_key(node.unit.full_name) and found[0] < search_max
        if match:
            found[0] += 1
        if not match and not kept:
            return None
        if kept:  # an ancestor of a match: open, only the way down
            return Node(node.unit, kept, open=True, match=match)
        return Node(node.unit, node.children, match=True, lazy=bool(node.children))

    pruned = [n for n in (prune(r) for r in roots) if n is not None]
    total_matches = sum(1 for u in units if key in search_key(u.full_name))
    return Tree(pruned, len(units), total_matches, total_matches > search_max, roots)


def children_of(units: list, unit_id: int) -> list[Node]:
    """The children of ``unit_id`` (for the page's lazy <details>), theirs fetched in turn."""
    _roots, nodes = _nodes(units)
    node = nodes.get(unit_id)
    if node is None:
        return []
    _lazy_below(node.children, 0)
    return node.children
