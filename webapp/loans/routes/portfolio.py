"""The loan portfolio page of a unit: figures, breakdowns, overdue list, chart."""

from __future__ import annotations

from datetime import date

from flask import current_app, render_template, request
from flask_login import current_user

from webapp.fields import query_int
from webapp.formatting import local_today
from webapp.indicators import Period, compute
from webapp.loans import bp
from webapp.loans.routes.selection import arg_date, chosen_unit
from webapp.loans.services import portfolio as pf
from webapp.scope import unit_filter

FIGURES = (
    "loans.outstanding_vnd",
    "loans.borrowing_households",
    "loans.disbursed_vnd",
    "loans.disbursed_turns",
    "loans.overdue_vnd",
    "loans.overdue_ratio",
    "loans.overdue_count",
    "loans.overdue_settled_vnd",
    "loans.groups",
    "savings.balance_vnd",
    "savings.households",
    "rotating.groups",
    "rotating.members",
    "rotating.lent_vnd",
)


@bp.get("/")
def index():
    unit = chosen_unit()
    at = arg_date("at", local_today())
    start = arg_date("from", date(at.year, 1, 1))
    if start > at:
        start = date(at.year, 1, 1)
    page = query_int("page", 1)
    per_page = current_app.config["PAGE_SIZE"]
    if request.htmx and request.htmx.target == "overdue-list":  # its pager: the list alone
        overdue = pf.overdue_loans(current_user, unit.id, at, page=page, per_page=per_page)
        context = dict(unit=unit, at=at, start=start, overdue=overdue)
        return render_template("loans/_overdue.html", **context)
    values = compute(unit.id, Period(start, at), set(FIGURES))
    tables = pf.breakdowns(current_user, unit.id, at)
    dates = pf.month_ends(at)
    chart = pf.line_chart(dates, pf.outstanding_series(current_user, unit.id, dates))
    context = dict(
        unit=unit,
        at=at,
        start=start,
        units=unit_filter(current_user, unit.id),
        values=values,
        tables=tables,
        overdue=pf.overdue_loans(
            current_user, unit.id, at, page=page, per_page=per_page, total=tables.overdue_loans
        ),
        chart=chart,
    )
    if request.htmx and request.htmx.target == "portfolio":
        return render_template("loans/_portfolio.html", **context)
    return render_template("loans/index.html", **context)
