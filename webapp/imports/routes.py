"""Views of the imports area: templates, exports, upload → preview → confirm (thin: the rules
are in webapp/imports/engine.py and the register modules)."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.fields import query_date, query_enum, query_int
from webapp.form_helpers import attach_refusal, choices, done, refused_status, save
from webapp.formatting import local_today
from webapp.imports import bp, engine
from webapp.imports.forms import ConfirmForm, UploadForm
from webapp.imports.registry import REGISTERS, RegisterKind, register_of
from webapp.models import Unit
from webapp.refusals import RecordError
from webapp.scope import get_scoped_or_404, unit_choices

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_ROWS = 200  # the preview lists every refused row but only the first others


def _require_writer() -> None:
    if not current_user.role.can_write:
        abort(403)


def _upload_form(kind: RegisterKind | None = None) -> UploadForm:
    form = UploadForm()
    form.unit_id.choices = choices(unit_choices(current_user))
    if not form.is_submitted():
        form.register.data = kind or RegisterKind.LOANS
        form.unit_id.data = current_user.unit_id
        form.as_of.data = local_today()
    return form


def _index_page(form: UploadForm, status: int = 200):
    return render_template(
        "imports/index.html", form=form, registers=REGISTERS, today=local_today()
    ), status


@bp.get("/")
def index():
    """The four registers: template, export, and the upload form."""
    return _index_page(_upload_form(query_enum("register", RegisterKind)))


@bp.get("/template.xlsx")
def template():
    register = register_of(query_enum("register", RegisterKind, RegisterKind.LOANS))
    return Response(
        engine.template_xlsx(register, current_user),
        mimetype=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{register.filename}"'},
    )


def _export_args():
    register = register_of(query_enum("register", RegisterKind, RegisterKind.LOANS))
    unit_id = query_int("unit", current_user.unit_id)
    if unit_id is None:
        abort(404)
    unit = get_scoped_or_404(Unit, unit_id, current_user, "id")
    return register, unit, query_date("at", local_today())


@bp.get("/export.xlsx")
def export_xlsx():
    register, unit, at = _export_args()
    name = register.filename.removeprefix("mau-").removesuffix(".xlsx")
    return Response(
        engine.export_xlsx(register, current_user, unit, at),
        mimetype=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}-{at.isoformat()}.xlsx"'},
    )


@bp.get("/export.csv")
def export_csv():
    register, unit, at = _export_args()
    name = register.filename.removeprefix("mau-").removesuffix(".xlsx")
    return Response(
        engine.export_csv(register, current_user, unit, at),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}-{at.isoformat()}.csv"'},
    )


@bp.post("/upload")
def upload():
    _require_writer()
    form = _upload_form()
    if form.validate_on_submit():
        register = register_of(form.register.data)
        file = request.files.get("file")
        preview = save(
            form,
            engine.upload,
            register,
            current_user,
            file.stream if file else None,
            file.filename if file else "",
            form.unit_id.data,
            form.as_of.data,
        )
        if preview is not None:
            return _preview_page(register, preview)
    return _index_page(form, refused_status(form))


def _preview_page(register, preview):
    form = ConfirmForm()
    form.register.data = RegisterKind(register.key)
    form.token.data = preview.token
    return render_template(
        "imports/preview.html", register=register, preview=preview, form=form, limit=PREVIEW_ROWS
    )


@bp.get("/preview")
def preview():
    """The preview again (a reload after the upload)."""
    _require_writer()
    register = register_of(query_enum("register", RegisterKind, RegisterKind.LOANS))
    try:
        shown = engine.preview_of(register, current_user, request.args.get("token", ""))
    except RecordError as exc:
        flash(exc.message, "error")
        return redirect(url_for("imports.index", register=register.key))
    return _preview_page(register, shown)


@bp.post("/confirm")
def confirm():
    _require_writer()
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    register = register_of(form.register.data)
    if request.form.get("cancel"):
        engine.forget(current_user, form.token.data or "")
        flash(_("Đã huỷ, không có gì được ghi."), "success")
        return redirect(url_for("imports.index", register=register.key))
    count = save(form, engine.confirm, register, current_user, form.token.data or "")
    if count is not None:
        flash(_("Đã nhập %(n)s dòng.", n=count), "success")
        return done(register.done_endpoint)
    upload_form = _upload_form(RegisterKind(register.key))
    for field_name, message in [(None, m) for m in form.form_errors] + [
        (None, m) for f in form for m in (f.errors or [])
    ]:
        attach_refusal(upload_form, RecordError(field_name, message))
    return _index_page(upload_form, refused_status(upload_form))
