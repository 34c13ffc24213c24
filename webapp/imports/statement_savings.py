"""Savings in a bank statement: the bank's savings balance per household, reconciled with the
register as the loan balances are (webapp/loans/services/statements.py calls these).

A statement may carry a savings column beside "Dư nợ" ("Tiết kiệm", "Số dư tiết kiệm", "Tiền
gửi tiết kiệm"). For each household of the group it names, the bank's savings balance is
compared with the register's at the statement date; accepting the statement writes the
difference as a deposit (bank higher) or a withdrawal (bank lower), dated the statement date,
source "statement", in the same transaction as the loan repayments.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.imports.engine import read_money
from webapp.indicators.loans import signed_deposit
from webapp.models import BankStatement, Household, SavingsDeposit, User
from webapp.refusals import RecordError
from webapp.scope import require_write
from webapp.text import search_key

# Statement headers (compared as the statement import compares them) → the savings column.
SAVINGS_COLUMNS = {
    "tiet kiem": "savings",
    "so du tiet kiem": "savings",
    "tien gui tiet kiem": "savings",
    "so du tien gui tiet kiem": "savings",
    "du tiet kiem": "savings",
}


def savings_cell(cells: dict, row: int) -> int | None:
    """The savings balance of a statement line (None: the file has no savings column, or the
    cell is empty)."""
    try:
        return read_money(cells.get("savings"))
    except ValueError as exc:
        raise RecordError(
            "file", _("Dòng %(row)s: số dư tiết kiệm %(problem)s.", row=row, problem=exc)
        ) from None


@dataclass
class SavingsLine:
    """One household's savings in the statement against the register."""

    row: int
    name: str
    bank: int
    household: Household | None = None
    register: int | None = None

    @property
    def difference(self) -> int | None:
        return None if self.register is None else self.bank - self.register

    @property
    def status(self) -> str:
        if self.household is None:
            return "unknown"
        return "match" if self.difference == 0 else "diff"

    @property
    def label(self) -> str:
        return {
            "unknown": _("Không có trong sổ"),
            "match": _("Khớp"),
            "diff": _("Chênh lệch"),
        }[self.status]


def savings_reconciliation(statement: BankStatement) -> list[SavingsLine]:
    """The statement's savings lines compared with the register at the statement date (empty
    when the statement has no savings column)."""
    items = [i for i in statement.lines or [] if i.get("savings") is not None]
    if not items:
        return []
    households = db.session.scalars(
        select(Household).where(Household.group_id == statement.group_id)
    ).all()
    by_id = {h.id: h for h in households}
    by_key: dict[str, list[Household]] = {}
    for h in households:
        by_key.setdefault(h.search_key, []).append(h)
    balances = dict(
        db.session.execute(
            select(SavingsDeposit.household_id, func.sum(signed_deposit()))
            .where(
                SavingsDeposit.household_id.in_(list(by_id)),
                SavingsDeposit.deposited_on <= statement.statement_on,
            )
            .group_by(SavingsDeposit.household_id)
        ).all()
    )
    lines = []
    for item in items:
        ref = item.get("ref")
        found = [by_id[ref]] if ref in by_id else by_key.get(search_key(item["name"]), [])
        line = SavingsLine(item["row"], item["name"] or str(ref), item["savings"])
        if len(found) == 1:
            line.household = found[0]
            line.register = int(balances.get(found[0].id) or 0)
        lines.append(line)
    return lines


def apply_savings(user: User, statement: BankStatement) -> int:
    """Write each savings difference as a deposit or withdrawal dated the statement date (the
    caller's transaction); return how many were written."""
    require_write(user, statement.unit_id)
    written = 0
    for line in savings_reconciliation(statement):
        if line.status != "diff":
            continue
        change = line.difference or 0
        db.session.add(
            SavingsDeposit(
                unit_id=line.household.unit_id,  # type: ignore[union-attr]
                household_id=line.household.id,  # type: ignore[union-attr]
                deposited_on=statement.statement_on,
                amount=abs(change),
                is_withdrawal=change < 0,
                source="statement",
            )
        )
        written += 1
    db.session.flush()
    return written
