"""A worker bootstep: the worker's own heartbeat row, the periodic reaper, the broker clean-up.

Running them inside every worker (instead of a separate beat process) keeps the embedded setup
to two processes; reaping is safe to run from several workers at once (tasks/dispatch.py).

They run on the worker's timer, never on a thread of their own, and each round holds
``FORK_LOCK`` (tasks/forkguard.py): the pool never forks a child while a round is inside the
database. With an event loop (Redis) the timer fires in the main thread, where the pool also
forks; with the embedded broker (no event loop) it is celery's timer thread, and the lock keeps
rounds and forks apart. Each round closes its connections before it lets go of the lock, so a
child never inherits an open connection of the parent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from celery import bootsteps
from sqlalchemy import create_engine, inspect, text, update
from sqlalchemy.pool import NullPool

from tasks.forkguard import FORK_LOCK
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


def purge_delivered_messages(broker_url: str, older_than: float) -> int:
    """Delete the embedded broker's messages delivered more than ``older_than`` seconds ago.

    kombu's SQLAlchemy transport marks a delivered message invisible and never deletes it; an
    unacknowledged message it may still redeliver is kept in the worker's memory, not read back
    from its row, so deleting the row loses nothing. Returns the number of rows deleted; 0 for
    other brokers.
    """
    if not broker_url.startswith(("sqla+", "sqlalchemy+")):
        return 0
    # kombu stamps the row with the server process's naive local time when it marks it
    # delivered (not the union's time zone): compare in that same clock.
    cutoff = datetime.now(UTC).astimezone().replace(tzinfo=None) - timedelta(seconds=older_than)
    engine = create_engine(broker_url.split("+", 1)[1], poolclass=NullPool)
    try:
        if not inspect(engine).has_table("kombu_message"):
            return 0  # a new broker file: kombu creates its tables with its first message
        with engine.begin() as conn:
            return conn.execute(
                text("DELETE FROM kombu_message WHERE visible = :no AND timestamp < :cutoff"),
                {"no": False, "cutoff": cutoff},
            ).rowcount
    finally:
        engine.dispose()


class WorkerLifeStep(bootsteps.StartStopStep):
    """Beats every WORKER_HEARTBEAT_SECONDS; reaps and cleans the broker every REAPER_INTERVAL."""

    requires = ("celery.worker.components:Timer", "celery.worker.components:Pool")

    def __init__(self, parent, **kwargs) -> None:
        super().__init__(parent, **kwargs)
        self._entries: list = []

    def start(self, parent) -> None:
        app = parent.app.flask_app
        hostname = parent.hostname
        config = app.config

        def beat() -> None:
            record_heartbeat(hostname)

        def reap_and_clean() -> None:
            from tasks.reaper import reap

            reap()
            purged = purge_delivered_messages(
                app.extensions["celery"].conf.broker_url, config["BROKER_PURGE_AFTER"]
            )
            if purged:
                log.info("deleted %s delivered broker messages", purged)

        def retention() -> None:
            from webapp.privacy.services import apply_retention_everywhere

            done = apply_retention_everywhere()
            if done:
                log.info("anonymised %s members past the retention period", done)

        # The first heartbeat and reaper round now: the worker shows as alive as soon as it
        # consumes, and jobs lost while no worker ran are sent again at once.
        self._round(app, beat)
        self._round(app, reap_and_clean)
        timer = parent.timer
        self._entries = [
            timer.call_repeatedly(
                config["WORKER_HEARTBEAT_SECONDS"], self._round, (app, beat), priority=0
            ),
            timer.call_repeatedly(
                config["REAPER_INTERVAL"], self._round, (app, reap_and_clean), priority=0
            ),
        ]
        if config["RETENTION_INTERVAL"] > 0:
            # Daily by default; the first round after one interval, so that starting a worker
            # stays quick (the admin page runs the same rule on demand).
            self._entries.append(
                timer.call_repeatedly(
                    config["RETENTION_INTERVAL"], self._round, (app, retention), priority=0
                )
            )
        if getattr(parent, "use_eventloop", False):
            # With an event loop (Redis) celery notices a dead pool child at once but gives up
            # on its job only at the next pool check, every 5 s; checking each second sends the
            # job back to the queue about worker_lost_wait after the child died. (Without one,
            # billiard's supervisor thread checks ten times a second.)
            self._entries.append(timer.call_repeatedly(1.0, parent.pool.maintain_pool, priority=0))

    def stop(self, parent) -> None:
        for entry in self._entries:
            entry.cancel()
        self._entries = []

    @staticmethod
    def _round(app, work: Callable[[], None]) -> None:
        with FORK_LOCK, app.app_context():
            try:
                work()
            except Exception:
                log.exception("worker heartbeat/reaper round failed")
            finally:
                db.session.remove()
                # No connection of the parent stays open for a child to inherit.
                db.engine.dispose()
