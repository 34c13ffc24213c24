"""Running a job row: claim it, beat while working, record the outcome.

Every task is ``execute_job(job_id, handler)``: the handler does the work and returns a small
result dict; this module owns the state machine (queued → running → done | failed) so that a
message delivered twice, or after its worker died, runs the job at most once at a time and
never past ``JOB_MAX_ATTEMPTS``.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Callable
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from flask import current_app
from sqlalchemy import and_, or_, select, update

from webapp.extensions import db
from webapp.models import Job, JobState
from webapp.models.base import utcnow

log = logging.getLogger(__name__)

Progress = Callable[[int], None]
Handler = Callable[[Job, Progress], dict | None]


class JobError(Exception):
    """A failure whose message is meant for the user (Vietnamese, no traceback)."""


_RUNNER = re.compile(r"(?P<node>.+) \[(?P<pid>\d+)\]")


def runner_name(worker: str) -> str:
    """How a job records who runs it: the worker's node name and the pool process's pid."""
    return f"{worker} [{os.getpid()}]"


def _dead_sibling(recorded: str | None, worker: str) -> bool:
    """True when ``recorded`` names a process of this same worker node that no longer exists.

    When a pool child dies mid-job its message comes straight back (late acknowledgement) to a
    sibling child of the same worker, long before the dead child's heartbeat goes stale. The
    sibling can see for itself that the recorded process is gone: same node, so same machine.
    """
    match = _RUNNER.fullmatch(recorded or "")
    if not worker or match is None or match["node"] != worker:
        return False
    pid = int(match["pid"])
    if pid == os.getpid():
        return False
    try:
        with open(f"/proc/{pid}/stat") as fh:
            # A child the pool has not reaped yet is a zombie: dead all the same.
            return fh.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True
    except (OSError, IndexError):
        return False


def _claim(job_id: int, worker: str, dead_runner: str | None = None) -> bool:
    """Atomically move the job to running if it is queued, or running with a dead worker.

    ``dead_runner``: the recorded runner of a running job known to be dead although its
    heartbeat is still fresh; the claim succeeds only if that is still the recorded runner.
    """
    now = utcnow()
    stale = now - timedelta(seconds=current_app.config["JOB_HEARTBEAT_TIMEOUT"])
    lost = [
        Job.state == JobState.QUEUED,
        and_(Job.state == JobState.RUNNING, Job.heartbeat_at < stale),
    ]
    if dead_runner is not None:
        lost.append(and_(Job.state == JobState.RUNNING, Job.worker == dead_runner))
    result = db.session.execute(
        update(Job)
        .where(Job.id == job_id, or_(*lost))
        .values(
            state=JobState.RUNNING,
            started_at=now,
            heartbeat_at=now,
            worker=runner_name(worker),
            attempts=Job.attempts + 1,
            progress=0,
        )
    )
    db.session.commit()
    return result.rowcount == 1


def _beat(job_id: int, progress: int | None = None) -> None:
    values: dict = {"heartbeat_at": utcnow()}
    if progress is not None:
        values["progress"] = max(0, min(100, progress))
    # Its own short transaction, so progress is visible while the handler's work is uncommitted.
    with db.engine.begin() as conn:
        conn.execute(
            update(Job).where(Job.id == job_id, Job.state == JobState.RUNNING).values(**values)
        )


class _Heartbeat:
    """Keeps ``heartbeat_at`` fresh while a handler runs, from a background thread."""

    def __init__(self, app, job_id: int) -> None:
        self.app, self.job_id = app, job_id
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        interval = self.app.config["JOB_HEARTBEAT_SECONDS"]
        with self.app.app_context():
            while not self.stop.wait(interval):
                try:
                    _beat(self.job_id)
                except Exception:  # a missed beat is harmless; the next one retries
                    log.exception("heartbeat of job %s failed", self.job_id)

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=5)


def _finish(job_id: int, state: JobState, message: str | None, result: dict | None) -> None:
    db.session.execute(
        update(Job)
        .where(Job.id == job_id, Job.state == JobState.RUNNING)
        .values(
            state=state,
            message=message,
            result=result,
            finished_at=utcnow(),
            heartbeat_at=utcnow(),
            progress=100 if state is JobState.DONE else Job.progress,
        )
    )
    db.session.commit()


def _still_ours(job_id: int, token: str | None, worker: str) -> bool:
    """True when the job row is still the one this runner claimed (same token, running here)."""
    # FOR UPDATE (PostgreSQL): nobody can take or delete the job between this check and the
    # commit that follows it.
    row = db.session.execute(
        select(Job.token, Job.state, Job.worker).where(Job.id == job_id).with_for_update()
    ).one_or_none()
    return (
        row is not None
        and row.token == token
        and row.state is JobState.RUNNING
        and row.worker == runner_name(worker)
    )


def still_claimed(job: Job) -> bool:
    """For a handler about to write outside the database (a file): True when the job's row still
    carries the claim the handler was given (same token, running, same runner). A job taken
    away meanwhile, or deleted and its id reused, must not overwrite the file of whoever holds
    that id now; the runner then drops the handler's database writes too (``_still_ours``)."""
    row = db.session.execute(
        select(Job.token, Job.state, Job.worker).where(Job.id == job.id).with_for_update()
    ).one_or_none()
    return row is not None and (row.token, row.state, row.worker) == (
        job.token,
        JobState.RUNNING,
        job.worker,
    )


