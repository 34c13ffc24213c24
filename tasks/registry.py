"""Which Celery task runs which kind of job. Each area adds its kinds here."""

from __future__ import annotations

from celery import Task

from tasks.demo import load_demo_task
from tasks.names import LOAD_DEMO, RENDER_REPORT, SELFTEST
from tasks.reports import render_report_task
from tasks.system import selftest_task

JOB_TASKS: dict[str, Task] = {
    SELFTEST: selftest_task,
    RENDER_REPORT: render_report_task,
    LOAD_DEMO: load_demo_task,
}
