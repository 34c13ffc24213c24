"""Exports of the members area's register lists (cadres, insurance, Party referrals): the rows
each page shows with its filters, as .xlsx (webapp/spreadsheets.py ``list_response``), through
the same queries as the pages. The member list has its own (members.py: the import's layout)."""

from __future__ import annotations

from flask import abort, request
from flask_babel import gettext as _
from flask_login import current_user

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
from webapp.spreadsheets import Column, list_export, records_response


def _bch_btv(cadre) -> str:
    parts = ([_("BCH")] if cadre.in_bch else []) + ([_("BTV")] if cadre.in_btv else [])
    return ", ".join(parts)


@list_export(bp, "/cadres/export.xlsx")
def cadres_export():
    """The cadres serving today (or all, ``?all=1``), as the page lists them."""
    serving_on = None if request.args.get("all") == "1" else local_today()
    columns = [
        Column.text(_("Họ và tên"), "full_name", 26),
        Column.text(_("Chức vụ"), "position.label", 22),
        Column.text(_("Đơn vị"), "unit.name", 20),
        Column.text(_("BCH/BTV"), _bch_btv, 10),
        Column.text(_("Văn hoá"), "education_label", 10),
        Column.text(_("LLCT"), "political_theory.label", 14),
        Column.number(_("Học tập, bồi dưỡng"), lambda c: len(c.trainings)),
        Column.text(_("Nhiệm kỳ"), "term", 14),
        Column.date(_("thôi từ"), "ended_on"),
    ]
    cadres = cadre_list(current_user, serving_on)
    return records_response(_("Cán bộ Hội"), columns, cadres, "can-bo-hoi")


@list_export(bp, "/insurance/export.xlsx")
def insurance_export():
    """Insurance cards and books with the page's filters."""
    args = request.args
    stmt = policy_list(
        current_user, args.get("kind", ""), args.get("status", "kept"), args.get("q", "")
    )
    columns = [
        Column.text(_("Người tham gia"), "holder_name", 26),
        Column.text(_("Loại"), "kind.label", 16),
        Column.text(_("Số"), "number", 18),
        Column.text(_("Chi hội"), "unit.name", 20),
        Column.date(_("Từ ngày"), "started_on"),
        Column.date(_("Đến ngày"), "ended_on"),
    ]
    title = _("Thẻ BHYT hộ gia đình, sổ BHXH tự nguyện")
    return records_response(title, columns, stmt, "bao-hiem")


@list_export(bp, "/party/export.xlsx")
def party_export():
    """Party referrals with the page's outcome filter."""
    columns = [
        Column.text(_("Hội viên"), "member.full_name", 26),
        Column.text(_("Chi hội"), "unit.name", 20),
        Column.date(_("Ngày giới thiệu"), "referred_on"),
        Column.text(_("Kết quả"), "outcome.label", 20),
        Column.date(_("Ngày có kết quả"), "decided_on"),
    ]
    stmt = referral_list(current_user, request.args.get("outcome", ""))
    title = _("Giới thiệu hội viên ưu tú cho Đảng xem xét kết nạp")
    return records_response(title, columns, stmt, "gioi-thieu-dang")


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
        Column.text(_("Họ và tên"), "member.full_name", 26),
        Column.number(_("Năm sinh"), "member.birth_year"),
        Column.text(_("Đã ghi"), _dues_state, 12),
        Column.money(_("Số tiền"), lambda line: line.payment.amount if line.paid else None, 12),
    ]
    title = _("Hội phí năm %(y)s — %(u)s", y=year, u=unit.full_name)
    return records_response(title, columns, dues_sheet(unit.id, year), f"hoi-phi-{year}")
