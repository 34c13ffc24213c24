"""The cadre register: list, add, edit, trash, and training attendance."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.fields import query_ids
from webapp.form_helpers import choices, done, form_data, form_page, paged, refused_status, submit
from webapp.formatting import local_today
from webapp.members import bp
from webapp.members.forms import CadreForm, TrainingForm, VersionForm
from webapp.members.routes.unit_fields import require_write_of_posted_unit
from webapp.members.services.cadres import (
    CadreData,
    cadre_list,
    check_cadre,
    check_training,
    create_cadre,
    record_training,
    trash_cadre,
    update_cadre,
)
from webapp.members.services.picker import picked_member
from webapp.models.cadres import Cadre, PoliticalTheory
from webapp.scope import can_write_unit, get_scoped_or_404, require_write, unit_choices


def _form(cadre: Cadre | None = None) -> CadreForm:
    form = CadreForm(obj=cadre if request.method == "GET" else None)
    form.unit_id.choices = choices(unit_choices(current_user))
    if cadre is not None and request.method == "GET":
        form.load_version(cadre)
    return form


def _data(form: CadreForm) -> CadreData:
    """The cadre's values; no political theory chosen means none."""
    theory = form.political_theory.data or PoliticalTheory.NONE
    return form_data(form, CadreData, political_theory=theory)


def _list_page(form: CadreForm, training_form: TrainingForm, status: int = 200):
    show_all = request.args.get("all") == "1"
    cadres = paged(cadre_list(current_user, None if show_all else local_today()))
    if request.method == "GET" and request.htmx and request.htmx.target == "cadre-rows":
        return render_template("members/_cadre_rows.html", cadres=cadres, show_all=show_all), status
    picked = picked_member(current_user, form.member_id.data)
    context = dict(cadres=cadres, picked=picked, training_form=training_form, show_all=show_all)
    return render_template("members/cadres.html", form=form, **context), status


@bp.get("/cadres", endpoint="cadres")
def cadres_index():
    return _list_page(_form(), TrainingForm(formdata=None))


@bp.post("/cadres/new")
def cadre_create():
    if not current_user.role.can_write:
        abort(403)
    require_write_of_posted_unit()
    form = _form()
    data = _data(form)
    if submit(form, create_cadre, data, current_user, check=(check_cadre, data, current_user)):
        name = (form.full_name.data or "").strip()
        message = _("Đã thêm cán bộ %(name)s.", name=name) if name else _("Đã thêm cán bộ.")
        return done("members.cadres", message)
    return _list_page(form, TrainingForm(formdata=None), refused_status(form))


@bp.route("/cadres/<int:cadre_id>/edit", methods=["GET", "POST"])
def cadre_edit(cadre_id: int):
    cadre = get_scoped_or_404(Cadre, cadre_id, current_user)
    if request.method == "POST":
        require_write(current_user, cadre.unit_id)
        require_write_of_posted_unit()
    form = _form(cadre)
    data, version = _data(form), form.loaded_version
    check = (check_cadre, data, current_user)
    if submit(form, update_cadre, cadre, data, version, current_user, check=check):
        return done("members.cadres", _("Đã lưu cán bộ %(name)s.", name=cadre.full_name))
    return form_page(
        "members/cadre_edit.html",
        form,
        cadre=cadre,
        picked=picked_member(current_user, form.member_id.data),
        version_form=VersionForm(formdata=None, version=str(cadre.version)),
        can_write=can_write_unit(current_user, cadre.unit_id),
    )


@bp.post("/cadres/<int:cadre_id>/trash")
def cadre_trash(cadre_id: int):
    cadre = get_scoped_or_404(Cadre, cadre_id, current_user)
    require_write(current_user, cadre.unit_id)
    form = VersionForm()
    if submit(form, trash_cadre, cadre):
        flash(_("Đã chuyển cán bộ %(name)s vào thùng rác.", name=cadre.full_name), "success")
    return redirect(url_for("members.cadres"))


@bp.post("/cadres/trainings")
def cadre_trainings():
    if not current_user.role.can_write:
        abort(403)
    ids = query_ids("cadre_ids", source=request.form)
    cadres = [get_scoped_or_404(Cadre, i, current_user) for i in ids]
    for cadre in cadres:
        require_write(current_user, cadre.unit_id)
    training_form = TrainingForm()
    title, attended_on = training_form.title.data or "", training_form.attended_on.data
    count = submit(
        training_form,
        record_training,
        cadres,
        title,
        training_form.kind.data,
        attended_on,
        training_form.organiser.data or "",
        check=(check_training, cadres, title, attended_on),
    )
    if count is not None:
        saved = _("Đã ghi %(n)s cán bộ tham gia “%(title)s”.", n=count, title=title)
        return done("members.cadres", saved)
    return _list_page(_form(), training_form, refused_status(training_form))
