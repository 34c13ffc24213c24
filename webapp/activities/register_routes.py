"""Thin views of the small registers (webapp/activities/registers.py): for each one a list
(search and year filter without reloads), a form to add or edit, and a delete button. Routes are
registered per register (``activities.clubs``, ``activities.clubs_new``, …)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.activities import bp
from webapp.activities.common import ActivityError
from webapp.activities.registers import (
    REGISTERS,
    RegisterSpec,
    delete_record,
    list_records,
    save_record,
)
from webapp.activities.routes import PICK, attach_error
from webapp.extensions import db
from webapp.fields import query_int
from webapp.form_helpers import choices
from webapp.scope import get_scoped_or_404
from webapp.units.services import unit_choices


def _register(spec: RegisterSpec) -> None:
    name = spec.slug
    base = f"/{spec.slug}"

    def index():
        q = request.args.get("q", "")
        year = query_int("year")
        page = query_int("page", 1)
        records = list_records(spec, current_user, q, year, page, current_app.config["PAGE_SIZE"])
        context = {"spec": spec, "records": records, "q": q, "year": year}
        if request.htmx and request.htmx.target == "register-rows":
            return render_template("activities/_register_rows.html", **context)
        return render_template("activities/register_index.html", **context)

    def _form(record=None):
        form = spec.form(obj=record if request.method == "GET" else None)
        form.unit_id.choices = choices([PICK, *unit_choices(current_user)])
        if request.method == "GET":
            if record is None and current_user.unit_id:
                form.unit_id.data = current_user.unit_id
            for field in ("kind", "outcome", "rating"):
                value = getattr(record, field, None)
                if value is not None and hasattr(form, field):
                    getattr(form, field).data = value.value
        return form

    def _save(record, form, creating: bool):
        if form.validate_on_submit():
            try:
                save_record(spec, record, form, current_user)
            except ActivityError as exc:
                db.session.rollback()
                attach_error(form, exc)
            else:
                db.session.commit()
                done = (
                    _("Đã thêm %(what)s: %(name)s.", what=spec.singular, name=spec.name_of(record))
                    if creating
                    else _(
                        "Đã lưu %(what)s: %(name)s.", what=spec.singular, name=spec.name_of(record)
                    )
                )
                flash(done, "success")
                return redirect(url_for(f"activities.{name}"))
        status = 422 if request.method == "POST" else 200
        return render_template(
            "activities/register_form.html",
            spec=spec,
            form=form,
            record=None if creating else record,
        ), status

    def new():
        return _save(spec.model(), _form(), creating=True)

    def edit(record_id: int):
        record = get_scoped_or_404(spec.model, record_id, current_user)
        return _save(record, _form(record), creating=False)

    def delete(record_id: int):
        record = get_scoped_or_404(spec.model, record_id, current_user)
        delete_record(record, current_user)
        db.session.commit()
        if request.htmx:
            return ""
        flash(_("Đã chuyển %(what)s vào thùng rác.", what=spec.singular), "success")
        return redirect(url_for(f"activities.{name}"))

    bp.add_url_rule(f"{base}/", name, index)
    bp.add_url_rule(f"{base}/new", f"{name}_new", new, methods=["GET", "POST"])
    bp.add_url_rule(f"{base}/<int:record_id>/edit", f"{name}_edit", edit, methods=["GET", "POST"])
    bp.add_url_rule(f"{base}/<int:record_id>/delete", f"{name}_delete", delete, methods=["POST"])


for _spec in REGISTERS.values():
    _register(_spec)
