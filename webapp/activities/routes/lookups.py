"""Admin pages for the lists (kinds, tags, output units): add, rename, retire, restore, delete
when unused. Admins of the whole system keep the shared entries; a unit's admin adds and keeps
the unit's own entries (offered to its subtree only, webapp/activities/services/lookups.py) and
sees the shared ones read-only. Anybody else gets 403.

Each list has the same five pages; their endpoints are written out below (``activities.kinds``,
``activities.kinds_edit``, …), each calling the shared view with the list's spec."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from webapp.activities import bp
from webapp.activities.forms import LookupEditForm, LookupForm
from webapp.activities.services.admins import require_system_admin
from webapp.activities.services.lookups import (
    LOOKUPS,
    LookupSpec,
    add_item,
    can_manage,
    delete_item,
    ensure_defaults,
    items,
    set_retired,
    update_item,
    visible_to,
)
from webapp.extensions import db
from webapp.form_helpers import refused_status, run_action, save
from webapp.models.units import Unit


def _extra(spec: LookupSpec, form) -> str | None:
    if spec.extra == "tag_group":
        return form.tag_group.data
    if spec.extra == "measure":
        return form.measure.data
    return None


def _require_admin() -> None:
    if not current_user.is_admin:
        abort(403)


def _item(spec: LookupSpec, item_id: int, manage: bool = True):
    """An entry the user sees (else 404) and, with ``manage``, may change (else 403)."""
    m = spec.model
    item = db.session.scalar(select(m).where(m.id == item_id, visible_to(m, current_user)))
    if item is None:
        abort(404)
    if manage and not can_manage(current_user, item):
        abort(403)
    return item


def _unit_names(entries) -> dict[int, str]:
    ids = {e.unit_id for e in entries if e.unit_id}
    if not ids:
        return {}
    return {u.id: u.full_name for u in db.session.scalars(select(Unit).where(Unit.id.in_(ids)))}


def _row(spec: LookupSpec, item, **context):
    return render_template(
        "activities/_lookup_row.html",
        spec=spec,
        item=item,
        can_manage=can_manage,
        unit_names=_unit_names([item]),
        **context,
    )


def _index(spec: LookupSpec):
    """The list with its add form; a valid add comes back to the list."""
    _require_admin()
    form = LookupForm()
    if form.validate_on_submit():
        item = save(
            form,
            add_item,
            spec,
            form.name.data,
            form.code.data,
            _extra(spec, form),
            unit_id=current_user.unit_id,
        )
        if item is not None:
            flash(
                _(
                    "Đã thêm %(what)s “%(name)s” (mã %(code)s).",
                    what=spec.singular,
                    name=item.name,
                    code=item.code,
                ),
                "success",
            )
            return redirect(url_for(f"activities.{spec.slug}"))
    entries = items(spec, current_user)
    return render_template(
        "activities/lookups.html",
        spec=spec,
        items=entries,
        can_manage=can_manage,
        unit_names=_unit_names(entries),
        form=form,
        lookups=LOOKUPS,
    ), refused_status(form)


def _edit(spec: LookupSpec, item_id: int):
    """A row turned into its edit form (htmx); a valid save gives the row back."""
    _require_admin()
    item = _item(spec, item_id)
    form = LookupEditForm(obj=item if request.method == "GET" else None)
    if request.method == "GET" and spec.extra == "tag_group":
        form.tag_group.data = item.tag_group.value
    saved = form.validate_on_submit() and save(
        form, update_item, spec, item, form.name.data, _extra(spec, form)
    )
    if saved:
        return _row(spec, item)
    return _row(spec, item, form=form)


def _show_row(spec: LookupSpec, item_id: int):
    _require_admin()
    return _row(spec, _item(spec, item_id, manage=False))


def _retire(spec: LookupSpec, item_id: int):
    _require_admin()
    item = _item(spec, item_id)
    _result, error = run_action(set_retired, item, request.form.get("restore") != "1")
    if error:
        flash(error, "error")
    return _row(spec, item) if request.htmx else redirect(url_for(f"activities.{spec.slug}"))


def _delete(spec: LookupSpec, item_id: int):
    _require_admin()
    item = _item(spec, item_id)
    name = item.name
    _result, error = run_action(delete_item, spec, item)
    if error:
        if request.htmx:
            return _row(spec, _item(spec, item_id), error=error)
        flash(error, "error")
    else:
        if request.htmx:
            return ""
        flash(_("Đã xoá %(what)s “%(name)s”.", what=spec.singular, name=name), "success")
    return redirect(url_for(f"activities.{spec.slug}"))


KINDS, TAGS, OUTPUT_UNITS = LOOKUPS["kinds"], LOOKUPS["tags"], LOOKUPS["output_units"]
_ITEM = "<int:item_id>"


@bp.route("/lookups/kinds/", methods=["GET", "POST"])
def kinds():
    return _index(KINDS)


@bp.get(f"/lookups/kinds/{_ITEM}")
def kinds_row(item_id: int):
    return _show_row(KINDS, item_id)


@bp.route(f"/lookups/kinds/{_ITEM}/edit", methods=["GET", "POST"])
def kinds_edit(item_id: int):
    return _edit(KINDS, item_id)


@bp.post(f"/lookups/kinds/{_ITEM}/retire")
def kinds_retire(item_id: int):
    return _retire(KINDS, item_id)


@bp.post(f"/lookups/kinds/{_ITEM}/delete")
def kinds_delete(item_id: int):
    return _delete(KINDS, item_id)


@bp.route("/lookups/tags/", methods=["GET", "POST"])
def tags():
    return _index(TAGS)


@bp.get(f"/lookups/tags/{_ITEM}")
def tags_row(item_id: int):
    return _show_row(TAGS, item_id)


@bp.route(f"/lookups/tags/{_ITEM}/edit", methods=["GET", "POST"])
def tags_edit(item_id: int):
    return _edit(TAGS, item_id)


@bp.post(f"/lookups/tags/{_ITEM}/retire")
def tags_retire(item_id: int):
    return _retire(TAGS, item_id)


@bp.post(f"/lookups/tags/{_ITEM}/delete")
def tags_delete(item_id: int):
    return _delete(TAGS, item_id)


@bp.route("/lookups/output-units/", methods=["GET", "POST"])
def output_units():
    return _index(OUTPUT_UNITS)


@bp.get(f"/lookups/output-units/{_ITEM}")
def output_units_row(item_id: int):
    return _show_row(OUTPUT_UNITS, item_id)


@bp.route(f"/lookups/output-units/{_ITEM}/edit", methods=["GET", "POST"])
def output_units_edit(item_id: int):
    return _edit(OUTPUT_UNITS, item_id)


@bp.post(f"/lookups/output-units/{_ITEM}/retire")
def output_units_retire(item_id: int):
    return _retire(OUTPUT_UNITS, item_id)


@bp.post(f"/lookups/output-units/{_ITEM}/delete")
def output_units_delete(item_id: int):
    return _delete(OUTPUT_UNITS, item_id)


@bp.post("/lookups/defaults")
def lookup_defaults():
    """Re-add the built-in entries (after an install whose migration data was removed)."""
    require_system_admin(current_user)
    _result, error = run_action(ensure_defaults)
    flash(error or _("Đã bổ sung các mục có sẵn còn thiếu."), "error" if error else "success")
    return redirect(url_for("activities.kinds"))
