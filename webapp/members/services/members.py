"""The member register: add, edit, transfer, leave (never delete), trash a mistaken entry,
the filtered list, and duplicate detection on name + birth year + branch."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from webapp.extensions import db
from webapp.formatting import date_short, local_today
from webapp.members.services.rules import check_birth_year, check_not_future
from webapp.models import Unit, UnitKind, User
from webapp.models.members import (
    FLAG_COLUMNS,
    DuesPayment,
    Gender,
    LeaveReason,
    Member,
    MemberBranchLink,
    MemberEvent,
    MemberEventKind,
    MemberFlagChange,
)
from webapp.refusals import Problems, RecordError, check_version
from webapp.scope import scoped, scoped_by_ids, subtree_ids
from webapp.text import nfc, search_key
from webapp.trash import move_to_trash, restore

PHONE = re.compile(r"\+?[0-9 .]{8,20}")


class DuplicateMember(RecordError):
    """The member looks like one already in the register (same name, birth year, branch)."""

    def __init__(self, duplicates: list[Member]) -> None:
        first = duplicates[0]
        if first.birth_year:
            message = _(
                "Có thể trùng với hội viên đã có: %(name)s, sinh năm %(year)s, %(unit)s. "
                "Nếu đây là một người khác, hãy đánh dấu “Vẫn lưu dù trùng tên” rồi lưu lại.",
                name=first.full_name,
                year=first.birth_year,
                unit=first.unit.full_name,
            )
        else:
            message = _(
                "Có thể trùng với hội viên đã có: %(name)s, %(unit)s. "
                "Nếu đây là một người khác, hãy đánh dấu “Vẫn lưu dù trùng tên” rồi lưu lại.",
                name=first.full_name,
                unit=first.unit.full_name,
            )
        super().__init__("full_name", message)
        self.duplicates = duplicates


@dataclass
class MemberData:
    """What the member form (or an import row) says about a member."""

    full_name: str
    unit_id: int | None
    gender: Gender = Gender.FEMALE
    birth_year: int | None = None
    birth_date: date | None = None
    address: str = ""
    phone: str = ""
    ethnicity: str = ""
    religion: str = ""
    joined_on: date | None = None
    is_core: bool = False
    is_honorary: bool = False
    attends_regularly: bool = False
    note: str = ""


@dataclass
class MemberFilters:
    """The list's search box, filters and sort order (all from the query string)."""

    q: str = ""
    unit_id: int | None = None
    status: str = "active"  # active | left | all
    core: str = ""  # "" any, "1" core only, "0" not core
    honorary: str = ""  # "" any, "1" honorary only, "0" regular members only
    sort: str = "name"

    def as_args(self) -> dict:
        """The filters as query-string arguments (for pager links and export URLs)."""
        return {k: v for k, v in self.__dict__.items() if v not in ("", None)}


def _sorts(m: Any) -> dict[str, tuple]:
    """The list's orders over ``m`` (``Member``, or the member rows of a subquery)."""
    return {
        "name": (m.sort_key, m.id),
        "-name": (m.sort_key.desc(), m.id.desc()),
        "birth": (m.birth_year, m.sort_key),
        "-birth": (m.birth_year.desc(), m.sort_key),
        "joined": (m.joined_on, m.sort_key),
        "-joined": (m.joined_on.desc(), m.sort_key),
        "unit": (m.unit_id, m.sort_key),
    }


SORTS = _sorts(Member)


def sort_key_of(full_name: str) -> str:
    """Vietnamese lists sort by the given name (the last word) first: "hue nguyen thi hue"."""
    key = search_key(full_name)
    parts = key.split()
    return f"{parts[-1]} {key}" if parts else ""


