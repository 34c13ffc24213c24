"""Exports of the activities area's list pages: the rows the page shows with its filters, as
.xlsx (webapp/spreadsheets.py ``list_response``), through the same queries as the pages."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from webapp.activities import bp
from webapp.activities.routes.activity_log import _filters
from webapp.activities.services.activity_log import activities_stmt
from webapp.activities.services.registers import REGISTERS, RegisterSpec, records_stmt
from webapp.extensions import db
from webapp.fields import query_int
from webapp.formatting import number
from webapp.spreadsheets import Column, list_export, list_response


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
        Column(_("Ngày"), "date", 12),
        Column(_("Đơn vị"), width=28),
        Column(_("Loại"), width=22),
        Column(_("Nội dung"), width=50),
        Column(_("Buổi"), "number", 8),
        Column(_("Lượt người"), "number", 12),
        Column(_("Kết quả"), width=30),
    ]
    result = db.session.execute(activities_stmt(current_user, _filters())).scalars()
    rows = (
        [
            a.held_on,
            a.unit.full_name,
            a.kind.name,
            _topic(a),
            a.sessions,
            a.participants,
            _outputs(a),
        ]
        for a in result
    )
    return list_response(_("Nhật ký hoạt động"), columns, rows, "nhat-ky-hoat-dong")


# Typed cells where the page prints a formatted value: column index → (kind, value).
_TYPED = {
    "clubs": {
        3: ("number", lambda c: c.members_count),
        4: ("date", lambda c: c.founded_on),
        5: ("date", lambda c: c.dissolved_on),
    },
    "mediations": {0: ("date", lambda m: m.held_on)},
    "households": {0: ("number", lambda h: h.year)},
    "ratings": {0: ("number", lambda r: r.year)},
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
        Column(c.header, typed[i][0] if i in typed else "text", 14 if i in typed else 24)
        for i, c in enumerate(spec.columns)
    ]
    q = request.args.get("q", "")
    year = query_int("year")
    records = db.session.execute(records_stmt(spec, current_user, q, year)).scalars()
    rows = (
        [typed[i][1](r) if i in typed else c.value(r) for i, c in enumerate(spec.columns)]
        for r in records
    )
    return list_response(spec.title, columns, rows, _FILENAMES[spec.slug])


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
