"""The dues sheet of a branch for a year, saved in one go."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.fields import optional_int, query_ids
from webapp.form_helpers import check_rules, refused_status, save
from webapp.formatting import local_today
from webapp.members import bp
from webapp.members.forms import DuesForm
from webapp.members.routes.unit_fields import branch_choices, require_write_of_posted_unit
from webapp.members.services.dues import (
    DEFAULT_AMOUNT,
    check_dues,
    check_year,
    dues_sheet,
    mark_branch_paid,
)
from webapp.models import Unit
from webapp.refusals import RecordError
from webapp.scope import can_write_unit, get_scoped_or_404


def _form() -> DuesForm:
    form = DuesForm(formdata=request.form if request.method == "POST" else request.args)
    form.unit_id.choices = branch_choices()
    if form.unit_id.data is None and form.unit_id.choices:
        form.unit_id.data = int(form.unit_id.choices[0].value)
    if form.year.data is None and not form.year.raw_data:
        form.year.data = local_today().year
    if form.amount.data is None and not form.amount.raw_data:
        form.amount.data = DEFAULT_AMOUNT
    return form


def _page(
    form: DuesForm, status: int = 200, messages: list | None = None, posted: bool | None = None
):
    unit = (
        get_scoped_or_404(Unit, form.unit_id.data, current_user, unit_attr="id")
        if form.unit_id.data
        else None
    )
    lines = []
    if unit is not None and not form.year.errors:
        try:
            lines = dues_sheet(unit.id, check_year(form.year.data))
        except RecordError as exc:
            form.year.errors = [*form.year.errors, exc.message]
    unpaid = set(query_ids("unpaid", source=request.form))
    posted = request.method == "POST" if posted is None else posted
    context = {
        "form": form,
        "unit": unit,
        "lines": lines,
        "posted_unpaid": unpaid if posted else None,
        "can_write": unit is not None and can_write_unit(current_user, unit.id),
        "messages": messages or [],
    }
    if request.htmx and (request.method == "POST" or request.htmx.target == "dues-sheet"):
        return render_template("members/_dues_sheet.html", **context), refused_status(form)
    return render_template("members/dues.html", **context), status


@bp.route("/dues", methods=["GET", "POST"])
def dues():
    if request.method == "GET":
        form = _form()
        form.year.errors = list(form.year.process_errors)
        return _page(form)
    require_write_of_posted_unit()
    form = _form()
    unit_id = optional_int(request.form.get("unit_id"))
    unit = get_scoped_or_404(Unit, unit_id, current_user, unit_attr="id") if unit_id else None
    year, amount, paid_on = form.year.data, form.amount.data, form.paid_on.data
    if not form.validate_on_submit() or unit is None:
        check_rules(form, check_dues, unit, year, amount, paid_on)
        return _page(form, refused_status(form))
    unpaid_ids = set(query_ids("unpaid", source=request.form))
    counts = save(form, mark_branch_paid, unit, year, amount, paid_on, unpaid_ids)
    if counts is None:
        return _page(form, refused_status(form))
    paid, unpaid = counts
    message = _(
        "Đã ghi hội phí năm %(year)s của %(unit)s: "
        "%(paid)s hội viên đã đóng, %(unpaid)s chưa đóng.",
        year=year,
        unit=unit.full_name,
        paid=paid,
        unpaid=unpaid,
    )
    if request.htmx:  # the sheet again, as saved, with the outcome above it
        return _page(form, messages=[("success", message)], posted=False)
    flash(message, "success")
    return redirect(url_for("members.dues", unit_id=unit.id, year=year))
