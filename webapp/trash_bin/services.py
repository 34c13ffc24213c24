"""Listing, restoring and purging trashed records of every register."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import delete, or_, select

from webapp.extensions import db
from webapp.models import User
from webapp.models.base import RecordMixin, utcnow
from webapp.refusals import RecordError
from webapp.scope import can_write_unit, visible_unit_ids
from webapp.trash import check_restore, restore, restore_related

KEEP_DAYS = 90


class TrashError(ValueError):
    """A refused restore or purge, with a Vietnamese message."""


@dataclass
class Trashed:
    table: str
    area: str
    record: RecordMixin
    label: str
    deleted_at: datetime

    @property
    def purgeable(self) -> bool:
        return utcnow() - self.deleted_at > timedelta(days=KEEP_DAYS)


def record_models() -> dict[str, type[RecordMixin]]:
    """Every register model (RecordMixin), by table name."""
    return {
        mapper.local_table.name: mapper.class_
        for mapper in db.Model.registry.mappers
        if issubclass(mapper.class_, RecordMixin)
    }


def _label(record: object) -> str:
    for name in ("full_name", "name", "title", "topic", "label"):
        value = getattr(record, name, None)
        if isinstance(value, str) and value:
            return value
    return f"#{record.id}"  # type: ignore[attr-defined]


def trashed_for(user: User, limit: int = 200) -> list[Trashed]:
    """Trashed records in the user's scope, newest first."""
    items: list[Trashed] = []
    for table, model in record_models().items():
        rows = db.session.scalars(
            select(model)
            .where(model.deleted_at.is_not(None), model.unit_id.in_(visible_unit_ids(user)))  # type: ignore[attr-defined]
            .order_by(model.deleted_at.desc())
            .limit(limit)
            .execution_options(include_deleted=True)
        )
        items += [Trashed(table, model.__audit_area__, r, _label(r), r.deleted_at) for r in rows]
    return sorted(items, key=lambda t: t.deleted_at, reverse=True)[:limit]


def trashed_or_404(table: str, record_id: int, user: User) -> RecordMixin:
    model = record_models().get(table)
    if model is None:
        abort(404)
    record = db.session.scalar(
        select(model)
        .where(
            model.id == record_id,
            model.deleted_at.is_not(None),  # type: ignore[attr-defined]
            model.unit_id.in_(visible_unit_ids(user)),
        )  # type: ignore[attr-defined]
        .execution_options(include_deleted=True)
    )
    if record is None:
        abort(404)
    return record


def restore_record(record: RecordMixin, user: User) -> None:
    """Bring a record back (staff of its unit, within 90 days; admins any time)."""
    if not can_write_unit(user, record.unit_id):  # type: ignore[attr-defined]
        abort(403)
    assert record.deleted_at is not None
    if utcnow() - record.deleted_at > timedelta(days=KEEP_DAYS) and not user.is_admin:
        raise TrashError(
            _(
                "Bản ghi đã ở thùng rác hơn %(days)s ngày; chỉ quản trị mới khôi phục được.",
                days=KEEP_DAYS,
            )
        )
    try:
        check_restore(record)  # e.g. a report's number given to another report meanwhile
    except RecordError as exc:
        raise TrashError(exc.message) from exc
    trashed_at = record.deleted_at
    restore(record)
    # What left the trash with it comes back with it (a distribution's gifts, …).
    restore_related(record, trashed_at)
    # The two sides of a fund transfer left the trash together and come back together.
    counterpart_id = getattr(record, "counterpart_id", None)
    if counterpart_id is not None:
        other = db.session.scalar(
            select(type(record))
            .where(type(record).id == counterpart_id)
            .execution_options(include_deleted=True)
        )
        if other is not None and other.deleted_at is not None:
            restore(other)
    db.session.flush()


def purge_record(record: RecordMixin, user: User) -> None:
    """Delete for good: admins only, and only after 90 days in the trash."""
    if not user.is_admin or not can_write_unit(user, record.unit_id):  # type: ignore[attr-defined]
        abort(403)
    assert record.deleted_at is not None
    if utcnow() - record.deleted_at <= timedelta(days=KEEP_DAYS):
        raise TrashError(
            _("Chỉ xoá vĩnh viễn được sau %(days)s ngày trong thùng rác.", days=KEEP_DAYS)
        )
    # Rows that are part of the record (a member's history and dues) go with it.
    for name in getattr(type(record), "__owned_tables__", ()):
        table = db.metadata.tables[name]
        owner = record.__table__  # type: ignore[attr-defined]
        links = [c for c in table.columns if any(fk.column.table is owner for fk in c.foreign_keys)]
        db.session.execute(delete(table).where(or_(*(c == record.id for c in links))))  # type: ignore[attr-defined]
    db.session.delete(record)
    db.session.flush()
