"""A job's state as a fragment that polls itself until the job is finished."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.extensions import db
from webapp.htmx import STOP_POLLING
from webapp.jobs import bp
from webapp.jobs.services import (
    broker_down_message,
    broker_was_unreachable,
    retry_job,
    visible_job_or_404,
)
from webapp.models import JobState


@bp.get("/<int:job_id>")
@login_required
def show(job_id: int):
    job = visible_job_or_404(job_id, current_user)
    if request.htmx:
        status = STOP_POLLING if job.state.finished else 200
        return render_template("jobs/_status.html", job=job), status
    return render_template("jobs/show.html", job=job)


@bp.post("/<int:job_id>/retry")
@login_required
def retry(job_id: int):
    job = visible_job_or_404(job_id, current_user)
    if job.state is JobState.FAILED or (job.state is JobState.QUEUED and job.sent_at is None):
        retry_job(job)
        db.session.commit()
        if broker_was_unreachable():
            flash(broker_down_message(), "warning")
    if request.htmx:
        return render_template("jobs/_status.html", job=job)
    return redirect(url_for("jobs.show", job_id=job.id))