def members_among(matches: Any, sort: str) -> Select:
    """The members of ``matches`` (a CTE of member rows: a search's matches) in the list's order
    ``sort``, read from those rows alone (see ``paged``'s ``when_few``). In a province, the
    list's own order walks the whole register by name looking for the few it wants (406 ms for
    "thi yen" among 660.000 members, whose matches sort last)."""
    found = aliased(Member, matches)
    sorts = _sorts(found)
    return select(found).options(selectinload(found.unit)).order_by(*sorts.get(sort, sorts["name"]))


def member_list(user: User, filters: MemberFilters) -> Select:
    """The members the user may see, filtered and sorted (paginate or stream it)."""
    stmt = scoped_by_ids(select(Member).options(joinedload(Member.unit)), Member.unit_id, user)
    if filters.q.strip():
        key = search_key(filters.q)
        digits = re.sub(r"\D", "", filters.q)
        conditions = [Member.search_key.contains(key, autoescape=True)]
        if len(digits) >= 4:
            conditions.append(Member.phone.contains(digits, autoescape=True))
        stmt = stmt.where(or_(*conditions))
    if filters.unit_id:
        # A list of ids, not a second recursive CTE beside the scope's own.
        stmt = stmt.where(
            Member.unit_id.in_(db.session.scalars(subtree_ids(filters.unit_id)).all())
        )
    if filters.status == "active":
        stmt = stmt.where(Member.left_on.is_(None))
    elif filters.status == "left":
        stmt = stmt.where(Member.left_on.is_not(None))
    if filters.core in ("0", "1"):
        stmt = stmt.where(Member.is_core.is_(filters.core == "1"))
    if filters.honorary in ("0", "1"):
        stmt = stmt.where(Member.is_honorary.is_(filters.honorary == "1"))
    return stmt.order_by(*SORTS.get(filters.sort, SORTS["name"]))


def record_event(
    member: Member,
    kind: MemberEventKind,
    description: str,
    user: User | None,
    on: date | None = None,
) -> None:
    """Add a line to the member's history."""
    db.session.add(
        MemberEvent(
            member_id=member.id,
            unit_id=member.unit_id,
            happened_on=on or local_today(),
            kind=kind,
            description=description,
            user_id=user.id if user else None,
        )
    )


def history(member: Member) -> list[MemberEvent]:
    """The member's history, newest first."""
    return list(
        db.session.scalars(
            select(MemberEvent)
            .where(MemberEvent.member_id == member.id)
            .order_by(MemberEvent.happened_on.desc(), MemberEvent.id.desc())
        )
    )


def check_unit(unit_id: int | None) -> Unit:
    """The branch a member is put in: it must exist, be a branch, and be active."""
    unit = db.session.get(Unit, unit_id) if unit_id else None
    if unit is None:
        raise RecordError("unit_id", _("Vui lòng chọn chi hội."))
    if unit.kind is not UnitKind.BRANCH:
        raise RecordError("unit_id", _("Hội viên phải thuộc một chi hội."))
    if unit.is_retired:
        raise RecordError("unit_id", _("Chi hội này đã ngừng hoạt động."))
    return unit


