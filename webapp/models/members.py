"""Models of the members area: members (hội viên) and their registers."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.base import RecordMixin
from webapp.models.units import Unit

__all__ = ["Member"]


class Member(RecordMixin, db.Model):
    """A member of the union. Leaving keeps the record: history counts, nothing is deleted."""

    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    # full_name without diacritics, lowercase (webapp.text.search_key): "hue" finds "Huế".
    search_key: Mapped[str] = mapped_column(String(120), index=True)
    birth_year: Mapped[int | None]
    birth_date: Mapped[date | None]
    joined_on: Mapped[date | None] = mapped_column(index=True)
    left_on: Mapped[date | None] = mapped_column(index=True)

    unit: Mapped[Unit] = relationship()

    def __repr__(self) -> str:
        return f"<Member {self.id} {self.full_name!r}>"
