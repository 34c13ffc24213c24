"""Reading the audit trail: filtered lists, a record's history, the .xlsx export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import force_locale
from sqlalchemy import Select, literal, select

from webapp.audit_log.present import SECRET_FIELDS, area_label
from webapp.extensions import db
from webapp.formatting import local_datetime, local_tz
from webapp.models import AuditEntry, User
from webapp.scope import visible_unit_ids
from webapp.spreadsheets import XlsxWriter


@dataclass
class AuditFilter:
    user_id: int | None = None
    area: str | None = None
    unit_id: int | None = None
    start: date | None = None
    end: date | None = None


def entries(acting: User, flt: AuditFilter) -> Select[tuple[AuditEntry]]:
    """Entries the acting admin may read (whole-tree admins: all; others: their units' records
    and accounts), filtered, newest first."""
    from webapp.scope import can_see_unit, subtree_ids

    stmt = select(AuditEntry)
    if flt.unit_id:
        # The chosen unit's subtree lies inside the admin's scope when the unit does; one CTE
        # only (two recursive CTEs of the same name do not compile).
        if acting.unit_id is not None and not can_see_unit(acting, flt.unit_id):
            stmt = stmt.where(literal(False))
        stmt = stmt.where(AuditEntry.unit_id.in_(subtree_ids(flt.unit_id)))
    elif acting.unit_id is not None:
        stmt = stmt.where(AuditEntry.unit_id.in_(visible_unit_ids(acting)))
    if flt.user_id:
        stmt = stmt.where(AuditEntry.user_id == flt.user_id)
    if flt.area:
        stmt = stmt.where(AuditEntry.area == flt.area)
    if flt.start:
        stmt = stmt.where(AuditEntry.at >= _local_midnight(flt.start))
    if flt.end:
        stmt = stmt.where(AuditEntry.at < _local_midnight(flt.end + timedelta(days=1)))
    return stmt.order_by(AuditEntry.id.desc())


def _local_midnight(day: date) -> datetime:
    # Dates typed by users are days in the union's time zone (the TIMEZONE setting).
    return datetime.combine(day, time(0), tzinfo=local_tz()).astimezone(UTC)


def history(record: object) -> list[AuditEntry]:
    """Every entry of one record, oldest first (shown on the record's page)."""
    from sqlalchemy import inspect

    table = inspect(record).mapper.local_table.name
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.table_name == table, AuditEntry.record_id == record.id)  # type: ignore[attr-defined]
            .order_by(AuditEntry.id)
        )
    )


def areas() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.area).distinct().order_by(AuditEntry.area)))


def export_xlsx(rows: list[AuditEntry]) -> bytes:
    """The entries as a spreadsheet: one row per change of one field.

    The file is Vietnamese whatever the user's language, like every export (one format)."""
    with force_locale("vi"):
        return _workbook(rows)


def _workbook(rows: list[AuditEntry]) -> bytes:
    book = XlsxWriter()
    book.add_sheet("Nhật ký")  # vi-only
    book.append(
        [
            "Thời gian",  # vi-only: the export's column headers
            "Người thực hiện",  # vi-only
            "Thao tác",  # vi-only
            "Lĩnh vực",  # vi-only
            "Bảng",  # vi-only
            "Mã bản ghi",  # vi-only
            "Bản ghi",  # vi-only
            "Trường",  # vi-only
            "Trước",  # vi-only
            "Sau",  # vi-only
            "Lý do",  # vi-only
        ]
    )
    for entry in rows:
        who = entry.user.full_name if entry.user else "Hệ thống"  # vi-only
        base = [
            local_datetime(entry.at),
            who,
            entry.action_label,
            area_label(entry.area),
            entry.table_name,
            entry.record_id,
            entry.label,
        ]
        if not entry.changes:
            book.append([*base, "", "", "", entry.reason or ""])
        for field, (before, after) in entry.changes.items():
            if field in SECRET_FIELDS:
                # Not even a hash or a mask leaves the app: only that it changed.
                before, after = None, "đã đổi" if field == "password_hash" else None  # vi-only
                if after is None:
                    continue
            book.append([*base, field, _cell(before), _cell(after), entry.reason or ""])
    return book.to_bytes()


def _cell(value: object) -> object:
    return value if isinstance(value, int | float | str) or value is None else str(value)
