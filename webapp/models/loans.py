"""Models of the loans area: entrusted bank loans (vốn ủy thác), savings-and-loan groups
(tổ TK&VV), savings deposits, bank statements, and rotating interest-free capital groups.

Balances are never stored: the outstanding balance of a loan at a date is its amount minus the
principal of its repayments on or before that date; a savings balance is the sum of deposits
minus withdrawals. Every amount is whole đồng in a BigInteger. Only many-to-one relationships
are mapped: lists (a loan's repayments, a group's households) are always queried by the
services, so the trash hook (webapp/trash.py) hides trashed rows from them.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.base import LabelledEnum, RecordMixin, UTCDateTime, value_enum
from webapp.models.members import Member
from webapp.models.units import Unit

__all__ = [
    "Bank",
    "BankOffice",
    "BankStatement",
    "Household",
    "Loan",
    "LoanGroup",
    "LoanProgramme",
    "LoanRepayment",
    "RepaymentKind",
    "RotatingContribution",
    "RotatingGroup",
    "RotatingKind",
    "RotatingLoan",
    "RotatingMember",
    "RotatingRepayment",
    "SavingsDeposit",
]


class Bank(RecordMixin, db.Model):
    """A bank lending through the union (NHCSXH, Agribank): data kept by admins, not code.

    ``code`` is the short, stable name the per-bank indicators use (loans.outstanding_vnd.nhcsxh).
    Banks are national reference data: ``unit_id`` NULL means shared by every unit (kept by the
    admins of the whole tree). A bank with a unit (a local credit fund) serves that unit's
    subtree only. A unit's local branch office of a shared bank is a :class:`BankOffice`.
    """

    __tablename__ = "banks"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    code: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(120))
    short_name: Mapped[str] = mapped_column(String(40))

    unit: Mapped[Unit | None] = relationship()

    @property
    def is_shared(self) -> bool:
        return self.unit_id is None

    def __repr__(self) -> str:
        return f"<Bank {self.id} {self.code}>"


class BankOffice(RecordMixin, db.Model):
    """A unit's local office of a bank (phòng giao dịch NHCSXH huyện …): where its groups deal
    with the bank. Optional; the units below ``unit_id`` use the nearest office above them."""

    __tablename__ = "bank_offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")

    unit: Mapped[Unit] = relationship()
    bank: Mapped[Bank] = relationship()


class LoanProgramme(RecordMixin, db.Model):
    """A lending programme of a bank (hộ nghèo, nước sạch VSMT, …); shared (``unit_id`` NULL)
    when its bank is."""

    __tablename__ = "loan_programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(default=True)

    bank: Mapped[Bank] = relationship()

    @property
    def label(self) -> str:
        return f"{self.bank.short_name} · {self.name}"


class LoanGroup(RecordMixin, db.Model):
    """A savings-and-loan group (tổ tiết kiệm và vay vốn) run by a branch for one bank."""

    __tablename__ = "loan_groups"
    __record_date__ = ("founded_on", "dissolved_on")  # period locking (webapp/locking.py)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    search_key: Mapped[str] = mapped_column(String(120), index=True)
    leader_name: Mapped[str] = mapped_column(String(120), default="")
    founded_on: Mapped[date]
    dissolved_on: Mapped[date | None]

    unit: Mapped[Unit] = relationship()
    bank: Mapped[Bank] = relationship()


class Household(RecordMixin, db.Model):
    """A borrowing household, named by its head; optionally linked to a member record."""

    __tablename__ = "loan_households"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("loan_groups.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    head_name: Mapped[str] = mapped_column(String(120))
    search_key: Mapped[str] = mapped_column(String(120), index=True)
    address: Mapped[str] = mapped_column(String(200), default="")

    unit: Mapped[Unit] = relationship()
    group: Mapped[LoanGroup | None] = relationship()
    member: Mapped[Member | None] = relationship()


class Loan(RecordMixin, db.Model):
    """One disbursement to a household. Its balance is derived from its repayments."""

    __tablename__ = "loans"
    __record_date__ = ("disbursed_on", "due_on")  # period locking (webapp/locking.py)
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("due_on >= disbursed_on", name="due_after_disbursement"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("loan_households.id"), index=True)
    # None: lent through the union without a savings-and-loan group.
    group_id: Mapped[int | None] = mapped_column(ForeignKey("loan_groups.id"), index=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("loan_programmes.id"), index=True)
    disbursed_on: Mapped[date] = mapped_column(index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    due_on: Mapped[date] = mapped_column(index=True)
    purpose: Mapped[str] = mapped_column(String(200), default="")
    contract_no: Mapped[str] = mapped_column(String(40), default="")

    household: Mapped[Household] = relationship()
    group: Mapped[LoanGroup | None] = relationship()
    programme: Mapped[LoanProgramme] = relationship()


class RepaymentKind(LabelledEnum):
    """A payment by the household, or a correction accepted from a bank statement."""

    PAYMENT = "payment"
    CORRECTION = "correction"


RepaymentKind.set_labels(
    {RepaymentKind.PAYMENT: _l("Trả nợ"), RepaymentKind.CORRECTION: _l("Điều chỉnh")}
)


class LoanRepayment(RecordMixin, db.Model):
    """Principal and interest paid on a loan on a date.

    A correction accepted from a bank statement may carry a negative principal (the bank's
    balance is higher than the register's); typed payments are always positive.
    """

    __tablename__ = "loan_repayments"
    __record_date__ = "paid_on"  # period locking (webapp/locking.py)
    __table_args__ = (CheckConstraint("interest >= 0", name="interest_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id"), index=True)
    paid_on: Mapped[date] = mapped_column(index=True)
    principal: Mapped[int] = mapped_column(BigInteger, default=0)
    interest: Mapped[int] = mapped_column(BigInteger, default=0)
    kind: Mapped[RepaymentKind] = mapped_column(
        value_enum(RepaymentKind, 16), default=RepaymentKind.PAYMENT
    )
    # Where it was typed: "form", "grid" (the monthly grid) or "statement" (an accepted import).
    source: Mapped[str] = mapped_column(String(16), default="form")
    statement_id: Mapped[int | None] = mapped_column(ForeignKey("bank_statements.id"), index=True)
    note: Mapped[str] = mapped_column(String(200), default="")

    loan: Mapped[Loan] = relationship()


class SavingsDeposit(RecordMixin, db.Model):
    """A household's savings deposit (or withdrawal) on a date; the balance is their sum."""

    __tablename__ = "savings_deposits"
    __record_date__ = "deposited_on"  # period locking (webapp/locking.py)
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("loan_households.id"), index=True)
    deposited_on: Mapped[date] = mapped_column(index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    is_withdrawal: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str] = mapped_column(String(16), default="form")

    household: Mapped[Household] = relationship()


