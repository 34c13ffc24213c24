"""Which Celery task runs which kind of job. Each area adds its kinds here."""

from __future__ import annotations

from celery import Task

from tasks.names import RENDER_REPORT, SELFTEST
from tasks.reports import render_report_task
from tasks.system import selftest_task

JOB_TASKS: dict[str, Task] = {
    SELFTEST: selftest_task,
    RENDER_REPORT: render_report_task,
}
