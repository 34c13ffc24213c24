"""The reaper: re-sends jobs whose message was lost (dead worker, broker restart)."""

from __future__ import annotations

import logging

from flask import current_app

from tasks.dispatch import resend_lost_jobs

log = logging.getLogger(__name__)


def reap() -> list[int]:
    """One round: re-send lost jobs with the app's timeouts; return the ids sent again."""
    sent = resend_lost_jobs(
        current_app.config["JOB_RESEND_AFTER"], current_app.config["JOB_HEARTBEAT_TIMEOUT"]
    )
    if sent:
        log.info("reaper re-sent jobs %s", sent)
    return sent
