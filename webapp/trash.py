"""The trash: deleted records stay in the database, hidden, and can be restored.

A session hook adds ``deleted_at IS NULL`` for every model with :class:`RecordMixin` to every ORM
query (lists, ``session.get``, indicator aggregates), unless the query asks for
``execution_options(include_deleted=True)`` (the trash page and restore do).
"""

from __future__ import annotations

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


def move_to_trash(record: RecordMixin) -> None:
    """Hide the record from lists and indicators; it can be restored."""
    record.deleted_at = utcnow()


def restore(record: RecordMixin) -> None:
    """Bring a trashed record back."""
    record.deleted_at = None
