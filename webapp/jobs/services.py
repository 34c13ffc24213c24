"""Creating jobs and sending them once their row has committed.

``create_job`` only adds and flushes the row and remembers it on the session; a session
``after_commit`` hook sends the message. A rolled-back request therefore never sends a job, and a
worker never receives an id whose row it cannot yet see.
"""

from __future__ import annotations

from flask import abort, g, has_request_context
from flask_babel import gettext as _
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from webapp.extensions import db
from webapp.models import Job, JobState, User
from webapp.scope import can_see_unit

_PENDING = "jobs_to_send"


def create_job(
    kind: str, params: dict | None = None, user: User | None = None, unit_id: int | None = None
) -> Job:
    """Add a queued job; its message goes to the broker when the transaction commits."""
    job = Job(
        kind=kind,
        params=params or {},
        state=JobState.QUEUED,
        created_by_id=user.id if user else None,
        unit_id=unit_id,
    )
    db.session.add(job)
    db.session.flush()
    db.session.info.setdefault(_PENDING, []).append((job.id, kind, job.token))
    return job


@event.listens_for(Session, "after_commit")
def _send_committed_jobs(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    from tasks.dispatch import send_job

    for job_id, kind, token in pending:
        if not send_job(job_id, kind, token) and has_request_context():
            g.broker_unreachable = True


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back_jobs(session: Session) -> None:
    session.info.pop(_PENDING, None)


def broker_down_message() -> str:
    """What a user is told when their job could not be sent (it stays queued)."""
    return _(
        "Hiện không liên lạc được với hàng đợi xử lý. Yêu cầu của bạn đã được lưu và sẽ tự động "
        "được xử lý khi hàng đợi hoạt động trở lại; bạn cũng có thể bấm “Thử lại”."
    )


def broker_was_unreachable() -> bool:
    """True when a job of this request could not be sent (it stays queued; the reaper sends it)."""
    return bool(g.get("broker_unreachable"))


def retry_job(job: Job) -> None:
    """Put a failed job back in the queue with a fresh count of attempts."""
    job.state = JobState.QUEUED
    job.attempts = 0
    job.progress = 0
    job.message = None
    job.sent_at = None
    job.started_at = job.finished_at = job.heartbeat_at = None
    db.session.info.setdefault(_PENDING, []).append((job.id, job.kind, job.token))


def jobs_of(user: User, limit: int = 20) -> list[Job]:
    """The user's most recent jobs."""
    return list(
        db.session.scalars(
            select(Job).where(Job.created_by_id == user.id).order_by(Job.id.desc()).limit(limit)
        )
    )


def visible_job_or_404(job_id: int, user: User) -> Job:
    """A job its creator may look at, or an admin whose scope covers the job's unit (system
    jobs: whole-tree admins only); anybody else gets 404."""
    job = db.session.get(Job, job_id)
    if job is None:
        abort(404)
    if job.created_by_id == user.id:
        return job
    if user.is_admin and (
        can_see_unit(user, job.unit_id) if job.unit_id is not None else user.unit_id is None
    ):
        return job
    abort(404)
