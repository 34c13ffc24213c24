"""Women aged 18+ per unit and year (for the gathering rate)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.extensions import db
from webapp.form_helpers import choices
from webapp.members import bp
from webapp.members.forms import PopulationForm
from webapp.members.routes.common import attempt, render_status, require_write_of_posted_unit
from webapp.members.services.common import MemberError
from webapp.members.services.population import population_list, set_population
from webapp.models import Unit
from webapp.scope import get_scoped_or_404
from webapp.units.services import unit_choices


def _form() -> PopulationForm:
    form = PopulationForm()
    form.unit_id.choices = choices(unit_choices(current_user))
    return form


@bp.route("/population", methods=["GET", "POST"])
def population():
    form = _form()
    status = 200
    if request.method == "POST":
        require_write_of_posted_unit()
        status = 422
        if form.validate_on_submit():

            def save():
                if not form.unit_id.data:
                    raise MemberError("unit_id", _("Vui lòng chọn đơn vị."))
                unit = get_scoped_or_404(Unit, form.unit_id.data, current_user, unit_attr="id")
                set_population(unit, form.year.data, form.women_18plus.data)

            if attempt(form, save):
                if not request.htmx:
                    flash(_("Đã lưu số liệu dân số."), "success")
                    return redirect(url_for("members.population"))
                # htmx: the table with the new figure and an empty form, without a reload.
                return _render(_empty_form(), [("success", _("Đã lưu số liệu dân số."))], 200)
    return _render(form, [], render_status(True) if status == 422 else status)


def _empty_form() -> PopulationForm:
    form = PopulationForm(formdata=None)
    form.unit_id.choices = choices(unit_choices(current_user))
    return form


def _render(form: PopulationForm, messages: list, status: int):
    rows = db.session.scalars(population_list(current_user)).all()
    template = (
        "members/_population.html"
        if request.htmx and request.method == "POST"
        else "members/population.html"
    )
    return render_template(template, form=form, rows=rows, messages=messages), status
