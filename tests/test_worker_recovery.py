"""Recovery: a job whose pool process or whole worker died runs again at once, not minutes later;
the embedded broker does not keep delivered messages for ever (issue 18, §3)."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import time
from datetime import timedelta

import pytest
from kombu import Connection
from sqlalchemy import create_engine, text

from scripts.worker_start_loop import start_worker, stop_worker, wait_ready
from tasks.dispatch import lost_jobs_condition
from tasks.jobs import execute_job
from tasks.names import SELFTEST
from tasks.registry import JOB_TASKS
from webapp.extensions import db
from webapp.models import Job, JobState
from webapp.models.base import utcnow

NODE = "w1@host"


def _dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def _running_job(world, runner: str, heartbeat_age: float = 1, commit: bool = True) -> Job:
    job = Job(
        kind=SELFTEST,
        params={},
        created_by_id=world.admin.id,
        state=JobState.RUNNING,
        attempts=1,
        worker=runner,
        sent_at=utcnow() - timedelta(seconds=heartbeat_age + 1),
        heartbeat_at=utcnow() - timedelta(seconds=heartbeat_age),
    )
    db.session.add(job)
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return job


def test_a_job_whose_pool_process_died_runs_again_when_its_message_comes_back(app, world):
    # The child was killed a second ago: its heartbeat is fresh, but the process is gone, and
    # the message comes straight back to a sibling of the same worker.
    job = _running_job(world, f"{NODE} [{_dead_pid()}]")
    calls = []
    assert execute_job(job.id, lambda j, p: calls.append(j.id) or {}, worker=NODE) is (
        JobState.DONE
    )
    db.session.expire_all()
    done = db.session.get(Job, job.id)
    assert calls == [job.id] and done.attempts == 2
    assert done.worker == f"{NODE} [{os.getpid()}]"


def test_a_job_still_running_in_a_live_process_is_not_run_twice(app, world):
    alive = _running_job(world, f"{NODE} [{os.getppid()}]")
    # A dead pid on another machine says nothing: that worker's heartbeat decides.
    elsewhere = _running_job(world, f"w2@other [{_dead_pid()}]")
    for job in (alive, elsewhere):
        assert execute_job(job.id, lambda j, p: {}, worker=NODE) is None
        db.session.expire_all()
        assert db.session.get(Job, job.id).attempts == 1


def test_a_job_whose_worker_fell_silent_is_sent_again_without_waiting_the_resend_interval(
    app, world
):
    def lost_ids() -> set[int]:
        condition = lost_jobs_condition(resend_after=120, heartbeat_timeout=30, send_grace=10)
        return set(db.session.scalars(db.select(Job.id).where(condition)))

    # Not committed: a worker's reaper running beside the suite must not see (and re-send) them.
    # Sent a minute ago, ran, went silent 40 s ago: its worker is dead, re-send it now.
    silent = _running_job(world, f"{NODE} [1]", heartbeat_age=40, commit=False)
    silent.sent_at = utcnow() - timedelta(minutes=1)
    # Already re-sent after it fell silent, and no worker took it yet: wait resend_after.
    resent = _running_job(world, f"{NODE} [1]", heartbeat_age=40, commit=False)
    resent.sent_at = utcnow() - timedelta(seconds=20)
    # Beating: leave it.
    _running_job(world, f"{NODE} [1]", heartbeat_age=1, commit=False)
    db.session.flush()
    assert lost_ids() == {silent.id}
    db.session.rollback()


def test_delivered_messages_are_deleted_from_the_embedded_broker(app, tmp_path):
    from tasks.worker import purge_delivered_messages

    url = f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}"
    # A new broker file has no tables until kombu's first message: nothing to do, no error.
    assert purge_delivered_messages(url, older_than=300) == 0
    with Connection(url, transport_options={"polling_interval": 0.01}) as conn:
        queue = conn.SimpleQueue("jobs")
        for n in range(3):
            queue.put({"n": n})
        for _ in range(2):
            queue.get(timeout=2).ack()
        queue.close()

    engine = create_engine(url.split("+", 1)[1])

    def rows() -> list[tuple[bool, str]]:
        with engine.connect() as c:
            return [
                tuple(r)
                for r in c.execute(text("SELECT visible, payload FROM kombu_message ORDER BY id"))
            ]

    assert [visible for visible, _ in rows()] == [False, False, True]
    # Delivered a moment ago: kept for now.
    assert purge_delivered_messages(url, older_than=300) == 0
    with engine.begin() as c:
        c.execute(
            text("UPDATE kombu_message SET timestamp = '2000-01-01 00:00:00' WHERE NOT visible")
        )
    assert purge_delivered_messages(url, older_than=300) == 2
    assert [visible for visible, _ in rows()] == [True]
    engine.dispose()

    # The message not yet delivered is still there for the worker.
    with Connection(url, transport_options={"polling_interval": 0.01}) as conn:
        queue = conn.SimpleQueue("jobs")
        assert queue.get(timeout=2).payload == {"n": 2}
        queue.close()


@pytest.mark.worker
def test_a_killed_pool_process_has_its_job_run_again_by_its_sibling(app, world, settings, tmp_path):
    # A kind no reaper sends (tasks/registry.py): only the message that comes straight back
    # when the child dies can bring this job back, and it must not be dropped.
    env = {**settings, "JOB_HEARTBEAT_TIMEOUT": "600", "JOB_RESEND_AFTER": "600"}
    queue = f"kill-{secrets.token_hex(4)}"
    worker = start_worker(env, tmp_path, queue, concurrency=2, name="kill")
    try:
        wait_ready(worker)
        job = Job(kind="test.unsent", params={"steps": 20, "delay": 0.25}, sent_at=utcnow())
        db.session.add(job)
        db.session.commit()
        app.extensions["celery"].send_task(
            JOB_TASKS[SELFTEST].name, args=(job.id, job.token), queue=queue
        )
        runner = _wait(job.id, lambda j: j.state is JobState.RUNNING and j.progress > 0).worker
        os.kill(int(runner.rsplit("[", 1)[1].rstrip("]")), signal.SIGKILL)
        done = _wait(job.id, lambda j: j.state is JobState.DONE)
        assert done.attempts == 2 and done.worker.startswith(worker.node)
        assert done.worker != runner
    finally:
        stop_worker(worker, 20)


def _wait(job_id: int, condition, timeout: float = 60) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.expire_all()
        job = db.session.get(Job, job_id)
        if condition(job):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id}: {job.state}, attempts {job.attempts}, {job.message}")


def test_the_embedded_broker_polls_five_times_a_second(app, tmp_path):
    from webapp.config import celery_settings

    url = f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}"
    options = celery_settings(url, 300)["broker_transport_options"]
    with Connection(url, transport_options=options) as conn:
        assert conn.transport.polling_interval == 0.2
        queue = conn.SimpleQueue("jobs")
        queue.put({"n": 1})
        assert queue.get(timeout=2).payload == {"n": 1}
        queue.close()
