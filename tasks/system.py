"""The queue self-test: a job that proves web → broker → worker → database works end to end."""

from __future__ import annotations

import platform
import time

from celery import shared_task

from tasks.jobs import Progress, execute_job
from tasks.names import SELFTEST_TASK
from webapp.models import Job


def selftest(job: Job, progress: Progress) -> dict:
    """Step through a few progress values and report which worker answered."""
    steps = int(job.params.get("steps", 4))
    for i in range(1, steps + 1):
        time.sleep(float(job.params.get("delay", 0.1)))
        progress(i * 100 // steps)
    return {"worker": job.worker, "python": platform.python_version()}


@shared_task(name=SELFTEST_TASK, bind=True)
def selftest_task(self, job_id: int, token: str | None = None) -> str | None:
    state = execute_job(job_id, selftest, worker=self.request.hostname or "", token=token)
    return state.value if state else None
