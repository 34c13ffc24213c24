"""Which units a user may see: the one place that decides it.

Every query for records of any area goes through :func:`visible_unit_ids` (usually via
:func:`scoped` or :func:`get_scoped_or_404`); views never filter by unit by hand.
"""

from __future__ import annotations

from typing import Any, TypeVar

from flask import abort
from sqlalchemy import Select, literal, select
from sqlalchemy.orm import InstrumentedAttribute

from webapp.extensions import db
from webapp.models import Role, Unit, User

T = TypeVar("T")


def subtree_ids(unit_id: int) -> Select[tuple[int]]:
    """A SELECT of ``unit_id`` and every unit below it (recursive CTE; SQLite and PostgreSQL)."""
    tree = select(literal(unit_id).label("id")).cte("subtree", recursive=True)
    tree = tree.union_all(select(Unit.id).where(Unit.parent_id == tree.c.id))
    return select(tree.c.id)


def visible_unit_ids(user: User) -> Select[tuple[int]]:
    """A SELECT of the ids of every unit ``user`` may see: the subtree of the user's unit.

    Admins without a unit see the whole tree; anybody else without a unit sees nothing.
    """
    if user.role is Role.ADMIN and user.unit_id is None:
        return select(Unit.id)
    if user.unit_id is None:
        return select(Unit.id).where(literal(False))
    return subtree_ids(user.unit_id)


def can_see_unit(user: User, unit_id: int | None) -> bool:
    """True when ``unit_id`` lies in the user's scope."""
    if unit_id is None:
        return False
    stmt = select(literal(True)).where(literal(unit_id).in_(visible_unit_ids(user)))
    return bool(db.session.scalar(stmt))


def can_write_unit(user: User, unit_id: int | None) -> bool:
    """True when the user may change records of ``unit_id`` (in scope, and not read-only)."""
    return user.role.can_write and can_see_unit(user, unit_id)


def scoped(stmt: Select[Any], unit_column: InstrumentedAttribute[Any], user: User) -> Select[Any]:
    """Restrict ``stmt`` to rows whose ``unit_column`` lies in the user's scope."""
    return stmt.where(unit_column.in_(visible_unit_ids(user)))


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
