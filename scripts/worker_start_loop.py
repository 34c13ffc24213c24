"""Start and stop the real worker again and again: it must never hang (issue 11, §1).

    .venv/bin/python scripts/worker_start_loop.py                 # embedded: SQLite + SQLite broker
    .venv/bin/python scripts/worker_start_loop.py --starts 10
    .venv/bin/python scripts/worker_start_loop.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1/loop --broker-url redis://127.0.0.1:6379/3
    .venv/bin/python scripts/worker_start_loop.py --recovery      # also time the two kill cases

Each start runs ``celery -A wsgi.celery worker --concurrency=2`` on a queue of its own, waits for
its first heartbeat and its "ready" line, sends two self-test jobs (one per pool child) and requires both done within
``--job-deadline`` seconds of sending; then SIGTERM must end the worker within
``--stop-deadline`` seconds. Prints a summary and exits 1 on any failure.

``--recovery`` then kills, mid-job, first one pool child (its job must run again at once, not
wait for the reaper) and then a whole worker (another worker must re-run its job within
JOB_HEARTBEAT_TIMEOUT + REAPER_INTERVAL), and prints how long each took.

tests/test_worker_start.py runs a few starts of the same loop in the suite.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@dataclass
class StartResult:
    """What one start of the worker did; ``failure`` is None when all went well."""

    number: int
    ready_s: float = 0.0
    jobs_s: float = 0.0
    stop_s: float = 0.0
    failure: str | None = None
    log: str = ""


@dataclass
class Worker:
    """A worker process started by ``start_worker``."""

    proc: subprocess.Popen
    node: str
    queue: str
    log_path: Path
    started: float = field(default_factory=time.monotonic)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def start_worker(
    env: dict[str, str], log_dir: Path, queue: str, concurrency: int = 2, name: str = "loop"
) -> Worker:
    """Start ``celery worker`` with ``env`` (settings as environment variables) on ``queue``."""
    node = f"{name}-{secrets.token_hex(3)}@{os.uname().nodename}"
    log_path = log_dir / f"{node.split('@')[0]}.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "wsgi.celery",
                "worker",
                "--loglevel=INFO",
                f"--concurrency={concurrency}",
                "--hostname",
                node,
                "-Q",
                queue,
            ],
            env={**os.environ, **env},
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: a hung pool child is killed too
        )
    return Worker(proc, node, queue, log_path)


def wait_ready(worker: Worker, timeout: float = 60) -> float:
    """Seconds until the worker wrote its first heartbeat and consumes (celery logs "ready.");
    raises if it died or never got there."""
    from webapp.extensions import db
    from webapp.models import WorkerHeartbeat

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.proc.poll() is not None:
            raise RuntimeError(f"worker exited with {worker.proc.returncode}")
        db.session.rollback()
        if (
            db.session.get(WorkerHeartbeat, worker.node) is not None
            and f"{worker.node} ready." in worker.log()
        ):
            return time.monotonic() - worker.started
        time.sleep(0.05)
    raise RuntimeError(f"not ready after {timeout:.0f} s")


def send_selftest(queue: str, steps: int = 2, delay: float = 0.1) -> int:
    """Add a self-test job row and send its message to ``queue``; return the job's id."""
    from flask import current_app

    from tasks.names import SELFTEST
    from tasks.registry import JOB_TASKS
    from webapp.extensions import db
    from webapp.models import Job
    from webapp.models.base import utcnow

    job = Job(kind=SELFTEST, params={"steps": steps, "delay": delay}, sent_at=utcnow())
    db.session.add(job)
    db.session.commit()
    current_app.extensions["celery"].send_task(
        JOB_TASKS[SELFTEST].name, args=(job.id, job.token), queue=queue
    )
    return job.id


def wait_done(job_ids: list[int], timeout: float) -> bool:
    """True once every job is done, False if ``timeout`` passes first."""
    from webapp.extensions import db
    from webapp.models import Job, JobState

    deadline = time.monotonic() + timeout
    while True:
        db.session.rollback()
        states = db.session.scalars(db.select(Job.state).where(Job.id.in_(job_ids))).all()
        if len(states) == len(job_ids) and all(s is JobState.DONE for s in states):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)


