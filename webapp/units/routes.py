"""Thin views for the unit tree admin page; each row edits in place with HTMX."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp.extensions import db
from webapp.form_helpers import choices
from webapp.models import Unit, UnitKind
from webapp.scope import get_scoped_or_404
from webapp.units import bp
from webapp.units.forms import MoveForm, RenameForm, UnitForm
from webapp.units.services import (
    UnitError,
    create_unit,
    move_unit,
    rename_unit,
    restore_unit,
    retire_unit,
    unit_choices,
    visible_units,
)

ROOT_CHOICE = (None, _l("— Không (đơn vị gốc) —"))


def _unit(unit_id: int) -> Unit:
    return get_scoped_or_404(Unit, unit_id, current_user, unit_attr="id")


def _parent(parent_id: int | None) -> Unit | None:
    return _unit(parent_id) if parent_id else None


def _row(unit: Unit, **forms):
    """The unit's row, optionally with an inline form open."""
    return render_template("units/_row.html", unit=unit, **forms)


@bp.get("/")
def index():
    form = UnitForm()
    form.parent_id.choices = choices([ROOT_CHOICE, *unit_choices(current_user)])
    return render_template("units/index.html", units=visible_units(current_user), form=form)


@bp.post("/")
def create():
    form = UnitForm()
    form.parent_id.choices = choices([ROOT_CHOICE, *unit_choices(current_user)])
    if form.validate_on_submit():
        try:
            unit = create_unit(
                form.name.data, UnitKind(form.kind.data), _parent(form.parent_id.data)
            )
        except UnitError as exc:
            db.session.rollback()
            getattr(form, exc.field).errors.append(exc.message)
        else:
            db.session.commit()
            flash(_("Đã thêm %(name)s.", name=unit.full_name), "success")
            return redirect(url_for("units.index"))
    return render_template("units/index.html", units=visible_units(current_user), form=form), 422


@bp.route("/<int:unit_id>/rename", methods=["GET", "POST"])
def rename(unit_id: int):
    unit = _unit(unit_id)
    form = RenameForm(obj=unit if request.method == "GET" else None)
    if request.method == "POST" and form.validate_on_submit():
        try:
            rename_unit(unit, form.name.data)
        except UnitError as exc:
            db.session.rollback()
            form.name.errors.append(exc.message)
        else:
            db.session.commit()
            return _row(unit)
    return _row(unit, rename_form=form)


@bp.route("/<int:unit_id>/move", methods=["GET", "POST"])
def move(unit_id: int):
    unit = _unit(unit_id)
    form = MoveForm()
    form.parent_id.choices = choices([ROOT_CHOICE, *unit_choices(current_user)])
    if request.method == "GET":
        form.parent_id.data = unit.parent_id
    elif form.validate_on_submit():
        try:
            move_unit(unit, _parent(form.parent_id.data))
        except UnitError as exc:
            db.session.rollback()
            form.parent_id.errors.append(exc.message)
        else:
            db.session.commit()
            flash(_("Đã chuyển %(name)s.", name=unit.full_name), "success")
            # The tree order changed: reload the whole page.
            return "", 204, {"HX-Redirect": url_for("units.index")}
    return _row(unit, move_form=form)


@bp.post("/<int:unit_id>/retire")
def retire(unit_id: int):
    unit = _unit(unit_id)
    error = None
    try:
        if request.form.get("restore") == "1":
            restore_unit(unit)
        else:
            retire_unit(unit, date.today())
    except UnitError as exc:
        db.session.rollback()
        error = exc.message
    else:
        db.session.commit()
    if request.htmx:
        return render_template("units/_row.html", unit=unit, error=error)
    if error:
        flash(error, "error")
    return redirect(url_for("units.index"))


@bp.get("/<int:unit_id>")
def row(unit_id: int):
    """The plain row again (the "Huỷ" button of an inline form)."""
    return _row(_unit(unit_id))