def execute_job(
    job_id: int, handler: Handler, worker: str = "", token: str | None = None
) -> JobState | None:
    """Run ``handler`` for the job if this worker wins the claim; return the final state.

    Returns None when the job was not claimed (already done, or running on a live worker), or
    when the message carries the token of another job that had this id.
    """
    job = db.session.get(Job, job_id)
    if job is None:
        log.warning("job %s does not exist; message dropped", job_id)
        return None
    if token is not None and job.token is not None and token != job.token:
        log.warning("message for an earlier job %s (token %s); dropped", job_id, token)
        db.session.rollback()
        return None
    max_attempts = current_app.config["JOB_MAX_ATTEMPTS"]
    if not job.state.finished and job.attempts >= max_attempts:
        # Earlier attempts died without a word (the worker was killed, or hit the hard limit).
        db.session.execute(
            update(Job)
            .where(Job.id == job_id)
            .values(
                state=JobState.FAILED,
                finished_at=utcnow(),
                message=f"Công việc đã bị dừng {job.attempts} lần (quá thời gian hoặc mất tiến trình xử lý).",
            )
        )
        db.session.commit()
        return JobState.FAILED
    dead_runner = (
        job.worker if job.state is JobState.RUNNING and _dead_sibling(job.worker, worker) else None
    )
    db.session.rollback()
    if not _claim(job_id, worker, dead_runner):
        return None
    job = db.session.get(Job, job_id)
    assert job is not None
    claimed_token = job.token
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        with _Heartbeat(app, job_id):
            result = handler(job, lambda pct: _beat(job_id, pct))
        if not _still_ours(job_id, claimed_token, worker):
            # The job was taken from us while the handler ran (deleted, or given to another
            # runner); what the handler wrote belongs to no one: keep none of it.
            db.session.rollback()
            log.warning("job %s is no longer this runner's; its result is dropped", job_id)
            return None
        db.session.commit()
    except JobError as exc:
        db.session.rollback()
        _finish(job_id, JobState.FAILED, str(exc), None)
        return JobState.FAILED
    except MemoryError:
        db.session.rollback()
        log.warning("job %s (%s) ran out of its memory allowance", job_id, job.kind)
        limit = current_app.config["TASK_MEMORY_LIMIT_MB"]
        _finish(
            job_id,
            JobState.FAILED,
            f"Công việc cần nhiều bộ nhớ hơn mức cho phép ({limit} MB) và đã bị dừng. "
            "Hãy kiểm tra lại mẫu báo cáo.",
            None,
        )
        return JobState.FAILED
    except SoftTimeLimitExceeded:
        db.session.rollback()
        _finish(
            job_id, JobState.FAILED, "Công việc chạy quá thời gian cho phép và đã bị dừng.", None
        )
        return JobState.FAILED
    except Exception as exc:
        db.session.rollback()
        log.exception("job %s (%s) failed", job_id, job.kind)
        _finish(job_id, JobState.FAILED, f"Lỗi khi xử lý: {exc}", None)
        return JobState.FAILED
    _finish(job_id, JobState.DONE, None, result)
    return JobState.DONE
