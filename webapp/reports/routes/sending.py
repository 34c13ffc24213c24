"""Thin views of sending: mark a draft as sent (its period is locked), reopen the period, and an
admin's override of the lock with a reason (webapp/locking.py)."""

from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.form_helpers import run_action
from webapp.locking import start_override, stop_override
from webapp.models.reports import ReportDraft
from webapp.refusals import RecordError
from webapp.reports import bp
from webapp.reports.services.sending import mark_sent, reopen
from webapp.scope import get_scoped_or_404


@bp.post("/<int:draft_id>/send")
def send(draft_id: int):
    draft = get_scoped_or_404(ReportDraft, draft_id, current_user)
    _result, error = run_action(mark_sent, draft, current_user)
    if error:
        flash(error, "error")
    else:
        flash(_("Đã đánh dấu báo cáo là đã gửi. Số liệu trong kỳ báo cáo đã được khoá."), "success")
    return redirect(url_for("reports.show", draft_id=draft_id))


@bp.post("/<int:draft_id>/reopen")
def reopen_draft(draft_id: int):
    draft = get_scoped_or_404(ReportDraft, draft_id, current_user)
    g.audit_reason = request.form.get("reason", "")  # the audit trail keeps why
    _result, error = run_action(reopen, draft, current_user, g.audit_reason)
    if error:
        flash(error, "error")
    else:
        flash(_("Đã mở lại kỳ báo cáo."), "success")
    return redirect(url_for("reports.show", draft_id=draft_id))


@bp.post("/override")
def override():
    """An admin starts (or ends) changing records of locked periods, with a reason."""
    if not current_user.is_admin:
        abort(403)
    if request.form.get("stop"):
        stop_override()
        flash(_("Đã kết thúc chế độ sửa số liệu trong kỳ đã gửi."), "info")
    else:
        try:
            start_override(request.form.get("reason", ""))
        except RecordError as exc:  # nothing stored: the reason lives in the session
            flash(exc.message, "error")
        else:
            flash(
                _(
                    "Bạn có thể sửa bản ghi trong kỳ đã gửi trong 30 phút; mọi thay đổi được ghi "
                    "kèm lý do."
                ),
                "warning",
            )
    return redirect(_back())


def _back() -> str:
    target = request.form.get("next") or url_for("reports.index")
    return (
        target
        if target.startswith("/") and not target.startswith("//")
        else url_for("reports.index")
    )
