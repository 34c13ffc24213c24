"""The health page and the queue self-test."""

from __future__ import annotations

import io
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from tasks.names import SELFTEST
from webapp.extensions import db
from webapp.jobs.services import broker_down_message, broker_was_unreachable, create_job
from webapp.system import bp
from webapp.system.services import (
    check_broker,
    check_database,
    job_counts,
    live_workers,
    recent_jobs,
)


@bp.get("/health")
def health():
    return render_template(
        "system/health.html",
        database=check_database(),
        broker=check_broker(),
        workers=live_workers(),
        counts=job_counts(),
        jobs=recent_jobs(),
    )


@bp.post("/selftest")
def selftest():
    job = create_job(SELFTEST, {"steps": 4, "delay": 0.2}, current_user, current_user.unit_id)
    db.session.commit()
    if broker_was_unreachable():
        flash(broker_down_message(), "warning")
    return redirect(url_for("jobs.show", job_id=job.id))


def _require_whole_tree_admin() -> None:
    # A backup holds every unit's records: only admins of the whole tree handle it.
    if current_user.unit_id is not None:
        abort(403)


@bp.get("/backup")
def backup_page():
    _require_whole_tree_admin()
    from webapp.backup import instance_is_empty

    return render_template("system/backup.html", empty=instance_is_empty())


@bp.get("/backup/download")
def backup_download():
    _require_whole_tree_admin()
    from webapp.backup import create_backup

    folder = Path(tempfile.mkdtemp(prefix="sohoi-backup-"))
    target = folder / f"sohoi-backup-{datetime.now(UTC):%Y%m%d-%H%M%S}.zip"
    create_backup(target)
    data = target.read_bytes()
    shutil.rmtree(folder, ignore_errors=True)
    return send_file(
        io.BytesIO(data), as_attachment=True, download_name=target.name, mimetype="application/zip"
    )


@bp.post("/backup/restore")
def backup_restore():
    _require_whole_tree_admin()
    from webapp.backup import BackupRejected, restore_backup

    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash(_("Vui lòng chọn tệp sao lưu (.zip)."), "error")
        return redirect(url_for("system.backup_page"))
    folder = Path(tempfile.mkdtemp(prefix="sohoi-restore-"))
    path = folder / "backup.zip"
    upload.save(path)
    # The restore replaces the accounts: keep the acting admin as a loaded, detached object so
    # this request can still read its language, then log it out (its id may now name someone
    # else, or no one).
    admin = current_user._get_current_object()
    db.session.refresh(admin)
    db.session.expunge(admin)
    try:
        manifest = restore_backup(
            path,
            source_key=request.form.get("source_key", "").strip() or None,
            backup_key=request.form.get("backup_key", "").strip() or None,
            trust_foreign=request.form.get("trust_foreign") == "1",
        )
    except BackupRejected as exc:
        flash(str(exc), "error")
        return redirect(url_for("system.backup_page"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    logout_user()
    rows = sum(t["rows"] for t in manifest["tables"].values())
    flash(
        _(
            "Đã khôi phục %(rows)s dòng và %(files)s tệp. Hãy đăng nhập lại bằng tài khoản "
            "trong bản sao lưu.",
            rows=format(rows, ","),
            files=len(manifest["files"]),
        ),
        "success",
    )
    return redirect(url_for("auth.login"))
