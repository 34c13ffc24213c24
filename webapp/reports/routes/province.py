"""Thin views of the province's page (issue 13 §4): who has reported, for a period and a report
kind, with the key figures of every commune-level union under a province or district union."""

from __future__ import annotations

import io

from flask import abort, redirect, render_template, send_file, url_for
from flask_login import current_user

from webapp.fields import query_enum, query_int
from webapp.models.reports import ReportDraft, ReportKind
from webapp.reports import bp
from webapp.reports.services import province as svc
from webapp.reports.services.drafts import default_period
from webapp.scope import get_scoped_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _params() -> dict:
    kind = query_enum("kind", ReportKind, ReportKind.ANNUAL)
    year = query_int("year", svc.this_year(), minimum=2000, maximum=2100)
    part = query_int("part", None, maximum=12)
    sort = query_enum_text("sort", svc.SORT_KEYS, "name")
    desc = query_int("desc", 0, minimum=0, maximum=1) == 1
    return {"kind": kind, "year": year, "part": part, "sort": sort, "desc": desc}


def query_enum_text(name: str, allowed: tuple[str, ...], default: str) -> str:
    """A query-string word among ``allowed`` (anything else: ``default``)."""
    from flask import request

    value = request.args.get(name, "")
    return value if value in allowed else default


def _view(unit_id: int, p: dict) -> svc.ProvinceView:
    period = default_period(p["kind"], p["year"], p["part"])
    view = svc.province_view(current_user, unit_id, p["kind"], period, p["sort"], p["desc"])
    if view is None:
        abort(404)  # outside the user's scope: the same answer as a unit that does not exist
    return view


@bp.get("/province")
def province():
    """The page of the chosen unit (?unit=), else the user's own (an admin of the whole tree:
    the first province); the other query arguments are kept."""
    from flask import request

    root = query_int("unit") or svc.default_root(current_user)
    if root is None:
        abort(404)
    args = {k: v for k, v in request.args.items() if k not in ("unit", "unit_id") and v}
    return redirect(url_for("reports.province_unit", unit_id=root, **args))


@bp.get("/province/<int:unit_id>")
def province_unit(unit_id: int):
    p = _params()
    view = _view(unit_id, p)
    return render_template(
        "reports/province.html",
        view=view,
        params=p,
        labels=svc.labels(),
        rollup=svc.ROLLUP,
        roots=svc.root_choices(current_user),
        kinds=list(ReportKind),
    )


@bp.get("/province/<int:unit_id>/export.xlsx")
def province_export(unit_id: int):
    p = _params()
    view = _view(unit_id, p)
    name = f"tinh-hinh-bao-cao-{view.kind.value}-{view.period.start:%Y-%m-%d}.xlsx"
    return send_file(
        io.BytesIO(svc.export_xlsx(view)), as_attachment=True, download_name=name, mimetype=XLSX
    )


@bp.get("/province/changes/<int:draft_id>")
def province_changes(draft_id: int):
    """One sent report's figures changed since sending (a row of the page asks as it shows)."""
    draft = get_scoped_or_404(ReportDraft, draft_id, current_user)
    return render_template("reports/_province_changes.html", changed=svc.changes_of(draft))
