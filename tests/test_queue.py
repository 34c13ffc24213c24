"""The queue: jobs are rows, sent after commit, run by a real worker, re-sent when lost."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from tasks.names import SELFTEST
from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.extensions import db
from webapp.jobs.services import create_job
from webapp.models import Job, JobState
from webapp.models.base import utcnow


def wait_for_state(job_id: int, state: JobState, timeout: float = 30) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.expire_all()
        job = db.session.get(Job, job_id)
        if job.state is state:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} is {job.state}, not {state} after {timeout}s")


def test_a_job_is_sent_only_when_its_transaction_commits(app, world, monkeypatch):
    sent: list[int] = []
    monkeypatch.setattr(app.extensions["celery"], "send_task", _Recorder(sent).send_task)
    job = create_job(SELFTEST, {}, world.admin)
    assert sent == []  # flushed, not committed: no message yet
    db.session.commit()
    assert sent == [job.id]

    create_job(SELFTEST, {}, world.admin)
    db.session.rollback()
    db.session.commit()
    assert sent == [job.id]  # the rolled-back job was never sent


class _Recorder:
    def __init__(self, sent: list[int]) -> None:
        self.sent = sent

    def send_task(self, name, args, **_):
        self.sent.append(args[0])


@pytest.mark.worker
def test_admin_runs_the_queue_selftest_through_a_real_worker(app, world, worker):
    admin = client_for(app, world.admin, PASSWORD)
    response = admin.post_form("/admin/system/selftest")
    assert response.status_code == 302
    job_id = int(response.location.rsplit("/", 1)[1])
    job = wait_for_state(job_id, JobState.DONE)
    assert job.progress == 100 and job.attempts == 1 and job.sent_at is not None
    assert job.result["worker"].startswith("test-")

    # The fragment stops htmx polling (286) once the job is finished.
    fragment = admin.htmx_get(f"/jobs/{job_id}")
    assert fragment.status_code == 286
    assert "Hoàn thành" in fragment.get_data(as_text=True)
    assert "hx-trigger" not in fragment.get_data(as_text=True)


@pytest.mark.worker
def test_health_page_shows_database_broker_and_worker(app, world, worker):
    page = client_for(app, world.admin, PASSWORD).get("/admin/system/health").get_data(as_text=True)
    assert 'id="health-database">✔' in page
    assert 'id="health-broker">✔' in page
    assert 'id="health-workers">\n      ✔ test-' in page


@pytest.mark.worker
def test_a_job_whose_message_was_lost_is_resent_by_the_reaper(app, world, worker):
    # A queued job whose message vanished (broker restart): sent long ago, never picked up.
    job = Job(
        kind=SELFTEST,
        params={"steps": 1, "delay": 0},
        created_by_id=world.admin.id,
        sent_at=utcnow() - timedelta(hours=1),
    )
    db.session.add(job)
    db.session.commit()
    done = wait_for_state(job.id, JobState.DONE, timeout=40)
    assert done.attempts == 1


@pytest.mark.worker
def test_a_job_left_running_by_a_dead_worker_is_run_again(app, world, worker):
    job = Job(
        kind=SELFTEST,
        params={"steps": 1, "delay": 0},
        created_by_id=world.admin.id,
        state=JobState.RUNNING,
        attempts=1,
        worker="dead@host",
        sent_at=utcnow() - timedelta(minutes=5),
        heartbeat_at=utcnow() - timedelta(minutes=5),
    )
    db.session.add(job)
    db.session.commit()
    done = wait_for_state(job.id, JobState.DONE, timeout=40)
    assert done.attempts == 2 and done.worker != "dead@host"


def test_the_reaper_leaves_a_job_its_request_is_still_sending(app, world):
    from tasks.dispatch import lost_jobs_condition

    def lost_ids() -> set[int]:
        condition = lost_jobs_condition(resend_after=120, heartbeat_timeout=30, send_grace=10)
        return set(db.session.scalars(db.select(Job.id).where(condition)))

    fresh = Job(kind=SELFTEST, params={}, created_by_id=world.admin.id)
    unsent = Job(
        kind=SELFTEST,
        params={},
        created_by_id=world.admin.id,
        created_at=utcnow() - timedelta(seconds=11),
    )
    recently_sent = Job(
        kind=SELFTEST,
        params={},
        created_by_id=world.admin.id,
        created_at=utcnow() - timedelta(minutes=1),
        sent_at=utcnow() - timedelta(seconds=30),
    )
    db.session.add_all([fresh, unsent, recently_sent])
    db.session.commit()
    assert lost_ids() == {unsent.id}


def test_a_message_left_for_an_earlier_job_with_the_same_id_is_dropped(app, world):
    from tasks.jobs import execute_job

    calls = []
    job = Job(kind=SELFTEST, params={}, created_by_id=world.admin.id)
    db.session.add(job)
    db.session.commit()
    assert job.token and len(job.token) == 16
    assert execute_job(job.id, lambda j, p: calls.append(j.id) or {}, token="0" * 16) is None
    db.session.expire_all()
    assert db.session.get(Job, job.id).state is JobState.QUEUED and calls == []
    assert execute_job(job.id, lambda j, p: calls.append(j.id) or {}, token=job.token) is (
        JobState.DONE
    )
    assert calls == [job.id]


def test_a_running_job_without_heartbeat_is_sent_again_once_per_resend_interval(
    app, world, monkeypatch
):
    import tasks.dispatch
    from tasks.dispatch import resend_lost_jobs

    # The job beat just now for every other reaper (the shared worker's reaps each second and
    # would otherwise take it between our commit and our call); this one reaps five minutes on.
    job = Job(
        kind=SELFTEST,
        params={},
        created_by_id=world.admin.id,
        state=JobState.RUNNING,
        attempts=1,
        sent_at=utcnow(),
        heartbeat_at=utcnow(),
    )
    db.session.add(job)
    db.session.commit()
    later = utcnow() + timedelta(minutes=5)
    monkeypatch.setattr(tasks.dispatch, "utcnow", lambda: later)
    sent = []
    monkeypatch.setattr(app.extensions["celery"], "send_task", _Recorder(sent).send_task)
    assert resend_lost_jobs(resend_after=120, heartbeat_timeout=30, send_grace=10) == [job.id]
    assert resend_lost_jobs(resend_after=120, heartbeat_timeout=30, send_grace=10) == []
    assert sent == [job.id]


def test_a_message_delivered_twice_runs_the_job_once(app, world):
    from tasks.jobs import execute_job

    calls = []
    job = Job(kind=SELFTEST, params={}, created_by_id=world.admin.id)
    db.session.add(job)
    db.session.commit()
    assert execute_job(job.id, lambda j, p: calls.append(j.id) or {}) is JobState.DONE
    assert execute_job(job.id, lambda j, p: calls.append(j.id) or {}) is None
    assert calls == [job.id]


def test_a_job_that_died_too_often_is_failed_with_a_readable_message(app, world):
    from tasks.jobs import execute_job

    job = Job(
        kind=SELFTEST,
        params={},
        created_by_id=world.admin.id,
        state=JobState.RUNNING,
        attempts=3,
        heartbeat_at=utcnow() - timedelta(hours=1),
    )
    db.session.add(job)
    db.session.commit()
    assert execute_job(job.id, lambda j, p: {}) is JobState.FAILED
    db.session.expire_all()
    assert "3 lần" in db.session.get(Job, job.id).message


def test_broker_down_keeps_the_job_and_tells_the_user(broker_down_app, world):
    with broker_down_app.app_context():
        admin = client_for(broker_down_app, world.admin, PASSWORD)
        response = admin.post_form("/admin/system/selftest", follow_redirects=True)
        page = response.get_data(as_text=True)
        assert "Hiện không liên lạc được với hàng đợi xử lý" in page
        assert "Thử lại" in page
        db.session.expire_all()
        job = db.session.scalars(db.select(Job)).one()
        assert job.state is JobState.QUEUED and job.sent_at is None


def test_a_job_whose_row_is_given_to_another_job_mid_run_writes_nothing(app, world):
    """A render still running when its job row is deleted and the id reused (tests empty the
    tables; a purge could too) must not write its result into the new job's records."""
    from sqlalchemy import select, update

    from tasks.jobs import execute_job
    from webapp.models import Unit, UnitKind

    job = Job(kind=SELFTEST, params={}, created_by_id=world.admin.id)
    db.session.add(job)
    db.session.commit()

    def handler(j, progress):
        with db.engine.begin() as other:  # meanwhile, another connection reuses the row
            other.execute(update(Job).where(Job.id == j.id).values(token="f" * 16))
        db.session.add(Unit(name="Ghi bởi việc cũ", kind=UnitKind.BRANCH))
        return {}

    assert execute_job(job.id, handler, token=job.token) is None
    db.session.expire_all()
    assert db.session.scalar(select(Unit.id).where(Unit.name == "Ghi bởi việc cũ")) is None


