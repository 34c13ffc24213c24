"""Exports of the charity area's list pages: the rows each page shows with its filters, as .xlsx
(webapp/spreadsheets.py ``list_response``), through the same queries as the pages."""

from __future__ import annotations

from types import SimpleNamespace

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from webapp.charity import bp
from webapp.charity.routes.selection import arg_day, arg_int, gift_filter, year_period
from webapp.charity.services.beneficiaries import beneficiaries_stmt
from webapp.charity.services.funds import funds_with_balances
from webapp.charity.services.gifts import gifts_stmt
from webapp.charity.services.sponsorships import programme
from webapp.charity.services.support import support_stmt
from webapp.fields import enum_value
from webapp.main.labels import measure_label
from webapp.models.charity import BeneficiaryCategory
from webapp.spreadsheets import Column, list_export, records_response


def _gift_source(g) -> str:
    if g.fund:
        return g.fund.name
    return f"{g.source.label}: {g.source_name}" if g.source_name else g.source.label


@list_export(bp, "/gifts/export.xlsx")
def gifts_export():
    """The gift list with the page's filters (every page of it)."""
    columns = [
        Column.date(_("Ngày"), "given_on"),
        Column.text(_("Người nhận"), "recipient", 26),
        Column.text(_("Đối tượng"), "category.label", 22),
        Column.text(_("Đơn vị"), "unit.name", 20),
        Column.text(_("Loại quà"), "kind.label", 14),
        Column.number(_("Số lượng"), "quantity"),
        Column.text(_("Đơn vị tính"), lambda g: measure_label(g.measure), 10),
        Column.money(_("Trị giá"), "value_vnd", 14),
        Column.text(_("Dịp"), "occasion.label", 20),
        Column.text(_("Đợt trao"), lambda g: g.distribution.title if g.distribution else "", 26),
        Column.text(_("Nguồn"), _gift_source),
        Column.text(_("Phối hợp"), "partner", 20),
    ]
    gifts = gifts_stmt(current_user, gift_filter())
    return records_response(_("Quà tặng, hỗ trợ"), columns, gifts, "qua-tang")


def _mark(value: object) -> str:
    """A tick column's cell: "x" or nothing."""
    return "x" if value else ""


@list_export(bp, "/beneficiaries/export.xlsx")
def beneficiaries_export():
    """The beneficiary list with the page's search and filters."""
    q = request.args.get("q", "").strip()
    category = enum_value(BeneficiaryCategory, request.args.get("category"))
    stmt = beneficiaries_stmt(current_user, q=q, category=category, unit_id=arg_int("unit_id"))
    columns = [
        Column.text(_("Họ tên"), "full_name", 26),
        Column.text(_("hộ"), lambda b: _mark(b.is_household), 8),
        Column.text(_("hội viên"), lambda b: _mark(b.member_id), 10),
        Column.text(_("Đối tượng"), "category.label"),
        Column.text(_("Đơn vị"), "unit.name", 20),
        Column.number(_("Năm sinh"), "birth_year"),
        Column.text(_("Địa chỉ"), "address", 30),
    ]
    return records_response(_("Người nhận hỗ trợ"), columns, stmt, "nguoi-nhan-ho-tro")


@list_export(bp, "/support/export.xlsx")
def support_export():
    """The received-support list for the page's dates."""
    columns = [
        Column.date(_("Ngày"), "received_on"),
        Column.text(_("Nội dung"), "description", 30),
        Column.text(_("Đơn vị"), "unit.full_name"),
        Column.number(_("Số lượng"), "quantity"),
        Column.text(_("Đơn vị tính"), lambda r: measure_label(r.measure), 10),
        Column.money(_("Trị giá"), "value_vnd", 14),
        Column.text(_("Đơn vị, cá nhân hỗ trợ"), "donor", 26),
        Column.text(_("Dùng cho"), "purpose", 26),
    ]
    stmt = support_stmt(current_user, arg_day("from"), arg_day("to"))
    title = _("Tiếp nhận hỗ trợ cho cộng đồng")
    return records_response(title, columns, stmt, "ho-tro-nhan-duoc")


def fund_measure(fund) -> str:
    """What a fund's balance counts: đồng or its goods' measure, in the reader's language."""
    return measure_label("đồng" if fund.is_money else fund.measure)  # vi-only: stored measure


@list_export(bp, "/funds/export.xlsx")
def funds_export():
    """The funds with today's balances."""

    columns = [
        Column.text(_("Quỹ"), "fund.name", 28),
        Column.text(_("Mục đích"), "fund.purpose", 30),
        Column.text(_("Đơn vị"), "fund.unit.full_name"),
        Column.text(_("Loại"), "fund.kind.label", 16),
        Column.money(_("Số dư hiện tại"), "balance"),
        Column.text(_("Đơn vị tính"), lambda row: fund_measure(row.fund), 10),
    ]
    rows = [SimpleNamespace(fund=f, balance=b) for f, b in funds_with_balances(current_user)]
    return records_response(_("Các quỹ"), columns, rows, "cac-quy")


@list_export(bp, "/sponsorships/export.xlsx")
def sponsorships_export():
    """The sponsorships running in the page's period (default: this year), as its first table."""
    p = programme(current_user, *year_period())
    columns = [
        Column.text(_("Cháu"), "child.full_name"),
        Column.text(_("Người đỡ đầu"), "sponsor_name"),
        Column.text(_("Loại"), "sponsor_kind.label", 16),
        Column.money(_("Mức/tháng"), "monthly_vnd", 14),
        Column.date(_("Từ ngày"), "start_on"),
        Column.date(_("Đến ngày"), "end_on"),
        Column.money(_("Cam kết cả thời gian"), "committed_vnd"),
        Column.money(_("Đã chi trong kỳ"), lambda s: p.paid.get(s.id, 0)),
    ]
    title = _("Các khoản đỡ đầu trong kỳ")
    return records_response(title, columns, p.sponsorships, "do-dau")
