"""The loan portfolio of a unit subtree at a date: totals by bank, programme and group, the
overdue list, per-household summaries, and the outstanding balance over time as an inline SVG."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Integer, and_, case, cast, distinct, func, literal, null, select, union_all
from sqlalchemy.orm import joinedload

from webapp import formatting
from webapp.extensions import db
from webapp.indicators.loans import balance_of, repaid_by_loan, signed_deposit
from webapp.loans.services.units import unit_subtree
from webapp.models import (
    Bank,
    Household,
    Loan,
    LoanGroup,
    LoanProgramme,
    LoanRepayment,
    SavingsDeposit,
    User,
)
from webapp.scope import scoped
from webapp.text import search_key


@dataclass
class Total:
    """One line of a breakdown."""

    label: str
    outstanding: int
    households: int
    loans: int
    overdue: int
    bank: str = ""
    ref_id: int | None = None


@dataclass
class Breakdowns:
    """The portfolio's tables at a date: by bank, by programme, by group, and how many loans
    are overdue (the overdue list's length)."""

    banks: list[Total]
    programmes: list[Total]
    groups: list[Total]
    overdue_loans: int


def _scope(stmt, user: User, unit_id: int, at: date, units=None):
    units = unit_subtree(unit_id) if units is None else units
    stmt = stmt.where(Loan.unit_id.in_(units), Loan.disbursed_on <= at)
    return scoped(stmt, Loan.unit_id, user)


def _alphabetical(text: str) -> tuple[str, str]:
    # Vietnamese order on every database ("hộ" before "học"); SQL collations disagree on it.
    return search_key(text), text


def breakdowns(user: User, unit_id: int, at: date) -> Breakdowns:
    """Outstanding, households, loans and overdue per bank, per programme and per savings-and-
    loan group of ``unit_id``'s subtree at ``at`` (as ``user`` may see it), in one statement:
    the subtree's repayments are summed once for the three tables, not once per table.

    Banks and programmes come by name; groups by name, loans made without a group last."""
    units = unit_subtree(unit_id)
    repaid = repaid_by_loan(at, loans_where=Loan.unit_id.in_(units))
    balance = balance_of(repaid)
    owed = (
        select(
            Loan.household_id,
            Loan.programme_id,
            Loan.group_id,
            Loan.due_on,
            Bank.short_name.label("bank"),
            LoanProgramme.name.label("programme"),
            func.coalesce(LoanGroup.name, "").label("group_name"),
            balance.label("balance"),
        )
        .select_from(Loan)
        .join(LoanProgramme, LoanProgramme.id == Loan.programme_id)
        .join(Bank, Bank.id == LoanProgramme.bank_id)
        .outerjoin(LoanGroup, LoanGroup.id == Loan.group_id)
        .outerjoin(repaid, repaid.c.loan_id == Loan.id)
        .where(balance > 0)
    )
    live = _scope(owed, user, unit_id, at, units).cte("live").prefix_with("MATERIALIZED")
    late = live.c.due_on < at

    def lines(kind: str, ref, bank, label):
        return select(
            literal(kind).label("kind"),
            ref.label("ref_id"),
            bank.label("bank"),
            label.label("label"),
            func.sum(live.c.balance).label("outstanding"),
            func.count(distinct(live.c.household_id)).label("households"),
            func.count().label("loans"),
            func.coalesce(func.sum(live.c.balance).filter(late), 0).label("overdue"),
            func.count().filter(late).label("late"),
        ).group_by(ref, bank, label)

    no_ref = cast(null(), Integer)
    rows = db.session.execute(
        union_all(
            lines("bank", no_ref, live.c.bank, live.c.bank),
            lines("programme", live.c.programme_id, live.c.bank, live.c.programme),
            lines("group", live.c.group_id, literal(""), live.c.group_name),
        )
    )
    tables: dict[str, list[Total]] = {"bank": [], "programme": [], "group": []}
    overdue_loans = 0
    for r in rows:
        tables[r.kind].append(
            Total(
                r.label, int(r.outstanding), r.households, r.loans, int(r.overdue), r.bank, r.ref_id
            )
        )
        if r.kind == "bank":
            overdue_loans += r.late
    return Breakdowns(
        banks=sorted(tables["bank"], key=lambda t: _alphabetical(t.bank)),
        programmes=sorted(
            tables["programme"], key=lambda t: (_alphabetical(t.bank), _alphabetical(t.label))
        ),
        groups=sorted(
            tables["group"], key=lambda t: (t.ref_id is None, _alphabetical(t.label), t.ref_id)
        ),
        overdue_loans=overdue_loans,
    )


@dataclass
class OverdueLine:
    loan: Loan
    balance: int
    days: int


@dataclass
class OverduePage:
    """One page of the overdue list, with what the pager macro reads."""

    items: list[OverdueLine]
    page: int
    per_page: int
    total: int

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def pages(self) -> int:
        return max(1, (self.total + self.per_page - 1) // self.per_page)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def overdue_loans(
    user: User, unit_id: int, at: date, page: int = 1, per_page: int = 50, total: int | None = None
) -> OverduePage:
    """Loans past their due date with a balance at ``at``, the longest overdue first, one page
    at a time, with their household, unit, programme and bank (one statement, whose repayment
    sum covers the overdue loans only). A page past the end shows the last one.

    ``total`` is how many there are, as :func:`breakdowns` counted them; without it the same
    statement counts them (a page of the list alone, as its pager asks for it: 0,4 s for a
    province of 660.000 members instead of the whole portfolio's 2 s)."""
    units = unit_subtree(unit_id)
    repaid = repaid_by_loan(at, loans_where=and_(Loan.unit_id.in_(units), Loan.due_on < at))
    balance = balance_of(repaid)
    stmt = (
        _scope(
            select(Loan, balance.label("balance"))
            .outerjoin(repaid, repaid.c.loan_id == Loan.id)
            .where(balance > 0, Loan.due_on < at),
            user,
            unit_id,
            at,
            units,
        )
        .options(
            joinedload(Loan.household).joinedload(Household.unit),
            joinedload(Loan.programme).joinedload(LoanProgramme.bank),
        )
        .order_by(Loan.due_on, Loan.id)
    )
    if total is None:
        stmt = stmt.add_columns(func.count().over().label("total"))
    else:
        page = max(1, min(page, (total + per_page - 1) // per_page or 1))
    rows = db.session.execute(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    if total is None:
        if not rows and page > 1:  # past the end: counted on the first page, then the last
            counted = overdue_loans(user, unit_id, at, 1, per_page).total
            return overdue_loans(user, unit_id, at, page, per_page, total=counted)
        total = rows[0].total if rows else 0
    lines = [OverdueLine(row[0], int(row[1]), (at - row[0].due_on).days) for row in rows]
    return OverduePage(lines, page, per_page, total)


@dataclass
class HouseholdSummary:
    outstanding: int = 0
    overdue: int = 0
    savings: int = 0
    loans: int = 0


def household_summaries(household_ids: list[int], at: date) -> dict[int, HouseholdSummary]:
    """Outstanding, overdue count and savings at ``at`` for each household (two queries)."""
    result = {hid: HouseholdSummary() for hid in household_ids}
    if not household_ids:
        return result
    repaid = repaid_by_loan(at, loans_where=Loan.household_id.in_(household_ids))
    balance = balance_of(repaid)
    live = balance > 0
    rows = db.session.execute(
        select(
            Loan.household_id,
            func.coalesce(func.sum(balance).filter(live), 0),
            func.count().filter(and_(live, Loan.due_on < at)),
            func.count().filter(live),
        )
        .outerjoin(repaid, repaid.c.loan_id == Loan.id)
        .where(Loan.household_id.in_(household_ids), Loan.disbursed_on <= at)
        .group_by(Loan.household_id)
    )
    for hid, outstanding, overdue, loans in rows:
        s = result[hid]
        s.outstanding, s.overdue, s.loans = int(outstanding), overdue, loans
    savings = db.session.execute(
        select(SavingsDeposit.household_id, func.sum(signed_deposit()))
        .where(SavingsDeposit.household_id.in_(household_ids), SavingsDeposit.deposited_on <= at)
        .group_by(SavingsDeposit.household_id)
    )
    for hid, total in savings:
        result[hid].savings = int(total or 0)
    return result


def group_households(group: LoanGroup, at: date) -> list[tuple[Household, HouseholdSummary]]:
    """The group's households with their summaries at ``at``, by name."""
    households = list(
        db.session.scalars(
            select(Household)
            .where(Household.group_id == group.id)
            .order_by(Household.search_key, Household.id)
        )
    )
    summaries = household_summaries([h.id for h in households], at)
    return [(h, summaries[h.id]) for h in households]


# --- outstanding over time --------------------------------------------------------------------


def month_ends(at: date, months: int = 24) -> list[date]:
    """The last day of each of the ``months`` months ending with ``at``'s month, then ``at``."""
    ends = []
    y, m = at.year, at.month
    for _ in range(months - 1):
        m -= 1
        if m == 0:
            y, m = y - 1, 12
        ends.append(date(y, m, calendar.monthrange(y, m)[1]))
    return [*reversed(ends), at]


def outstanding_series(user: User, unit_id: int, dates: list[date]) -> list[int]:
    """The subtree's outstanding balance at each date: disbursed minus principal repaid."""
    units = unit_subtree(unit_id)
    disbursed = db.session.execute(
        scoped(
            select(
                *[
                    func.coalesce(func.sum(case((Loan.disbursed_on <= d, Loan.amount), else_=0)), 0)
                    for d in dates
                ]
            )
            .select_from(Loan)
            .where(Loan.unit_id.in_(units)),
            Loan.unit_id,
            user,
        )
    ).one()
    repaid = db.session.execute(
        scoped(
            select(
                *[
                    func.coalesce(
                        func.sum(
                            case((LoanRepayment.paid_on <= d, LoanRepayment.principal), else_=0)
                        ),
                        0,
                    )
                    for d in dates
                ]
            )
            .select_from(LoanRepayment)
            .join(Loan, Loan.id == LoanRepayment.loan_id)
            .where(Loan.unit_id.in_(units)),
            Loan.unit_id,
            user,
        )
    ).one()
    return [int(a) - int(b) for a, b in zip(disbursed, repaid, strict=True)]


@dataclass
class Chart:
    """Coordinates of an SVG line chart, computed here so the template only draws."""

    width: int
    height: int
    points: str
    dots: list[tuple[float, float, str, str]]
    y_labels: list[tuple[float, str]]
    x_labels: list[tuple[float, str]]
    baseline: float
    unit: str  # of the y labels, written once above the axis ("tỷ đồng")


def _axis_unit(scale_max: int) -> tuple[int, str]:
    """The power of ten and the unit of an axis whose top is ``scale_max`` đồng."""
    if scale_max >= 10**9:
        return 9, "tỷ đồng"  # vi-only: money is written in Vietnamese units on every page
    if scale_max >= 10**6:
        return 6, "triệu đồng"  # vi-only
    return 0, "đồng"  # vi-only


def line_chart(dates: list[date], values: list[int], width: int = 720, height: int = 240) -> Chart:
    """A line chart of ``values`` (đồng) over ``dates``. The axis labels are bare numbers in
    the unit the scale's top calls for (tỷ, triệu or đồng), written once above them: a label
    with its unit ("37,5 tỷ đồng") did not fit the left margin and lost its first digits."""
    left, right, top, bottom = 70, 30, 24, 30
    top_value = max([*values, 1])
    # Round the scale up to a "nice" number so the axis labels read well.
    step = 10 ** max(len(str(top_value)) - 1, 0)
    scale_max = ((top_value + step - 1) // step) * step
    plot_w, plot_h = width - left - right, height - top - bottom
    exponent, unit = _axis_unit(scale_max)

    def x(i: int) -> float:
        return left + (plot_w * i / max(len(values) - 1, 1))

    def y(v: int) -> float:
        return top + plot_h - plot_h * v / scale_max

    pts = [(round(x(i), 1), round(y(v), 1)) for i, v in enumerate(values)]
    return Chart(
        width=width,
        height=height,
        points=" ".join(f"{px},{py}" for px, py in pts),
        dots=[
            (px, py, formatting.date_short(d), formatting.billions(v, 2))
            for (px, py), d, v in zip(pts, dates, values, strict=True)
        ],
        y_labels=[
            (
                round(y(scale_max * k // 4), 1),
                formatting.scaled_number(scale_max * k // 4, exponent),
            )
            for k in range(5)
        ],
        x_labels=[
            (round(x(i), 1), f"{d.month:02d}/{d.year}")
            for i, d in enumerate(dates)
            if i % 6 == 0 or i == len(dates) - 1
        ],
        baseline=round(y(0), 1),
        unit=unit,
    )
