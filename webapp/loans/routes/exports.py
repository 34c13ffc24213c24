"""Exports of the loans area's list pages: the rows each page shows with its filters, as .xlsx
(webapp/spreadsheets.py ``list_response``), through the same queries as the pages."""

from __future__ import annotations

from itertools import islice

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
from webapp.spreadsheets import Column, list_export, list_response

# Every row at once: the page's own query, one "page" as long as any list can be.
ALL_ROWS = 2**31 - 1
BATCH = 500  # households whose balances are summed in one query


@list_export(bp, "/groups/export.xlsx")
def groups_export():
    """The savings-and-loan groups, with the page's search."""
    columns = [
        Column(_("Tổ"), width=28),
        Column(_("Chi hội"), width=28),
        Column(_("Ngân hàng"), width=14),
        Column(_("Tổ trưởng"), width=24),
        Column(_("Thành lập"), "date", 12),
        Column(_("Giải thể"), "date", 12),
    ]
    groups = db.session.execute(reg.groups_stmt(current_user, request.args.get("q", ""))).scalars()
    rows = (
        [g.name, g.unit.full_name, g.bank.short_name, g.leader_name, g.founded_on, g.dissolved_on]
        for g in groups
    )
    return list_response(_("Tổ tiết kiệm và vay vốn"), columns, rows, "to-tiet-kiem-vay-von")


def _household_rows(q: str):
    today = local_today()
    households = iter(db.session.execute(reg.households_stmt(current_user, q)).scalars())
    while chunk := list(islice(households, BATCH)):
        summaries = portfolio.household_summaries([h.id for h in chunk], today)
        for h in chunk:
            s = summaries[h.id]
            yield [
                h.head_name,
                h.unit.full_name,
                h.group.name if h.group else "—",
                s.outstanding,
                s.savings,
                _("Quá hạn") if s.overdue else "",
            ]


@list_export(bp, "/groups/<int:group_id>/export.xlsx")
def group_export(group_id: int):
    """A group's households with their balances at the page's date, and the page's total."""
    group = scoped_or_404(LoanGroup, group_id)
    at = arg_date("at", local_today())
    columns = [
        Column(_("Chủ hộ"), width=26),
        Column(_("Số món còn nợ"), "number", 10),
        Column(_("Dư nợ"), "money", 16),
        Column(_("Tiết kiệm"), "money", 16),
        Column(_("Quá hạn"), width=10),
    ]
    lines = portfolio.group_households(group, at)
    rows = [
        [h.head_name, s.loans, s.outstanding, s.savings, _("Quá hạn") if s.overdue else ""]
        for h, s in lines
    ]
    footer = [
        f"{_('Cộng')} ({_('%(n)s hộ', n=len(lines))})",
        None,
        sum(s.outstanding for _h, s in lines),
        sum(s.savings for _h, s in lines),
        "",
    ]
    return list_response(group.name, columns, rows, "ho-cua-to", footer)


@list_export(bp, "/households/export.xlsx")
def households_export():
    """The borrowing households with today's balances, with the page's search."""
    columns = [
        Column(_("Chủ hộ"), width=26),
        Column(_("Chi hội"), width=28),
        Column(_("Tổ"), width=24),
        Column(_("Dư nợ hôm nay"), "money", 16),
        Column(_("Tiết kiệm"), "money", 16),
        Column(_("Quá hạn"), width=10),
    ]
    rows = _household_rows(request.args.get("q", ""))
    return list_response(_("Hộ vay vốn"), columns, rows, "ho-vay-von")


@list_export(bp, "/overdue/export.xlsx")
def overdue_export():
    """The overdue list of the portfolio page, for its unit and date (every page of it)."""
    unit = chosen_unit()
    at = arg_date("at", local_today())
    columns = [
        Column(_("Hộ vay"), width=26),
        Column(_("Đơn vị"), width=28),
        Column(_("Chương trình"), width=30),
        Column(_("Hạn trả"), "date", 12),
        Column(_("Quá hạn"), "number", 10),
        Column(_("Dư nợ"), "money", 16),
    ]
    lines = portfolio.overdue_loans(current_user, unit.id, at, page=1, per_page=ALL_ROWS)
    rows = (
        [
            o.loan.household.head_name,
            o.loan.household.unit.full_name,
            o.loan.programme.label,
            o.loan.due_on,
            o.days,
            o.balance,
        ]
        for o in lines
    )
    return list_response(_("Danh sách nợ quá hạn"), columns, rows, "no-qua-han")


@list_export(bp, "/rotating/export.xlsx")
def rotating_export():
    """The rotating capital groups and funds, with the page's search."""
    columns = [
        Column(_("Tên"), width=28),
        Column(_("Loại"), width=22),
        Column(_("Đơn vị"), width=28),
        Column(_("Phụ trách"), width=24),
        Column(_("Thành lập"), "date", 12),
    ]
    groups = db.session.execute(rot.rotating_stmt(current_user, request.args.get("q", "")))
    rows = (
        [g.name, g.kind.label, g.unit.full_name, g.leader_name, g.founded_on]
        for g in groups.scalars()
    )
    return list_response(
        _("Tổ nhóm góp vốn luân chuyển, quỹ quay vòng"), columns, rows, "to-quay-vong"
    )
