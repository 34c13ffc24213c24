"""Exports of the activities area's list pages: the rows the page shows with its filters, as
.xlsx (webapp/spreadsheets.py ``list_response``), through the same queries as the pages."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from webapp.activities import bp
from webapp.activities.routes.filters import activity_filters
from webapp.activities.services.activity_log import activities_stmt
from webapp.activities.services.registers import REGISTERS, RegisterSpec, records_stmt
from webapp.fields import query_int
from webapp.formatting import number
from webapp.spreadsheets import Column, list_export, records_response


def _outputs(activity) -> str:
    parts = []
    for o in activity.outputs:
        unit = o.output_unit
        text = f"{number(o.quantity)} {unit.measure or unit.name}"
        if unit.measure:
            text += f" ({unit.name.lower()})"
        parts.append(text)
    return "\n".join(parts)


def _topic(activity) -> str:
    lines = [activity.topic]
    if activity.partners:
        lines.append(f"{_('Phối hợp:')} {activity.partners}")
    if activity.tags:
        lines.append("; ".join(t.name for t in activity.tags))
    return "\n".join(lines)


@list_export(bp, "/export.xlsx")
def log_export():
    """The activity log with the page's filters (every page of it)."""
    columns = [
        Column.date(_("Ngày"), "held_on"),
        Column.text(_("Đơn vị"), "unit.full_name", 28),
        Column.text(_("Loại"), "kind.name", 22),
        Column.text(_("Nội dung"), _topic, 50),
        Column.number(_("Buổi"), "sessions", 8),
        Column.number(_("Lượt người"), "participants", 12),
        Column.text(_("Kết quả"), _outputs, 30),
    ]
    stmt = activities_stmt(current_user, activity_filters())
    return records_response(_("Nhật ký hoạt động"), columns, stmt, "nhat-ky-hoat-dong")


# Typed cells where the page prints a formatted value: column index → (kind, width, attribute).
_TYPED = {
    "clubs": {
        3: ("number", 14, "members_count"),
        4: ("date", 14, "founded_on"),
        5: ("date", 14, "dissolved_on"),
    },
    "mediations": {0: ("date", 14, "held_on")},
    "households": {0: ("number", 14, "year")},
    "ratings": {0: ("number", 14, "year")},
}
_FILENAMES = {
    "clubs": "cau-lac-bo",
    "mediations": "hoa-giai",
    "households": "5-co-3-sach",
    "ratings": "xep-loai-thi-dua",
}


def _register_export(spec: RegisterSpec):
    typed = _TYPED.get(spec.slug, {})
    columns = [
        Column(c.header, *typed[i]) if i in typed else Column(c.header, "text", 24, c.value)
        for i, c in enumerate(spec.columns)
    ]
    stmt = records_stmt(spec, current_user, request.args.get("q", ""), query_int("year"))
    return records_response(spec.title, columns, stmt, _FILENAMES[spec.slug])


@list_export(bp, "/clubs/export.xlsx")
def clubs_export():
    return _register_export(REGISTERS["clubs"])


@list_export(bp, "/mediations/export.xlsx")
def mediations_export():
    return _register_export(REGISTERS["mediations"])


@list_export(bp, "/households/export.xlsx")
def households_export():
    return _register_export(REGISTERS["households"])


@list_export(bp, "/ratings/export.xlsx")
def ratings_export():
    return _register_export(REGISTERS["ratings"])
