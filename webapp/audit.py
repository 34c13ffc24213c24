"""Recording every change of an audited model, at the session layer.

A model is audited when it has ``__audit_area__`` (every RecordMixin model has it: its area is
the name of its module) — a new area is covered by declaring its models, not by calling anything
in its views. After each flush, one audit row per changed object is inserted on the same
connection, so it commits or rolls back with the change itself.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import g, has_request_context
from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from webapp.models.audit import AuditEntry
from webapp.models.base import utcnow

# Never copied into the trail (only the fact that they changed).
SECRET_FIELDS = {"password_hash", "session_token"}
# Bookkeeping, not content.
IGNORED_FIELDS = {"updated_at", "version", "last_login_at"}


def audit_area(obj: object) -> str | None:
    return getattr(type(obj), "__audit_area__", None)


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} byte>"
    return value


def _columns(obj: object) -> list:
    return [attr for attr in inspect(obj).mapper.column_attrs if attr.key not in IGNORED_FIELDS]


def _snapshot(obj: object) -> dict[str, list]:
    return {
        attr.key: [None, "***" if attr.key in SECRET_FIELDS else _plain(getattr(obj, attr.key))]
        for attr in _columns(obj)
        if getattr(obj, attr.key) is not None
    }


def _diff(obj: object) -> dict[str, list]:
    state = inspect(obj)
    changes = {}
    for attr in _columns(obj):
        hist = state.attrs[attr.key].history
        if not hist.has_changes():
            continue
        before = hist.deleted[0] if hist.deleted else None
        after = hist.added[0] if hist.added else None
        if before == after:
            continue
        if attr.key in SECRET_FIELDS:
            changes[attr.key] = ["***", "*** (đã đổi)"]  # vi-only: stored in the audit row
        else:
            changes[attr.key] = [_plain(before), _plain(after)]
    return changes


def _actor() -> tuple[int | None, str | None]:
    if not has_request_context():
        return None, None
    from flask_login import current_user

    user_id = current_user.id if current_user and current_user.is_authenticated else None
    return user_id, g.get("audit_reason")


def _unit_id(obj: object) -> int | None:
    if type(obj).__name__ == "Unit":
        return getattr(obj, "id", None)
    return getattr(obj, "unit_id", None)


def _label(obj: object) -> str:
    for name in ("full_name", "name", "title", "username", "filename", "label"):
        value = getattr(obj, name, None)
        if isinstance(value, str) and value:
            return value[:200]
    return ""


@event.listens_for(Session, "after_flush")
def _record_changes(session: Session, flush_context: UOWTransaction) -> None:
    user_id, reason = _actor()
    rows: list[dict] = []

    def add(obj: object, action: str, changes: dict) -> None:
        rows.append(
            {
                "at": utcnow(),
                "user_id": user_id,
                "action": action,
                "area": audit_area(obj),
                "table_name": inspect(obj).mapper.local_table.name,
                "record_id": getattr(obj, "id", None),
                "unit_id": _unit_id(obj),
                "label": _label(obj),
                "changes": changes,
                "reason": reason,
            }
        )

    for obj in session.new:
        if audit_area(obj):
            add(obj, "create", _snapshot(obj))
    for obj in session.dirty:
        if not audit_area(obj) or not session.is_modified(obj, include_collections=False):
            continue
        changes = _diff(obj)
        if not changes:
            continue
        action = "update"
        if "deleted_at" in changes:
            action = "trash" if changes["deleted_at"][1] else "restore"
        add(obj, action, changes)
    for obj in session.deleted:
        if audit_area(obj):
            add(obj, "purge" if getattr(obj, "deleted_at", None) else "delete", {})
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


@event.listens_for(Session, "do_orm_execute")
def _record_bulk_statements(state: ORMExecuteState) -> Any:
    """A bulk INSERT/UPDATE/DELETE (imports, "mark the whole branch as paid") leaves one summary
    entry: which table, how many rows, which columns — the rows themselves are not listed."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    mapper = state.bind_mapper
    if mapper is None or not getattr(mapper.class_, "__audit_area__", None):
        return None
    if mapper.class_ is AuditEntry:
        return None
    result = state.invoke_statement()
    action = (
        "bulk-create" if state.is_insert else "bulk-update" if state.is_update else "bulk-delete"
    )
    params = state.parameters
    rows = len(params) if isinstance(params, list) else result.rowcount
    if isinstance(params, list) and params:
        columns = sorted(params[0])
    else:
        # update(...).values(...) keeps its columns here (not public API, stable in 2.x).
        values = getattr(state.statement, "_values", None) or {}
        columns = sorted(getattr(c, "key", str(c)) for c in values)
    user_id, reason = _actor()
    state.session.connection().execute(
        insert(AuditEntry),
        [
            {
                "at": utcnow(),
                "user_id": user_id,
                "action": action,
                "area": mapper.class_.__audit_area__,
                "table_name": mapper.local_table.name,
                "record_id": None,
                "unit_id": None,
                "label": f"{rows} dòng",  # vi-only: stored in the audit row
                "changes": {"rows": [None, rows], "columns": [None, columns]},
                "reason": reason,
            }
        ],
    )
    return result


@event.listens_for(Session, "before_flush")
def _audit_is_append_only(session: Session, flush_context: UOWTransaction, instances: Any) -> None:
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEntry):
            # A programming error, never shown to a user (they get the 500 page).
            raise PermissionError("Nhật ký thay đổi không thể sửa hay xoá.")  # vi-only
