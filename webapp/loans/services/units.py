"""Which units a loans record reaches: the units above one (its banks and groups serve it), the
units below one (a portfolio's subtree), and the reference data (banks, programmes) a user may
read."""

from __future__ import annotations

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from webapp.models import Unit, User
from webapp.scope import visible_unit_ids


def ancestor_ids(unit_id: int) -> Select[tuple[int]]:
    """A SELECT of ``unit_id`` and every unit above it (recursive CTE)."""
    tree = (
        select(Unit.id, Unit.parent_id).where(Unit.id == unit_id).cte("ancestors", recursive=True)
    )
    tree = tree.union_all(select(Unit.id, Unit.parent_id).where(Unit.id == tree.c.parent_id))
    return select(tree.c.id)


def unit_subtree(unit_id: int) -> Select[tuple[int]]:
    """``unit_id`` and every unit below it, under a CTE name of its own so that it can sit in
    one statement beside the user's scope (webapp.scope names its CTE "subtree")."""
    tree = select(Unit.id).where(Unit.id == unit_id).cte("chosen_subtree", recursive=True)
    tree = tree.union_all(select(Unit.id).where(Unit.parent_id == tree.c.id))
    return select(tree.c.id)


def reference_scoped(stmt: Select, unit_column: InstrumentedAttribute, user: User) -> Select:
    """Restrict reference data (banks, programmes) to what ``user`` may read: the shared entries
    (no unit), those kept by a unit in the user's scope, or by a unit above the user's own (a
    district's local fund serves its communes and their branches)."""
    conditions = [unit_column.is_(None), unit_column.in_(visible_unit_ids(user))]
    if user.unit_id is not None:
        conditions.append(unit_column.in_(ancestor_ids(user.unit_id)))
    return stmt.where(or_(*conditions))
