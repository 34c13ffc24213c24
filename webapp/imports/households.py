"""What the loan and savings imports share: their household columns, the savings-and-loan groups
they name, and the households they find or create — linked to the member each one's head is.

A household is found by its head's name (without diacritics, as the register indexes it) in its
branch and group. A new household is linked to a member when exactly one current member of its
branch (or of the units below it) bears the head's name with the same diacritics ("Yên" is not
"Yến"; NFC, case and spacing aside) and, when the file gives one, the same birth year. Two or
more such members are not guessed between: the preview says so and the household stays
unlinked (its page links it by hand).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy import select

from webapp.extensions import db
from webapp.imports import engine
from webapp.imports.engine import Column, Context, Row, _, bulk_insert, key_of
from webapp.models import Household, LoanGroup, Member, Unit
from webapp.text import nfc

HEAD = Column(
    "head",
    "Chủ hộ",  # vi-only
    (
        "họ và tên chủ hộ",  # vi-only
        "tên chủ hộ",  # vi-only
        "họ tên chủ hộ",  # vi-only
        "họ và tên",  # vi-only
        "họ tên",  # vi-only
        "tên khách hàng",  # vi-only
        "khách hàng",  # vi-only
        "người vay",  # vi-only
        "hộ vay",  # vi-only
        "tên hộ vay",  # vi-only
    ),
    required=True,
    width=26,
    help="Họ và tên chủ hộ.",  # vi-only
)
GROUP_NAMES = ("tổ", "tên tổ", "tổ tiết kiệm và vay vốn", "tổ TK và VV", "tổ vay vốn")  # vi-only


def household_columns(group_help: str, *group_names: str) -> tuple[Column, ...]:
    """The columns a household's row starts with: number, group (the register says what its
    group must be), head, birth year, address, branch."""
    group = Column(
        "group",
        "Tổ TK&VV",  # vi-only
        (*GROUP_NAMES, *group_names),
        width=24,
        help=group_help,
    )
    branch = replace(engine.UNIT, key="branch")
    return (engine.STT, group, HEAD, engine.BIRTH_YEAR, engine.ADDRESS, branch)


GroupRef = tuple[str, Any] | None  # ("old", group id) | ("new", group key) | None
HouseholdRef = tuple[str, Any]  # ("old", household id) | ("new", (unit id, group ref, key))


def name_key(name: str) -> str:
    """A person's name as compared for a link: NFC, case and spacing aside, diacritics kept."""
    return " ".join(nfc(name).casefold().split())


def groups_of(ctx: Context) -> dict[str, list[LoanGroup]]:
    """The groups of the import's subtree and the units above it, by name key."""
    scope_ids = [*ctx.units.by_id, *ctx.units.above]
    found: dict[str, list[LoanGroup]] = {}
    for group in db.session.scalars(select(LoanGroup).where(LoanGroup.unit_id.in_(scope_ids))):
        found.setdefault(group.search_key, []).append(group)
    return found


def group_for(ctx: Context, groups: dict[str, list[LoanGroup]], unit: Unit, name: str):
    """The group named ``name`` that a household of ``unit`` may belong to (None: there is
    none)."""
    line = ctx.units.line(unit.id)
    return next((g for g in groups.get(key_of(name), []) if g.unit_id in line), None)


class Households:
    """The households of the import's subtree, those the file adds, and their members."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        unit_ids = list(ctx.units.by_id)
        self.existing = {
            (u, g, k): hid
            for hid, u, g, k in db.session.execute(
                select(
                    Household.id, Household.unit_id, Household.group_id, Household.search_key
                ).where(Household.unit_id.in_(unit_ids))
            )
        }
        self.new: dict[tuple, dict] = {}
        self.members: dict[str, list[tuple[int, int, str, int | None]]] = {}
        for mid, unit_id, full_name, year, born in db.session.execute(
            select(
                Member.id, Member.unit_id, Member.full_name, Member.birth_year, Member.birth_date
            ).where(Member.unit_id.in_(unit_ids), Member.left_on.is_(None))
        ):
            year = year or (born.year if born else None)
            self.members.setdefault(name_key(full_name), []).append((mid, unit_id, full_name, year))

    def find(self, unit_id: int, group_id: int | None, head: str) -> int | None:
        """An existing household's id."""
        return self.existing.get((unit_id, group_id, key_of(head)))

    def plan(self, row: Row, unit: Unit, group: GroupRef) -> HouseholdRef:
        """The row's household: an existing one, one an earlier row adds, or a new one (then
        linked to its member when she is found); what it is goes into the row's preview."""
        head = row.values["head"]
        if group is None or group[0] == "old":
            found = self.find(unit.id, group[1] if group else None, head)
            if found is not None:
                row.matches.append(_("Hộ %(name)s", name=head))
                return ("old", found)
        key = (unit.id, group, key_of(head))
        planned = self.new.get(key)
        if planned is not None:
            row.matches.append(
                _("Hộ %(name)s (tạo ở dòng %(line)s)", name=head, line=planned["first_line"])
            )
            return ("new", key)
        self.new[key] = {
            "unit_id": unit.id,
            "group": group,
            "head_name": head,
            "address": (row.values.get("address") or "")[:200],
            "member_id": self._member(row, unit),
            "first_line": row.line,
        }
        row.creates.append(_("Hộ mới: %(name)s (%(unit)s)", name=head, unit=unit.name))
        return ("new", key)

    def _member(self, row: Row, unit: Unit) -> int | None:
        """The one member the new household's head is (the row says which, or why none)."""
        year = row.values.get("birth_year")
        named = [
            m
            for m in self.members.get(name_key(row.values["head"]), ())
            if unit.id in self.ctx.units.ancestors(m[1])
        ]
        same = [m for m in named if year is None or m[3] == year]
        if len(same) == 1:
            mid, unit_id, full_name, _year = same[0]
            row.link = "linked"
            branch = self.ctx.units.by_id[unit_id].name
            row.creates.append(
                _("Liên kết với hội viên %(name)s (%(unit)s)", name=full_name, unit=branch)
            )
            return mid
        if len(same) > 1:
            row.link = "ambiguous"
            row.notes.append(
                _(
                    "%(n)s hội viên trùng tên: hộ chưa được liên kết với hội viên nào (chọn trên "
                    "trang của hộ).",
                    n=len(same),
                )
            )
        elif named:
            row.notes.append(
                _(
                    "Có hội viên trùng tên nhưng khác năm sinh: hộ chưa được liên kết với hội "
                    "viên nào."
                )
            )
        return None

    def write(self, refs: list[HouseholdRef], group_id: Callable[[GroupRef], int | None]) -> dict:
        """Insert the new households among ``refs``; {their key: id}."""
        keys = list(dict.fromkeys(ref[1] for ref in refs if ref[0] == "new"))
        records = []
        for key in keys:
            h = self.new[key]
            records.append(
                {
                    "unit_id": h["unit_id"],
                    "group_id": group_id(h["group"]),
                    "member_id": h["member_id"],
                    "head_name": h["head_name"],
                    "search_key": key[2],
                    "address": h["address"],
                }
            )
        ids = bulk_insert(Household, records, ("unit_id", "group_id", "search_key"))
        return {
            k: ids[(r["unit_id"], r["group_id"], k[2])] for k, r in zip(keys, records, strict=True)
        }

    @staticmethod
    def id_of(ref: HouseholdRef, written: dict) -> int:
        return ref[1] if ref[0] == "old" else written[ref[1]]
