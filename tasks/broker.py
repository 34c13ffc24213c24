"""The embedded broker: kombu's SQLAlchemy transport, made safe to use beside a forking pool.

What kombu's own transport (5.7) does not do, and the reason this module exists:

- Its polls run in the worker's main process while billiard may fork a new pool child from
  another thread; each call here holds ``FORK_LOCK`` (see tasks/forkguard.py) so a child is
  never forked in the middle of one.
- It hands every transport option to ``create_engine()``, which refuses ``polling_interval``;
  the option is read by kombu's virtual transport (``broker_transport_options`` in
  webapp/config.py sets it to 0,2 s) and taken out here before the engine is built.
- Two processes creating its tables or the same queue at once make one of them fail.
- Its wait for messages ignores the worker's shutdown flag for up to 2 s (``drain_events``).

Its engines live in a class-level cache that a forked child inherits: ``forget_engines`` drops
them in the child, without closing the parent's connections.
"""

from __future__ import annotations

from time import monotonic, sleep

from kombu.transport import TRANSPORT_ALIASES
from kombu.transport import sqlalchemy as kombu_sqla
from sqlalchemy import create_engine
from sqlalchemy.exc import IntegrityError, OperationalError

from tasks.forkguard import FORK_LOCK

# Transport options that are not create_engine() arguments: kombu's own list, and the polling
# interval its virtual transport reads.
_NOT_FOR_ENGINE = (
    "queue_tablename",
    "message_tablename",
    "callback",
    "errback",
    "max_retries",
    "interval_start",
    "interval_step",
    "interval_max",
    "retry_errors",
    "polling_interval",
)


class Channel(kombu_sqla.Channel):
    def _engine_from_config(self):
        client = self.connection.client
        options = {k: v for k, v in client.transport_options.items() if k not in _NOT_FOR_ENGINE}
        return create_engine(client.hostname, **options)

    def _open(self):
        try:
            return super()._open()
        except OperationalError:
            # Another process (web server and worker starting together on a new broker file)
            # created the tables between create_all()'s look and its CREATE; now they exist.
            return super()._open()

    def _get_or_create(self, queue):
        try:
            return super()._get_or_create(queue)
        except IntegrityError:
            # Another process (the web server, another worker) created the queue between our
            # look and our insert: kombu only expects that as an OperationalError.
            self.session.rollback()
            return super()._get_or_create(queue)

    def _get(self, queue):
        with FORK_LOCK:
            return super()._get(queue)

    def _put(self, queue, payload, **kwargs):
        with FORK_LOCK:
            return super()._put(queue, payload, **kwargs)

    def _purge(self, queue):
        with FORK_LOCK:
            return super()._purge(queue)

    def _size(self, queue):
        with FORK_LOCK:
            return super()._size(queue)

    def _new_queue(self, queue, **kwargs):
        with FORK_LOCK:
            return super()._new_queue(queue, **kwargs)


_ONE_LOOK = 1e-9


class Transport(kombu_sqla.Transport):
    Channel = Channel

    def drain_events(self, connection, timeout=None):
        """Wait for a message, but give up at once when the worker is told to stop.

        Celery's loop for transports without an event loop waits up to 2 s per call and only
        then looks at its shutdown flag; waiting one polling interval at a time and looking at
        the flag in between lets SIGTERM end the worker about two seconds sooner.
        """
        from celery.worker import state

        deadline = None if timeout is None else monotonic() + timeout
        while True:
            try:
                # One look at the queues (kombu's loop returns after one empty poll this short).
                return super().drain_events(connection, timeout=_ONE_LOOK)
            except TimeoutError:
                stopping = state.should_stop is not None or state.should_terminate is not None
                left = None if deadline is None else deadline - monotonic()
                if stopping or (left is not None and left <= 0):
                    raise
                sleep(self.polling_interval if left is None else min(self.polling_interval, left))


def install() -> None:
    """Make "sqla+…" broker URLs use this transport (kombu resolves transports by alias)."""
    TRANSPORT_ALIASES["sqla"] = "tasks.broker:Transport"
    TRANSPORT_ALIASES["sqlalchemy"] = "tasks.broker:Transport"


def forget_engines() -> None:
    """In a forked child: drop the engines inherited from the parent, leaving its connections be."""
    engines = kombu_sqla.Channel._engines
    for engine, _session in list(engines.values()):
        engine.dispose(close=False)
    engines.clear()
