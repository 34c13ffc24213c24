"""The health page and the queue self-test."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from tasks.system import SELFTEST
from webapp.extensions import db
from webapp.jobs.routes import BROKER_DOWN_MESSAGE
from webapp.jobs.services import broker_was_unreachable, create_job
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
        flash(BROKER_DOWN_MESSAGE, "warning")
    return redirect(url_for("jobs.show", job_id=job.id))