def clean(data: MemberData, today: date | None = None, left_on: date | None = None) -> MemberData:
    """Normalise the text (NFC) and check every rule of a member; raise RecordError naming
    every field in fault. ``left_on``: the day a member being edited left the list."""
    today = today or local_today()
    data = MemberData(**{f.name: getattr(data, f.name) for f in fields(data)})
    for name in ("full_name", "address", "phone", "ethnicity", "religion", "note"):
        setattr(data, name, nfc(getattr(data, name)))
    problems = Problems()
    if not data.full_name:
        problems.add("full_name", _("Vui lòng nhập họ và tên."))
    elif len(data.full_name) > 120:
        problems.add("full_name", _("Họ và tên dài quá 120 ký tự."))
    problems.check(check_not_future, data.birth_date, "birth_date", _("Ngày sinh"), today)
    if data.birth_date is not None:
        if data.birth_year is not None and data.birth_year != data.birth_date.year:
            problems.add("birth_year", _("Năm sinh không khớp với ngày sinh."))
        data.birth_year = data.birth_date.year
    problems.check(
        check_birth_year, data.birth_year, "birth_date" if data.birth_date else "birth_year", today
    )
    if data.phone and not PHONE.fullmatch(data.phone):
        problems.add("phone", _("Số điện thoại không hợp lệ."))
    problems.check(check_not_future, data.joined_on, "joined_on", _("Ngày vào Hội"), today)
    if data.joined_on and data.birth_year and data.joined_on.year < data.birth_year:
        problems.add("joined_on", _("Ngày vào Hội phải sau năm sinh."))
    if left_on and data.joined_on and data.joined_on > left_on:
        problems.add("joined_on", _("Ngày vào Hội phải trước ngày ra khỏi danh sách."))
    if data.gender is Gender.MALE and not data.is_honorary:
        problems.add("gender", _("Nam giới chỉ có thể là hội viên danh dự."))
    for name, limit in (("address", 200), ("ethnicity", 40), ("religion", 40), ("note", 500)):
        if len(getattr(data, name)) > limit:
            problems.add(name, _("Nội dung dài quá %(limit)s ký tự.", limit=limit))
    problems.check(check_unit, data.unit_id)
    problems.raise_any()
    return data


def find_duplicates(
    full_name: str, birth_year: int | None, unit_id: int | None, exclude_id: int | None = None
) -> list[Member]:
    """Members of the same branch with the same name (ignoring accents) and birth year."""
    stmt = select(Member).where(
        Member.unit_id == unit_id,
        Member.search_key == search_key(full_name),
        Member.birth_year.is_(None) if birth_year is None else Member.birth_year == birth_year,
    )
    if exclude_id is not None:
        stmt = stmt.where(Member.id != exclude_id)
    return list(db.session.scalars(stmt.limit(5)))


def _apply(member: Member, data: MemberData) -> None:
    for f in fields(data):
        setattr(member, f.name, getattr(data, f.name))
    member.search_key = search_key(data.full_name)
    member.sort_key = sort_key_of(data.full_name)


def create_member(
    data: MemberData, user: User | None, allow_duplicate: bool = False, today: date | None = None
) -> Member:
    """Add a member; refused (DuplicateMember) when she looks already registered, unless the
    user confirmed she is somebody else."""
    data = clean(data, today)
    duplicates = find_duplicates(data.full_name, data.birth_year, data.unit_id)
    if duplicates and not allow_duplicate:
        raise DuplicateMember(duplicates)
    member = Member()
    _apply(member, data)
    db.session.add(member)
    db.session.flush()
    # The history line is stored: it stays Vietnamese whatever the user's language.
    joined = "Thêm vào sổ"  # vi-only
    if data.joined_on:
        joined = f"Vào Hội ngày {date_short(data.joined_on)}"  # vi-only
    record_event(member, MemberEventKind.JOINED, f"{joined}, {member.unit.full_name}.", user)
    return member


# The fields an edit changed, named in the stored history line (so Vietnamese).
LABELS = {
    "full_name": "họ và tên",  # vi-only
    "gender": "giới tính",  # vi-only
    "birth_year": "năm sinh",  # vi-only
    "birth_date": "ngày sinh",  # vi-only
    "address": "địa chỉ",  # vi-only
    "phone": "điện thoại",  # vi-only
    "ethnicity": "dân tộc",  # vi-only
    "religion": "tôn giáo",  # vi-only
    "joined_on": "ngày vào Hội",  # vi-only
    "is_core": "nòng cốt",  # vi-only
    "is_honorary": "hội viên danh dự",  # vi-only
    "attends_regularly": "sinh hoạt thường xuyên",  # vi-only
    "note": "ghi chú",  # vi-only
}


