"""Rotating capital groups (tổ nhóm góp vốn luân chuyển) and the interest-free revolving fund:
members put capital in, the group lends it to members in turn, members pay it back.

Rules: amounts are whole đồng above zero; a contribution or loan is not dated before the member
joined; a loan never exceeds the capital the group has on hand at that date (contributions minus
what is lent out and not yet repaid); a repayment is not dated before its loan and never exceeds
what is still owed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from webapp import formatting
from webapp.extensions import db
from webapp.fields import enum_value
from webapp.loans.services.checks import (
    GroupBasics,
    check_group_basics,
    count_where,
    fill_group_basics,
    may_save,
    named_stmt,
    positive,
    trash_unless_used,
)
from webapp.models import (
    Member,
    RotatingContribution,
    RotatingGroup,
    RotatingKind,
    RotatingLoan,
    RotatingMember,
    RotatingRepayment,
    User,
)
from webapp.models.base import utcnow
from webapp.refusals import Problems, RecordError
from webapp.scope import can_see_unit, require_write
from webapp.text import nfc, search_key
from webapp.trash import move_to_trash


@dataclass(kw_only=True)
class RotatingGroupData(GroupBasics):
    kind: str


def rotating_stmt(user: User, q: str = "") -> Select:
    """The user's rotating groups and funds, by name."""
    return named_stmt(RotatingGroup, user, q).order_by(RotatingGroup.kind, RotatingGroup.name)


def check_rotating_group(data: RotatingGroupData) -> tuple[str, RotatingKind]:
    """Every rule of a rotating group at once: a unit, a name, a kind, a founding day and no
    dissolution before it. Returns the name and the kind."""
    problems = Problems()
    name = check_group_basics(problems, data, _("Vui lòng chọn đơn vị."))
    kind = enum_value(RotatingKind, data.kind)
    if kind is None:
        problems.add("kind", _("Loại không hợp lệ."))
    problems.raise_any()
    assert isinstance(kind, RotatingKind)
    return name, kind


def save_rotating_group(
    user: User,
    data: RotatingGroupData,
    group: RotatingGroup | None = None,
    version: int | None = None,
) -> RotatingGroup:
    """Create or update a rotating group or fund."""
    may_save(user, data.unit_id, group, version)
    name, kind = check_rotating_group(data)
    if group is None:
        group = RotatingGroup(unit_id=data.unit_id)
        db.session.add(group)
    elif group.unit_id != data.unit_id and count_where(
        RotatingMember, RotatingMember.group_id == group.id
    ):
        raise RecordError("unit_id", _("Tổ đã có thành viên; không thể chuyển đơn vị."))
    fill_group_basics(group, data, name)
    group.kind = kind
    db.session.flush()
    return group


def delete_rotating_group(user: User, group: RotatingGroup) -> None:
    """Move a group to the trash; refused while it has members."""
    members = count_where(RotatingMember, RotatingMember.group_id == group.id)
    refusal = _("Không thể xoá: tổ còn %(n)s thành viên.", n=members) if members else None
    trash_unless_used(user, group, "group", refusal)


# --- what a group page shows --------------------------------------------------------------------


@dataclass
class LoanLine:
    loan: RotatingLoan
    repaid: int
    repayments: list[RotatingRepayment] = field(default_factory=list)

    @property
    def balance(self) -> int:
        return self.loan.amount - self.repaid


@dataclass
class GroupDetail:
    members: list[RotatingMember]
    contributed: dict[int, int]
    contributions: list[RotatingContribution]
    loans: list[LoanLine]
    capital: int
    on_hand: int


def group_detail(group: RotatingGroup) -> GroupDetail:
    """Members, contributions, loans with balances, capital and cash on hand (today's register)."""
    members = list(
        db.session.scalars(
            select(RotatingMember)
            .where(RotatingMember.group_id == group.id)
            .order_by(RotatingMember.search_key, RotatingMember.id)
        )
    )
    contributions = list(
        db.session.scalars(
            select(RotatingContribution)
            .where(RotatingContribution.group_id == group.id)
            .order_by(RotatingContribution.paid_on.desc(), RotatingContribution.id.desc())
        )
    )
    contributed: dict[int, int] = {}
    for c in contributions:
        contributed[c.rotating_member_id] = contributed.get(c.rotating_member_id, 0) + c.amount
    loans = list(
        db.session.scalars(
            select(RotatingLoan)
            .where(RotatingLoan.group_id == group.id)
            .order_by(RotatingLoan.lent_on.desc(), RotatingLoan.id.desc())
        )
    )
    repayments = db.session.scalars(
        select(RotatingRepayment)
        .where(RotatingRepayment.loan_id.in_([loan.id for loan in loans]))
        .order_by(RotatingRepayment.paid_on, RotatingRepayment.id)
    )
    lines = {loan.id: LoanLine(loan, 0) for loan in loans}
    for r in repayments:
        lines[r.loan_id].repaid += r.amount
        lines[r.loan_id].repayments.append(r)
    capital = sum(contributed.values())
    out = sum(line.balance for line in lines.values())
    return GroupDetail(
        members, contributed, contributions, list(lines.values()), capital, capital - out
    )


