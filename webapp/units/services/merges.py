"""Merging commune-level unions on a date (the 2025 reorganisation), keeping history.

Merging communes P1, P2 … into a successor (a new commune, or one of the existing ones) on day m:

- each old branch either stays a branch, now of the successor (a dated move), or is merged into
  another branch: its members are transferred on m (dated, so earlier figures keep them in the
  old branch), and the old branch is retired and hangs under the branch it joined;
- each old commune is retired on m and hangs under the successor from m (so the successor's staff
  and everyone above still see its history), with a merge record: the successor's reports of
  periods before m count the old commune's subtree as it was then;
- accounts of the old communes now work for the successor.

Reports of an old commune for periods before m are unchanged (docs/STRUCTURE.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from webapp.extensions import db
from webapp.members.services.members import transfer_member
from webapp.models import Unit, UnitKind, User
from webapp.models.members import Member
from webapp.models.units import UnitMerge
from webapp.refusals import Problems, RecordError
from webapp.units.services.units import check_new_unit, create_unit, relink_unit

# The fields of the merge form that say what the rules of a new unit name otherwise.
NEW_UNIT_FIELDS = {"name": "new_name", "kind_word": "new_kind_word", "parent_id": "new_parent"}


@dataclass
class MergePlan:
    """What to merge, into what, on which day, and what becomes of each old branch.

    ``into`` is an existing commune (the successor), or None to create ``new_name`` (with
    ``new_kind_word``) under ``new_parent``. ``branch_into`` maps an old branch's id to the id of
    the branch it is merged into; a branch not in it stays a branch of the successor.
    """

    communes: list[Unit]
    on: date
    into: Unit | None = None
    new_name: str = ""
    new_kind_word: str | None = None
    new_parent: Unit | None = None
    branch_into: dict[int, int] = field(default_factory=dict)


def old_branches(communes: list[Unit]) -> list[Unit]:
    """The active branches of the communes to merge, commune by commune."""
    return [
        b for c in communes for b in c.children if b.kind is UnitKind.BRANCH and not b.is_retired
    ]


def check_plan(plan: MergePlan, acting: User | None = None) -> None:
    """Every rule of a merge plan at once; raises RecordError naming every field in fault."""
    problems = Problems()
    if not plan.communes:
        problems.add("communes", _("Chọn các đơn vị cấp xã cần hợp nhất."))
    for commune in plan.communes:
        if commune.kind is not UnitKind.COMMUNE or commune.is_retired:
            problems.add(
                "communes",
                _("%(name)s không phải đơn vị cấp xã đang hoạt động.", name=commune.full_name),
            )
    if plan.into is None and len(plan.communes) < 2:
        problems.add("communes", _("Hợp nhất thành đơn vị mới cần ít nhất hai đơn vị cấp xã."))
    if plan.into is not None:
        if plan.into.kind is not UnitKind.COMMUNE or plan.into.is_retired:
            problems.add("into", _("Đơn vị nhận phải là đơn vị cấp xã đang hoạt động."))
        if plan.into in plan.communes:
            problems.add("into", _("Đơn vị nhận không được nằm trong các đơn vị bị hợp nhất."))
    else:
        try:
            check_new_unit(
                plan.new_name, UnitKind.COMMUNE, plan.new_parent, acting, plan.new_kind_word
            )
        except RecordError as exc:
            for name, message in exc.all:
                problems.add(NEW_UNIT_FIELDS.get(name or "", name), message)
    branches = {b.id: b for b in old_branches(plan.communes)}
    staying = {bid for bid in branches if bid not in plan.branch_into}
    if plan.into is not None:
        staying |= {
            b.id for b in plan.into.children if b.kind is UnitKind.BRANCH and not b.is_retired
        }
    for source, target in plan.branch_into.items():
        if source not in branches or target not in staying:
            problems.add(
                "branches",
                _("Chi hội chỉ được sáp nhập vào một chi hội vẫn hoạt động sau hợp nhất."),
            )
    names: dict[str, Unit] = {}
    if plan.into is not None:
        names = {b.name.lower(): b for b in plan.into.children}
    for bid in sorted(staying & set(branches)):
        branch = branches[bid]
        if branch.name.lower() in names:
            problems.add(
                "branches",
                _(
                    "Hai chi hội cùng tên %(name)s: hãy sáp nhập một chi hội vào chi hội kia "
                    "hoặc đổi tên trước.",
                    name=branch.name,
                ),
            )
        names[branch.name.lower()] = branch
    problems.raise_any()


def merge_communes(plan: MergePlan, acting: User | None = None) -> Unit:
    """Carry out ``plan`` (see the module docstring); returns the successor. Refused with a
    RecordError naming the form field at fault; nothing is written then."""
    check_plan(plan, acting)
    on = plan.on
    successor = plan.into or create_unit(
        plan.new_name, UnitKind.COMMUNE, plan.new_parent, acting, kind_word=plan.new_kind_word
    )
    branches = old_branches(plan.communes)
    for branch in branches:
        if branch.id not in plan.branch_into:
            relink_unit(branch, successor.id, on)
    for branch in branches:
        target_id = plan.branch_into.get(branch.id)
        if target_id is None:
            continue
        target = db.session.get(Unit, target_id)
        assert target is not None
        members = db.session.scalars(
            select(Member).where(
                Member.unit_id == branch.id,
                Member.deleted_at.is_(None),
                (Member.left_on.is_(None)) | (Member.left_on >= on),
            )
        ).all()
        for member in members:
            transfer_member(member, target, on, acting)
        relink_unit(branch, target.id, on)
        branch.retired_on = on
        db.session.add(UnitMerge(predecessor_id=branch.id, successor_id=target.id, merged_on=on))
    for commune in plan.communes:
        relink_unit(commune, successor.id, on)
        commune.retired_on = on
        db.session.add(
            UnitMerge(predecessor_id=commune.id, successor_id=successor.id, merged_on=on)
        )
        for user in db.session.scalars(select(User).where(User.unit_id == commune.id)):
            user.unit_id = successor.id
    db.session.flush()
    return successor
