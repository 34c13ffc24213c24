"""Confirmed imports: one row per uploaded file written into a register.

The row is inserted first thing in the confirmation's transaction; its token (the random name
of the stored upload) is unique, so a second confirmation of the same upload — a double click,
two tabs — waits for the first (PostgreSQL: on the unique index; SQLite: on the write lock)
and is then refused instead of importing the rows a second time.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.accounts import User
from webapp.models.base import UTCDateTime, utcnow

__all__ = ["ImportBatch"]


class ImportBatch(db.Model):
    """One confirmed import of one uploaded file."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    register: Mapped[str] = mapped_column(String(20))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200), default="")
    rows: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User | None] = relationship()