def update_member(
    member: Member,
    data: MemberData,
    version: int | None,
    user: User | None,
    allow_duplicate: bool = False,
    today: date | None = None,
) -> None:
    """Save an edit; a different branch is a transfer (recorded as such in the history)."""
    check_version(member, version)
    data = clean(data, today, member.left_on)
    same_identity = (
        search_key(data.full_name) == member.search_key
        and data.birth_year == member.birth_year
        and data.unit_id == member.unit_id
    )
    if not same_identity and not allow_duplicate:
        duplicates = find_duplicates(data.full_name, data.birth_year, data.unit_id, member.id)
        if duplicates:
            raise DuplicateMember(duplicates)
    changed = [
        LABELS[f.name]
        for f in fields(data)
        if f.name != "unit_id" and getattr(member, f.name) != getattr(data, f.name)
    ]
    # A flipped flag is dated, so the core and regular-attendance figures of an earlier date
    # still count what was true then.
    db.session.add_all(
        MemberFlagChange(member_id=member.id, flag=flag, effective_on=today or local_today())
        for flag, column in FLAG_COLUMNS.items()
        if getattr(member, column) != getattr(data, column)
    )
    old_unit = member.unit
    _apply(member, data)
    if old_unit.id != member.unit_id:
        # Dated: the figures of earlier periods keep her in the old branch.
        keep_past_branch(member, old_unit.id, today or local_today())
    db.session.flush()
    if old_unit.id != member.unit_id:
        db.session.refresh(member, ["unit"])
        record_event(
            member,
            MemberEventKind.TRANSFERRED,
            f"Chuyển từ {old_unit.full_name} sang {member.unit.full_name}.",  # vi-only
            user,
        )
    if changed:
        description = "Sửa " + ", ".join(changed) + "."  # vi-only
        record_event(member, MemberEventKind.EDITED, description, user)


def keep_past_branch(member: Member, old_unit_id: int, on: date) -> None:
    """Record that the member was in ``old_unit_id`` until the day before ``on`` (her new
    branch, Member.unit_id, counts from ``on``). Two moves on one day keep the first branch."""
    last = db.session.scalar(
        select(func.max(MemberBranchLink.valid_to)).where(MemberBranchLink.member_id == member.id)
    )
    if last is not None and on <= last:
        return  # the branch in between never held for a day
    db.session.add(
        MemberBranchLink(member_id=member.id, unit_id=old_unit_id, valid_from=last, valid_to=on)
    )


def transfer_member(member: Member, branch: Unit, on: date, user: User | None) -> None:
    """Move the member to ``branch`` from ``on`` (a merge of branches): the figures of earlier
    periods keep her in her old branch."""
    if branch.id == member.unit_id:
        return
    old = member.unit
    keep_past_branch(member, old.id, on)
    member.unit_id = branch.id
    db.session.flush()
    db.session.refresh(member, ["unit"])
    record_event(
        member,
        MemberEventKind.TRANSFERRED,
        f"Chuyển từ {old.full_name} sang {branch.full_name}.",  # vi-only
        user,
        on,
    )


def leave_member(
    member: Member,
    on: date | None,
    reason: LeaveReason | None,
    version: int | None,
    user: User | None,
    today: date | None = None,
) -> None:
    """Mark the member as having left (died, moved away, withdrew). The record stays."""
    check_version(member, version)
    if member.left_on is not None:
        raise RecordError("left_on", _("Hội viên này đã ra khỏi danh sách."))
    check_leave(member, on, reason, today)
    member.left_on = on
    member.leave_reason = reason
    db.session.flush()
    record_event(member, MemberEventKind.LEFT, f"{reason.label_vi}.", user, on)


