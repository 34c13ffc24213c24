"""Banks and programmes (admin), savings-and-loan groups and borrowing households."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import Select, literal, or_, select
from sqlalchemy.orm import selectinload

from webapp.extensions import db
from webapp.loans.services.checks import (
    GroupBasics,
    check_group_basics,
    count_where,
    fill_group_basics,
    may_save,
    named_stmt,
    trash_unless_used,
)
from webapp.loans.services.units import ancestor_ids, reference_scoped
from webapp.models import (
    Bank,
    BankOffice,
    BankStatement,
    Household,
    Loan,
    LoanGroup,
    LoanProgramme,
    Member,
    Role,
    SavingsDeposit,
    Unit,
    User,
)
from webapp.refusals import Problems, RecordError, check_version
from webapp.scope import can_see_unit, can_write_unit, require_write, scoped
from webapp.text import nfc, search_key

# --- banks and programmes ---------------------------------------------------------------------
# Banks and their programmes are national reference data: a row without a unit is shared by every
# unit and kept by the admins of the whole tree. A unit's admin may add a local bank (a credit fund
# of its own, serving its subtree) and record its local office (phòng giao dịch) of a bank.


def is_system_admin(user: User) -> bool:
    """An admin of the whole tree: the only one who keeps the shared entries."""
    return user.role is Role.ADMIN and user.unit_id is None


def can_manage_bank(user: User, bank: Bank) -> bool:
    """Whether ``user`` may change ``bank`` and its programmes."""
    if bank.unit_id is None:
        return is_system_admin(user)
    return user.is_admin and can_write_unit(user, bank.unit_id)


def visible_banks(user: User) -> list[Bank]:
    """Banks the user may read: the shared ones, and those kept in their scope or above."""
    stmt = reference_scoped(select(Bank), Bank.unit_id, user)
    return list(db.session.scalars(stmt.order_by(Bank.unit_id.is_not(None), Bank.short_name)))


def bank_or_404(user: User, bank_id: int) -> Bank:
    """A bank the user may read, or 404."""
    bank = db.session.scalar(
        reference_scoped(select(Bank), Bank.unit_id, user).where(Bank.id == bank_id)
    )
    if bank is None:
        abort(404)
    return bank


def programme_or_404(user: User, programme_id: int) -> LoanProgramme:
    """A programme of a bank the user may read, or 404."""
    programme = db.session.get(LoanProgramme, programme_id)
    if programme is None:
        abort(404)
    bank_or_404(user, programme.bank_id)
    return programme


def programmes_of(bank_ids: list[int], active_only: bool = False) -> list[LoanProgramme]:
    """The programmes of these banks, by bank then name."""
    stmt = select(LoanProgramme).where(LoanProgramme.bank_id.in_(bank_ids))
    if active_only:
        stmt = stmt.where(LoanProgramme.active.is_(True))
    return list(db.session.scalars(stmt.order_by(LoanProgramme.bank_id, LoanProgramme.name)))


def banks_for_unit(unit_id: int) -> Select:
    """Banks a record of ``unit_id`` may use: the shared ones and those kept by the unit or a
    unit above it."""
    return select(Bank).where(or_(Bank.unit_id.is_(None), Bank.unit_id.in_(ancestor_ids(unit_id))))


@dataclass
class BankData:
    code: str
    short_name: str
    name: str
    unit_id: int | None  # None: shared by every unit


def _clean_code(code: str) -> str:
    code = (code or "").strip().lower()
    if not re.fullmatch(r"[a-z0-9_]{2,20}", code):
        raise RecordError("code", _("Mã chỉ gồm chữ thường không dấu, số hoặc _, 2–20 ký tự."))
    return code


def _check_bank_free(code: str, short_name: str, unit_id: int | None, bank: Bank | None) -> None:
    """A bank is entered once: no second shared row, and no local copy of a shared bank (by
    code or by its short name without diacritics: "NHCSXH" twice is one bank)."""
    rows = db.session.execute(
        select(Bank.id, Bank.code, Bank.short_name, Bank.unit_id).where(
            or_(Bank.unit_id.is_(None), Bank.unit_id == unit_id)
            if unit_id is not None
            else literal(True)
        )
    ).all()
    key = search_key(short_name)
    for other_id, other_code, other_short, other_unit in rows:
        if bank is not None and other_id == bank.id:
            continue
        same = other_code == code or search_key(other_short) == key
        if not same:
            continue
        if other_unit is None:
            raise RecordError(
                "code",
                _(
                    "“%(name)s” đã là ngân hàng dùng chung; không cần thêm bản riêng.",
                    name=other_short,
                ),
            )
        if unit_id is None or other_unit == unit_id:
            raise RecordError("code", _("Đơn vị này đã có ngân hàng mang mã đó."))


def check_bank(user: User, data: BankData, bank: Bank | None = None) -> str:
    """Every rule of a bank at once: a managing unit (shared banks: admins of the whole tree
    only), a well-formed code, not a second copy of a bank. Returns the code as stored."""
    problems = Problems()
    if data.unit_id is None and not is_system_admin(user):
        problems.add("unit_id", _("Vui lòng chọn đơn vị quản lý."))
    code = problems.check(_clean_code, data.code)
    if code is not None:
        problems.check(_check_bank_free, code, nfc(data.short_name), data.unit_id, bank)
    problems.raise_any()
    return code


def save_bank(
    user: User, data: BankData, bank: Bank | None = None, version: int | None = None
) -> Bank:
    """Create a bank, or update ``bank``. Shared banks (no unit): admins of the whole tree only;
    a unit's own bank: admins who may write to that unit."""
    if data.unit_id is not None:
        require_write(user, data.unit_id)
    if bank is not None:
        check_version(bank, version)
        if not can_manage_bank(user, bank):
            abort(403)
    code = check_bank(user, data, bank)
    if bank is None:
        bank = Bank(unit_id=data.unit_id)
        db.session.add(bank)
    bank.unit_id = data.unit_id
    bank.code = code
    bank.short_name = nfc(data.short_name)
    bank.name = nfc(data.name)
    db.session.flush()
    for programme in programmes_of([bank.id]):
        programme.unit_id = bank.unit_id
    db.session.flush()
    return bank


