"""Checks behind the health page: database, broker, workers, job counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, text

from webapp.extensions import db
from webapp.models import Job, JobState, WorkerHeartbeat
from webapp.models.base import utcnow


@dataclass
class Check:
    ok: bool
    detail: str


def check_database() -> Check:
    """Can we query, and at which migration revision is the schema?"""
    try:
        revision = db.session.scalar(text("SELECT version_num FROM alembic_version"))
    except Exception as exc:
        db.session.rollback()
        return Check(False, _("Không truy vấn được: %(error)s", error=type(exc).__name__))
    return Check(
        True,
        _(
            "%(dialect)s, phiên bản lược đồ %(revision)s",
            dialect=db.engine.dialect.name,
            revision=revision,
        ),
    )


def check_broker() -> Check:
    """Can we open a connection to the Celery broker (within a few seconds)?"""
    celery = current_app.extensions["celery"]
    try:
        with celery.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
            transport = conn.transport_cls
    except Exception as exc:
        return Check(False, _("Không kết nối được: %(error)s", error=type(exc).__name__))
    return Check(True, _("Kết nối được (%(transport)s)", transport=transport))


def live_workers(now: datetime | None = None) -> list[WorkerHeartbeat]:
    """Workers that wrote a heartbeat within three intervals."""
    now = now or utcnow()
    window = timedelta(seconds=3 * current_app.config["WORKER_HEARTBEAT_SECONDS"])
    return list(
        db.session.scalars(
            select(WorkerHeartbeat)
            .where(WorkerHeartbeat.seen_at >= now - window)
            .order_by(WorkerHeartbeat.hostname)
        )
    )


def job_counts() -> dict[JobState, int]:
    """How many jobs are in each state."""
    rows = db.session.execute(select(Job.state, func.count()).group_by(Job.state)).all()
    counts = dict.fromkeys(JobState, 0)
    counts.update({state: n for state, n in rows})
    return counts


def recent_jobs(limit: int = 10) -> list[Job]:
    return list(db.session.scalars(select(Job).order_by(Job.id.desc()).limit(limit)))
