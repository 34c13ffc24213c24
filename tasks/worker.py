"""A worker bootstep: the worker's own heartbeat row and the periodic reaper.

Running them inside every worker (instead of a separate beat process) keeps the embedded setup
to two processes; reaping is safe to run from several workers at once (tasks/dispatch.py).
"""

from __future__ import annotations

import logging
import threading

from celery import bootsteps
from sqlalchemy import update

from webapp.extensions import db
from webapp.models import WorkerHeartbeat
from webapp.models.base import utcnow

log = logging.getLogger(__name__)


def record_heartbeat(hostname: str) -> None:
    """Upsert this worker's ``worker_heartbeats`` row with the current time."""
    now = utcnow()
    with db.engine.begin() as conn:
        updated = conn.execute(
            update(WorkerHeartbeat).where(WorkerHeartbeat.hostname == hostname).values(seen_at=now)
        ).rowcount
    if not updated:
        db.session.add(WorkerHeartbeat(hostname=hostname, started_at=now, seen_at=now))
        try:
            db.session.commit()
        except Exception:  # another process inserted it first
            db.session.rollback()


class WorkerLifeStep(bootsteps.StartStopStep):
    """Starts a thread that beats every WORKER_HEARTBEAT_SECONDS and reaps every REAPER_INTERVAL."""

    def __init__(self, parent, **kwargs) -> None:
        super().__init__(parent, **kwargs)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, parent) -> None:
        self._thread = threading.Thread(target=self._run, args=(parent.hostname,), daemon=True)
        self._thread.start()

    def stop(self, parent) -> None:
        self._stop.set()

    def _run(self, hostname: str) -> None:
        from tasks.reaper import reap

        app = self._flask_app()
        beat = app.config["WORKER_HEARTBEAT_SECONDS"]
        reap_every = max(1, round(app.config["REAPER_INTERVAL"] / beat))
        tick = 0
        while not self._stop.is_set():
            with app.app_context():
                try:
                    record_heartbeat(hostname)
                    if tick % reap_every == 0:
                        reap()
                except Exception:
                    log.exception("worker heartbeat/reaper round failed")
                finally:
                    db.session.remove()
            tick += 1
            self._stop.wait(beat)

    @staticmethod
    def _flask_app():
        import celery

        return celery.current_app.flask_app
