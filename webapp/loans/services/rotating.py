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
from webapp.loans.services.checks import count_where, positive
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
from webapp.refusals import Problems, RecordError, check_version
from webapp.scope import can_see_unit, require_write, scoped
from webapp.text import nfc, search_key
from webapp.trash import move_to_trash


@dataclass
class RotatingGroupData:
    name: str
    kind: str
    unit_id: int | None
    leader_name: str
    founded_on: date | None
    dissolved_on: date | None


def rotating_stmt(user: User, q: str = "") -> Select:
    """The user's rotating groups and funds, by name."""
    stmt = scoped(select(RotatingGroup), RotatingGroup.unit_id, user)
    if q.strip():
        stmt = stmt.where(RotatingGroup.search_key.contains(search_key(q)))
    return stmt.order_by(RotatingGroup.kind, RotatingGroup.name)


def check_rotating_group(data: RotatingGroupData) -> tuple[str, RotatingKind]:
    """Every rule of a rotating group at once: a unit, a name, a kind, a founding day and no
    dissolution before it. Returns the name and the kind."""
    problems = Problems()
    if data.unit_id is None:
        problems.add("unit_id", _("Vui lòng chọn đơn vị."))
    name = nfc(data.name)
    if not name:
        problems.add("name", _("Vui lòng nhập tên tổ."))
    kind = enum_value(RotatingKind, data.kind)
    if kind is None:
        problems.add("kind", _("Loại không hợp lệ."))
    if data.founded_on is None:
        problems.add("founded_on", _("Vui lòng chọn ngày thành lập."))
    elif data.dissolved_on is not None and data.dissolved_on < data.founded_on:
        problems.add("dissolved_on", _("Ngày giải thể không được trước ngày thành lập."))
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
    if data.unit_id is not None:
        require_write(user, data.unit_id)
    if group is not None:
        require_write(user, group.unit_id)
        check_version(group, version)
    name, kind = check_rotating_group(data)
    if group is None:
        group = RotatingGroup(unit_id=data.unit_id)
        db.session.add(group)
    elif group.unit_id != data.unit_id and count_where(
        RotatingMember, RotatingMember.group_id == group.id
    ):
        raise RecordError("unit_id", _("Tổ đã có thành viên; không thể chuyển đơn vị."))
    group.unit_id = data.unit_id
    group.kind = kind
    group.name = name
    group.search_key = search_key(name)
    group.leader_name = nfc(data.leader_name)
    group.founded_on = data.founded_on
    group.dissolved_on = data.dissolved_on
    db.session.flush()
    return group


def delete_rotating_group(user: User, group: RotatingGroup) -> None:
    """Move a group to the trash; refused while it has members."""
    require_write(user, group.unit_id)
    members = count_where(RotatingMember, RotatingMember.group_id == group.id)
    if members:
        raise RecordError("group", _("Không thể xoá: tổ còn %(n)s thành viên.", n=members))
    move_to_trash(group)
    db.session.flush()


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


def add_member(
    user: User, group: RotatingGroup, full_name: str, joined_on: date | None, member_id: int | None
) -> RotatingMember:
    """A new member of the group (optionally linked to a union member record)."""
    require_write(user, group.unit_id)
    name = nfc(full_name)
    if not name:
        raise RecordError("full_name", _("Vui lòng nhập họ và tên."))
    if joined_on is None:
        raise RecordError("joined_on", _("Vui lòng chọn ngày tham gia."))
    if joined_on < group.founded_on:
        raise RecordError(
            "joined_on",
            _(
                "Ngày tham gia không được trước ngày thành lập tổ (%(d)s).",
                d=formatting.date_short(group.founded_on),
            ),
        )
    if member_id is not None:
        member = db.session.get(Member, member_id)
        if member is None or not can_see_unit(user, member.unit_id):
            raise RecordError("member_id", _("Không tìm thấy hội viên mang mã này."))
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


