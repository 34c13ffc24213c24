"""The trash: deleted records stay in the database, hidden, and can be restored.

A session hook adds ``deleted_at IS NULL`` for every model with :class:`RecordMixin` to every ORM
query (lists, ``session.get``, indicator aggregates), unless the query asks for
``execution_options(include_deleted=True)`` (the trash page and restore do).

Records that belong together leave and come back together: they are trashed at the same instant
(``move_to_trash(..., at=)``) and an area registers with :func:`after_restore` what must come back
with a restored record (a distribution and its gifts, webapp/charity/services/gifts.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from webapp.models.base import RecordMixin, utcnow


@event.listens_for(Session, "do_orm_execute")
def _hide_trashed(state: ORMExecuteState) -> None:
    if (
        state.is_select
        and not state.is_column_load
        and not state.is_relationship_load
        and not state.execution_options.get("include_deleted", False)
    ):
        state.statement = state.statement.options(
            with_loader_criteria(
                RecordMixin, lambda cls: cls.deleted_at.is_(None), include_aliases=True
            )
        )


def move_to_trash(record: RecordMixin, at: datetime | None = None) -> datetime:
    """Hide the record from lists and indicators; it can be restored. ``at``: the instant of a
    trashing that takes several records at once. Returns the instant."""
    record.deleted_at = at or utcnow()
    return record.deleted_at


def restore(record: RecordMixin) -> None:
    """Bring a trashed record back."""
    record.deleted_at = None


_AFTER_RESTORE: dict[type, Callable[[Any, datetime], None]] = {}
_BEFORE_RESTORE: dict[type, Callable[[Any], None]] = {}


def before_restore(model: type) -> Callable[[Callable[[Any], None]], Any]:
    """Register ``check(record)``, run before the trash page restores a ``model`` record; it
    raises :class:`webapp.refusals.RecordError` when the record cannot come back as it is
    (what it held while live was given to another record meanwhile)."""

    def register(check: Callable[[Any], None]) -> Callable[[Any], None]:
        _BEFORE_RESTORE[model] = check
        return check

    return register


def check_restore(record: RecordMixin) -> None:
    """Run the check registered for the record's model (nothing when there is none)."""
    check = _BEFORE_RESTORE.get(type(record))
    if check is not None:
        check(record)


def after_restore(model: type) -> Callable[[Callable[[Any, datetime], None]], Any]:
    """Register ``hook(record, trashed_at)``, run when the trash page restores a ``model`` record,
    to bring back what must come back with it."""

    def register(hook: Callable[[Any, datetime], None]) -> Callable[[Any, datetime], None]:
        _AFTER_RESTORE[model] = hook
        return hook

    return register


def restore_related(record: RecordMixin, trashed_at: datetime) -> None:
    """Run the hook registered for the record's model (nothing when there is none)."""
    hook = _AFTER_RESTORE.get(type(record))
    if hook is not None:
        hook(record, trashed_at)
