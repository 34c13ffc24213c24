"""Loading the demo from the home page: one background job (tasks/demo.py) at a time."""

from __future__ import annotations

from sqlalchemy import select

from tasks.names import LOAD_DEMO
from webapp.demo import DemoRefused, demo_refusal
from webapp.extensions import db
from webapp.jobs.services import create_job
from webapp.models import Job, JobState, User


def latest_demo_job(active_only: bool = False) -> Job | None:
    """The most recent demo job (only a queued or running one with ``active_only``)."""
    query = select(Job).where(Job.kind == LOAD_DEMO)
    if active_only:
        query = query.where(Job.state.in_((JobState.QUEUED, JobState.RUNNING)))
    return db.session.scalar(query.order_by(Job.id.desc()).limit(1))


def start_demo_load(user: User) -> Job:
    """The demo job under way, or a new one queued (sent when the caller commits).

    Idempotent while a load is queued or running: a second click gets the same job. Raises
    DemoRefused when the install already holds units.
    """
    running = latest_demo_job(active_only=True)
    if running is not None:
        return running
    refusal = demo_refusal()
    if refusal:
        raise DemoRefused(refusal)
    return create_job(LOAD_DEMO, user=user)
