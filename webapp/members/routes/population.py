"""Women aged 18+ per unit and year (for the gathering rate)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.extensions import db
from webapp.form_helpers import check_rules, choices, refused_status, save
from webapp.members import bp
from webapp.members.forms import PopulationForm
from webapp.members.routes.unit_fields import require_write_of_posted_unit
from webapp.members.services.population import check_population, population_list, set_population
from webapp.models import Unit
from webapp.scope import get_scoped_or_404, unit_choices


def _form() -> PopulationForm:
    form = PopulationForm()
    form.unit_id.choices = choices(unit_choices(current_user))
    return form


@bp.route("/population", methods=["GET", "POST"])
def population():
    form = _form()
    if request.method == "POST":
        require_write_of_posted_unit()
        unit_id = form.unit_id.data
        unit = get_scoped_or_404(Unit, unit_id, current_user, unit_attr="id") if unit_id else None
        year, women = form.year.data, form.women_18plus.data
        if not form.validate_on_submit() or unit is None:
            check_rules(form, check_population, unit, year, women)
        elif save(form, set_population, unit, year, women):
            if not request.htmx:
                flash(_("Đã lưu số liệu dân số."), "success")
                return redirect(url_for("members.population"))
            # htmx: the table with the new figure and an empty form, without a reload.
            return _render(_empty_form(), [("success", _("Đã lưu số liệu dân số."))], 200)
    return _render(form, [], refused_status(form))


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
