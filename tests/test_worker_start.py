"""The real worker starts, serves a job on each pool process and stops on SIGTERM, every time.

A short run of scripts/worker_start_loop.py (which does 50 starts and times them): a pool child
forked while the parent was inside SQLite used to hang for ever, about one start in five
(issue 11, §1). Runs on the suite's backend: SQLite, or PostgreSQL + Redis in CI.
"""

from __future__ import annotations

import pytest

from scripts.worker_start_loop import one_start

pytestmark = pytest.mark.worker

STARTS = 5


def test_the_worker_starts_serves_and_stops_every_time(app, settings, tmp_path):
    failures = []
    for number in range(1, STARTS + 1):
        # Generous deadlines: this catches a stuck pool process or a hung stop, not slowness
        # (the script holds the worker to 2 s per job).
        result = one_start(number, settings, tmp_path, job_deadline=20, stop_deadline=10)
        if result.failure:
            failures.append(f"start {number}: {result.failure}\n{result.log[-2000:]}")
    assert not failures, "\n".join(failures)
