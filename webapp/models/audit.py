"""The audit trail: one row per create, update, delete (and trash, restore, purge) of a record."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.accounts import User
from webapp.models.base import UTCDateTime, utcnow

__all__ = ["AuditEntry"]

ACTION_LABELS = {
    "create": _l("Tạo mới"),
    "update": _l("Sửa"),
    "delete": _l("Xoá hẳn"),
    "trash": _l("Chuyển vào thùng rác"),
    "restore": _l("Khôi phục"),
    "purge": _l("Xoá vĩnh viễn"),
}


class AuditEntry(db.Model):
    """Written in the same transaction as the change it records (webapp/audit.py); never
    edited or deleted through the app."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_record", "table_name", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    area: Mapped[str] = mapped_column(String(40), index=True)
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[int | None]
    unit_id: Mapped[int | None] = mapped_column(index=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    # field → [before, after], as JSON-friendly values
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    reason: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User | None] = relationship()

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))
