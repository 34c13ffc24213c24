"""What the loans services share: the error type, the optimistic-lock check, and which banks,
programmes and groups a unit or a user may use."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from webapp.models import Unit, User
from webapp.scope import visible_unit_ids


def stale() -> str:
    """The message of a save based on an older version of the record."""
    return _("Bản ghi đã được người khác sửa; vui lòng tải lại trang.")


class LoansError(ValueError):
    """A refused change, with the form field it concerns and a message in the user's language."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def check_version(record, version: int | None) -> None:
    """Refuse a save that was based on an older version of ``record`` than the stored one."""
    if version is not None and record.version != version:
        raise LoansError("version", stale())


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


def whole_dong(value: object, field: str) -> int:
    """``value`` as whole đồng; floats and text are refused (money is never a float)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise LoansError(field, _("Số tiền phải là số nguyên đồng."))
    return value


def positive(value: int | None, field: str) -> int:
    """A required amount that must be above zero."""
    if value is None:
        raise LoansError(field, _("Vui lòng nhập số tiền."))
    value = whole_dong(value, field)
    if value <= 0:
        raise LoansError(field, _("Số tiền phải lớn hơn 0."))
    return value


def count_where(model, *conditions) -> int:
    """How many (untrashed) ``model`` rows match."""
    from webapp.extensions import db

    return db.session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0
