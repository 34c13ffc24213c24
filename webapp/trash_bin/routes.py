"""Thin views of the trash page."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from webapp.extensions import db
from webapp.trash_bin import bp
from webapp.trash_bin.services import (
    KEEP_DAYS,
    TrashError,
    purge_record,
    restore_record,
    trashed_for,
    trashed_or_404,
)


@bp.get("/")
def index():
    return render_template(
        "trash_bin/index.html", items=trashed_for(current_user), keep_days=KEEP_DAYS
    )


@bp.post("/<table>/<int:record_id>/restore")
def restore(table: str, record_id: int):
    record = trashed_or_404(table, record_id, current_user)
    try:
        restore_record(record, current_user)
    except TrashError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("Đã khôi phục bản ghi."), "success")
    return redirect(url_for("trash_bin.index"))


@bp.post("/<table>/<int:record_id>/purge")
def purge(table: str, record_id: int):
    record = trashed_or_404(table, record_id, current_user)
    try:
        purge_record(record, current_user)
        db.session.commit()
    except TrashError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    except IntegrityError:
        db.session.rollback()
        flash(_("Không xoá vĩnh viễn được: còn bản ghi khác gắn với bản ghi này."), "error")
    else:
        flash(_("Đã xoá vĩnh viễn bản ghi."), "success")
    return redirect(url_for("trash_bin.index"))
