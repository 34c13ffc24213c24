"""Thin views for the unit tree admin page; each row edits in place with HTMX."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp.fields import BaseForm
from webapp.form_helpers import choices, refused_status, save, submit
from webapp.formatting import local_today
from webapp.models import Unit
from webapp.scope import get_scoped_or_404, unit_choices
from webapp.units import bp
from webapp.units.forms import MoveForm, RenameForm, UnitForm
from webapp.units.services.tree import build_tree, children_of, parent_choices, tree_units
from webapp.units.services.units import (
    check_new_unit,
    create_unit,
    move_unit,
    rename_unit,
    restore_unit,
    retire_unit,
)

ROOT_CHOICE = (None, _l("— Không (đơn vị gốc) —"))


def _unit(unit_id: int) -> Unit:
    return get_scoped_or_404(Unit, unit_id, current_user, unit_attr="id")


def _parent(parent_id: int | None) -> Unit | None:
    return _unit(parent_id) if parent_id else None


def _parent_choices():
    """Parents offered in the forms: the root only to an admin of the whole tree (the service
    refuses it to the others anyway)."""
    root = [ROOT_CHOICE] if current_user.unit_id is None else []
    return choices([*root, *unit_choices(current_user)])


def _row(unit: Unit, **forms):
    """The unit's row, optionally with an inline form open."""
    return render_template("units/_row.html", unit=unit, **forms)


def _tree_page(form: UnitForm, status: int = 200):
    """The tree page: one light query for the whole tree however big (webapp/units/services/tree.py)."""
    units = tree_units(current_user)
    q = request.args.get("q", "")[:120]
    config = current_app.config
    search_max = config["UNIT_TREE_SEARCH_MAX"]
    tree = build_tree(units, q, config["UNIT_TREE_OPEN_MAX"], search_max)
    root = [ROOT_CHOICE] if current_user.unit_id is None else []
    form.parent_id.choices = choices([*root, *parent_choices(tree, config["UNIT_TREE_OPEN_MAX"])])
    page = render_template("units/index.html", tree=tree, q=q, search_max=search_max, form=form)
    return page, status


@bp.get("/<int:unit_id>/children")
def children(unit_id: int):
    """The children of a unit, when its collapsed <details> is opened (HTMX)."""
    unit = _unit(unit_id)
    nodes = children_of(tree_units(current_user), unit.id)
    return render_template("units/_children.html", nodes=nodes)


@bp.get("/")
def index():
    return _tree_page(UnitForm())


@bp.post("/")
def create():
    form = UnitForm()
    form.parent_id.choices = _parent_choices()
    kind = form.kind.data
    values = (form.name.data or "", kind, _parent(form.parent_id.data), current_user)
    word = form.kind_word.data or None
    # The rules of a unit depend on its level: without one they are not checked.
    check = (check_new_unit, *values, word) if kind is not None else None
    if unit := submit(form, create_unit, *values, kind_word=word, check=check):
        flash(_("Đã thêm %(name)s.", name=unit.full_name), "success")
        return redirect(url_for("units.index"))
    return _tree_page(form, refused_status(form))


@bp.route("/<int:unit_id>/rename", methods=["GET", "POST"])
def rename(unit_id: int):
    unit = _unit(unit_id)
    form = RenameForm(obj=unit if request.method == "GET" else None)
    if form.validate_on_submit() and save(form, rename_unit, unit, form.name.data):
        return _row(unit)
    return _row(unit, rename_form=form)


@bp.route("/<int:unit_id>/move", methods=["GET", "POST"])
def move(unit_id: int):
    unit = _unit(unit_id)
    form = MoveForm()
    form.parent_id.choices = _parent_choices()
    if request.method == "GET":
        form.parent_id.data = unit.parent_id
    elif form.validate_on_submit() and save(
        form, move_unit, unit, _parent(form.parent_id.data), acting=current_user, on=form.on.data
    ):
        flash(_("Đã chuyển %(name)s.", name=unit.full_name), "success")
        # The tree order changed: reload the whole page.
        return "", 204, {"HX-Redirect": url_for("units.index")}
    return _row(unit, move_form=form)


@bp.post("/<int:unit_id>/retire")
def retire(unit_id: int):
    unit = _unit(unit_id)
    form = BaseForm()  # the CSRF token only: a refusal is shown in the unit's row
    if request.form.get("restore") == "1":
        save(form, restore_unit, unit, acting=current_user)
    else:
        save(form, retire_unit, unit, local_today(), acting=current_user)
    error = form.form_errors[0] if form.form_errors else None
    if request.htmx:
        return render_template("units/_row.html", unit=unit, error=error)
    if error:
        flash(error, "error")
    return redirect(url_for("units.index"))


@bp.get("/<int:unit_id>")
def row(unit_id: int):
    """The plain row again (the "Huỷ" button of an inline form)."""
    return _row(_unit(unit_id))