def check_programme(
    bank: Bank,
    name: str,
    programme: LoanProgramme | None = None,
    version: int | None = None,
) -> str:
    """Every rule of a programme at once: the version the form was loaded with, a name not
    used by another programme of the bank. Returns the name as stored."""
    problems = Problems()
    if programme is not None:
        problems.check(check_version, programme, version)
    name = nfc(name)
    if not name:
        problems.add("name", _("Vui lòng nhập tên chương trình vay."))
    key = search_key(name)
    for other in programmes_of([bank.id]):
        if search_key(other.name) == key and (programme is None or other.id != programme.id):
            problems.add("name", _("Ngân hàng này đã có chương trình cùng tên."))
    problems.raise_any()
    return name


def save_programme(
    bank: Bank,
    name: str,
    active: bool,
    programme: LoanProgramme | None = None,
    version: int | None = None,
    user: User | None = None,
) -> LoanProgramme:
    """Add a programme to ``bank`` or rename / (de)activate one (the bank's keepers only, when
    ``user`` is given)."""
    if user is not None and not can_manage_bank(user, bank):
        abort(403)
    name = check_programme(bank, name, programme, version)
    if programme is None:
        programme = LoanProgramme(unit_id=bank.unit_id, bank_id=bank.id)
        db.session.add(programme)
    programme.name = name
    programme.active = active
    db.session.flush()
    return programme


def offices_of(user: User, bank_ids: list[int]) -> list[BankOffice]:
    """The local offices of these banks recorded by units the user may see or sits under."""
    stmt = reference_scoped(select(BankOffice), BankOffice.unit_id, user).where(
        BankOffice.bank_id.in_(bank_ids)
    )
    return list(db.session.scalars(stmt.order_by(BankOffice.bank_id, BankOffice.name)))