class BankStatement(RecordMixin, db.Model):
    """A bank's list of balances per household for one group, imported from .xlsx.

    ``lines`` keeps what the file said ([{"row", "name", "household_ref", "balance"}]); the
    reconciliation is recomputed from the register whenever it is shown or accepted.
    """

    __tablename__ = "bank_statements"
    __record_date__ = "statement_on"  # period locking (webapp/locking.py)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("loan_groups.id"), index=True)
    statement_on: Mapped[date]
    filename: Mapped[str] = mapped_column(String(200))
    lines: Mapped[list] = mapped_column(JSON, default=list)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    group: Mapped[LoanGroup] = relationship()


class RotatingKind(LabelledEnum):
    """A members' rotating capital group, or the union's interest-free revolving fund."""

    GROUP = "group"
    FUND = "fund"


RotatingKind.set_labels(
    {
        RotatingKind.GROUP: _l("Tổ nhóm góp vốn luân chuyển"),
        RotatingKind.FUND: _l("Quỹ quay vòng không lãi suất"),
    }
)


class RotatingGroup(RecordMixin, db.Model):
    """Tổ nhóm góp vốn cho vay luân chuyển, or the quỹ quay vòng không lãi suất."""

    __tablename__ = "rotating_groups"
    __record_date__ = ("founded_on", "dissolved_on")  # period locking (webapp/locking.py)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    kind: Mapped[RotatingKind] = mapped_column(
        value_enum(RotatingKind, 16), default=RotatingKind.GROUP
    )
    name: Mapped[str] = mapped_column(String(120))
    search_key: Mapped[str] = mapped_column(String(120), index=True)
    leader_name: Mapped[str] = mapped_column(String(120), default="")
    founded_on: Mapped[date]
    dissolved_on: Mapped[date | None]

    unit: Mapped[Unit] = relationship()


class RotatingMember(RecordMixin, db.Model):
    """A member of a rotating group (optionally linked to a union member record)."""

    __tablename__ = "rotating_members"
    __record_date__ = ("joined_on", "left_on")  # period locking (webapp/locking.py)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("rotating_groups.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    search_key: Mapped[str] = mapped_column(String(120), index=True)
    joined_on: Mapped[date]
    left_on: Mapped[date | None]

    group: Mapped[RotatingGroup] = relationship()


class RotatingContribution(RecordMixin, db.Model):
    """Capital a member puts into the group on a date."""

    __tablename__ = "rotating_contributions"
    __record_date__ = "paid_on"  # period locking (webapp/locking.py)
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("rotating_groups.id"), index=True)
    rotating_member_id: Mapped[int] = mapped_column(ForeignKey("rotating_members.id"), index=True)
    paid_on: Mapped[date] = mapped_column(index=True)
    amount: Mapped[int] = mapped_column(BigInteger)

    rotating_member: Mapped[RotatingMember] = relationship()


class RotatingLoan(RecordMixin, db.Model):
    """An interest-free loan from the group to one of its members, in turn."""

    __tablename__ = "rotating_loans"
    __record_date__ = "lent_on"  # period locking (webapp/locking.py)
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("rotating_groups.id"), index=True)
    rotating_member_id: Mapped[int] = mapped_column(ForeignKey("rotating_members.id"), index=True)
    lent_on: Mapped[date] = mapped_column(index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    due_on: Mapped[date | None]

    rotating_member: Mapped[RotatingMember] = relationship()


class RotatingRepayment(RecordMixin, db.Model):
    """A member paying back (part of) a rotating loan."""

    __tablename__ = "rotating_repayments"
    __record_date__ = "paid_on"  # period locking (webapp/locking.py)
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("rotating_loans.id"), index=True)
    paid_on: Mapped[date] = mapped_column(index=True)
    amount: Mapped[int] = mapped_column(BigInteger)

    loan: Mapped[RotatingLoan] = relationship()
