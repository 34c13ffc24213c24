"""Thin views: the monthly grid of a group (repayments and deposits, saved row by row)."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.form_helpers import refused_status, run_action
from webapp.formatting import local_today
from webapp.loans import bp
from webapp.loans.routes.selection import scoped_or_404
from webapp.loans.services import grid as g
from webapp.models import Household, LoanGroup
from webapp.refusals import RecordError


def _month() -> tuple[str, date, date]:
    month = request.args.get("month") or local_today().strftime("%Y-%m")
    try:
        first, last = g.month_bounds(month)
    except RecordError:
        first, last = g.month_bounds(local_today().strftime("%Y-%m"))
        month = first.strftime("%Y-%m")
    return month, first, last


def _paid_on(first: date, last: date) -> date | None:
    try:
        # dd/mm/yyyy as the page shows it (app.js), or ISO.
        from webapp.fields import parse_date

        return parse_date(request.form.get("paid_on", ""))
    except ValueError:
        return None


def _read_row(row: g.GridRow) -> dict[str, int] | None:
    """The amounts typed in ``row``; parse errors go to row.errors (typed text kept)."""
    hid = row.household.id
    values = {}
    for name in ("principal", "interest", "deposit"):
        text = request.form.get(f"{name}-{hid}", "")
        row.typed[name] = text
        try:
            values[name] = g.parse_cell(text)
        except ValueError as exc:
            row.errors[name] = str(exc)
    return None if row.errors else values


def _save(group: LoanGroup, row: g.GridRow, first: date, last: date) -> bool:
    """Save one row inside the current transaction; False (with row.errors) when refused. The
    caller rolls the whole transaction back after any refusal, so nothing partial stays."""
    values = _read_row(row)
    if values is None:
        return False
    try:
        g.save_grid_row(
            current_user,
            group,
            row.household,
            first,
            last,
            _paid_on(first, last),
            values["principal"],
            values["interest"],
            values["deposit"],
            request.form.get(f"stamp-{row.household.id}"),
        )
    except RecordError as exc:
        cell = exc.field if exc.field in ("principal", "interest", "deposit") else "row"
        row.errors[cell] = exc.message
        return False
    return True


def _context(group: LoanGroup, month: str, first: date, last: date, rows: list[g.GridRow]) -> dict:
    prev_month = date.fromordinal(first.toordinal() - 1).strftime("%Y-%m")
    next_month = date.fromordinal(last.toordinal() + 1).strftime("%Y-%m")
    paid_on = _paid_on(first, last) if request.method == "POST" else None
    return dict(
        group=group,
        month=month,
        first=first,
        last=last,
        rows=rows,
        paid_on=paid_on or g.default_day(first, last, local_today()),
        totals=g.typed_totals(rows, request.form.to_dict()),
        prev_month=prev_month,
        next_month=next_month,
    )


def _save_rows(group: LoanGroup, rows: list[g.GridRow], first: date, last: date) -> None:
    """Save every row in one transaction; any refused row (its message is in row.errors)
    refuses them all, so nothing partial stays."""
    saved = [_save(group, row, first, last) for row in rows]
    if not all(saved):
        raise RecordError(None, "")


@bp.route("/groups/<int:group_id>/grid", methods=["GET", "POST"])
def grid(group_id: int):
    group = scoped_or_404(LoanGroup, group_id)
    month, first, last = _month()
    rows = g.grid_rows(group, first, last)
    if request.method == "POST":
        # Without htmx the whole grid is sent at once: all rows are saved, or none.
        _unused, error = run_action(_save_rows, group, rows, first, last)
        if error is None:
            flash(_("Đã lưu bảng thu tháng."), "success")
            return redirect(url_for("loans.grid", group_id=group.id, month=month))
        if error:  # a concurrent save: the rows' own messages are empty
            flash(error, "error")
        return render_template(
            "loans/grid.html", **_context(group, month, first, last, rows)
        ), refused_status()
    return render_template("loans/grid.html", **_context(group, month, first, last, rows))


@bp.post("/groups/<int:group_id>/grid/<int:household_id>")
def grid_row(group_id: int, household_id: int):
    group = scoped_or_404(LoanGroup, group_id)
    household = scoped_or_404(Household, household_id)
    _unused, first, last = _month()
    (row,) = g.grid_rows(group, first, last, only=household)
    _unused, error = run_action(_save_rows, group, [row], first, last)
    saved = error is None
    if saved:
        (row,) = g.grid_rows(group, first, last, only=household)
    elif error:
        row.errors["row"] = error
    html = render_template("loans/_grid_saved.html", row=row, saved=saved, group=group)
    # The totals refresh themselves on this event (the row's balance changed).
    return html, {"HX-Trigger": "grid-saved"} if saved else {}


@bp.post("/groups/<int:group_id>/grid-totals")
def grid_totals(group_id: int):
    group = scoped_or_404(LoanGroup, group_id)
    month, first, last = _month()
    rows = g.grid_rows(group, first, last)
    return render_template(
        "loans/_grid_totals_row.html", **_context(group, month, first, last, rows)
    )
