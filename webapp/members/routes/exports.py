"""Exports of the members area's register lists (cadres, insurance, Party referrals): the rows
each page shows with its filters, as .xlsx (webapp/spreadsheets.py ``list_response``), through
the same queries as the pages. The member list has its own (members.py: the import's layout)."""

from __future__ import annotations

from flask import abort, request
from flask_babel import gettext as _
from flask_login import current_user

from webapp.extensions import db
from webapp.fields import query_int
from webapp.formatting import local_today
from webapp.members import bp
from webapp.members.routes.unit_fields import branch_choices
from webapp.members.services.cadres import cadre_list
from webapp.members.services.dues import check_year, dues_sheet
from webapp.members.services.insurance import policy_list
from webapp.members.services.party import referral_list
from webapp.models import Unit
from webapp.refusals import RecordError
from webapp.scope import get_scoped_or_404
from webapp.spreadsheets import Column, list_export, list_response


def _bch_btv(cadre) -> str:
    parts = ([_("BCH")] if cadre.in_bch else []) + ([_("BTV")] if cadre.in_btv else [])
    return ", ".join(parts)


@list_export(bp, "/cadres/export.xlsx")
def cadres_export():
    """The cadres serving today (or all, ``?all=1``), as the page lists them."""
    serving_on = None if request.args.get("all") == "1" else local_today()
    columns = [
        Column(_("Họ và tên"), width=26),
        Column(_("Chức vụ"), width=22),
        Column(_("Đơn vị"), width=20),
        Column(_("BCH/BTV"), width=10),
        Column(_("Văn hoá"), width=10),
        Column(_("LLCT"), width=14),
        Column(_("Học tập, bồi dưỡng"), "number", 10),
        Column(_("Nhiệm kỳ"), width=14),
        Column(_("thôi từ"), "date", 12),
    ]
    cadres = db.session.execute(cadre_list(current_user, serving_on)).scalars()
    rows = (
        [
            c.full_name,
            c.position.label,
            c.unit.name,
            _bch_btv(c),
            c.education_label,
            c.political_theory.label,
            len(c.trainings),
            c.term,
            c.ended_on,
        ]
        for c in cadres
    )
    return list_response(_("Cán bộ Hội"), columns, rows, "can-bo-hoi")


@list_export(bp, "/insurance/export.xlsx")
def insurance_export():
    """Insurance cards and books with the page's filters."""
    args = request.args
    stmt = policy_list(
        current_user, args.get("kind", ""), args.get("status", "kept"), args.get("q", "")
    )
    columns = [
        Column(_("Người tham gia"), width=26),
        Column(_("Loại"), width=16),
        Column(_("Số"), width=18),
        Column(_("Chi hội"), width=20),
        Column(_("Từ ngày"), "date", 12),
        Column(_("Đến ngày"), "date", 12),
    ]
    rows = (
        [p.holder_name, p.kind.label, p.number, p.unit.name, p.started_on, p.ended_on]
        for p in db.session.execute(stmt).scalars()
    )
    title = _("Thẻ BHYT hộ gia đình, sổ BHXH tự nguyện")
    return list_response(title, columns, rows, "bao-hiem")


@list_export(bp, "/party/export.xlsx")
def party_export():
    """Party referrals with the page's outcome filter."""
    columns = [
        Column(_("Hội viên"), width=26),
        Column(_("Chi hội"), width=20),
        Column(_("Ngày giới thiệu"), "date", 12),
        Column(_("Kết quả"), width=20),
        Column(_("Ngày có kết quả"), "date", 12),
    ]
    stmt = referral_list(current_user, request.args.get("outcome", ""))
    rows = (
        [r.member.full_name, r.unit.name, r.referred_on, r.outcome.label, r.decided_on]
        for r in db.session.execute(stmt).scalars()
    )
    title = _("Giới thiệu hội viên ưu tú cho Đảng xem xét kết nạp")
    return list_response(title, columns, rows, "gioi-thieu-dang")


def _dues_state(line) -> str:
    if line.payment is None:
        return _("Chưa ghi")
    return _("Đã đóng") if line.payment.paid else _("Chưa đóng")


@list_export(bp, "/dues/export.xlsx")
def dues_export():
    """The dues sheet of the page's branch and year (default: the first branch, this year)."""
    unit_id = query_int("unit_id")
    if unit_id is None:
        branches = branch_choices()
        if not branches:
            abort(404)
        unit_id = int(branches[0].value)
    unit = get_scoped_or_404(Unit, unit_id, current_user, unit_attr="id")
    try:
        year = check_year(query_int("year", local_today().year, maximum=9999))
    except RecordError:
        abort(400)
    columns = [
        Column(_("Họ và tên"), width=26),
        Column(_("Năm sinh"), "number", 10),
        Column(_("Đã ghi"), width=12),
        Column(_("Số tiền"), "money", 12),
    ]
    rows = (
        [
            line.member.full_name,
            line.member.birth_year,
            _dues_state(line),
            line.payment.amount if line.paid else None,
        ]
        for line in dues_sheet(unit.id, year)
    )
    title = _("Hội phí năm %(y)s — %(u)s", y=year, u=unit.full_name)
    return list_response(title, columns, rows, f"hoi-phi-{year}")
