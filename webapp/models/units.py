"""The unit tree: province → district → commune union → branch (chi hội)."""

from __future__ import annotations

import enum
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.base import TimestampMixin, value_enum


class UnitKind(enum.StrEnum):
    """Levels of the tree, top to bottom."""

    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"
    BRANCH = "branch"

    @property
    def label(self) -> str:
        return str(UNIT_KIND_LABELS[self])

    @property
    def parent_kind(self) -> UnitKind | None:
        """The kind a unit of this kind must sit under (None: it is a root)."""
        order = list(UnitKind)
        i = order.index(self)
        return order[i - 1] if i else None


UNIT_KIND_LABELS = {
    UnitKind.PROVINCE: _l("Tỉnh"),
    UnitKind.DISTRICT: _l("Huyện"),
    UnitKind.COMMUNE: _l("Xã"),
    UnitKind.BRANCH: _l("Chi hội"),
}
# A unit's name is Vietnamese in every language: it is written into audit rows and reports.
UNIT_KIND_NAMES = {
    UnitKind.PROVINCE: "Tỉnh",  # vi-only
    UnitKind.DISTRICT: "Huyện",  # vi-only
    UnitKind.COMMUNE: "Xã",  # vi-only
    UnitKind.BRANCH: "Chi hội",  # vi-only
}


class Unit(TimestampMixin, db.Model):
    """One node of the tree. Every record of every area belongs to exactly one unit."""

    __audit_area__ = "units"
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[UnitKind] = mapped_column(value_enum(UnitKind))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    # Retired units keep their records (history counts) but leave pickers and new records.
    retired_on: Mapped[date | None]

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent", order_by="Unit.name")

    @property
    def is_retired(self) -> bool:
        return self.retired_on is not None

    @property
    def full_name(self) -> str:
        """Kind and name as people say it: "Chi hội An Cư 2", "Xã Đức Xương"."""
        return f"{UNIT_KIND_NAMES[self.kind]} {self.name}"

    def __repr__(self) -> str:
        return f"<Unit {self.id} {self.kind.value} {self.name!r}>"
