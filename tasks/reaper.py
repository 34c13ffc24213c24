"""The reaper: re-sends jobs whose message was lost (dead worker, broker restart)."""

from __future__ import annotations

import logging

from flask import current_app

from tasks.dispatch import resend_lost_jobs

log = logging.getLogger(__name__)


def reap() -> list[int]:
    """One round: re-send lost jobs with the app's timeouts; return the ids sent again."""
    config = current_app.config
    sent = resend_lost_jobs(
        config["JOB_RESEND_AFTER"], config["JOB_HEARTBEAT_TIMEOUT"], config["JOB_SEND_GRACE"]
    )
    if sent:
        log.info("reaper re-sent jobs %s", sent)
    return sent
