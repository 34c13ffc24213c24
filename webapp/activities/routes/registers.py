"""Thin views of the small registers (webapp/activities/services/registers.py): for each one a
list (search and year filter without reloads), a form to add or edit, and a delete button.

The four registers share these views; ``_pages`` at the bottom gives each register its four
endpoints (``activities.clubs``, ``activities.clubs_new``, ``activities.clubs_edit``,
``activities.clubs_delete``, and the same for mediations, households and ratings), each one
the shared view bound to its register's spec and its form → dataclass function."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from flask import current_app, request
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
from webapp.form_helpers import (
    choices,
    done,
    form_data,
    form_page,
    page_or_part,
    row_deleted,
    run_action,
    submit,
)
from webapp.models.activities import CAMPAIGN_CRITERIA
from webapp.scope import get_scoped_or_404, unit_choices

# --- what each register's form gives its rules -------------------------------------------------


def _household(form: HouseholdForm) -> HouseholdData:
    """The "5 không 3 sạch" register's data: its criteria are one tick box each."""
    criteria = {key: bool(form[key].data) for key, _label in CAMPAIGN_CRITERIA}
    return form_data(form, HouseholdData, criteria=criteria)


# --- the shared views --------------------------------------------------------------------------

Values = Callable[[VersionedForm], object]


def _index(spec: RegisterSpec):
    q = request.args.get("q", "")
    year = query_int("year")
    page = query_int("page", 1)
    records = list_records(spec, current_user, q, year, page, current_app.config["PAGE_SIZE"])
    context = {"spec": spec, "records": records, "q": q, "year": year}
    page, rows = "activities/register_index.html", "activities/_register_rows.html"
    return page_or_part(page, rows, "register-rows", **context)


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
        return done(f"activities.{spec.slug}", message)
    return form_page("activities/register_form.html", form, spec=spec, record=record)


def _delete(spec: RegisterSpec, record_id: int):
    record = get_scoped_or_404(spec.model, record_id, current_user)
    _result, error = run_action(delete_record, record, current_user)
    trashed = _("Đã chuyển %(what)s vào thùng rác.", what=spec.singular)
    return row_deleted(error, trashed, f"activities.{spec.slug}")


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


_pages(REGISTERS["clubs"], ClubForm, partial(form_data, cls=ClubData))
_pages(REGISTERS["mediations"], MediationForm, partial(form_data, cls=MediationData))
_pages(REGISTERS["households"], HouseholdForm, _household)
_pages(REGISTERS["ratings"], RatingForm, partial(form_data, cls=RatingData))
