"""Routes of the loans area for the authorization matrix (see tests/routes.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _lw(world):
    from tests.loans.factories import loan_world

    return loan_world(world)


def _statement(world) -> dict:
    from datetime import date

    from webapp.extensions import db
    from webapp.models import BankStatement

    lw = _lw(world)
    statement = BankStatement(
        unit_id=lw.group.unit_id,
        group_id=lw.group.id,
        statement_on=date(2023, 1, 31),
        filename="saoke.xlsx",
        lines=[{"row": 2, "name": lw.household.head_name, "ref": None, "balance": 1_000_000}],
    )
    db.session.add(statement)
    db.session.commit()
    return {"statement_id": statement.id}


# endpoint → world → URL arguments of a record of commune A (outside commune B's scope)
RECORD_ARGS: dict[str, Callable[[Any], dict]] = {
    "loans.group": lambda w: {"group_id": _lw(w).group.id},
    "loans.group_export": lambda w: {"group_id": _lw(w).group.id},
    "loans.group_export_csv": lambda w: {"group_id": _lw(w).group.id},
    "loans.group_edit": lambda w: {"group_id": _lw(w).group.id},
    "loans.group_delete": lambda w: {"group_id": _lw(w).group.id},
    "loans.grid": lambda w: {"group_id": _lw(w).group.id},
    "loans.grid_totals": lambda w: {"group_id": _lw(w).group.id},
    "loans.grid_row": lambda w: {"group_id": _lw(w).group.id, "household_id": _lw(w).household.id},
    "loans.statement_new": lambda w: {"group_id": _lw(w).group.id},
    "loans.statement": _statement,
    "loans.statement_accept": _statement,
    "loans.statement_discard": _statement,
    "loans.household": lambda w: {"household_id": _lw(w).household.id},
    "loans.household_edit": lambda w: {"household_id": _lw(w).household.id},
    "loans.household_delete": lambda w: {"household_id": _lw(w).household.id},
    "loans.loan_new": lambda w: {"household_id": _lw(w).household.id},
    "loans.deposit_new": lambda w: {"household_id": _lw(w).household.id},
    "loans.loan_edit": lambda w: {"loan_id": _lw(w).loan.id},
    "loans.loan_delete": lambda w: {"loan_id": _lw(w).loan.id},
    "loans.repayment_new": lambda w: {"loan_id": _lw(w).loan.id},
    "loans.repayment_delete": lambda w: {"repayment_id": _lw(w).repayment.id},
    "loans.repayment_edit": lambda w: {"repayment_id": _lw(w).repayment.id},
    "loans.deposit_delete": lambda w: {"deposit_id": _lw(w).deposit.id},
    "loans.bank_edit": lambda w: {"bank_id": _lw(w).bank.id},
    "loans.programme_new": lambda w: {"bank_id": _lw(w).bank.id},
    "loans.programme_edit": lambda w: {"programme_id": _lw(w).programme.id},
    "loans.rotating_group": lambda w: {"group_id": _lw(w).rgroup.id},
    "loans.rotating_edit": lambda w: {"group_id": _lw(w).rgroup.id},
    "loans.rotating_delete": lambda w: {"group_id": _lw(w).rgroup.id},
    "loans.rotating_member_new": lambda w: {"group_id": _lw(w).rgroup.id},
    "loans.rotating_contribution_new": lambda w: {"group_id": _lw(w).rgroup.id},
    "loans.rotating_loan_new": lambda w: {"group_id": _lw(w).rgroup.id},
    "loans.rotating_repayment_new": lambda w: {"loan_id": _lw(w).rloan.id},
    "loans.rotating_loan_delete": lambda w: {"loan_id": _lw(w).rloan.id},
    "loans.rotating_repayment_delete": lambda w: {"repayment_id": _lw(w).rrepayment.id},
    "loans.rotating_contribution_delete": lambda w: {"contribution_id": _lw(w).rcontribution.id},
}
