"""The unit tree: province → (district, historical) → commune-level union → branch (chi hội)
→ (group, tổ hội), and its dated history: past parent links and merges (docs/STRUCTURE.md)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.base import LabelledEnum, TimestampMixin, value_enum


class UnitKind(LabelledEnum):
    """Levels of the tree, top to bottom. The word a unit calls itself by ("Phường", "Đặc
    khu", "Thành phố") is its own :attr:`Unit.kind_word`; the level decides the rules."""

    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"
    BRANCH = "branch"
    GROUP = "group"

    @property
    def parent_kinds(self) -> tuple[UnitKind, ...]:
        """The levels a unit of this level may sit under (empty: it is a root). Since
        01/07/2025 a commune-level union reports straight to the province; the district level
        is kept for history (the seed's 2021–2023 tree)."""
        return PARENT_LEVELS[self]

    @property
    def parent_kind(self) -> UnitKind | None:
        """The usual level above since 2025 (a commune: the province); see
        :attr:`parent_kinds` for the rule."""
        kinds = self.parent_kinds
        return kinds[0] if kinds else None

    @property
    def words(self) -> tuple[str, ...]:
        """The kind words a unit of this level may use, the usual one first."""
        return KIND_WORDS[self]


UnitLevel = UnitKind  # the same thing under the name the 2025 notes use

PARENT_LEVELS: dict[UnitKind, tuple[UnitKind, ...]] = {
    UnitKind.PROVINCE: (),
    UnitKind.DISTRICT: (UnitKind.PROVINCE,),
    UnitKind.COMMUNE: (UnitKind.PROVINCE, UnitKind.DISTRICT),
    UnitKind.BRANCH: (UnitKind.COMMUNE,),
    UnitKind.GROUP: (UnitKind.BRANCH,),
}

# The words a unit of each level may call itself by (Vietnamese in every language: they are
# printed in documents). The first is the default.
KIND_WORDS: dict[UnitKind, tuple[str, ...]] = {
    UnitKind.PROVINCE: ("Tỉnh", "Thành phố"),  # vi-only
    UnitKind.DISTRICT: ("Huyện", "Quận", "Thị xã", "Thành phố"),  # vi-only
    UnitKind.COMMUNE: ("Xã", "Phường", "Đặc khu", "Thị trấn"),  # vi-only
    UnitKind.BRANCH: ("Chi hội",),  # vi-only
    UnitKind.GROUP: ("Tổ hội",),  # vi-only
}


UNIT_KIND_LABELS = {
    UnitKind.PROVINCE: _l("Tỉnh"),
    UnitKind.DISTRICT: _l("Huyện"),
    UnitKind.COMMUNE: _l("Xã"),
    UnitKind.BRANCH: _l("Chi hội"),
    UnitKind.GROUP: _l("Tổ hội"),
}
UnitKind.set_labels(UNIT_KIND_LABELS)
# A unit's name is Vietnamese in every language: it is written into audit rows and reports.
UNIT_KIND_NAMES = {
    UnitKind.PROVINCE: "Tỉnh",  # vi-only
    UnitKind.DISTRICT: "Huyện",  # vi-only
    UnitKind.COMMUNE: "Xã",  # vi-only
    UnitKind.BRANCH: "Chi hội",  # vi-only
    UnitKind.GROUP: "Tổ hội",  # vi-only
}


def unit_level_word(kind: UnitKind, kind_word: str) -> str:
    """The word a unit calls itself by: its own ``kind_word``, else its level's usual word."""
    return kind_word or UNIT_KIND_NAMES[kind]


def strip_kind_word(name: str, kind: UnitKind) -> tuple[str, str | None]:
    """("Chi hội thôn 1", BRANCH) → ("thôn 1", "Chi hội"): a name typed with its kind word in
    front loses it (the word is printed from the unit), so nothing reads "Chi hội Chi hội …".
    Returns the bare name and the word found (None when there was none)."""
    folded = name.casefold()
    for word in sorted(KIND_WORDS[kind], key=len, reverse=True):
        prefix = word.casefold() + " "
        if folded.startswith(prefix) and name[len(prefix) :].strip():
            return name[len(prefix) :].strip(), word
    return name, None


class Unit(TimestampMixin, db.Model):
    """One node of the tree. Every record of every area belongs to exactly one unit."""

    __audit_area__ = "units"
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[UnitKind] = mapped_column(value_enum(UnitKind))
    # The unit's own kind word ("Phường", "Đặc khu"); empty: the level's usual word.
    kind_word: Mapped[str] = mapped_column(String(20), default="", server_default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    # Retired units keep their records (history counts) but leave pickers and new records.
    retired_on: Mapped[date | None]

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent", order_by="Unit.name")

    @property
    def is_retired(self) -> bool:
        return self.retired_on is not None

    @property
    def level(self) -> UnitKind:
        """The level (province, district, commune, branch, group)."""
        return self.kind

    @property
    def level_word(self) -> str:
        """The word the unit calls itself by: "Phường", "Xã", "Chi hội"."""
        return unit_level_word(self.kind, self.kind_word)

    @property
    def full_name(self) -> str:
        """Kind and name as people say it: "Chi hội An Cư 2", "Phường Thành Sen"."""
        return f"{self.level_word} {self.name}"

    @property
    def union_name(self) -> str:
        """The union's name in documents: "Hội LHPN phường Thành Sen", "Chi hội An Cư 2"."""
        if self.kind in (UnitKind.BRANCH, UnitKind.GROUP):
            return self.full_name
        return f"Hội LHPN {self.level_word.lower()} {self.name}"  # vi-only

    @property
    def union_name_upper(self) -> str:
        """The issuing-body line: "HỘI LHPN PHƯỜNG THÀNH SEN", "CHI HỘI AN CƯ 2"."""
        return self.union_name.upper()

    def __repr__(self) -> str:
        return f"<Unit {self.id} {self.kind.value} {self.name!r}>"


class UnitParentLink(db.Model):
    """A PAST parent of a unit: from ``valid_from`` (None: since the records began) to the day
    before ``valid_to``. The current parent is :attr:`Unit.parent_id`, valid from the latest
    ``valid_to`` of the unit's past links (or always). So a unit that never moved has no row."""

    __tablename__ = "unit_parent_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    valid_from: Mapped[date | None]
    valid_to: Mapped[date] = mapped_column(index=True)  # exclusive: the day the move took effect


class UnitMerge(db.Model):
    """``predecessor`` merged into ``successor`` on ``merged_on``: the successor's reports count
    the predecessor's subtree as it was on each date before the merge (and its own records for
    ever), and the predecessor's reports for earlier periods are unchanged."""

    __tablename__ = "unit_merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    predecessor_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    successor_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    merged_on: Mapped[date]
    note: Mapped[str] = mapped_column(String(200), default="")
