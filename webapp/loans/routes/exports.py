"""Exports of the loans area's list pages: the rows each page shows with its filters, as .xlsx
(webapp/spreadsheets.py ``list_response``), through the same queries as the pages."""

from __future__ import annotations

from itertools import islice
from types import SimpleNamespace

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from webapp.extensions import db
from webapp.formatting import local_today
from webapp.loans import bp
from webapp.loans.routes.selection import arg_date, chosen_unit, scoped_or_404
from webapp.loans.services import portfolio
from webapp.loans.services import registers as reg
from webapp.loans.services import rotating as rot
from webapp.models import LoanGroup
from webapp.spreadsheets import Column, list_export, records_response

# Every row at once: the page's own query, one "page" as long as any list can be.
ALL_ROWS = 2**31 - 1
BATCH = 500  # households whose balances are summed in one query


@list_export(bp, "/groups/export.xlsx")
def groups_export():
    """The savings-and-loan groups, with the page's search."""
    columns = [
        Column.text(_("Tổ"), "name", 28),
        Column.text(_("Chi hội"), "unit.full_name", 28),
        Column.text(_("Ngân hàng"), "bank.short_name", 14),
        Column.text(_("Tổ trưởng"), "leader_name"),
        Column.date(_("Thành lập"), "founded_on"),
        Column.date(_("Giải thể"), "dissolved_on"),
    ]
    groups = reg.groups_stmt(current_user, request.args.get("q", ""))
    title = _("Tổ tiết kiệm và vay vốn")
    return records_response(title, columns, groups, "to-tiet-kiem-vay-von")


def _households_today(q: str):
    """The households of the page's search, each with its summary today (``household``,
    ``summary``), summed a batch at a time."""
    today = local_today()
    households = iter(db.session.execute(reg.households_stmt(current_user, q)).scalars())
    while chunk := list(islice(households, BATCH)):
        summaries = portfolio.household_summaries([h.id for h in chunk], today)
        for h in chunk:
            yield SimpleNamespace(household=h, summary=summaries[h.id])


def _overdue(row) -> str:
    """The "Quá hạn" cell of a household's row."""
    return _("Quá hạn") if row.summary.overdue else ""


@list_export(bp, "/groups/<int:group_id>/export.xlsx")
def group_export(group_id: int):
    """A group's households with their balances at the page's date, and the page's total."""
    group = scoped_or_404(LoanGroup, group_id)
    at = arg_date("at", local_today())
    columns = [
        Column.text(_("Chủ hộ"), "household.head_name", 26),
        Column.number(_("Số món còn nợ"), "summary.loans"),
        Column.money(_("Dư nợ"), "summary.outstanding"),
        Column.money(_("Tiết kiệm"), "summary.savings"),
        Column.text(_("Quá hạn"), _overdue, 10),
    ]
    lines = portfolio.group_households(group, at)
    rows = [SimpleNamespace(household=h, summary=s) for h, s in lines]
    footer = [
        f"{_('Cộng')} ({_('%(n)s hộ', n=len(lines))})",
        None,
        sum(s.outstanding for _h, s in lines),
        sum(s.savings for _h, s in lines),
        "",
    ]
    return records_response(group.name, columns, rows, "ho-cua-to", footer)


@list_export(bp, "/households/export.xlsx")
def households_export():
    """The borrowing households with today's balances, with the page's search."""
    columns = [
        Column.text(_("Chủ hộ"), "household.head_name", 26),
        Column.text(_("Chi hội"), "household.unit.full_name", 28),
        Column.text(_("Tổ"), lambda r: r.household.group.name if r.household.group else "—"),
        Column.money(_("Dư nợ hôm nay"), "summary.outstanding"),
        Column.money(_("Tiết kiệm"), "summary.savings"),
        Column.text(_("Quá hạn"), _overdue, 10),
    ]
    rows = _households_today(request.args.get("q", ""))
    return records_response(_("Hộ vay vốn"), columns, rows, "ho-vay-von")


@list_export(bp, "/overdue/export.xlsx")
def overdue_export():
    """The overdue list of the portfolio page, for its unit and date (every page of it)."""
    unit = chosen_unit()
    at = arg_date("at", local_today())
    columns = [
        Column.text(_("Hộ vay"), "loan.household.head_name", 26),
        Column.text(_("Đơn vị"), "loan.household.unit.full_name", 28),
        Column.text(_("Chương trình"), "loan.programme.label", 30),
        Column.date(_("Hạn trả"), "loan.due_on"),
        Column.number(_("Quá hạn"), "days"),
        Column.money(_("Dư nợ"), "balance"),
    ]
    lines = portfolio.overdue_loans(current_user, unit.id, at, page=1, per_page=ALL_ROWS)
    return records_response(_("Danh sách nợ quá hạn"), columns, lines, "no-qua-han")


@list_export(bp, "/rotating/export.xlsx")
def rotating_export():
    """The rotating capital groups and funds, with the page's search."""
    columns = [
        Column.text(_("Tên"), "name", 28),
        Column.text(_("Loại"), "kind.label", 22),
        Column.text(_("Đơn vị"), "unit.full_name", 28),
        Column.text(_("Phụ trách"), "leader_name"),
        Column.date(_("Thành lập"), "founded_on"),
    ]
    groups = rot.rotating_stmt(current_user, request.args.get("q", ""))
    title = _("Tổ nhóm góp vốn luân chuyển, quỹ quay vòng")
    return records_response(title, columns, groups, "to-quay-vong")