def test_a_render_whose_job_is_taken_mid_run_leaves_the_new_jobs_file_alone(app, world):
    """The render's file is named by the job id: a render still running when its row is deleted
    and the id reused (tests empty the tables between tests) wrote its .docx over the file of
    the job that now has that id. It checks the claim before writing anything outside the
    database."""
    from sqlalchemy import update

    from tasks.jobs import execute_job
    from tasks.names import RENDER_REPORT
    from tasks.reports import render_report
    from tests.reports.factories import make_draft
    from webapp.documents import storage
    from webapp.models.reports import ReportKind

    draft = make_draft(world.commune_a, ReportKind.ANNUAL)
    job = Job(kind=RENDER_REPORT, params={"draft_id": draft.id}, created_by_id=world.admin.id)
    db.session.add(job)
    db.session.commit()
    path = storage.report_path(f"job-{job.id}.docx")
    storage.write_atomically(path, b"the file of the job that has this id now")

    def handler(j, progress):
        with db.engine.begin() as other:  # meanwhile the row is given to another job
            other.execute(update(Job).where(Job.id == j.id).values(token="f" * 16))
        return render_report(j, progress)

    with app.test_request_context():
        assert execute_job(job.id, handler, token=job.token) is None
    assert path.read_bytes() == b"the file of the job that has this id now"
