"""Indicators of the loans area (see webapp/indicators/registry.py): entrusted bank loans,
savings-and-loan groups, savings, and rotating capital groups.

The balance rules live here, once, and the loans pages reuse them:
- outstanding at D = amount of loans disbursed on/before D − principal repaid on/before D
  (a repayment dated after the as-of date does not count; a loan disbursed on the last day does);
- a loan is overdue at D when its due date is before D and its balance at D is above zero;
- a savings balance at D = deposits on/before D − withdrawals on/before D.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, and_, case, distinct, func, select
from sqlalchemy.sql.elements import ColumnElement

from webapp.extensions import db
from webapp.indicators.registry import Indicator, Scope, indicator_group, ratio
from webapp.models import (
    Bank,
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
    SavingsDeposit,
)

# The banks whose figures the report names one by one (Bank.code; banks are data, these codes
# are how a report template refers to them).
BANK_CODES = {"nhcsxh": "Ngân hàng CSXH", "agribank": "Ngân hàng NN&PTNT"}


# --- balance building blocks (also used by webapp/loans/services) ----------------------------


def repaid_by_loan(
    at: date,
    start: date | None = None,
    end: date | None = None,
    *,
    loans_where: ColumnElement[bool] | None = None,
):
    """Per loan: principal repaid on/before ``at`` (``repaid``) and, when a period is given,
    principal + interest paid within it after the loan's due date (``late_paid``).

    ``loans_where`` (a condition on ``Loan``: its units, group, households…) limits it to the
    loans asked about: without it every repayment in the database is summed, whatever the
    scope of the outer query."""
    columns = [
        LoanRepayment.loan_id.label("loan_id"),
        func.sum(LoanRepayment.principal).filter(LoanRepayment.paid_on <= at).label("repaid"),
    ]
    stmt = select(*columns).where(LoanRepayment.paid_on <= at)
    with_period = start is not None and end is not None
    if loans_where is not None and not with_period:
        stmt = stmt.where(LoanRepayment.loan_id.in_(select(Loan.id).where(loans_where)))
    if with_period:
        late = and_(
            LoanRepayment.kind == RepaymentKind.PAYMENT,
            LoanRepayment.paid_on.between(start, end),
            LoanRepayment.paid_on <= at,
            LoanRepayment.paid_on > Loan.due_on,
        )
        stmt = stmt.add_columns(
            func.sum(LoanRepayment.principal + LoanRepayment.interest)
            .filter(late)
            .label("late_paid")
        ).join(Loan, Loan.id == LoanRepayment.loan_id)
        if loans_where is not None:
            # On the loan joined for its due date: one pass over the loans, not two.
            stmt = stmt.where(loans_where)
    # MATERIALIZED: summed once, then joined. Inlined, PostgreSQL with stale row estimates (right
    # after an import) re-ran the whole aggregate for every loan: 200 s for 800 loans.
    return stmt.group_by(LoanRepayment.loan_id).cte("repaid").prefix_with("MATERIALIZED")


def balance_of(repaid) -> ColumnElement[int]:
    """The balance of ``Loan`` given a :func:`repaid_by_loan` subquery joined to it."""
    return Loan.amount - func.coalesce(repaid.c.repaid, 0)


def loans_with_balance(
    at: date, unit_ids: Select | None = None
) -> tuple[Select, ColumnElement[int]]:
    """SELECT FROM loans with the balance at ``at`` joinable (loans disbursed on/before ``at``),
    of the units in ``unit_ids`` when given."""
    repaid = repaid_by_loan(
        at, loans_where=Loan.unit_id.in_(unit_ids) if unit_ids is not None else None
    )
    balance = balance_of(repaid)
    stmt = (
        select(Loan).outerjoin(repaid, repaid.c.loan_id == Loan.id).where(Loan.disbursed_on <= at)
    )
    return stmt, balance


def _sum(expr, condition) -> ColumnElement[int]:
    return func.coalesce(func.sum(expr).filter(condition), 0)


# --- entrusted loans --------------------------------------------------------------------------

LOAN_INDICATORS = [
    Indicator("loans.outstanding_vnd", "Tổng dư nợ vốn vay ủy thác", "đồng", "money_scaled"),
    Indicator("loans.borrowing_households", "Số hộ còn dư nợ", "hộ"),
    Indicator("loans.disbursed_vnd", "Giải ngân mới trong kỳ", "đồng", "money_scaled"),
    Indicator("loans.disbursed_turns", "Lượt hộ vay mới trong kỳ", "lượt"),
    Indicator("loans.overdue_vnd", "Nợ quá hạn", "đồng", "money"),
    Indicator(
        "loans.overdue_ratio", "Tỷ lệ nợ quá hạn trên tổng dư nợ", "%", "percent", decimals=2
    ),
    Indicator("loans.overdue_count", "Số món nợ quá hạn", "món"),
    Indicator(
        "loans.overdue_settled_vnd",
        "Nợ quá hạn đã thanh toán dứt điểm trong kỳ (gốc và lãi)",
        "đồng",
        "money",
    ),
    Indicator("loans.overdue_settled_count", "Số món nợ quá hạn đã thanh toán dứt điểm", "món"),
    *[
        Indicator(f"loans.outstanding_vnd.{code}", f"Dư nợ {name}", "đồng", "money_scaled")
        for code, name in BANK_CODES.items()
    ],
    *[
        Indicator(f"loans.borrowing_households.{code}", f"Số hộ còn dư nợ {name}", "hộ")
        for code, name in BANK_CODES.items()
    ],
]


@indicator_group("loans", LOAN_INDICATORS)
def loan_figures(scope: Scope) -> dict:
    """Balances, disbursements and overdue debt: one aggregate over the loans of the subtree."""
    p = scope.period
    repaid = repaid_by_loan(p.at, p.start, p.end, loans_where=scope.includes(Loan.unit_id))
    balance = balance_of(repaid)
    # scope.on: the loan's unit counted at the as-of date (stock) / on the day lent (flow).
    exists = and_(Loan.disbursed_on <= p.at, scope.on(Loan.unit_id, p.at))
    live = and_(exists, balance > 0)
    overdue = and_(live, Loan.due_on < p.at)
    disbursed = and_(
        Loan.disbursed_on.between(p.start, p.end), scope.on(Loan.unit_id, Loan.disbursed_on)
    )
    settled = and_(exists, balance == 0)
    columns = [
        _sum(balance, live).label("outstanding"),
        func.count(distinct(Loan.household_id)).filter(live).label("households"),
        _sum(Loan.amount, disbursed).label("disbursed"),
        func.count().filter(disbursed).label("turns"),
        _sum(balance, overdue).label("overdue"),
        func.count().filter(overdue).label("overdue_count"),
        _sum(repaid.c.late_paid, and_(settled, repaid.c.late_paid > 0)).label("settled"),
        func.count().filter(and_(settled, repaid.c.late_paid > 0)).label("settled_count"),
    ]
    for code in BANK_CODES:
        at_bank = and_(live, Bank.code == code)
        columns.append(_sum(balance, at_bank).label(f"out_{code}"))
        columns.append(func.count(distinct(Loan.household_id)).filter(at_bank).label(f"hh_{code}"))
    row = db.session.execute(
        select(*columns)
        .select_from(Loan)
        .join(LoanProgramme, LoanProgramme.id == Loan.programme_id)
        .join(Bank, Bank.id == LoanProgramme.bank_id)
        .outerjoin(repaid, repaid.c.loan_id == Loan.id)
        .where(scope.includes(Loan.unit_id))
    ).one()
    values = {
        "loans.outstanding_vnd": int(row.outstanding),
        "loans.borrowing_households": row.households,
        "loans.disbursed_vnd": int(row.disbursed),
        "loans.disbursed_turns": row.turns,
        "loans.overdue_vnd": int(row.overdue),
        "loans.overdue_ratio": ratio(row.overdue, row.outstanding),
        "loans.overdue_count": row.overdue_count,
        "loans.overdue_settled_vnd": int(row.settled),
        "loans.overdue_settled_count": row.settled_count,
    }
    for code in BANK_CODES:
        values[f"loans.outstanding_vnd.{code}"] = int(getattr(row, f"out_{code}"))
        values[f"loans.borrowing_households.{code}"] = getattr(row, f"hh_{code}")
    return values


def outstanding_at(scope: Scope, dates: list[date]) -> list[int]:
    """``loans.outstanding_vnd`` at each of ``dates`` (inside ``scope.period``), in one query
    (the dashboard's chart): the rule of :func:`loan_figures`, one column per date."""
    last = max(dates)
    repaid_columns = [
        func.sum(LoanRepayment.principal).filter(LoanRepayment.paid_on <= d).label(f"r{i}")
        for i, d in enumerate(dates)
    ]
    repaid = (
        select(LoanRepayment.loan_id.label("loan_id"), *repaid_columns)
        .where(
            LoanRepayment.paid_on <= last,
            LoanRepayment.loan_id.in_(select(Loan.id).where(scope.includes(Loan.unit_id))),
        )
        .group_by(LoanRepayment.loan_id)
        .subquery("repaid")
    )
    columns = []
    for i, d in enumerate(dates):
        balance = Loan.amount - func.coalesce(repaid.c[f"r{i}"], 0)
        live = and_(Loan.disbursed_on <= d, scope.on(Loan.unit_id, d), balance > 0)
        columns.append(_sum(balance, live).label(f"o{i}"))
    row = db.session.execute(
        select(*columns)
        .select_from(Loan)
        .join(LoanProgramme, LoanProgramme.id == Loan.programme_id)
        .join(Bank, Bank.id == LoanProgramme.bank_id)
        .outerjoin(repaid, repaid.c.loan_id == Loan.id)
        .where(scope.includes(Loan.unit_id), Loan.disbursed_on <= last)
    ).one()
    return [int(v) for v in row]


@indicator_group("loans", [Indicator("loans.groups", "Số tổ tiết kiệm và vay vốn", "tổ")])
def loan_group_count(scope: Scope) -> dict:
    """Savings-and-loan groups that exist at the as-of date."""
    at = scope.period.at
    count = db.session.scalar(
        select(func.count())
        .select_from(LoanGroup)
        .where(
            scope.includes(LoanGroup.unit_id),
            scope.on(LoanGroup.unit_id, at),
            LoanGroup.founded_on <= at,
            (LoanGroup.dissolved_on.is_(None)) | (LoanGroup.dissolved_on > at),
        )
    )
    return {"loans.groups": count}


# --- savings ----------------------------------------------------------------------------------


def signed_deposit() -> ColumnElement[int]:
    """A deposit's effect on the balance: + for a deposit, − for a withdrawal."""
    return case((SavingsDeposit.is_withdrawal, -SavingsDeposit.amount), else_=SavingsDeposit.amount)


@indicator_group(
    "loans",
    [
        Indicator("savings.balance_vnd", "Số dư tiết kiệm của hộ vay", "đồng", "money"),
        Indicator("savings.households", "Số hộ gửi tiết kiệm", "hộ"),
        Indicator("savings.monthly_vnd", "Mức gửi tiết kiệm phổ biến mỗi tháng", "đồng", "money"),
    ],
)
def savings_figures(scope: Scope) -> dict:
    """Savings balance and saving households at the as-of date; the most common deposit of the
    period (what the report calls "100.000 đ/tháng")."""
    p = scope.period
    in_scope = scope.includes(SavingsDeposit.unit_id)
    per_household = (
        select(
            SavingsDeposit.household_id.label("household_id"),
            func.sum(signed_deposit()).label("balance"),
        )
        # A balance is a stock: each deposit counts under the unit it belongs to at the as-of date.
        .where(
            in_scope, SavingsDeposit.deposited_on <= p.at, scope.on(SavingsDeposit.unit_id, p.at)
        )
        .group_by(SavingsDeposit.household_id)
        .subquery("per_household")
    )
    typical = (
        select(SavingsDeposit.amount)
        .where(
            in_scope,
            SavingsDeposit.deposited_on.between(p.start, p.end),
            scope.on(SavingsDeposit.unit_id, SavingsDeposit.deposited_on),
            SavingsDeposit.is_withdrawal.is_(False),
        )
        .group_by(SavingsDeposit.amount)
        .order_by(func.count().desc(), SavingsDeposit.amount.desc())
        .limit(1)
        .scalar_subquery()
    )
    row = db.session.execute(
        select(
            func.coalesce(func.sum(per_household.c.balance), 0).label("balance"),
            func.count().filter(per_household.c.balance > 0).label("households"),
            typical.label("typical"),
        ).select_from(per_household)
    ).one()
    return {
        "savings.balance_vnd": int(row.balance),
        "savings.households": row.households,
        "savings.monthly_vnd": int(row.typical) if row.typical is not None else None,
    }


# --- rotating capital groups -------------------------------------------------------------------


def _active_at(at: date, start_col, end_col) -> ColumnElement[bool]:
    return and_(start_col <= at, (end_col.is_(None)) | (end_col > at))


@indicator_group(
    "loans",
    [
        Indicator("rotating.groups", "Số tổ nhóm góp vốn luân chuyển", "tổ"),
        Indicator("rotating.members", "Số thành viên tổ nhóm góp vốn", "người"),
        Indicator("rotating.fund_vnd", "Vốn quỹ quay vòng không lãi suất", "đồng", "money"),
    ],
)
def rotating_structure(scope: Scope) -> dict:
    """Groups and their members at the as-of date; the interest-free fund's capital."""
    at = scope.period.at
    group_active = _active_at(at, RotatingGroup.founded_on, RotatingGroup.dissolved_on)
    groups = (
        select(func.count())
        .select_from(RotatingGroup)
        .where(
            scope.includes(RotatingGroup.unit_id),
            scope.on(RotatingGroup.unit_id, at),
            RotatingGroup.kind == RotatingKind.GROUP,
            group_active,
        )
        .scalar_subquery()
    )
    members = (
        select(func.count())
        .select_from(RotatingMember)
        .join(RotatingGroup, RotatingGroup.id == RotatingMember.group_id)
        .where(
            scope.includes(RotatingMember.unit_id),
            scope.on(RotatingMember.unit_id, at),
            RotatingGroup.kind == RotatingKind.GROUP,
            group_active,
            _active_at(at, RotatingMember.joined_on, RotatingMember.left_on),
        )
        .scalar_subquery()
    )
    fund = (
        select(func.coalesce(func.sum(RotatingContribution.amount), 0))
        .join(RotatingGroup, RotatingGroup.id == RotatingContribution.group_id)
        .where(
            scope.includes(RotatingContribution.unit_id),
            scope.on(RotatingContribution.unit_id, at),
            RotatingGroup.kind == RotatingKind.FUND,
            RotatingContribution.paid_on <= at,
        )
        .scalar_subquery()
    )
    row = db.session.execute(select(groups.label("g"), members.label("m"), fund.label("f"))).one()
    return {"rotating.groups": row.g, "rotating.members": row.m, "rotating.fund_vnd": int(row.f)}


@indicator_group(
    "loans",
    [
        Indicator("rotating.lent_vnd", "Số tiền tổ nhóm góp vốn cho vay trong kỳ", "đồng", "money"),
        Indicator("rotating.borrowers", "Số thành viên được vay trong kỳ", "người"),
        Indicator("rotating.turns", "Lượt vay quỹ quay vòng không lãi suất trong kỳ", "lượt"),
        Indicator(
            "rotating.fund_lent_vnd",
            "Số tiền quỹ quay vòng không lãi suất cho vay trong kỳ",
            "đồng",
            "money",
        ),
    ],
)
def rotating_lending(scope: Scope) -> dict:
    """Interest-free loans made in the period, by the groups and by the fund."""
    p = scope.period
    in_period = and_(
        RotatingLoan.lent_on.between(p.start, p.end),
        scope.on(RotatingLoan.unit_id, RotatingLoan.lent_on),
    )
    by_group = and_(in_period, RotatingGroup.kind == RotatingKind.GROUP)
    by_fund = and_(in_period, RotatingGroup.kind == RotatingKind.FUND)
    row = db.session.execute(
        select(
            _sum(RotatingLoan.amount, by_group).label("lent"),
            func.count(distinct(RotatingLoan.rotating_member_id)).filter(by_group).label("who"),
            func.count().filter(by_fund).label("turns"),
            _sum(RotatingLoan.amount, by_fund).label("fund_lent"),
        )
        .select_from(RotatingLoan)
        .join(RotatingGroup, RotatingGroup.id == RotatingLoan.group_id)
        .where(scope.includes(RotatingLoan.unit_id))
    ).one()
    return {
        "rotating.lent_vnd": int(row.lent),
        "rotating.borrowers": row.who,
        "rotating.turns": row.turns,
        "rotating.fund_lent_vnd": int(row.fund_lent),
    }


__all__ = [
    "BANK_CODES",
    "balance_of",
    "loans_with_balance",
    "outstanding_at",
    "repaid_by_loan",
    "signed_deposit",
]