def check_leave(
    member: Member, on: date | None, reason: LeaveReason | None, today: date | None = None
) -> None:
    """Every rule of a leaving at once: a date, not in the future nor before she joined, and
    a reason."""
    today = today or local_today()
    problems = Problems()
    if on is None:
        problems.add("left_on", _("Vui lòng nhập ngày ra khỏi danh sách."))
    else:
        problems.check(check_not_future, on, "left_on", _("Ngày ra khỏi danh sách"), today)
        if member.joined_on and on < member.joined_on:
            problems.add("left_on", _("Ngày ra khỏi danh sách phải sau ngày vào Hội."))
    if reason is None:
        problems.add("leave_reason", _("Vui lòng chọn lý do."))
    problems.raise_any()


def rejoin_member(member: Member, version: int | None, user: User | None) -> None:
    """Undo a leaving (entered by mistake, or the member came back)."""
    check_version(member, version)
    if member.left_on is None:
        raise RecordError("left_on", _("Hội viên này đang sinh hoạt."))
    reason = member.leave_reason.label_vi if member.leave_reason else ""
    was = f"{reason} {date_short(member.left_on)}"
    member.left_on = None
    member.leave_reason = None
    db.session.flush()
    description = f"Huỷ ra khỏi danh sách ({was.strip()})."  # vi-only
    record_event(member, MemberEventKind.REJOINED, description, user)


DEPENDENT_LABELS = {
    "insurance_policies": _l("thẻ BHYT/sổ BHXH"),
    "party_referrals": _l("giới thiệu kết nạp Đảng"),
    "cadres": _l("danh sách cán bộ Hội"),
}


def dependents(member: Member) -> list[tuple[str, int]]:
    """(what, how many) records of any area that point at the member and are not trashed.

    Found from the schema's foreign keys, so an area added later is covered without a change
    here; its table can name itself with ``info={"label": "…"}``.
    """
    found = []
    for table in db.metadata.sorted_tables:
        if table.name in Member.__owned_tables__:
            continue
        for column in table.columns:
            if not any(fk.column.table.name == "members" for fk in column.foreign_keys):
                continue
            stmt = select(func.count()).select_from(table).where(column == member.id)
            if "deleted_at" in table.columns:
                stmt = stmt.where(table.c.deleted_at.is_(None))
            count = db.session.scalar(stmt)
            if count:
                label = table.info.get("label") or DEPENDENT_LABELS.get(table.name, table.name)
                found.append((str(label), count))
    return found


def trash_member(member: Member, user: User | None) -> None:
    """Move a mistaken entry to the trash (with her dues); refused while other records use her.

    A member who really left is marked as left instead: trashing takes her out of every count.
    """
    used = dependents(member)
    if used:
        what = ", ".join(f"{label} ({count})" for label, count in used)
        raise RecordError(
            "delete", _("Không thể xoá: hội viên này đang có trong %(what)s.", what=what)
        )
    move_to_trash(member)
    for dues in db.session.scalars(select(DuesPayment).where(DuesPayment.member_id == member.id)):
        move_to_trash(dues)
        dues.deleted_at = member.deleted_at  # the same instant: restore brings back these only
    db.session.flush()
    record_event(member, MemberEventKind.TRASHED, "Xoá (nhập nhầm).", user)  # vi-only


def trashed_members(user: User) -> Select:
    """Trashed members in the user's scope, most recently trashed first."""
    return (
        scoped(select(Member), Member.unit_id, user)
        .where(Member.deleted_at.is_not(None))
        .order_by(Member.deleted_at.desc())
        .execution_options(include_deleted=True)
    )


def restore_member(member: Member, user: User | None) -> None:
    """Bring a trashed member back, with the dues trashed along with her."""
    trashed_at = member.deleted_at
    dues = db.session.scalars(
        select(DuesPayment)
        .where(DuesPayment.member_id == member.id, DuesPayment.deleted_at == trashed_at)
        .execution_options(include_deleted=True)
    )
    for row in dues:
        restore(row)
    restore(member)
    db.session.flush()
    record_event(member, MemberEventKind.RESTORED, "Khôi phục từ thùng rác.", user)  # vi-only