def pool_children(pid: int) -> list[int]:
    """The worker's pool processes (children of any of its threads)."""
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except FileNotFoundError:
        return []
    children = []
    for task in tasks:
        with contextlib.suppress(FileNotFoundError):
            children += [int(p) for p in (task / "children").read_text().split()]
    return children


def stop_worker(worker: Worker, timeout: float) -> float | None:
    """SIGTERM the worker; seconds it took to exit, or None if it was still there (then killed)."""
    began = time.monotonic()
    worker.proc.send_signal(signal.SIGTERM)
    try:
        worker.proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_worker(worker)
        return None
    return time.monotonic() - began


def kill_worker(worker: Worker) -> None:
    """SIGKILL the worker and every process of its group."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(worker.proc.pid, signal.SIGKILL)
    worker.proc.wait(timeout=30)


def one_start(
    number: int,
    env: dict[str, str],
    log_dir: Path,
    job_deadline: float = 2.0,
    stop_deadline: float = 10.0,
    concurrency: int = 2,
) -> StartResult:
    """Start a worker, run one job per pool child, stop it; report what happened."""
    result = StartResult(number)
    queue = f"loop-{secrets.token_hex(4)}"
    worker = start_worker(env, log_dir, queue, concurrency)
    try:
        result.ready_s = wait_ready(worker)
        sent = time.monotonic()
        jobs = [send_selftest(queue) for _ in range(concurrency)]
        done = wait_done(jobs, job_deadline)
        result.jobs_s = time.monotonic() - sent
        if not done or result.jobs_s > job_deadline:
            late = wait_done(jobs, 30)
            result.failure = f"jobs not done within {job_deadline:g} s " + (
                f"(done after {time.monotonic() - sent:.1f} s)" if late else "(stuck)"
            )
    except RuntimeError as exc:
        result.failure = f"start: {exc}"
    except BaseException:
        kill_worker(worker)  # never leave a worker behind, whatever went wrong here
        raise
    if worker.proc.poll() is None:
        children = pool_children(worker.proc.pid)
        stopped = stop_worker(worker, stop_deadline)
        if stopped is None:
            result.failure = result.failure or f"SIGTERM did not end it within {stop_deadline:g} s"
            result.stop_s = stop_deadline
        else:
            result.stop_s = stopped
            left = [pid for pid in children if Path(f"/proc/{pid}").exists()]
            if left:
                result.failure = result.failure or f"pool processes left behind: {left}"
                for pid in left:
                    os.kill(pid, signal.SIGKILL)
    if result.failure:
        result.log = worker.log()
    return result


def measure_recovery(env: dict[str, str], log_dir: Path) -> dict[str, float]:
    """Seconds until a job is done again after its pool child, then its whole worker, died."""
    from webapp.extensions import db
    from webapp.models import Job, JobState

    def wait_running(job_id: int) -> Job:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            db.session.rollback()
            job = db.session.get(Job, job_id)
            if job.state is JobState.RUNNING and job.progress > 0:
                return job
            time.sleep(0.05)
        raise RuntimeError(f"job {job_id} never ran")

    def wait_rerun(job_id: int, killed: float) -> float:
        """Seconds from the kill until another process took the job (its second attempt)."""
        while time.monotonic() < killed + 600:
            db.session.rollback()
            if db.session.get(Job, job_id).attempts >= 2:
                return time.monotonic() - killed
            time.sleep(0.05)
        raise RuntimeError(f"job {job_id} not taken again 600 s after the kill")

    def wait_done_after(job_id: int, killed: float) -> float:
        if not wait_done([job_id], 600):
            raise RuntimeError(f"job {job_id} not done 600 s after the kill")
        return time.monotonic() - killed

    results = {}
    queue = f"recover-{secrets.token_hex(4)}"
    worker = start_worker(env, log_dir, queue, name="recover")
    try:
        wait_ready(worker)
        job_id = send_selftest(queue, steps=10, delay=0.3)
        job = wait_running(job_id)
        os.kill(int(job.worker.rsplit("[", 1)[1].rstrip("]")), signal.SIGKILL)
        killed = time.monotonic()
        results["pool child killed → job running again (s)"] = wait_rerun(job_id, killed)
        results["pool child killed → job done (3 s of work) (s)"] = wait_done_after(job_id, killed)

        job_id = send_selftest(queue, steps=10, delay=0.3)
        wait_running(job_id)
        kill_worker(worker)
        killed = time.monotonic()
        # The next worker listens on the default queue too: the reaper re-sends there.
        worker = start_worker({**env}, log_dir, f"{queue},celery", name="recover")
        wait_ready(worker)
        results["whole worker killed → job running again (s)"] = wait_rerun(job_id, killed)
        results["whole worker killed → job done (s)"] = wait_done_after(job_id, killed)
    finally:
        if worker.proc.poll() is None:
            stop_worker(worker, 10)
    return results


def settings_env(args: argparse.Namespace, instance: Path) -> dict[str, str]:
    """Settings for the app and the workers, as environment variables."""
    env = {
        "SOHOI_INSTANCE": str(instance),
        "SECRET_KEY": "worker-start-loop",
        "DATABASE_URL": args.database_url or f"sqlite:///{instance / 'loop.sqlite3'}",
        "CELERY_BROKER_URL": args.broker_url or f"sqla+sqlite:///{instance / 'broker.sqlite3'}",
        "REPORT_PDF": "0",
    }
    for name in ("JOB_HEARTBEAT_TIMEOUT", "REAPER_INTERVAL", "WORKER_HEARTBEAT_SECONDS"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--starts", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--job-deadline", type=float, default=2.0)
    parser.add_argument("--stop-deadline", type=float, default=10.0)
    parser.add_argument("--database-url", help="default: a new SQLite file")
    parser.add_argument("--broker-url", help="default: the embedded SQLite broker")
    parser.add_argument("--recovery", action="store_true", help="also time the two kill cases")
    args = parser.parse_args(argv)

    instance = Path(tempfile.mkdtemp(prefix="sohoi-loop-"))
    env = settings_env(args, instance)
    os.environ.update(env)

    from flask_migrate import upgrade

    from webapp import create_app
    from webapp.config import PROJECT_ROOT, Config

    app = create_app(Config(env))
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"), revision="heads")
        print(f"database {env['DATABASE_URL']}\nbroker   {env['CELERY_BROKER_URL']}")
        results = []
        for number in range(1, args.starts + 1):
            result = one_start(
                number,
                env,
                instance,
                args.job_deadline,
                args.stop_deadline,
                args.concurrency,
            )
            results.append(result)
            mark = "ok" if result.failure is None else f"FAILED: {result.failure}"
            print(
                f"start {number:3}: ready {result.ready_s:5.2f} s, jobs {result.jobs_s:5.2f} s, "
                f"stop {result.stop_s:5.2f} s  {mark}",
                flush=True,
            )
            if result.failure:
                print(result.log[-3000:])
        failures = [r for r in results if r.failure]
        print(_summary(results))
        recovery_failed = False
        if args.recovery:
            try:
                for what, seconds in measure_recovery(env, instance).items():
                    print(f"{what}: {seconds:.1f}")
            except RuntimeError as exc:
                print(f"recovery FAILED: {exc}")
                recovery_failed = True
    return 1 if failures or recovery_failed else 0


def _summary(results: list[StartResult]) -> str:
    def spread(values: list[float]) -> str:
        return f"median {statistics.median(values):.2f} s, max {max(values):.2f} s"

    ok = [r for r in results if r.failure is None]
    lines = [
        f"{len(results)} starts: {len(ok)} ok, {len(results) - len(ok)} failed",
    ]
    if ok:
        lines += [
            f"  start → ready:           {spread([r.ready_s for r in ok])}",
            f"  two jobs sent → done:    {spread([r.jobs_s for r in ok])}",
            f"  SIGTERM → exited:        {spread([r.stop_s for r in ok])}",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
