"""Factories of the loans area: saved rows with sensible defaults."""

from __future__ import annotations

from datetime import date

from webapp.extensions import db
from webapp.models import (
    Bank,
    Household,
    Loan,
    LoanGroup,
    LoanProgramme,
    LoanRepayment,
    RepaymentKind,
    RotatingContribution,
    RotatingGroup,
    RotatingKind,
    RotatingLoan,
    RotatingMember,
    RotatingRepayment,
    SavingsDeposit,
    Unit,
)
from webapp.text import search_key


def _save(record):
    db.session.add(record)
    db.session.commit()
    return record


def make_bank(unit: Unit | None, code: str = "nhcsxh", name: str | None = None) -> Bank:
    """A bank kept by ``unit``, or shared by every unit when ``unit`` is None."""
    names = {
        "nhcsxh": ("Ngân hàng Chính sách xã hội", "NHCSXH"),
        "agribank": ("Agribank", "Agribank"),
    }
    full, short = names.get(code, (name or code, name or code))
    unit_id = unit.id if unit is not None else None
    return _save(Bank(unit_id=unit_id, code=code, name=name or full, short_name=short))


def make_programme(bank: Bank, name: str = "Cho vay hộ nghèo") -> LoanProgramme:
    return _save(LoanProgramme(unit_id=bank.unit_id, bank_id=bank.id, name=name))


def make_group(
    unit: Unit,
    bank: Bank,
    name: str = "Tổ TK&VV An Cư 2",
    founded_on: date = date(2015, 3, 1),
    dissolved_on: date | None = None,
) -> LoanGroup:
    return _save(
        LoanGroup(
            unit_id=unit.id,
            bank_id=bank.id,
            name=name,
            search_key=search_key(name),
            leader_name="Trần Thị Lan",
            founded_on=founded_on,
            dissolved_on=dissolved_on,
        )
    )


def make_household(
    unit: Unit, group: LoanGroup | None = None, head_name: str = "Nguyễn Thị Mai"
) -> Household:
    return _save(
        Household(
            unit_id=unit.id,
            group_id=group.id if group else None,
            head_name=head_name,
            search_key=search_key(head_name),
        )
    )


def make_loan(
    household: Household,
    programme: LoanProgramme,
    disbursed_on: date = date(2022, 1, 10),
    amount: int = 50_000_000,
    due_on: date = date(2025, 1, 10),
    group: LoanGroup | bool | None = True,
) -> Loan:
    group_id = household.group_id if group is True else (group.id if group else None)
    return _save(
        Loan(
            unit_id=household.unit_id,
            household_id=household.id,
            group_id=group_id,
            programme_id=programme.id,
            disbursed_on=disbursed_on,
            amount=amount,
            due_on=due_on,
            purpose="Chăn nuôi",
        )
    )


def make_repayment(
    loan: Loan,
    paid_on: date,
    principal: int,
    interest: int = 0,
    kind: RepaymentKind = RepaymentKind.PAYMENT,
) -> LoanRepayment:
    return _save(
        LoanRepayment(
            unit_id=loan.unit_id,
            loan_id=loan.id,
            paid_on=paid_on,
            principal=principal,
            interest=interest,
            kind=kind,
        )
    )


def make_deposit(
    household: Household, on: date, amount: int = 100_000, withdrawal: bool = False
) -> SavingsDeposit:
    return _save(
        SavingsDeposit(
            unit_id=household.unit_id,
            household_id=household.id,
            deposited_on=on,
            amount=amount,
            is_withdrawal=withdrawal,
        )
    )


def make_rotating_group(
    unit: Unit,
    name: str = "Tổ góp vốn xóm Đông",
    kind: RotatingKind = RotatingKind.GROUP,
    founded_on: date = date(2020, 5, 1),
    dissolved_on: date | None = None,
) -> RotatingGroup:
    return _save(
        RotatingGroup(
            unit_id=unit.id,
            kind=kind,
            name=name,
            search_key=search_key(name),
            founded_on=founded_on,
            dissolved_on=dissolved_on,
        )
    )


def make_rotating_member(
    group: RotatingGroup,
    full_name: str = "Lê Thị Hoa",
    joined_on: date = date(2020, 5, 1),
    left_on: date | None = None,
) -> RotatingMember:
    return _save(
        RotatingMember(
            unit_id=group.unit_id,
            group_id=group.id,
            full_name=full_name,
            search_key=search_key(full_name),
            joined_on=joined_on,
            left_on=left_on,
        )
    )


def make_contribution(member: RotatingMember, paid_on: date, amount: int) -> RotatingContribution:
    return _save(
        RotatingContribution(
            unit_id=member.unit_id,
            group_id=member.group_id,
            rotating_member_id=member.id,
            paid_on=paid_on,
            amount=amount,
        )
    )


def make_rotating_loan(
    member: RotatingMember, lent_on: date, amount: int, due_on: date | None = None
) -> RotatingLoan:
    return _save(
        RotatingLoan(
            unit_id=member.unit_id,
            group_id=member.group_id,
            rotating_member_id=member.id,
            lent_on=lent_on,
            amount=amount,
            due_on=due_on,
        )
    )


def make_rotating_repayment(loan: RotatingLoan, paid_on: date, amount: int) -> RotatingRepayment:
    return _save(
        RotatingRepayment(unit_id=loan.unit_id, loan_id=loan.id, paid_on=paid_on, amount=amount)
    )


class LoanWorld:
    """A bank with a programme, a group at branch An Cư 2 of commune A, one household, one
    loan with one repayment, one deposit, a rotating group with a member, a loan and its
    repayment — one record of every kind, for the authorization matrix."""

    def __init__(self, world) -> None:
        self.bank = make_bank(world.commune_a)
        self.programme = make_programme(self.bank)
        self.group = make_group(world.branch_a1, self.bank)
        self.household = make_household(world.branch_a1, self.group)
        self.loan = make_loan(self.household, self.programme)
        self.repayment = make_repayment(self.loan, date(2022, 6, 10), 5_000_000, 300_000)
        self.deposit = make_deposit(self.household, date(2022, 6, 10))
        self.rgroup = make_rotating_group(world.branch_a1)
        self.rmember = make_rotating_member(self.rgroup)
        self.rcontribution = make_contribution(self.rmember, date(2020, 6, 1), 20_000_000)
        self.rloan = make_rotating_loan(self.rmember, date(2022, 3, 1), 10_000_000)
        self.rrepayment = make_rotating_repayment(self.rloan, date(2022, 9, 1), 10_000_000)


def loan_world(world) -> LoanWorld:
    """One :class:`LoanWorld` per test world (the authorization test asks for it per route)."""
    cached = getattr(world, "_loan_world", None)
    if cached is None:
        cached = LoanWorld(world)
        world._loan_world = cached
    return cached