def on_hand(group_id: int, at: date) -> int:
    """Capital the group holds at ``at``: contributions − loans made + repayments received."""
    contributed = db.session.scalar(
        select(func.coalesce(func.sum(RotatingContribution.amount), 0)).where(
            RotatingContribution.group_id == group_id, RotatingContribution.paid_on <= at
        )
    )
    lent = db.session.scalar(
        select(func.coalesce(func.sum(RotatingLoan.amount), 0)).where(
            RotatingLoan.group_id == group_id, RotatingLoan.lent_on <= at
        )
    )
    repaid = db.session.scalar(
        select(func.coalesce(func.sum(RotatingRepayment.amount), 0))
        .join(RotatingLoan, RotatingLoan.id == RotatingRepayment.loan_id)
        .where(RotatingLoan.group_id == group_id, RotatingRepayment.paid_on <= at)
    )
    return int(contributed) - int(lent) + int(repaid)


# --- members, contributions, loans, repayments ------------------------------------------------------


def _touch(record) -> None:
    record.updated_at = utcnow()


def check_member(
    user: User, group: RotatingGroup, full_name: str, joined_on: date | None, member_id: int | None
) -> str:
    """Every rule of a new member at once: a name, a joining day not before the group was
    founded, a linked union member the user may see. Returns the name as stored."""
    problems = Problems()
    name = nfc(full_name)
    if not name:
        problems.add("full_name", _("Vui lòng nhập họ và tên."))
    founded = formatting.date_short(group.founded_on)
    too_early = _("Ngày tham gia không được trước ngày thành lập tổ (%(d)s).", d=founded)
    _dated(problems, ("joined_on", joined_on), _("Vui lòng chọn ngày tham gia."))
    _not_before(problems, ("joined_on", joined_on), group.founded_on, too_early)
    if member_id is not None:
        member = db.session.get(Member, member_id)
        if member is None or not can_see_unit(user, member.unit_id):
            problems.add("member_id", _("Không tìm thấy hội viên mang mã này."))
    problems.raise_any()
    return name


def add_member(
    user: User, group: RotatingGroup, full_name: str, joined_on: date | None, member_id: int | None
) -> RotatingMember:
    """A new member of the group (optionally linked to a union member record)."""
    require_write(user, group.unit_id)
    name = check_member(user, group, full_name, joined_on, member_id)
    record = RotatingMember(
        unit_id=group.unit_id,
        group_id=group.id,
        full_name=name,
        search_key=search_key(name),
        joined_on=joined_on,
        member_id=member_id,
    )
    db.session.add(record)
    db.session.flush()
    return record


def _dated(problems: Problems, day: tuple[str, date | None], missing: str) -> None:
    """A required day (``(field, value)``)."""
    if day[1] is None:
        problems.add(day[0], missing)


def _not_before(
    problems: Problems, day: tuple[str, date | None], earliest: date, too_early: str
) -> None:
    """A day (``(field, value)``), when given, not before ``earliest``."""
    if day[1] is not None and day[1] < earliest:
        problems.add(day[0], too_early)


def _member_of(group: RotatingGroup, member_id: int | None) -> RotatingMember:
    member = db.session.get(RotatingMember, member_id) if member_id else None
    if member is None or member.group_id != group.id:
        raise RecordError("rotating_member_id", _("Vui lòng chọn một thành viên của tổ."))
    return member


def _member_entry(
    group: RotatingGroup,
    member_id: int | None,
    amount: int | None,
    day: tuple[str, date | None],
    no_day: str,
    before_joining: str,
) -> tuple[Problems, RotatingMember | None, int | None]:
    """What a contribution and a loan both check, every mistake at once: a member of the group,
    an amount above zero, a day (``(field, value)``) not before the member joined."""
    problems = Problems()
    member = problems.check(_member_of, group, member_id)
    amount = problems.check(positive, amount, "amount")
    _dated(problems, day, no_day)
    if member is not None:
        _not_before(problems, day, member.joined_on, before_joining)
    return problems, member, amount


def _entry(record, group_or_loan) -> None:
    """Keep a new contribution, loan or repayment; its group or loan shows it changed."""
    db.session.add(record)
    _touch(group_or_loan)
    db.session.flush()


def check_contribution(
    group: RotatingGroup, member_id: int | None, paid_on: date | None, amount: int | None
) -> tuple[RotatingMember, int]:
    """Every rule of a contribution at once; returns its member and amount."""
    problems, member, amount = _member_entry(
        group,
        member_id,
        amount,
        ("paid_on", paid_on),
        _("Vui lòng chọn ngày góp."),
        _("Ngày góp không được trước ngày thành viên tham gia."),
    )
    problems.raise_any()
    assert member is not None and amount is not None
    return member, amount


