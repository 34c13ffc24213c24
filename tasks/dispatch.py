"""Sending job messages to the broker, only ever after the job's row has committed."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update

from tasks.registry import JOB_TASKS
from webapp.extensions import db
from webapp.models import Job, JobState
from webapp.models.base import utcnow

log = logging.getLogger(__name__)


def send_job(job_id: int, kind: str, token: str | None) -> bool:
    """Publish the job's message; record ``sent_at``. False (and logged) when the broker is down.

    A job that could not be sent stays queued with ``sent_at`` empty; the reaper sends it once
    the broker answers again, so no request is lost.
    """
    # Through the Flask app's own Celery app (its broker and settings), never a global default.
    celery = current_app.extensions["celery"]
    try:
        celery.send_task(JOB_TASKS[kind].name, args=(job_id, token), retry=True)
    except Exception:
        log.warning(
            "broker unreachable; job %s stays queued until the reaper sends it",
            job_id,
            exc_info=True,
        )
        return False
    with db.engine.begin() as conn:
        conn.execute(update(Job).where(Job.id == job_id).values(sent_at=utcnow()))
    return True


def lost_jobs_condition(resend_after: float, heartbeat_timeout: float, send_grace: float):
    """SQL condition for jobs whose message is presumed lost.

    A job never sent is left alone for ``send_grace`` seconds after it was created: the web
    request that created it may still be sending it, and sending it from here too would
    race that request.
    """
    now = utcnow()
    return or_(
        and_(
            Job.state == JobState.QUEUED,
            or_(
                and_(Job.sent_at.is_(None), Job.created_at < now - timedelta(seconds=send_grace)),
                Job.sent_at < now - timedelta(seconds=resend_after),
            ),
        ),
        and_(
            Job.state == JobState.RUNNING,
            Job.heartbeat_at < now - timedelta(seconds=heartbeat_timeout),
            # Sent at once when its runner falls silent (nothing was sent since it last beat),
            # then again once per resend_after while no worker takes it, not every round.
            or_(
                Job.sent_at.is_(None),
                Job.sent_at < Job.heartbeat_at,
                Job.sent_at < now - timedelta(seconds=resend_after),
            ),
        ),
    )


def resend_lost_jobs(resend_after: float, heartbeat_timeout: float, send_grace: float) -> list[int]:
    """Re-send every job that sat queued or running without a sign of life; return their ids.

    Each job is taken with a conditional UPDATE first, so two workers reaping at once do not
    both send it; a duplicate message would be harmless anyway (see tasks/jobs.py).
    """
    condition = lost_jobs_condition(resend_after, heartbeat_timeout, send_grace)
    candidates = db.session.execute(select(Job.id, Job.kind, Job.token).where(condition)).all()
    db.session.rollback()
    sent = []
    for job_id, kind, token in candidates:
        with db.engine.begin() as conn:
            taken = conn.execute(
                update(Job).where(Job.id == job_id, condition).values(sent_at=utcnow())
            ).rowcount
        if taken and kind in JOB_TASKS:
            if send_job(job_id, kind, token):
                sent.append(job_id)
            else:
                with db.engine.begin() as conn:
                    conn.execute(update(Job).where(Job.id == job_id).values(sent_at=None))
                break  # the broker is down: the next round tries again
    return sent
