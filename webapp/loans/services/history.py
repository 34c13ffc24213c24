"""A household's history as its page shows it: the changes of the household itself and of
everything recorded for it — loans, repayments, savings deposits and withdrawals.

The audit trail (webapp/audit.py) writes one entry per changed row, under that row's own table;
a repayment is a row of ``loan_repayments``, so the household's own entries alone stay silent
about the events that matter most on its page. This reads them together, trashed records
included (their trail is still theirs), oldest first.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select

from webapp.extensions import db
from webapp.models import AuditEntry, Household, Loan, LoanRepayment, SavingsDeposit

# What each entry is about, by the table the audit trail wrote it under.
SUBJECTS = {
    Household.__tablename__: _l("Hộ"),
    Loan.__tablename__: _l("Khoản vay"),
    LoanRepayment.__tablename__: _l("Trả nợ"),
    SavingsDeposit.__tablename__: _l("Tiết kiệm"),
}


@dataclass
class HistoryLine:
    """One audit entry and what it is about ("Trả nợ", "Tiết kiệm", ...)."""

    entry: AuditEntry
    subject: str


def household_history(household: Household) -> list[HistoryLine]:
    """Every audit entry of ``household``, its loans, their repayments and its savings."""
    loan_ids = select(Loan.id).where(Loan.household_id == household.id)
    repayment_ids = select(LoanRepayment.id).where(LoanRepayment.loan_id.in_(loan_ids))
    deposit_ids = select(SavingsDeposit.id).where(SavingsDeposit.household_id == household.id)

    def of(model: type, ids) -> object:
        return and_(AuditEntry.table_name == model.__tablename__, AuditEntry.record_id.in_(ids))

    stmt = (
        select(AuditEntry)
        .where(
            or_(
                of(Household, [household.id]),
                of(Loan, loan_ids),
                of(LoanRepayment, repayment_ids),
                of(SavingsDeposit, deposit_ids),
            )
        )
        .order_by(AuditEntry.id)
        # Trashed loans, repayments and deposits keep their history on the household's page.
        .execution_options(include_deleted=True)
    )
    return [
        HistoryLine(entry, str(SUBJECTS[entry.table_name])) for entry in db.session.scalars(stmt)
    ]