def add_contribution(
    user: User,
    group: RotatingGroup,
    member_id: int | None,
    paid_on: date | None,
    amount: int | None,
) -> RotatingContribution:
    """Capital a member puts into the group."""
    require_write(user, group.unit_id)
    member, amount = check_contribution(group, member_id, paid_on, amount)
    record = RotatingContribution(
        unit_id=group.unit_id,
        group_id=group.id,
        rotating_member_id=member.id,
        paid_on=paid_on,
        amount=amount,
    )
    _entry(record, group)
    return record


def check_loan(
    group: RotatingGroup,
    member_id: int | None,
    lent_on: date | None,
    amount: int | None,
    due_on: date | None,
) -> tuple[RotatingMember, int]:
    """Every rule of a loan at once (a member, an amount the group has on hand, a lending day
    not before she joined, a due day after it); returns its member and amount."""
    problems, member, amount = _member_entry(
        group,
        member_id,
        amount,
        ("lent_on", lent_on),
        _("Vui lòng chọn ngày cho vay."),
        _("Ngày cho vay không được trước ngày thành viên tham gia."),
    )
    if lent_on is not None and due_on is not None and due_on <= lent_on:
        problems.add("due_on", _("Hạn trả phải sau ngày cho vay."))
    if amount is not None and lent_on is not None:
        available = min(on_hand(group.id, lent_on), on_hand(group.id, date.max))
        if amount > available:
            problems.add(
                "amount",
                _(
                    "Tổ chỉ còn %(left)s; không đủ để cho vay.",
                    left=formatting.money(max(available, 0)),
                ),
            )
    problems.raise_any()
    assert member is not None and amount is not None
    return member, amount


def add_loan(
    user: User,
    group: RotatingGroup,
    member_id: int | None,
    lent_on: date | None,
    amount: int | None,
    due_on: date | None,
) -> RotatingLoan:
    """Lend to a member in turn, from the capital on hand."""
    require_write(user, group.unit_id)
    member, amount = check_loan(group, member_id, lent_on, amount, due_on)
    record = RotatingLoan(
        unit_id=group.unit_id,
        group_id=group.id,
        rotating_member_id=member.id,
        lent_on=lent_on,
        amount=amount,
        due_on=due_on,
    )
    _entry(record, group)
    return record


def check_repayment(loan: RotatingLoan, paid_on: date | None, amount: int | None) -> int:
    """Every rule of a repayment at once: an amount above zero and not above what is still
    owed, a day not before the loan. Returns the amount."""
    problems = Problems()
    amount = problems.check(positive, amount, "amount")
    lent = formatting.date_short(loan.lent_on)
    too_early = _("Ngày trả không được trước ngày cho vay (%(d)s).", d=lent)
    _dated(problems, ("paid_on", paid_on), _("Vui lòng chọn ngày trả."))
    _not_before(problems, ("paid_on", paid_on), loan.lent_on, too_early)
    if amount is not None:
        repaid = db.session.scalar(
            select(func.coalesce(func.sum(RotatingRepayment.amount), 0)).where(
                RotatingRepayment.loan_id == loan.id
            )
        )
        left = loan.amount - int(repaid)
        if amount > left:
            problems.add(
                "amount",
                _(
                    "Số tiền trả (%(paid)s) lớn hơn số còn nợ (%(left)s).",
                    paid=formatting.money(amount),
                    left=formatting.money(left),
                ),
            )
    problems.raise_any()
    assert amount is not None
    return amount


def add_repayment(
    user: User, loan: RotatingLoan, paid_on: date | None, amount: int | None
) -> RotatingRepayment:
    """A member pays back (part of) a loan."""
    require_write(user, loan.unit_id)
    amount = check_repayment(loan, paid_on, amount)
    record = RotatingRepayment(
        unit_id=loan.unit_id, loan_id=loan.id, paid_on=paid_on, amount=amount
    )
    _entry(record, loan)
    return record


def delete_loan(user: User, loan: RotatingLoan) -> None:
    """Move a rotating loan to the trash; refused while repayments are recorded on it."""
    count = count_where(RotatingRepayment, RotatingRepayment.loan_id == loan.id)
    refusal = _("Không thể xoá: khoản vay đã có %(n)s lần trả.", n=count) if count else None
    trash_unless_used(user, loan, "loan", refusal)


def delete_repayment(user: User, repayment: RotatingRepayment) -> None:
    """Move a repayment to the trash."""
    require_write(user, repayment.unit_id)
    move_to_trash(repayment)
    _touch(repayment.loan)
    db.session.flush()


def delete_contribution(user: User, contribution: RotatingContribution) -> None:
    """Move a contribution to the trash; refused when the group would have lent money it no
    longer had."""
    require_write(user, contribution.unit_id)
    move_to_trash(contribution)
    db.session.flush()
    loan_days = db.session.scalars(
        select(RotatingLoan.lent_on).where(
            RotatingLoan.group_id == contribution.group_id,
            RotatingLoan.lent_on >= contribution.paid_on,
        )
    ).all()
    if any(on_hand(contribution.group_id, day) < 0 for day in loan_days):
        raise RecordError("contribution", _("Không thể xoá: tổ đã cho vay số vốn này."))
    _touch(contribution)
