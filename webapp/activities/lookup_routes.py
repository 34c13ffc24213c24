"""Admin pages for the lists (kinds, tags, output units): add, rename, retire, restore, delete
when unused. Admins of the whole system keep the shared entries; a unit's admin adds and keeps
the unit's own entries (offered to its subtree only, webapp/activities/lookups.py) and sees the
shared ones read-only. Anybody else gets 403."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from webapp.activities import bp
from webapp.activities.common import ActivityError, require_system_admin
from webapp.activities.forms import LookupEditForm, LookupForm
from webapp.activities.lookups import (
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
from webapp.activities.routes import attach_error
from webapp.extensions import db
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


def _register(spec: LookupSpec) -> None:
    base = f"/lookups/{spec.slug.replace('_', '-')}"

    def index():
        _require_admin()
        form = LookupForm()
        if request.method == "POST" and form.validate_on_submit():
            try:
                item = add_item(
                    spec,
                    form.name.data,
                    form.code.data,
                    _extra(spec, form),
                    unit_id=current_user.unit_id,
                )
            except ActivityError as exc:
                db.session.rollback()
                attach_error(form, exc)
            else:
                db.session.commit()
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
        status = 422 if request.method == "POST" else 200
        entries = items(spec, current_user)
        return render_template(
            "activities/lookups.html",
            spec=spec,
            items=entries,
            can_manage=can_manage,
            unit_names=_unit_names(entries),
            form=form,
            lookups=LOOKUPS,
        ), status

    def edit(item_id: int):
        _require_admin()
        item = _item(spec, item_id)
        form = LookupEditForm(obj=item if request.method == "GET" else None)
        if request.method == "GET" and spec.extra == "tag_group":
            form.tag_group.data = item.tag_group.value
        if request.method == "POST" and form.validate_on_submit():
            try:
                update_item(spec, item, form.name.data, _extra(spec, form))
            except ActivityError as exc:
                db.session.rollback()
                attach_error(form, exc)
            else:
                db.session.commit()
                return _row(spec, item)
        return _row(spec, item, form=form)

    def row(item_id: int):
        _require_admin()
        return _row(spec, _item(spec, item_id, manage=False))

    def retire(item_id: int):
        _require_admin()
        item = _item(spec, item_id)
        set_retired(item, request.form.get("restore") != "1")
        db.session.commit()
        return _row(spec, item) if request.htmx else redirect(url_for(f"activities.{spec.slug}"))

    def delete(item_id: int):
        _require_admin()
        item = _item(spec, item_id)
        try:
            delete_item(spec, item)
        except ActivityError as exc:
            db.session.rollback()
            if request.htmx:
                return _row(spec, item, error=exc.message)
            flash(exc.message, "error")
        else:
            db.session.commit()
            if request.htmx:
                return ""
            flash(_("Đã xoá %(what)s “%(name)s”.", what=spec.singular, name=item.name), "success")
        return redirect(url_for(f"activities.{spec.slug}"))

    name = spec.slug
    bp.add_url_rule(f"{base}/", name, index, methods=["GET", "POST"])
    bp.add_url_rule(f"{base}/<int:item_id>", f"{name}_row", row)
    bp.add_url_rule(f"{base}/<int:item_id>/edit", f"{name}_edit", edit, methods=["GET", "POST"])
    bp.add_url_rule(f"{base}/<int:item_id>/retire", f"{name}_retire", retire, methods=["POST"])
    bp.add_url_rule(f"{base}/<int:item_id>/delete", f"{name}_delete", delete, methods=["POST"])


for _spec in LOOKUPS.values():
    _register(_spec)


@bp.post("/lookups/defaults")
def lookup_defaults():
    """Re-add the built-in entries (after an install whose migration data was removed)."""
    require_system_admin(current_user)
    ensure_defaults()
    db.session.commit()
    flash(_("Đã bổ sung các mục có sẵn còn thiếu."), "success")
    return redirect(url_for("activities.kinds"))
