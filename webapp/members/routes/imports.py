"""Import a member list from .xlsx: template, upload → preview, confirm (one transaction)."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.form_helpers import attach_refusal, form_page, save
from webapp.members import bp
from webapp.members.forms import ImportForm
from webapp.members.services.imports import confirm, forget, preview_of, template_xlsx, upload
from webapp.refusals import RecordError

PREVIEW_NEW_ROWS = 200  # the preview lists every problem row but only the first new ones


def _require_writer() -> None:
    if not current_user.role.can_write:
        abort(403)


@bp.get("/import/template.xlsx")
def import_template():
    return Response(
        template_xlsx(current_user),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": 'attachment; filename="mau-danh-sach-hoi-vien.xlsx"'},
    )


@bp.route("/import", methods=["GET", "POST"])
def import_upload():
    _require_writer()
    form = ImportForm()
    if form.validate_on_submit():
        file = request.files.get("file")
        try:
            preview = upload(
                file.stream if file else None, file.filename if file else "", current_user
            )
        except RecordError as exc:  # nothing written yet: the file is only read and kept
            attach_refusal(form, exc)
        else:
            return render_template(
                "members/import_preview.html", preview=preview, form=form, limit=PREVIEW_NEW_ROWS
            )
    return form_page("members/import.html", form)


@bp.post("/import/confirm")
def import_confirm():
    _require_writer()
    form = ImportForm()
    token = request.form.get("token", "")
    if request.form.get("cancel"):
        forget(token, current_user)
        flash(_("Đã huỷ, không có hội viên nào được nhập."), "success")
        return redirect(url_for("members.import_upload"))
    if form.validate_on_submit():
        count = save(form, confirm, token, current_user, form.allow_duplicates.data)
        if count is not None:
            flash(_("Đã nhập %(n)s hội viên.", n=count), "success")
            return redirect(url_for("members.index"))
    return form_page("members/import.html", form)


@bp.get("/import/preview")
def import_preview():
    """The preview again (for a user who reloads after the upload)."""
    _require_writer()
    try:
        preview = preview_of(request.args.get("token", ""), current_user)
    except RecordError as exc:
        flash(exc.message, "error")
        return redirect(url_for("members.import_upload"))
    return render_template(
        "members/import_preview.html", preview=preview, form=ImportForm(), limit=PREVIEW_NEW_ROWS
    )
