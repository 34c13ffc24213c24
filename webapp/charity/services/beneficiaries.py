"""Beneficiaries: the people and households who receive aid, and what each received."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from webapp.charity.services.checks import optional_text, required_text, value_of
from webapp.extensions import db
from webapp.formatting import local_today
from webapp.models import User
from webapp.models.charity import Beneficiary, BeneficiaryCategory, Gift, Sponsorship
from webapp.models.members import Member
from webapp.refusals import Problems, RecordError, check_version
from webapp.scope import can_see_unit, require_write, scoped, subtree_ids
from webapp.text import nfc, search_key
from webapp.trash import move_to_trash

CHILD_CATEGORIES = (BeneficiaryCategory.ORPHAN, BeneficiaryCategory.SINGLE_MOTHER_CHILD)


@dataclass
class BeneficiaryData:
    """What a beneficiary form gives."""

    unit_id: int
    full_name: str
    category: BeneficiaryCategory
    is_household: bool = False
    birth_year: int | None = None
    address: str = ""
    member_id: int | None = None
    surveyed_on: date | None = None
    note: str = ""


def beneficiaries_stmt(
    user: User, q: str = "", category: BeneficiaryCategory | None = None, unit_id: int | None = None
) -> Select:
    """The beneficiaries the user may see, filtered, by name."""
    stmt = scoped(select(Beneficiary), Beneficiary.unit_id, user)
    if q.strip():
        stmt = stmt.where(Beneficiary.search_key.contains(search_key(q), autoescape=True))
    if category is not None:
        stmt = stmt.where(Beneficiary.category == category)
    if unit_id is not None:
        stmt = stmt.where(Beneficiary.unit_id == unit_id)
    return stmt.order_by(Beneficiary.search_key, Beneficiary.id)


def beneficiary_choices(user: User) -> list[tuple[int, str]]:
    """(id, "Name — category, unit") for a select box."""
    rows = db.session.scalars(beneficiaries_stmt(user)).all()
    return [(b.id, f"{b.full_name} — {b.category.label}, {b.unit.name}") for b in rows]


def check_beneficiary(data: BeneficiaryData, user: User) -> str:
    """Every rule of a beneficiary at once: a name, a plausible birth year, a member the user
    may see, a survey day only for the children of "Mẹ đỡ đầu" and not in the future, texts
    of reasonable length. Returns the name."""
    problems = Problems()
    name = value_of(
        problems, required_text, data.full_name, "full_name", _("Vui lòng nhập họ tên."), 120
    )
    if data.birth_year is not None and not 1900 <= data.birth_year <= local_today().year:
        problems.add("birth_year", _("Năm sinh không hợp lệ."))
    if data.member_id is not None:
        member = db.session.get(Member, data.member_id)
        if member is None or not can_see_unit(user, member.unit_id):
            problems.add("member_id", _("Không tìm thấy hội viên này."))
    if data.surveyed_on is not None and data.category not in CHILD_CATEGORIES:
        problems.add(
            "surveyed_on",
            _(
                "Ngày khảo sát chỉ dành cho trẻ mồ côi và con của mẹ đơn thân "
                "(chương trình Mẹ đỡ đầu)."
            ),
        )
    if data.surveyed_on is not None and data.surveyed_on > local_today():
        problems.add("surveyed_on", _("Ngày khảo sát không thể ở tương lai."))
    value_of(problems, optional_text, data.address, "address")
    value_of(problems, optional_text, data.note, "note", 2000)
    problems.raise_any()
    assert name is not None
    return name


def create_beneficiary(data: BeneficiaryData, user: User) -> Beneficiary:
    """Add a beneficiary to a unit the user may write."""
    require_write(user, data.unit_id)
    name = check_beneficiary(data, user)
    b = Beneficiary(
        unit_id=data.unit_id,
        full_name=name,
        search_key=search_key(name),
        category=data.category,
        is_household=data.is_household,
        birth_year=data.birth_year,
        address=optional_text(data.address, "address"),
        member_id=data.member_id,
        surveyed_on=data.surveyed_on,
        note=optional_text(data.note, "note", 2000),
    )
    db.session.add(b)
    db.session.flush()
    return b


def update_beneficiary(
    b: Beneficiary, data: BeneficiaryData, user: User, version: int | None
) -> None:
    """Correct a beneficiary (optimistic lock on ``version``)."""
    require_write(user, b.unit_id)
    check_version(b, version)
    require_write(user, data.unit_id)
    name = check_beneficiary(data, user)
    b.unit_id = data.unit_id
    b.full_name = name
    b.search_key = search_key(name)
    b.category = data.category
    b.is_household = data.is_household
    b.birth_year = data.birth_year
    b.address = optional_text(data.address, "address")
    b.member_id = data.member_id
    b.surveyed_on = data.surveyed_on
    b.note = optional_text(data.note, "note", 2000)
    db.session.flush()


def delete_beneficiary(b: Beneficiary, user: User) -> None:
    """Trash a beneficiary who received nothing; refuse one with gifts or sponsorships."""
    require_write(user, b.unit_id)
    gifts = db.session.scalar(select(func.count(Gift.id)).where(Gift.beneficiary_id == b.id))
    sponsorships = db.session.scalar(
        select(func.count(Sponsorship.id)).where(Sponsorship.child_id == b.id)
    )
    if gifts or sponsorships:
        parts = [
            what
            for n, what in (
                (gifts, _("%(n)s quà tặng", n=gifts)),
                (sponsorships, _("%(n)s khoản đỡ đầu", n=sponsorships)),
            )
            if n
        ]
        raise RecordError(
            None,
            _(
                "Không thể xoá %(name)s: đã có %(what)s gắn với người này.",
                name=b.full_name,
                what=", ".join(parts),
            ),
        )
    move_to_trash(b)
    db.session.flush()


def find_or_create_by_names(
    names: list[str], unit_id: int, category: BeneficiaryCategory, user: User
) -> list[Beneficiary]:
    """For quick entry: each typed name is matched to the one beneficiary of that name in the
    unit or below it (case aside), or added to the unit as a new one."""
    require_write(user, unit_id)  # so the unit's subtree lies within the user's scope
    units = db.session.scalars(subtree_ids(unit_id)).all()
    out: list[Beneficiary] = []
    for raw in names:
        key = search_key(raw)
        if not key:
            continue
        # Accents tell Vietnamese names apart ("Hoa" is not "Hòa"): the key narrows, the
        # exact name (ignoring case) decides.
        name = nfc(raw).casefold()
        candidates = db.session.scalars(
            select(Beneficiary).where(Beneficiary.unit_id.in_(units), Beneficiary.search_key == key)
        ).all()
        same = [b for b in candidates if b.full_name.casefold() == name]
        if len(same) > 1:
            raise RecordError(
                "new_names",
                _(
                    "Có %(n)s người tên %(name)s; hãy đánh dấu đúng người trong danh sách "
                    "thay vì nhập tên.",
                    n=len(same),
                    name=same[0].full_name,
                ),
            )
        out.append(
            same[0] if same else create_beneficiary(BeneficiaryData(unit_id, raw, category), user)
        )
    return out
