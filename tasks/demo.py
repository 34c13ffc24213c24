"""The demo task: load the demo commune (webapp/demo) in the background, with its progress."""

from __future__ import annotations

from celery import shared_task
from sqlalchemy import text

from tasks.jobs import JobError, Progress, execute_job
from tasks.names import LOAD_DEMO_TASK
from webapp.extensions import db
from webapp.models import Job

_LOCK_KEY = 0x50_48_44_45_4D_4F  # the advisory lock of demo loads (any fixed number)


def load_demo(job: Job, progress: Progress) -> dict:
    """Seed the demo in the job's one transaction (all of it or nothing, committed by the
    runner); refused, with the page's message, when the database already holds units."""
    from webapp.demo import DemoRefused, seed_demo

    progress(1)
    if db.engine.dialect.name == "postgresql":
        # Two loads queued by two clicks at once: the second waits here for the first to commit,
        # then finds its units and is refused (SQLite's single writer serialises them anyway).
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    # PostgreSQL: each step's percent is written from its own connection while the seed's
    # rows are still uncommitted. SQLite has one writer for the whole file: a write from
    # another connection would wait for this transaction, so the bar moves only at the end.
    live = db.engine.dialect.name != "sqlite"
    try:
        demo = seed_demo(progress if live else None)
    except DemoRefused as exc:
        raise JobError(str(exc)) from exc
    return {"commune": demo.commune.name, "branches": len(demo.branches)}


# A fixed workload of a few seconds, run once per install: its own limits, so that a short
# TASK_TIME_LIMIT meant for runaway report templates never cuts the demo off halfway.
@shared_task(name=LOAD_DEMO_TASK, bind=True, soft_time_limit=300, time_limit=330)
def load_demo_task(self, job_id: int, token: str | None = None) -> str | None:
    state = execute_job(job_id, load_demo, worker=self.request.hostname or "", token=token)
    return state.value if state else None
