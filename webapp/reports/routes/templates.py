"""Template pages (whole-tree admins): upload a version, restore an older one, downloads, and
the starter template that lists every variable."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from webapp.documents import storage
from webapp.extensions import db
from webapp.form_helpers import refused_status, run_action, save
from webapp.models.reports import ReportKind, ReportTemplate
from webapp.reports import bp
from webapp.reports.forms import TemplateUploadForm
from webapp.reports.services.starter import starter_docx
from webapp.reports.services.templates import activate, upload

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require_template_admin() -> None:
    # Templates serve every unit: only admins of the whole tree manage them.
    if not (current_user.is_admin and current_user.unit_id is None):
        abort(403)


def _page(form: TemplateUploadForm):
    rows = db.session.scalars(
        select(ReportTemplate).order_by(ReportTemplate.kind, ReportTemplate.version.desc())
    ).all()
    by_kind = {kind: [r for r in rows if r.kind is kind] for kind in ReportKind}
    page = render_template("reports/templates.html", form=form, by_kind=by_kind)
    return page, refused_status(form)


@bp.get("/templates")
def templates():
    _require_template_admin()
    return _page(TemplateUploadForm())


@bp.post("/templates")
def upload_template():
    _require_template_admin()
    form = TemplateUploadForm()
    if form.validate_on_submit():
        data = form.file.data.read()
        name = form.file.data.filename or "mau.docx"
        row = save(form, upload, ReportKind(form.kind.data), name, data, current_user)
        if row is not None:
            flash(
                _(
                    "Đã tải lên %(version)s cho %(kind)s.",
                    version=row.label,
                    kind=row.kind.label.lower(),
                ),
                "success",
            )
            for warning in row.warnings:
                flash(warning, "warning")
            return redirect(url_for("reports.templates"))
    return _page(form)


@bp.post("/templates/<int:template_id>/activate")
def activate_template(template_id: int):
    _require_template_admin()
    row = db.get_or_404(ReportTemplate, template_id)
    _result, error = run_action(activate, row, row.kind)
    flash(
        error
        or _("Đang dùng %(version)s cho %(kind)s.", version=row.label, kind=row.kind.label.lower()),
        "error" if error else "success",
    )
    return redirect(url_for("reports.templates"))


@bp.post("/templates/default/<kind>")
def use_default_template(kind: str):
    _require_template_admin()
    try:
        report_kind = ReportKind(kind)
    except ValueError:
        abort(404)
    _result, error = run_action(activate, None, report_kind)
    flash(
        error or _("Đang dùng mẫu mặc định cho %(kind)s.", kind=report_kind.label.lower()),
        "error" if error else "success",
    )
    return redirect(url_for("reports.templates"))


@bp.get("/templates/<int:template_id>/download")
def download_template(template_id: int):
    _require_template_admin()
    row = db.get_or_404(ReportTemplate, template_id)
    path = storage.template_path(row.storage_name)
    if not path.is_file():
        abort(404)  # its file is gone (a restore without files): not a server error
    return send_file(
        path,
        as_attachment=True,
        download_name=row.filename,
        mimetype=DOCX,
    )


@bp.get("/templates/default/<kind>/download")
def download_default_template(kind: str):
    _require_template_admin()
    try:
        report_kind = ReportKind(kind)
    except ValueError:
        abort(404)
    return send_file(
        storage.default_template_path(report_kind.value),
        as_attachment=True,
        download_name=f"mau-mac-dinh-{report_kind.value}.docx",
        mimetype=DOCX,
    )


@bp.get("/templates/starter.docx")
def starter():
    """A .docx listing every variable a template can use, with its meaning."""
    return send_file(
        io.BytesIO(starter_docx()),
        as_attachment=True,
        download_name="mau-khoi-dau-bien-bao-cao.docx",
        mimetype=DOCX,
    )


@bp.get("/templates/help")
def template_help():
    """The same catalogue as a page (template authors read it beside Word)."""
    from webapp.documents.context import indicator_catalogue
    from webapp.documents.filters import REGISTRY

    return render_template(
        "reports/template_help.html",
        variables=indicator_catalogue(),
        filters=REGISTRY,
        request_path=request.path,
    )
