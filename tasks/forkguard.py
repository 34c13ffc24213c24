"""No fork while this process is inside a database call.

The prefork pool forks its children from the worker's main process: at start, and again from
billiard's supervisor thread whenever a child dies. A child forked while another thread of the
parent was inside SQLite inherits SQLite's mutexes and lock bookkeeping in whatever state they
were, and hangs in its first ``sqlite3_open`` or sees "database is locked" forever (issue 11).
Every database call the worker's main process makes (its heartbeat, reaper and broker
clean-up rounds, and the embedded broker's polls) holds ``FORK_LOCK``; ``os.fork`` takes it too,
so a fork waits for the call to end and no call starts during a fork.
"""

from __future__ import annotations

import os
import threading

# Re-entrant: a round that holds it may call code that takes it again (a send inside a round).
FORK_LOCK = threading.RLock()


def _release() -> None:
    FORK_LOCK.release()


os.register_at_fork(before=FORK_LOCK.acquire, after_in_parent=_release, after_in_child=_release)
