"""The membership overview page: indicators per branch for a chosen period, and a chart."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from webapp.extensions import db
from webapp.fields import optional_int, parse_date
from webapp.indicators import Period
from webapp.members import bp
from webapp.members.services.overview import chart, default_period, overview
from webapp.models import Unit
from webapp.scope import get_scoped_or_404, unit_filter, visible_unit_ids


def _root() -> Unit | None:
    unit_id = optional_int(request.args.get("unit_id"))
    if unit_id:
        return get_scoped_or_404(Unit, unit_id, current_user, unit_attr="id")
    if current_user.unit_id:
        return current_user.unit
    # An admin over the whole tree: start at the top unit.
    return db.session.scalar(
        select(Unit)
        .where(Unit.id.in_(visible_unit_ids(current_user)), Unit.parent_id.is_(None))
        .order_by(Unit.name)
    )


def _period() -> tuple[Period, str | None]:
    fallback = default_period()
    start_text, end_text = request.args.get("start", ""), request.args.get("end", "")
    if not start_text and not end_text:
        return fallback, None
    try:
        start = parse_date(start_text) if start_text else fallback.start
        end = parse_date(end_text) if end_text else fallback.end
    except ValueError as exc:
        return fallback, str(exc)
    if end < start:
        return fallback, _("Ngày kết thúc phải sau ngày bắt đầu.")
    return Period(start, end), None


@bp.get("/overview", endpoint="overview")
def overview_page():
    root = _root()
    period, error = _period()
    rows, total = overview(root, period) if root else ([], None)
    return render_template(
        "members/overview.html",
        root=root,
        period=period,
        error=error,
        rows=rows,
        total=total,
        chart=chart(rows),
        units=unit_filter(current_user, root.id if root else None),
    )
