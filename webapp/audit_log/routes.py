"""Thin views of the audit page."""

from __future__ import annotations

from datetime import date

from flask import render_template, request, send_file
from flask_login import current_user

from webapp.accounts.services import accounts_visible_to
from webapp.audit_log import bp
from webapp.audit_log.services import AuditFilter, areas, entries, export_xlsx
from webapp.extensions import db
from webapp.fields import query_date, query_int
from webapp.form_helpers import paged
from webapp.formatting import local_today
from webapp.models import User
from webapp.scope import unit_filter

EXPORT_LIMIT = 50_000


def _filter() -> AuditFilter:
    def day(name: str) -> date | None:
        return query_date(name)

    return AuditFilter(
        user_id=query_int("user_id"),
        area=request.args.get("area") or None,
        unit_id=query_int("unit_id"),
        start=day("start"),
        end=day("end"),
    )


@bp.get("/")
def index():
    flt = _filter()
    page = paged(entries(current_user, flt))
    units = unit_filter(current_user, flt.unit_id)
    context = {"entries": page, "flt": flt, "args": request.args, "units": units}
    if request.htmx:
        return render_template("audit/_rows.html", **context)
    # Only the accounts this admin manages: names from other units are not theirs to read.
    users = db.session.scalars(accounts_visible_to(current_user).order_by(User.username)).all()
    return render_template(
        "audit/index.html",
        users=users,
        areas=areas(),
        **context,
    )


@bp.get("/export.xlsx")
def export():
    rows = list(db.session.scalars(entries(current_user, _filter()).limit(EXPORT_LIMIT)))
    import io

    return send_file(
        io.BytesIO(export_xlsx(rows)),
        as_attachment=True,
        download_name=f"nhat-ky-{local_today().isoformat()}.xlsx",
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
