"""Thin views of the small registers (webapp/activities/services/registers.py): for each one a
list (search and year filter without reloads), a form to add or edit, and a delete button.

The four registers share these views; their endpoints are written out below
(``activities.clubs``, ``activities.clubs_new``, ``activities.clubs_edit``,
``activities.clubs_delete``, and the same for mediations, households and ratings), each one
calling the shared view with its register's spec and its form → dataclass function."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from webapp.activities import bp
from webapp.activities.forms import PICK, ClubForm, HouseholdForm, MediationForm, RatingForm
from webapp.activities.services.registers import (
    REGISTERS,
    ClubData,
    HouseholdData,
    MediationData,
    RatingData,
    RegisterSpec,
    check_record,
    delete_record,
    list_records,
    save_record,
)
from webapp.fields import VersionedForm, query_int
from webapp.form_helpers import check_rules, choices, done, refused_status, run_action, save
from webapp.models.activities import CAMPAIGN_CRITERIA
from webapp.scope import get_scoped_or_404, unit_choices

# --- what each register's form gives its rules -------------------------------------------------


def _club(form: ClubForm) -> ClubData:
    return ClubData(
        unit_id=form.unit_id.data,
        name=form.name.data,
        kind=form.kind.data,
        members_count=form.members_count.data,
        founded_on=form.founded_on.data,
        dissolved_on=form.dissolved_on.data,
        notes=form.notes.data,
    )


def _mediation(form: MediationForm) -> MediationData:
    return MediationData(
        unit_id=form.unit_id.data,
        held_on=form.held_on.data,
        kind=form.kind.data,
        outcome=form.outcome.data,
        summary=form.summary.data,
    )


def _household(form: HouseholdForm) -> HouseholdData:
    return HouseholdData(
        unit_id=form.unit_id.data,
        year=form.year.data,
        household=form.household.data,
        criteria={key: bool(form[key].data) for key, _label in CAMPAIGN_CRITERIA},
    )


def _rating(form: RatingForm) -> RatingData:
    return RatingData(
        unit_id=form.unit_id.data,
        year=form.year.data,
        rating=form.rating.data,
        notes=form.notes.data,
    )


# --- the shared views --------------------------------------------------------------------------

Values = Callable[[VersionedForm], object]


def _index(spec: RegisterSpec):
    q = request.args.get("q", "")
    year = query_int("year")
    page = query_int("page", 1)
    records = list_records(spec, current_user, q, year, page, current_app.config["PAGE_SIZE"])
    context = {"spec": spec, "records": records, "q": q, "year": year}
    if request.htmx and request.htmx.target == "register-rows":
        return render_template("activities/_register_rows.html", **context)
    return render_template("activities/register_index.html", **context)


def _form(form_class: type[VersionedForm], record=None) -> VersionedForm:
    form = form_class(obj=record if request.method == "GET" else None)
    form.unit_id.choices = choices([PICK, *unit_choices(current_user)])
    if request.method == "GET":
        if record is None and current_user.unit_id:
            form.unit_id.data = current_user.unit_id
        for name in ("kind", "outcome", "rating"):
            value = getattr(record, name, None)
            if value is not None and hasattr(form, name):
                getattr(form, name).data = value.value
    return form


def _save(spec: RegisterSpec, form_class: type[VersionedForm], values: Values, record_id=None):
    """Add (``record_id`` None) or edit a record; a refused form shows every mistake at once."""
    record = get_scoped_or_404(spec.model, record_id, current_user) if record_id else None
    form = _form(form_class, record)
    data = values(form) if form.is_submitted() else None
    if form.validate_on_submit():
        target = record if record is not None else spec.model()
        if save(form, save_record, spec, target, data, current_user, form.loaded_version):
            name = spec.name_of(target)
            message = (
                _("Đã thêm %(what)s: %(name)s.", what=spec.singular, name=name)
                if record is None
                else _("Đã lưu %(what)s: %(name)s.", what=spec.singular, name=name)
            )
            flash(message, "success")
            return done(f"activities.{spec.slug}")
    elif data is not None:
        check_rules(form, check_record, spec, record, data, current_user, form.loaded_version)
    page = render_template("activities/register_form.html", spec=spec, form=form, record=record)
    return page, refused_status(form)


def _delete(spec: RegisterSpec, record_id: int):
    record = get_scoped_or_404(spec.model, record_id, current_user)
    _result, error = run_action(delete_record, record, current_user)
    if request.htmx and error is None:
        return ""
    if error:
        flash(error, "error")
    else:
        flash(_("Đã chuyển %(what)s vào thùng rác.", what=spec.singular), "success")
    return done(f"activities.{spec.slug}")


# --- the endpoints -----------------------------------------------------------------------------

CLUBS, MEDIATIONS = REGISTERS["clubs"], REGISTERS["mediations"]
HOUSEHOLDS, RATINGS = REGISTERS["households"], REGISTERS["ratings"]
_RECORD = "<int:record_id>"
_FORM = ("GET", "POST")


@bp.get("/clubs/")
def clubs():
    return _index(CLUBS)


@bp.route("/clubs/new", methods=_FORM)
def clubs_new():
    return _save(CLUBS, ClubForm, _club)


@bp.route(f"/clubs/{_RECORD}/edit", methods=_FORM)
def clubs_edit(record_id: int):
    return _save(CLUBS, ClubForm, _club, record_id)


@bp.post(f"/clubs/{_RECORD}/delete")
def clubs_delete(record_id: int):
    return _delete(CLUBS, record_id)


@bp.get("/mediations/")
def mediations():
    return _index(MEDIATIONS)


@bp.route("/mediations/new", methods=_FORM)
def mediations_new():
    return _save(MEDIATIONS, MediationForm, _mediation)


@bp.route(f"/mediations/{_RECORD}/edit", methods=_FORM)
def mediations_edit(record_id: int):
    return _save(MEDIATIONS, MediationForm, _mediation, record_id)


@bp.post(f"/mediations/{_RECORD}/delete")
def mediations_delete(record_id: int):
    return _delete(MEDIATIONS, record_id)


@bp.get("/households/")
def households():
    return _index(HOUSEHOLDS)


@bp.route("/households/new", methods=_FORM)
def households_new():
    return _save(HOUSEHOLDS, HouseholdForm, _household)


@bp.route(f"/households/{_RECORD}/edit", methods=_FORM)
def households_edit(record_id: int):
    return _save(HOUSEHOLDS, HouseholdForm, _household, record_id)


@bp.post(f"/households/{_RECORD}/delete")
def households_delete(record_id: int):
    return _delete(HOUSEHOLDS, record_id)


@bp.get("/ratings/")
def ratings():
    return _index(RATINGS)


@bp.route("/ratings/new", methods=_FORM)
def ratings_new():
    return _save(RATINGS, RatingForm, _rating)


@bp.route(f"/ratings/{_RECORD}/edit", methods=_FORM)
def ratings_edit(record_id: int):
    return _save(RATINGS, RatingForm, _rating, record_id)


@bp.post(f"/ratings/{_RECORD}/delete")
def ratings_delete(record_id: int):
    return _delete(RATINGS, record_id)
