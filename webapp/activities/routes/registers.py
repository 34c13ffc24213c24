"""Thin views of the small registers (webapp/activities/services/registers.py): for each one a
list (search and year filter without reloads), a form to add or edit, and a delete button.

The four registers share these views; ``_pages`` at the bottom gives each register its four
endpoints (``activities.clubs``, ``activities.clubs_new``, ``activities.clubs_edit``,
``activities.clubs_delete``, and the same for mediations, households and ratings), each one
the shared view bound to its register's spec and its form → dataclass function."""

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
from webapp.form_helpers import choices, done, refused_status, run_action, submit
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
    target = record if record is not None else spec.model()
    version = form.loaded_version
    check = (check_record, spec, record, data, current_user, version)
    if submit(form, save_record, spec, target, data, current_user, version, check=check):
        name = spec.name_of(target)
        message = (
            _("Đã thêm %(what)s: %(name)s.", what=spec.singular, name=name)
            if record is None
            else _("Đã lưu %(what)s: %(name)s.", what=spec.singular, name=name)
        )
        flash(message, "success")
        return done(f"activities.{spec.slug}")
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


def _pages(spec: RegisterSpec, form_class: type[VersionedForm], values: Values) -> None:
    """The four pages of one register, on the shared views above: ``activities.<slug>`` (the
    list), ``<slug>_new``, ``<slug>_edit`` and ``<slug>_delete`` at ``/<slug>/``, ``/new``,
    ``/<id>/edit`` and ``/<id>/delete``."""

    def index():
        return _index(spec)

    def new():
        return _save(spec, form_class, values)

    def edit(record_id: int):
        return _save(spec, form_class, values, record_id)

    def delete(record_id: int):
        return _delete(spec, record_id)

    slug, form_methods = spec.slug, ["GET", "POST"]
    for view, suffix in ((index, ""), (new, "_new"), (edit, "_edit"), (delete, "_delete")):
        view.__name__ = view.__qualname__ = f"{slug}{suffix}"  # its endpoint, in logs and CSRF
    bp.add_url_rule(f"/{slug}/", slug, index, methods=["GET"])
    bp.add_url_rule(f"/{slug}/new", f"{slug}_new", new, methods=form_methods)
    bp.add_url_rule(f"/{slug}/<int:record_id>/edit", f"{slug}_edit", edit, methods=form_methods)
    bp.add_url_rule(f"/{slug}/<int:record_id>/delete", f"{slug}_delete", delete, methods=["POST"])


_pages(REGISTERS["clubs"], ClubForm, _club)
_pages(REGISTERS["mediations"], MediationForm, _mediation)
_pages(REGISTERS["households"], HouseholdForm, _household)
_pages(REGISTERS["ratings"], RatingForm, _rating)
