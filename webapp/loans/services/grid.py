"""The monthly grid: a group's repayments and savings deposits for one month, one row per
household, saved row by row.

A row holds what the household paid through the grid that month (principal, interest) and
what it deposited. Saving a row replaces that month's grid entries of the household: principal
goes to its loans in the group, oldest first, never more than is owed; interest goes with the
first loan paid (or the oldest loan still owed). Each row carries a stamp of the entries it was
drawn from, so a row saved over somebody else's newer save is refused.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import and_, func, select

from webapp import formatting
from webapp.extensions import db
from webapp.indicators.loans import balance_of, repaid_by_loan
from webapp.loans.services import ledger
from webapp.models import Household, Loan, LoanGroup, LoanRepayment, SavingsDeposit, User
from webapp.refusals import RecordError, stale_message
from webapp.scope import require_write
from webapp.trash import move_to_trash

SOURCE = "grid"


def month_bounds(month: str) -> tuple[date, date]:
    """First and last day of "yyyy-mm"."""
    try:
        year, mon = (int(part) for part in month.split("-"))
        first = date(year, mon, 1)
    except (ValueError, TypeError):
        raise RecordError(
            "month", _("Tháng không hợp lệ (định dạng năm-tháng, ví dụ 2023-10).")
        ) from None
    return first, date(year, mon, calendar.monthrange(year, mon)[1])


def default_day(first: date, last: date, today: date) -> date:
    """The date grid entries get unless staff pick another: today within the current month."""
    return min(max(today, first), last)


@dataclass
class GridRow:
    """One household's line of the grid."""

    household: Household
    start_balance: int = 0
    end_balance: int = 0
    principal: int = 0
    interest: int = 0
    deposit: int = 0
    overdue: bool = False
    entries: list[tuple[str, int, int]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    typed: dict[str, str] = field(default_factory=dict)

    @property
    def stamp(self) -> str:
        """Identifies the saved entries the row shows (kind:id:version, sorted)."""
        return ",".join(f"{k}:{i}:{v}" for k, i, v in sorted(self.entries))

    def shown(self, name: str) -> str:
        """What the input shows: what was typed (after an error), else the saved amount."""
        if name in self.typed:
            return self.typed[name]
        value = getattr(self, name)
        return formatting.number(value) if value else ""


def _balances(household_ids: list[int], group_id: int, at: date) -> dict[int, tuple[int, bool]]:
    """Per household: balance of its loans in the group at ``at``, and whether one is overdue."""
    repaid = repaid_by_loan(at, loans_where=Loan.group_id == group_id)
    balance = balance_of(repaid)
    rows = db.session.execute(
        select(
            Loan.household_id,
            func.coalesce(func.sum(balance), 0),
            func.count().filter(and_(balance > 0, Loan.due_on < at)),
        )
        .outerjoin(repaid, repaid.c.loan_id == Loan.id)
        .where(
            Loan.household_id.in_(household_ids),
            Loan.group_id == group_id,
            Loan.disbursed_on <= at,
        )
        .group_by(Loan.household_id)
    )
    return {hid: (int(total), bool(overdue)) for hid, total, overdue in rows}


def _month_repayments(household_ids: list[int], group_id: int, first: date, last: date):
    return db.session.execute(
        select(LoanRepayment, Loan.household_id)
        .join(Loan, Loan.id == LoanRepayment.loan_id)
        .where(
            Loan.household_id.in_(household_ids),
            Loan.group_id == group_id,
            LoanRepayment.source == SOURCE,
            LoanRepayment.paid_on.between(first, last),
        )
    ).all()


def _month_deposits(household_ids: list[int], first: date, last: date):
    return db.session.scalars(
        select(SavingsDeposit).where(
            SavingsDeposit.household_id.in_(household_ids),
            SavingsDeposit.source == SOURCE,
            SavingsDeposit.deposited_on.between(first, last),
        )
    ).all()


def grid_rows(
    group: LoanGroup, first: date, last: date, only: Household | None = None
) -> list[GridRow]:
    """The grid of ``group`` for the month, one row per household (or only ``only``'s)."""
    if only is not None:
        households = [only]
    else:
        households = list(
            db.session.scalars(
                select(Household)
                .where(Household.group_id == group.id)
                .order_by(Household.search_key, Household.id)
            )
        )
    ids = [h.id for h in households]
    rows = {h.id: GridRow(h) for h in households}
    day_before = date.fromordinal(first.toordinal() - 1)
    for hid, (bal, _overdue) in _balances(ids, group.id, day_before).items():
        rows[hid].start_balance = bal
    for hid, (bal, overdue) in _balances(ids, group.id, last).items():
        rows[hid].end_balance, rows[hid].overdue = bal, overdue
    for repayment, hid in _month_repayments(ids, group.id, first, last):
        row = rows[hid]
        row.principal += repayment.principal
        row.interest += repayment.interest
        row.entries.append(("r", repayment.id, repayment.version))
    for deposit in _month_deposits(ids, first, last):
        row = rows[deposit.household_id]
        row.deposit += -deposit.amount if deposit.is_withdrawal else deposit.amount
        row.entries.append(("d", deposit.id, deposit.version))
    return list(rows.values())


def parse_cell(text: str | None) -> int:
    """A grid cell: blank is 0; otherwise whole đồng, not negative."""
    if text is None or not text.strip():
        return 0
    try:
        value = formatting.parse_number(text)
    except ValueError:
        raise ValueError(_("Số không hợp lệ: “%(text)s”", text=text.strip())) from None
    if value < 0:
        raise ValueError(_("Số tiền không được âm."))
    return value


def save_grid_row(
    user: User,
    group: LoanGroup,
    household: Household,
    first: date,
    last: date,
    paid_on: date | None,
    principal: int,
    interest: int,
    deposit: int,
    stamp: str | None,
) -> None:
    """Replace the household's grid entries of the month with these amounts."""
    require_write(user, household.unit_id)
    if household.group_id != group.id:
        raise RecordError("household", _("Hộ không thuộc tổ này."))
    if paid_on is None or not first <= paid_on <= last:
        raise RecordError("paid_on", _("Ngày thu phải nằm trong tháng đang nhập."))
    (current,) = grid_rows(group, first, last, only=household)
    if stamp is not None and stamp != current.stamp:
        raise RecordError("row", stale_message())

    if (principal, interest) != (current.principal, current.interest):
        repayments = [r for r, _hid in _month_repayments([household.id], group.id, first, last)]
        for r in repayments:
            move_to_trash(r)
        db.session.flush()
        _pay(user, group, household, paid_on, principal, interest)
    if deposit != current.deposit:
        for d in _month_deposits([household.id], first, last):
            move_to_trash(d)
        db.session.flush()
        if deposit:
            ledger.add_deposit(user, household, paid_on, deposit, source=SOURCE)
    db.session.flush()


def _pay(
    user: User, group: LoanGroup, household: Household, paid_on: date, principal: int, interest: int
) -> None:
    """Spread ``principal`` over the household's loans in the group, oldest first."""
    if not principal and not interest:
        return
    loans = list(
        db.session.scalars(
            select(Loan)
            .where(
                Loan.household_id == household.id,
                Loan.group_id == group.id,
                Loan.disbursed_on <= paid_on,
            )
            .order_by(Loan.disbursed_on, Loan.id)
        )
    )
    owed = [(loan, loan.amount - ledger.repaid_principal(loan.id)) for loan in loans]
    owed = [(loan, left) for loan, left in owed if left > 0]
    if not owed:
        raise RecordError("principal", _("Hộ không còn khoản vay nào qua tổ này để trả."))
    total = sum(left for _loan, left in owed)
    if principal > total:
        raise RecordError(
            "principal",
            _(
                "Số tiền trả gốc (%(paid)s) lớn hơn dư nợ còn lại (%(left)s).",
                paid=formatting.money(principal),
                left=formatting.money(total),
            ),
        )
    remaining, interest_left = principal, interest
    for loan, left in owed:
        part = min(remaining, left)
        if part or interest_left:
            ledger.add_repayment(user, loan, paid_on, part, interest_left, source=SOURCE)
            remaining -= part
            interest_left = 0
        if not remaining and not interest_left:
            break


@dataclass
class Totals:
    principal: int = 0
    interest: int = 0
    deposit: int = 0
    end_balance: int = 0
    invalid: int = 0


def typed_totals(rows: list[GridRow], form: dict[str, str]) -> Totals:
    """Totals of what is typed in the grid right now (cells that do not parse are counted in
    ``invalid`` and left out); the balances are the register's."""
    totals = Totals(end_balance=sum(r.end_balance for r in rows))
    for row in rows:
        hid = row.household.id
        for name in ("principal", "interest", "deposit"):
            key = f"{name}-{hid}"
            try:
                value = parse_cell(form[key]) if key in form else getattr(row, name)
            except ValueError:
                totals.invalid += 1
                continue
            setattr(totals, name, getattr(totals, name) + value)
    return totals
