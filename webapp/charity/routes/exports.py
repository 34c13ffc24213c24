"""Exports of the charity area's list pages: the rows each page shows with its filters, as .xlsx
(webapp/spreadsheets.py ``list_response``), through the same queries as the pages."""

from __future__ import annotations

from datetime import date

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from webapp.charity import bp
from webapp.charity.routes.gifts import _filter as gift_filter
from webapp.charity.routes.selection import arg_day, arg_int
from webapp.charity.services.beneficiaries import beneficiaries_stmt
from webapp.charity.services.funds import funds_with_balances
from webapp.charity.services.gifts import gifts_stmt
from webapp.charity.services.sponsorships import programme
from webapp.charity.services.support import support_stmt
from webapp.extensions import db
from webapp.fields import enum_value
from webapp.formatting import local_today
from webapp.main.labels import measure_label
from webapp.models.charity import BeneficiaryCategory
from webapp.spreadsheets import Column, list_export, list_response


def _gift_source(g) -> str:
    if g.fund:
        return g.fund.name
    return f"{g.source.label}: {g.source_name}" if g.source_name else g.source.label


@list_export(bp, "/gifts/export.xlsx")
def gifts_export():
    """The gift list with the page's filters (every page of it)."""
    columns = [
        Column(_("Ngày"), "date", 12),
        Column(_("Người nhận"), width=26),
        Column(_("Đối tượng"), width=22),
        Column(_("Đơn vị"), width=20),
        Column(_("Loại quà"), width=14),
        Column(_("Số lượng"), "number", 10),
        Column(_("Đơn vị tính"), width=10),
        Column(_("Trị giá"), "money", 14),
        Column(_("Dịp"), width=20),
        Column(_("Đợt trao"), width=26),
        Column(_("Nguồn"), width=24),
        Column(_("Phối hợp"), width=20),
    ]
    gifts = db.session.execute(gifts_stmt(current_user, gift_filter())).scalars()
    rows = (
        [
            g.given_on,
            g.recipient,
            g.category.label,
            g.unit.name,
            g.kind.label,
            g.quantity,
            measure_label(g.measure),
            g.value_vnd,
            g.occasion.label,
            g.distribution.title if g.distribution else "",
            _gift_source(g),
            g.partner,
        ]
        for g in gifts
    )
    return list_response(_("Quà tặng, hỗ trợ"), columns, rows, "qua-tang")


@list_export(bp, "/beneficiaries/export.xlsx")
def beneficiaries_export():
    """The beneficiary list with the page's search and filters."""
    q = request.args.get("q", "").strip()
    category = enum_value(BeneficiaryCategory, request.args.get("category"))
    stmt = beneficiaries_stmt(current_user, q=q, category=category, unit_id=arg_int("unit_id"))
    columns = [
        Column(_("Họ tên"), width=26),
        Column(_("hộ"), width=8),
        Column(_("hội viên"), width=10),
        Column(_("Đối tượng"), width=24),
        Column(_("Đơn vị"), width=20),
        Column(_("Năm sinh"), "number", 10),
        Column(_("Địa chỉ"), width=30),
    ]
    rows = (
        [
            b.full_name,
            "x" if b.is_household else "",
            "x" if b.member_id else "",
            b.category.label,
            b.unit.name,
            b.birth_year,
            b.address,
        ]
        for b in db.session.execute(stmt).scalars()
    )
    return list_response(_("Người nhận hỗ trợ"), columns, rows, "nguoi-nhan-ho-tro")


@list_export(bp, "/support/export.xlsx")
def support_export():
    """The received-support list for the page's dates."""
    columns = [
        Column(_("Ngày"), "date", 12),
        Column(_("Nội dung"), width=30),
        Column(_("Đơn vị"), width=24),
        Column(_("Số lượng"), "number", 10),
        Column(_("Đơn vị tính"), width=10),
        Column(_("Trị giá"), "money", 14),
        Column(_("Đơn vị, cá nhân hỗ trợ"), width=26),
        Column(_("Dùng cho"), width=26),
    ]
    stmt = support_stmt(current_user, arg_day("from"), arg_day("to"))
    rows = (
        [
            r.received_on,
            r.description,
            r.unit.full_name,
            r.quantity,
            measure_label(r.measure),
            r.value_vnd,
            r.donor,
            r.purpose,
        ]
        for r in db.session.execute(stmt).scalars()
    )
    return list_response(_("Tiếp nhận hỗ trợ cho cộng đồng"), columns, rows, "ho-tro-nhan-duoc")


def fund_measure(fund) -> str:
    """What a fund's balance counts: đồng or its goods' measure, in the reader's language."""
    return measure_label("đồng" if fund.is_money else fund.measure)  # vi-only: stored measure


@list_export(bp, "/funds/export.xlsx")
def funds_export():
    """The funds with today's balances."""
    columns = [
        Column(_("Quỹ"), width=28),
        Column(_("Mục đích"), width=30),
        Column(_("Đơn vị"), width=24),
        Column(_("Loại"), width=16),
        Column(_("Số dư hiện tại"), "money", 16),
        Column(_("Đơn vị tính"), width=10),
    ]
    rows = (
        [
            fund.name,
            fund.purpose,
            fund.unit.full_name,
            fund.kind.label,
            balance,
            fund_measure(fund),
        ]
        for fund, balance in funds_with_balances(current_user)
    )
    return list_response(_("Các quỹ"), columns, rows, "cac-quy")


@list_export(bp, "/sponsorships/export.xlsx")
def sponsorships_export():
    """The sponsorships running in the page's period (default: this year), as its first table."""
    today = local_today()
    start = arg_day("from") or date(today.year, 1, 1)
    end = arg_day("to") or date(today.year, 12, 31)
    if end < start:
        start, end = end, start
    p = programme(current_user, start, end)
    columns = [
        Column(_("Cháu"), width=24),
        Column(_("Người đỡ đầu"), width=24),
        Column(_("Loại"), width=16),
        Column(_("Mức/tháng"), "money", 14),
        Column(_("Từ ngày"), "date", 12),
        Column(_("Đến ngày"), "date", 12),
        Column(_("Cam kết cả thời gian"), "money", 16),
        Column(_("Đã chi trong kỳ"), "money", 16),
    ]
    rows = (
        [
            s.child.full_name,
            s.sponsor_name,
            s.sponsor_kind.label,
            s.monthly_vnd,
            s.start_on,
            s.end_on,
            s.committed_vnd,
            p.paid.get(s.id, 0),
        ]
        for s in p.sponsorships
    )
    return list_response(_("Các khoản đỡ đầu trong kỳ"), columns, rows, "do-dau")