def office_for(bank_id: int, unit_id: int) -> BankOffice | None:
    """The office of ``bank_id`` that serves ``unit_id``: the one recorded by the unit itself or
    by the nearest unit above it."""
    offices = {
        o.unit_id: o
        for o in db.session.scalars(
            select(BankOffice).where(
                BankOffice.bank_id == bank_id, BankOffice.unit_id.in_(ancestor_ids(unit_id))
            )
        )
    }
    unit = db.session.get(Unit, unit_id)
    while unit is not None:
        if unit.id in offices:
            return offices[unit.id]
        unit = unit.parent
    return None


def check_office(unit_id: int | None, name: str) -> str:
    """Every rule of a bank office at once: a unit and a name. Returns the name as stored."""
    problems = Problems()
    if unit_id is None:
        problems.add("office_unit_id", _("Vui lòng chọn đơn vị."))
    name = nfc(name)
    if not name:
        problems.add("office_name", _("Vui lòng nhập tên phòng giao dịch."))
    problems.raise_any()
    return name


def save_office(
    user: User, bank: Bank, unit_id: int | None, name: str, address: str = "", phone: str = ""
) -> BankOffice:
    """Record (or update) ``unit_id``'s local office of ``bank``; one office per bank and unit."""
    name = check_office(unit_id, name)
    require_write(user, unit_id)
    office = db.session.scalar(
        select(BankOffice).where(BankOffice.bank_id == bank.id, BankOffice.unit_id == unit_id)
    )
    if office is None:
        office = BankOffice(bank_id=bank.id, unit_id=unit_id)
        db.session.add(office)
    office.name = name
    office.address = nfc(address)
    office.phone = nfc(phone)
    db.session.flush()
    return office


# --- groups -----------------------------------------------------------------------------------


@dataclass(kw_only=True)
class GroupData(GroupBasics):
    bank_id: int | None


def groups_stmt(user: User, q: str = "") -> Select:
    """The user's savings-and-loan groups, optionally filtered by name (diacritics ignored)."""
    return named_stmt(LoanGroup, user, q).order_by(LoanGroup.name)


def group_choices(user: User) -> list[tuple[int, str]]:
    """(id, name) of every group the user may see."""
    return [(g.id, g.name) for g in db.session.scalars(groups_stmt(user))]


def check_group(data: GroupData) -> tuple[str, Bank]:
    """Every rule of a group at once: a unit, a name, a bank serving the unit, a founding day
    and no dissolution before it. Returns the name and the bank."""
    problems = Problems()
    name = check_group_basics(problems, data, _("Vui lòng chọn chi hội."))
    bank = (
        db.session.scalar(banks_for_unit(data.unit_id).where(Bank.id == data.bank_id))
        if data.bank_id and data.unit_id is not None
        else None
    )
    if bank is None:
        problems.add("bank_id", _("Vui lòng chọn ngân hàng phục vụ đơn vị này."))
    problems.raise_any()
    assert bank is not None
    return name, bank


def save_group(
    user: User, data: GroupData, group: LoanGroup | None = None, version: int | None = None
) -> LoanGroup:
    """Create or update a group; its bank must serve its unit."""
    may_save(user, data.unit_id, group, version)
    name, bank = check_group(data)
    if group is None:
        group = LoanGroup(unit_id=data.unit_id)
        db.session.add(group)
    elif group.bank_id != bank.id and _group_has_loans(group):
        raise RecordError("bank_id", _("Tổ đã có khoản vay; không thể đổi ngân hàng."))
    fill_group_basics(group, data, name)
    group.bank_id = bank.id
    db.session.flush()
    return group


def _group_has_loans(group: LoanGroup) -> bool:
    return count_where(Loan, Loan.group_id == group.id) > 0


def delete_group(user: User, group: LoanGroup) -> None:
    """Move a group to the trash; refused while households, loans or statements name it."""
    households = count_where(Household, Household.group_id == group.id)
    loans = count_where(Loan, Loan.group_id == group.id)
    statements = count_where(BankStatement, BankStatement.group_id == group.id)
    parts = [_("%(n)s hộ", n=households)] if households else []
    parts += [_("%(n)s khoản vay", n=loans)] if loans else []
    parts += [_("%(n)s sao kê", n=statements)] if statements else []
    refusal = _("Không thể xoá: tổ còn %(what)s.", what=", ".join(parts)) if parts else None
    trash_unless_used(user, group, "group", refusal)


