"""Loans, repayments and savings deposits: the rules that keep balances right.

A balance is never typed: it is the loan's amount minus the principal repaid (see
webapp/indicators/loans.py). The rules: amounts are whole đồng above zero; a due date falls
after the disbursement; a repayment is not dated before its disbursement and never repays more
principal than is left; a withdrawal never exceeds the savings balance. Saving a repayment or a
deposit bumps the version of its loan or household, so two people paying off the same loan at
the same moment cannot both pass the balance check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from webapp import formatting
from webapp.extensions import db
from webapp.indicators.loans import signed_deposit
from webapp.loans.services.checks import count_where, trash_unless_used
from webapp.loans.services.units import ancestor_ids
from webapp.locking import PeriodLocked
from webapp.models import (
    Household,
    Loan,
    LoanGroup,
    LoanProgramme,
    LoanRepayment,
    RepaymentKind,
    SavingsDeposit,
    User,
)
from webapp.models.base import utcnow
from webapp.refusals import Problems, RecordError, check_version
from webapp.scope import require_write
from webapp.trash import move_to_trash

# --- reading balances -------------------------------------------------------------------------


def repaid_principal(loan_id: int, at: date | None = None, exclude_id: int | None = None) -> int:
    """Principal repaid on a loan (on/before ``at`` when given)."""
    stmt = select(func.coalesce(func.sum(LoanRepayment.principal), 0)).where(
        LoanRepayment.loan_id == loan_id
    )
    if at is not None:
        stmt = stmt.where(LoanRepayment.paid_on <= at)
    if exclude_id is not None:
        stmt = stmt.where(LoanRepayment.id != exclude_id)
    return int(db.session.scalar(stmt) or 0)


def loan_balance(loan: Loan, at: date | None = None) -> int:
    """What the household still owes on ``loan`` at ``at`` (today's register when None)."""
    if at is not None and loan.disbursed_on > at:
        return 0
    return loan.amount - repaid_principal(loan.id, at)


@dataclass
class LoanLine:
    """A loan as the household page shows it."""

    loan: Loan
    balance: int
    repaid: int
    interest: int
    overdue: bool
    repayments: list[LoanRepayment] = field(default_factory=list)


def household_loans(household: Household, at: date) -> list[LoanLine]:
    """The household's loans with their balances and overdue flags at ``at``, and repayments."""
    loans = list(
        db.session.scalars(
            select(Loan)
            .where(Loan.household_id == household.id)
            .order_by(Loan.disbursed_on.desc(), Loan.id.desc())
        )
    )
    repayments = db.session.scalars(
        select(LoanRepayment)
        .where(LoanRepayment.loan_id.in_([loan.id for loan in loans]))
        .order_by(LoanRepayment.paid_on, LoanRepayment.id)
    )
    by_loan: dict[int, list[LoanRepayment]] = {loan.id: [] for loan in loans}
    for r in repayments:
        by_loan[r.loan_id].append(r)
    lines = []
    for loan in loans:
        paid = [r for r in by_loan[loan.id] if r.paid_on <= at]
        repaid = sum(r.principal for r in paid)
        balance = loan.amount - repaid if loan.disbursed_on <= at else 0
        lines.append(
            LoanLine(
                loan=loan,
                balance=balance,
                repaid=repaid,
                interest=sum(r.interest for r in paid),
                overdue=balance > 0 and loan.due_on < at,
                repayments=by_loan[loan.id],
            )
        )
    return lines


@dataclass
class DepositLine:
    deposit: SavingsDeposit
    running: int


def savings_lines(household: Household) -> list[DepositLine]:
    """The household's deposits and withdrawals, oldest first, with the running balance."""
    deposits = db.session.scalars(
        select(SavingsDeposit)
        .where(SavingsDeposit.household_id == household.id)
        .order_by(SavingsDeposit.deposited_on, SavingsDeposit.id)
    )
    running, lines = 0, []
    for d in deposits:
        running += -d.amount if d.is_withdrawal else d.amount
        lines.append(DepositLine(d, running))
    return lines


def savings_balance(
    household_id: int, at: date | None = None, exclude_id: int | None = None
) -> int:
    """The household's savings balance (on/before ``at`` when given)."""
    stmt = select(func.coalesce(func.sum(signed_deposit()), 0)).where(
        SavingsDeposit.household_id == household_id
    )
    if at is not None:
        stmt = stmt.where(SavingsDeposit.deposited_on <= at)
    if exclude_id is not None:
        stmt = stmt.where(SavingsDeposit.id != exclude_id)
    return int(db.session.scalar(stmt) or 0)


# --- loans ------------------------------------------------------------------------------------


@dataclass
class LoanData:
    programme_id: int | None
    group_id: int | None
    disbursed_on: date | None
    amount: int | None
    due_on: date | None
    purpose: str = ""
    contract_no: str = ""


def programme_choices(unit_id: int) -> list[tuple[int, str]]:
    """Active programmes of the banks that serve ``unit_id``, labelled "Bank · programme"."""
    from webapp.models import Bank

    rows = db.session.execute(
        select(LoanProgramme.id, Bank.short_name, LoanProgramme.name)
        .join(Bank, Bank.id == LoanProgramme.bank_id)
        .where(
            or_(Bank.unit_id.is_(None), Bank.unit_id.in_(ancestor_ids(unit_id))),
            LoanProgramme.active.is_(True),
        )
        .order_by(Bank.short_name, LoanProgramme.name)
    )
    return [(pid, f"{bank} · {name}") for pid, bank, name in rows]


def group_choices_for_unit(unit_id: int) -> list[tuple[int, str]]:
    """Groups a loan of ``unit_id`` may go through: those of the unit or a unit above it."""
    rows = db.session.execute(
        select(LoanGroup.id, LoanGroup.name)
        .where(LoanGroup.unit_id.in_(ancestor_ids(unit_id)))
        .order_by(LoanGroup.name)
    )
    return [(gid, name) for gid, name in rows]


def check_loan(household: Household, data: LoanData, loan: Loan | None = None) -> LoanProgramme:
    """Every rule of a disbursement at once: the programme serves the household's unit and
    the group's bank, the amount is whole đồng above zero, the due date after the disbursement."""
    problems = Problems()
    programme = None
    if data.programme_id is None:
        problems.add("programme_id", _("Vui lòng chọn chương trình vay."))
    else:
        programme = db.session.get(LoanProgramme, data.programme_id)
        allowed = dict(programme_choices(household.unit_id))
        keeps_old = loan is not None and loan.programme_id == data.programme_id
        if programme is None or (programme.id not in allowed and not keeps_old):
            problems.add("programme_id", _("Chương trình vay không áp dụng cho đơn vị của hộ."))
            programme = None
    if data.group_id is not None:
        if data.group_id not in dict(group_choices_for_unit(household.unit_id)):
            problems.add("group_id", _("Tổ này không thuộc chi hội của hộ."))
        else:
            group = db.session.get(LoanGroup, data.group_id)
            if group is not None and programme is not None and group.bank_id != programme.bank_id:
                problems.add("programme_id", _("Chương trình vay không thuộc ngân hàng của tổ."))
    if data.amount is None:
        problems.add("amount", _("Vui lòng nhập số tiền."))
    elif isinstance(data.amount, bool) or not isinstance(data.amount, int):
        problems.add("amount", _("Số tiền phải là số nguyên đồng."))
    elif data.amount <= 0:
        problems.add("amount", _("Số tiền phải lớn hơn 0."))
    if data.disbursed_on is None:
        problems.add("disbursed_on", _("Vui lòng chọn ngày giải ngân."))
    if data.due_on is None:
        problems.add("due_on", _("Vui lòng chọn hạn trả nợ."))
    elif data.disbursed_on is not None and data.due_on <= data.disbursed_on:
        problems.add("due_on", _("Hạn trả nợ phải sau ngày giải ngân."))
    problems.raise_any()
    assert programme is not None
    return programme


def save_loan(
    user: User,
    household: Household,
    data: LoanData,
    loan: Loan | None = None,
    version: int | None = None,
) -> Loan:
    """Record a disbursement to ``household`` or correct one."""
    require_write(user, household.unit_id)
    if loan is not None:
        check_version(loan, version)
    check_loan(household, data, loan)
    assert data.amount is not None and data.disbursed_on is not None
    if loan is not None:
        repaid = repaid_principal(loan.id)
        if data.amount < repaid:
            raise RecordError(
                "amount",
                _(
                    "Số tiền vay không được nhỏ hơn số gốc đã trả (%(repaid)s).",
                    repaid=formatting.money(repaid),
                ),
            )
        first = db.session.scalar(
            select(func.min(LoanRepayment.paid_on)).where(LoanRepayment.loan_id == loan.id)
        )
        if first is not None and data.disbursed_on > first:
            raise RecordError(
                "disbursed_on",
                _(
                    "Ngày giải ngân không được sau lần trả nợ đầu tiên (%(d)s).",
                    d=formatting.date_short(first),
                ),
            )
    else:
        loan = Loan(unit_id=household.unit_id, household_id=household.id)
        db.session.add(loan)
    loan.unit_id = household.unit_id
    loan.programme_id = data.programme_id  # type: ignore[assignment]
    loan.group_id = data.group_id
    loan.disbursed_on = data.disbursed_on
    loan.amount = data.amount
    loan.due_on = data.due_on  # type: ignore[assignment]
    loan.purpose = (data.purpose or "").strip()
    loan.contract_no = (data.contract_no or "").strip()
    db.session.flush()
    return loan


def delete_loan(user: User, loan: Loan) -> None:
    """Move a loan to the trash; refused while repayments are recorded on it."""
    count = count_where(LoanRepayment, LoanRepayment.loan_id == loan.id)
    message = _("Không thể xoá: khoản vay đã có %(n)s lần trả nợ. Hãy xoá chúng trước.", n=count)
    trash_unless_used(user, loan, "loan", message if count else None)


# --- repayments ----------------------------------------------------------------------------------


def _touch(record) -> None:
    """Bump the record's version: a concurrent save based on the same version then fails."""
    record.updated_at = utcnow()


def check_repayment(
    loan: Loan, paid_on: date | None, principal: int, interest: int, exclude_id: int | None = None
) -> None:
    """Refuse a repayment before the disbursement, of nothing, or of more than is owed; every
    problem at once (``RecordError.also`` carries the others)."""
    problems = Problems()
    if paid_on is None:
        problems.add("paid_on", _("Vui lòng chọn ngày trả."))
    elif paid_on < loan.disbursed_on:
        problems.add(
            "paid_on",
            _(
                "Ngày trả không được trước ngày giải ngân (%(d)s).",
                d=formatting.date_short(loan.disbursed_on),
            ),
        )
    if principal < 0:
        problems.add("principal", _("Số tiền không được âm."))
    if interest < 0:
        problems.add("interest", _("Số tiền không được âm."))
    if principal == 0 and interest == 0:
        problems.add("principal", _("Số tiền phải lớn hơn 0."))
    left = loan.amount - repaid_principal(loan.id, exclude_id=exclude_id)
    if principal > left:
        problems.add(
            "principal",
            _(
                "Số tiền trả gốc (%(paid)s) lớn hơn dư nợ còn lại (%(left)s).",
                paid=formatting.money(principal),
                left=formatting.money(left),
            ),
        )
    problems.raise_any()


def _flush(date_field: str) -> None:
    """Flush; a date inside an already reported period (webapp/locking.py) is refused beside
    the date field instead of as an error page, so that what was typed stays on the form."""
    try:
        db.session.flush()
    except PeriodLocked as exc:
        raise RecordError(date_field, str(exc)) from None


def add_repayment(
    user: User,
    loan: Loan,
    paid_on: date | None,
    principal: int | None,
    interest: int | None,
    source: str = "form",
    note: str = "",
) -> LoanRepayment:
    """Record a payment on ``loan``; settling an overdue loan is a payment like any other."""
    require_write(user, loan.unit_id)
    principal, interest = principal or 0, interest or 0
    check_repayment(loan, paid_on, principal, interest)
    assert paid_on is not None
    repayment = LoanRepayment(
        unit_id=loan.unit_id,
        loan_id=loan.id,
        paid_on=paid_on,
        principal=principal,
        interest=interest,
        kind=RepaymentKind.PAYMENT,
        source=source,
        note=note,
    )
    db.session.add(repayment)
    _touch(loan)
    _flush("paid_on")
    return repayment


@dataclass
class RepaymentData:
    """What the repayment form sends: the day, principal and interest paid, a note."""

    paid_on: date | None
    principal: int | None
    interest: int | None
    note: str = ""


def update_repayment(
    user: User, repayment: LoanRepayment, data: RepaymentData, version: int | None
) -> LoanRepayment:
    """Correct a repayment entered wrongly (its day, amounts or note).

    The balance is checked without the repayment's old principal; the period lock applies to
    the old day and the new one (a reported period keeps its figures); the audit trail keeps
    the old and new values. A correction made by a bank statement is not edited here: it
    mirrors the bank's figures, and a new statement corrects it.
    """
    require_write(user, repayment.unit_id)
    check_version(repayment, version)
    if repayment.kind is not RepaymentKind.PAYMENT:
        raise RecordError(
            None,
            _("Dòng điều chỉnh theo sao kê không sửa được; hãy nhập sao kê mới của ngân hàng."),
        )
    principal, interest = data.principal or 0, data.interest or 0
    loan = repayment.loan
    problems = Problems()
    problems.check(check_repayment, loan, data.paid_on, principal, interest, repayment.id)
    note = (data.note or "").strip()
    if len(note) > 200:
        problems.add("note", _("Tối đa %(n)s ký tự.", n=200))
    problems.raise_any()
    assert data.paid_on is not None
    repayment.paid_on = data.paid_on
    repayment.principal = principal
    repayment.interest = interest
    repayment.note = note
    _touch(loan)
    _flush("paid_on")
    return repayment


def delete_repayment(user: User, repayment: LoanRepayment) -> None:
    """Move a repayment to the trash (the balance goes back up)."""
    require_write(user, repayment.unit_id)
    move_to_trash(repayment)
    _touch(repayment.loan)
    db.session.flush()


# --- savings -----------------------------------------------------------------------------------


def check_deposit(
    household: Household, on: date | None, amount: int | None, withdrawal: bool = False
) -> None:
    """Every rule of a deposit at once: a day, an amount above zero, a withdrawal never above
    the savings balance."""
    problems = Problems()
    if on is None:
        problems.add("deposited_on", _("Vui lòng chọn ngày gửi."))
    if amount is None:
        problems.add("amount", _("Vui lòng nhập số tiền."))
    elif amount <= 0:
        problems.add("amount", _("Số tiền phải lớn hơn 0."))
    elif withdrawal:
        left = savings_balance(household.id)
        if on is not None:
            left = min(savings_balance(household.id, on), left)
        if amount > left:
            problems.add(
                "amount",
                _(
                    "Số tiền rút lớn hơn số dư tiết kiệm (%(left)s).",
                    left=formatting.money(left),
                ),
            )
    problems.raise_any()


def add_deposit(
    user: User,
    household: Household,
    on: date | None,
    amount: int | None,
    withdrawal: bool = False,
    source: str = "form",
) -> SavingsDeposit:
    """Record a deposit (or a withdrawal, never more than the balance) for ``household``."""
    require_write(user, household.unit_id)
    check_deposit(household, on, amount, withdrawal)
    assert on is not None and amount is not None
    deposit = SavingsDeposit(
        unit_id=household.unit_id,
        household_id=household.id,
        deposited_on=on,
        amount=amount,
        is_withdrawal=withdrawal,
        source=source,
    )
    db.session.add(deposit)
    _touch(household)
    _flush("deposited_on")
    return deposit


def delete_deposit(user: User, deposit: SavingsDeposit) -> None:
    """Move a deposit to the trash; refused when it would leave a later withdrawal uncovered."""
    require_write(user, deposit.unit_id)
    if not deposit.is_withdrawal:
        later = db.session.scalars(
            select(SavingsDeposit.deposited_on)
            .where(
                SavingsDeposit.household_id == deposit.household_id,
                SavingsDeposit.is_withdrawal.is_(True),
                SavingsDeposit.deposited_on >= deposit.deposited_on,
            )
            .order_by(SavingsDeposit.deposited_on)
        ).all()
        for day in later:
            if savings_balance(deposit.household_id, day, exclude_id=deposit.id) < 0:
                raise RecordError(
                    "deposit",
                    _(
                        "Không thể xoá: số dư sẽ không đủ cho lần rút tiền ngày %(d)s.",
                        d=formatting.date_short(day),
                    ),
                )
    move_to_trash(deposit)
    _touch(deposit.household)
    db.session.flush()