def _member_of(group: RotatingGroup, member_id: int | None) -> RotatingMember:
    member = db.session.get(RotatingMember, member_id) if member_id else None
    if member is None or member.group_id != group.id:
        raise RecordError("rotating_member_id", _("Vui lòng chọn một thành viên của tổ."))
    return member


def add_contribution(
    user: User,
    group: RotatingGroup,
    member_id: int | None,
    paid_on: date | None,
    amount: int | None,
) -> RotatingContribution:
    """Capital a member puts into the group."""
    require_write(user, group.unit_id)
    member = _member_of(group, member_id)
    amount = positive(amount, "amount")
    if paid_on is None:
        raise RecordError("paid_on", _("Vui lòng chọn ngày góp."))
    if paid_on < member.joined_on:
        raise RecordError("paid_on", _("Ngày góp không được trước ngày thành viên tham gia."))
    record = RotatingContribution(
        unit_id=group.unit_id,
        group_id=group.id,
        rotating_member_id=member.id,
        paid_on=paid_on,
        amount=amount,
    )
    db.session.add(record)
    _touch(group)
    db.session.flush()
    return record


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
    member = _member_of(group, member_id)
    amount = positive(amount, "amount")
    if lent_on is None:
        raise RecordError("lent_on", _("Vui lòng chọn ngày cho vay."))
    if lent_on < member.joined_on:
        raise RecordError("lent_on", _("Ngày cho vay không được trước ngày thành viên tham gia."))
    if due_on is not None and due_on <= lent_on:
        raise RecordError("due_on", _("Hạn trả phải sau ngày cho vay."))
    available = min(on_hand(group.id, lent_on), on_hand(group.id, date.max))
    if amount > available:
        raise RecordError(
            "amount",
            _(
                "Tổ chỉ còn %(left)s; không đủ để cho vay.",
                left=formatting.money(max(available, 0)),
            ),
        )
    record = RotatingLoan(
        unit_id=group.unit_id,
        group_id=group.id,
        rotating_member_id=member.id,
        lent_on=lent_on,
        amount=amount,
        due_on=due_on,
    )
    db.session.add(record)
    _touch(group)
    db.session.flush()
    return record


def add_repayment(
    user: User, loan: RotatingLoan, paid_on: date | None, amount: int | None
) -> RotatingRepayment:
    """A member pays back (part of) a loan."""
    require_write(user, loan.unit_id)
    amount = positive(amount, "amount")
    if paid_on is None:
        raise RecordError("paid_on", _("Vui lòng chọn ngày trả."))
    if paid_on < loan.lent_on:
        raise RecordError(
            "paid_on",
            _(
                "Ngày trả không được trước ngày cho vay (%(d)s).",
                d=formatting.date_short(loan.lent_on),
            ),
        )
    repaid = db.session.scalar(
        select(func.coalesce(func.sum(RotatingRepayment.amount), 0)).where(
            RotatingRepayment.loan_id == loan.id
        )
    )
    left = loan.amount - int(repaid)
    if amount > left:
        raise RecordError(
            "amount",
            _(
                "Số tiền trả (%(paid)s) lớn hơn số còn nợ (%(left)s).",
                paid=formatting.money(amount),
                left=formatting.money(left),
            ),
        )
    record = RotatingRepayment(
        unit_id=loan.unit_id, loan_id=loan.id, paid_on=paid_on, amount=amount
    )
    db.session.add(record)
    _touch(loan)
    db.session.flush()
    return record


def delete_loan(user: User, loan: RotatingLoan) -> None:
    """Move a rotating loan to the trash; refused while repayments are recorded on it."""
    require_write(user, loan.unit_id)
    count = count_where(RotatingRepayment, RotatingRepayment.loan_id == loan.id)
    if count:
        raise RecordError("loan", _("Không thể xoá: khoản vay đã có %(n)s lần trả.", n=count))
    move_to_trash(loan)
    db.session.flush()


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
