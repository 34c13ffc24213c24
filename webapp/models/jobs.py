"""Background jobs: the database row is the truth about a job, not the broker.

kombu's SQLAlchemy transport does not redeliver a message whose worker died and Redis can lose
recent writes on restart, so every job is a row with a state, timestamps and a heartbeat; the
reaper (tasks/reaper.py) re-sends jobs that went quiet.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.accounts import User
from webapp.models.base import LabelledEnum, UTCDateTime, utcnow, value_enum


class JobState(LabelledEnum):
    """Only the task advances a job: queued → running → done | failed (running → queued on retry)."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (JobState.DONE, JobState.FAILED)


STATE_LABELS = {
    JobState.QUEUED: _l("Đang chờ"),
    JobState.RUNNING: _l("Đang chạy"),
    JobState.DONE: _l("Hoàn thành"),
    JobState.FAILED: _l("Lỗi"),
}
JobState.set_labels(STATE_LABELS)


class Job(db.Model):
    """One background job. ``kind`` names the task that runs it (see tasks/registry.py)."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[JobState] = mapped_column(
        value_enum(JobState, 16),
        default=JobState.QUEUED,
        index=True,
    )
    progress: Mapped[int] = mapped_column(default=0)
    attempts: Mapped[int] = mapped_column(default=0)
    message: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # The unit whose data the job works on (None: a system job); decides which admins see it.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Sent with every message of the job: a message left in the broker for an earlier job with
    # the same id (SQLite reuses the ids of deleted rows; a restored backup restarts them)
    # names another token and is dropped. None on jobs made before tokens existed.
    token: Mapped[str | None] = mapped_column(String(16), default=lambda: secrets.token_hex(8))
    # When the message last reached the broker; None: never sent (broker down at the time).
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    worker: Mapped[str | None] = mapped_column(String(255))

    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.kind} {self.state.value}>"


class WorkerHeartbeat(db.Model):
    """The last sign of life of each worker, written by the worker itself every few seconds."""

    __tablename__ = "worker_heartbeats"

    hostname: Mapped[str] = mapped_column(String(255), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
