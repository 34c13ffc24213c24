"""The indicator catalogue: every figure a report can print, with its code, meaning and its
value now for a unit of the user's scope (for staff, and for template authors)."""

from __future__ import annotations

from datetime import date

from flask import render_template, request
from flask_login import current_user

from webapp.activities import bp
from webapp.fields import query_date, query_int
from webapp.formatting import local_today
from webapp.indicators import Period, catalogue, compute
from webapp.main.dashboard import dashboard_unit
from webapp.models import Unit
from webapp.scope import get_scoped_or_404, unit_filter
from webapp.text import search_key


def _date(name: str, default: date) -> date:
    return query_date(name, default) or default


@bp.get("/indicators/")
def indicators():
    today = local_today()
    unit_id = query_int("unit_id")
    unit = (
        get_scoped_or_404(Unit, unit_id, current_user, "id")
        if unit_id
        else dashboard_unit(current_user)
    )
    start = _date("start", date(today.year, 1, 1))
    end = max(_date("end", today), start)
    q = search_key(request.args.get("q", ""))
    rows = [
        ind
        for ind in catalogue()
        if not q or q in search_key(ind.code) or q in search_key(ind.label)
    ]
    values = compute(unit.id, Period(start, end)).formatted if unit else {}
    context = {
        "rows": rows,
        "values": values,
        "unit": unit,
        "units": unit_filter(current_user, unit.id if unit else None),
        "start": start,
        "end": end,
        "q": request.args.get("q", ""),
    }
    if request.htmx and request.htmx.target == "indicator-rows":
        return render_template("activities/_indicator_rows.html", **context)
    return render_template("activities/indicators.html", **context)