# --- households ---------------------------------------------------------------------------------


@dataclass
class HouseholdData:
    head_name: str
    unit_id: int | None
    group_id: int | None
    address: str
    member_id: int | None


def households_stmt(user: User, q: str = "", group_id: int | None = None) -> Select:
    """The user's borrowing households, filtered by name or address (diacritics ignored)."""
    stmt = scoped(select(Household), Household.unit_id, user)
    if group_id is not None:
        stmt = stmt.where(Household.group_id == group_id)
    if q.strip():
        key = search_key(q)
        stmt = stmt.where(or_(Household.search_key.contains(key), Household.address.contains(q)))
    # The list prints each household's unit and group: loaded with the page, not row by row.
    stmt = stmt.options(selectinload(Household.unit), selectinload(Household.group))
    return stmt.order_by(Household.search_key, Household.id)


def check_household(user: User, data: HouseholdData) -> str:
    """Every rule of a household at once: a unit, the head's name, a group of the unit or a
    unit above it, a member the user may see. Returns the head's name."""
    problems = Problems()
    if data.unit_id is None:
        problems.add("unit_id", _("Vui lòng chọn chi hội."))
    name = nfc(data.head_name)
    if not name:
        problems.add("head_name", _("Vui lòng nhập tên chủ hộ."))
    if data.group_id is not None:
        group = db.session.get(LoanGroup, data.group_id)
        if group is None or not can_see_unit(user, group.unit_id):
            problems.add("group_id", _("Không tìm thấy tổ này."))
        elif data.unit_id is not None and not count_where(
            LoanGroup, LoanGroup.id == group.id, LoanGroup.unit_id.in_(ancestor_ids(data.unit_id))
        ):
            problems.add("group_id", _("Tổ này không thuộc chi hội của hộ."))
    if data.member_id is not None:
        member = db.session.get(Member, data.member_id)
        if member is None or not can_see_unit(user, member.unit_id):
            problems.add("member_id", _("Không tìm thấy hội viên mang mã này."))
    problems.raise_any()
    return name


def save_household(
    user: User,
    data: HouseholdData,
    household: Household | None = None,
    version: int | None = None,
) -> Household:
    """Create or update a household; its group must belong to its unit or a unit above it."""
    may_save(user, data.unit_id, household, version)
    name = check_household(user, data)
    if household is None:
        household = Household(unit_id=data.unit_id)
        db.session.add(household)
    elif household.unit_id != data.unit_id:
        _move_household_records(household, data.unit_id)
    household.unit_id = data.unit_id
    household.group_id = data.group_id
    household.head_name = name
    household.search_key = search_key(name)
    household.address = nfc(data.address)
    household.member_id = data.member_id
    db.session.flush()
    return household


def _move_household_records(household: Household, unit_id: int) -> None:
    """A household that moves branch takes its loans, repayments and deposits with it."""
    from webapp.models import LoanRepayment

    loan_ids = select(Loan.id).where(Loan.household_id == household.id)
    for model, cond in (
        (Loan, Loan.household_id == household.id),
        (LoanRepayment, LoanRepayment.loan_id.in_(loan_ids)),
        (SavingsDeposit, SavingsDeposit.household_id == household.id),
    ):
        for record in db.session.scalars(select(model).where(cond)):
            record.unit_id = unit_id


def delete_household(user: User, household: Household) -> None:
    """Move a household to the trash; refused while it has loans or savings."""
    loans = count_where(Loan, Loan.household_id == household.id)
    deposits = count_where(SavingsDeposit, SavingsDeposit.household_id == household.id)
    parts = [_("%(n)s khoản vay", n=loans)] if loans else []
    parts += [_("%(n)s lần gửi tiết kiệm", n=deposits)] if deposits else []
    refusal = _("Không thể xoá: hộ còn %(what)s.", what=", ".join(parts)) if parts else None
    trash_unless_used(user, household, "household", refusal)
