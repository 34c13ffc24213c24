"""Configuration read from environment variables, with defaults for the embedded setup.

Embedded default (one machine, nothing to install): SQLite database, Celery on kombu's
SQLAlchemy transport over a second SQLite file, report files under ``instance/``.
Production sets ``DATABASE_URL``, ``CELERY_BROKER_URL``, ``SECRET_KEY``, … (see README).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE = PROJECT_ROOT / "instance"


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def instance_secret(instance_dir: Path, name: str) -> str:
    """Return the random secret kept in ``instance/<name>``, generating it on first use.

    No secret lives in the code: an install without the setting gets a random one once, and
    keeps it (mode 0600) so that sessions and backups survive restarts.
    """
    path = instance_dir / name
    if not path.exists():
        instance_dir.mkdir(parents=True, exist_ok=True)
        # O_EXCL: when the web server and the worker start together only one writes the key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
    return path.read_text().strip()


def instance_secret_key(instance_dir: Path) -> str:
    """The session-signing key kept in ``instance/secret_key``."""
    return instance_secret(instance_dir, "secret_key")


def celery_settings(broker_url: str, task_time_limit: int) -> dict:
    """Celery settings shared by every deployment.

    Late acknowledgement, re-queue when a worker is lost and prefetch 1 mean a job whose worker
    dies is delivered again; the job row in the database stays the truth (see tasks/reaper.py).
    """
    settings: dict = {
        "broker_url": broker_url,
        "task_ignore_result": True,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        # How long the pool waits for a result from a child that died before it gives up on it
        # and the message goes back to the queue. Results are not kept (the job row is the
        # truth), so there is nothing to wait for; celery's 10 s would delay every recovery.
        "worker_lost_wait": 1.0,
        "task_time_limit": task_time_limit,
        # The soft limit lets the task fail with a readable message before the hard kill.
        "task_soft_time_limit": max(1, int(task_time_limit * 0.9)),
        "broker_connection_retry_on_startup": True,
        "broker_connection_timeout": 3,
        # A web request must not hang when the broker is down: fail fast, the reaper re-sends.
        "task_publish_retry_policy": {
            "max_retries": 1,
            "interval_start": 0,
            "interval_step": 0.5,
            "interval_max": 0.5,
        },
        "worker_hijack_root_logger": False,
        "worker_send_task_events": False,
    }
    scheme = urlsplit(broker_url).scheme
    if scheme.startswith("redis"):
        # Redis re-delivers unacknowledged messages after the visibility timeout; it must be
        # longer than the longest task or a slow task would run twice.
        settings["broker_transport_options"] = {
            "visibility_timeout": task_time_limit * 3,
            "socket_connect_timeout": 3,
        }
    elif scheme.startswith("sqla"):
        # kombu polls for new messages every second by default, which a user waiting for a
        # report would feel; one small SELECT on a local file five times a second costs nothing.
        # The other options go to create_engine() (tasks/broker.py): a generous SQLite timeout
        # avoids "database is locked" between the web process and the worker.
        settings["broker_transport_options"] = {
            "polling_interval": 0.2,
            "connect_args": {"timeout": 30},
        }
    return settings


class Config:
    """Settings for running the app, read from ``environ`` (the process environment by default).

    Tests build one from a dict, the worker they start gets the same values as real environment
    variables: one code path reads the settings everywhere.
    """

    TESTING = False

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        self.TESTING = _bool(env.get("SOHOI_TESTING"), False)
        self.INSTANCE_PATH = Path(env.get("SOHOI_INSTANCE", DEFAULT_INSTANCE)).resolve()
        self.INSTANCE_PATH.mkdir(parents=True, exist_ok=True)
        inst = self.INSTANCE_PATH

        self.SECRET_KEY = env.get("SECRET_KEY") or instance_secret_key(inst)
        # Backups are encrypted with this passphrase (webapp/backup_crypto.py); without the
        # setting a random one is kept in instance/backup_key. Keep a copy off the server.
        self.BACKUP_KEY = env.get("BACKUP_KEY") or instance_secret(inst, "backup_key")
        self.SQLALCHEMY_DATABASE_URI = env.get(
            "DATABASE_URL", f"sqlite:///{inst / 'sohoi.sqlite3'}"
        )
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        self.TASK_TIME_LIMIT = int(env.get("TASK_TIME_LIMIT", "300"))
        self.CELERY = celery_settings(
            env.get("CELERY_BROKER_URL", f"sqla+sqlite:///{inst / 'celery-broker.sqlite3'}"),
            self.TASK_TIME_LIMIT,
        )
        # A running job beats every JOB_HEARTBEAT_SECONDS; one whose heartbeat is older than
        # JOB_HEARTBEAT_TIMEOUT lost its worker and is re-sent at the next reaper round; a queued
        # job whose message was sent JOB_RESEND_AFTER ago and not picked up is re-sent
        # (see tasks/reaper.py).
        self.JOB_HEARTBEAT_SECONDS = float(env.get("JOB_HEARTBEAT_SECONDS", "5"))
        self.JOB_HEARTBEAT_TIMEOUT = float(env.get("JOB_HEARTBEAT_TIMEOUT", "30"))
        self.JOB_RESEND_AFTER = float(env.get("JOB_RESEND_AFTER", "120"))
        # A job never sent (broker down) is sent by the reaper once it is this old.
        self.JOB_SEND_GRACE = float(env.get("JOB_SEND_GRACE", "10"))
        self.REAPER_INTERVAL = float(env.get("REAPER_INTERVAL", "15"))
        self.JOB_MAX_ATTEMPTS = int(env.get("JOB_MAX_ATTEMPTS", "3"))
        self.WORKER_HEARTBEAT_SECONDS = float(env.get("WORKER_HEARTBEAT_SECONDS", "10"))
        # The embedded broker keeps every delivered message; the worker deletes those delivered
        # longer ago than this (seconds) at each reaper round.
        self.BROKER_PURGE_AFTER = float(env.get("BROKER_PURGE_AFTER", "300"))
        # How often a worker applies the retention rule of personal data (seconds; 0: never).
        self.RETENTION_INTERVAL = float(env.get("RETENTION_INTERVAL", str(24 * 3600)))
        # Memory a job may allocate in a worker child beyond what the child holds when it starts
        # (MB); a render that needs more fails with a clear message (0: no cap).
        self.TASK_MEMORY_LIMIT_MB = int(env.get("TASK_MEMORY_LIMIT_MB", "1024"))
        self.FILES_DIR = Path(env.get("FILES_DIR", inst / "files")).resolve()
        # Where LibreOffice is installed, report jobs also make a PDF (set 0 to skip it).
        self.REPORT_PDF = _bool(env.get("REPORT_PDF"), True)

        self.RATELIMIT_STORAGE_URI = env.get("RATELIMIT_STORAGE_URI", "memory://")
        self.RATELIMIT_HEADERS_ENABLED = True
        # Failed logins (webapp/auth/throttle.py): per username and address, per address, and
        # per username alone with a short window only (others could fill it for the real user,
        # who is exempt from it on a browser that logged in to the account before).
        self.LOGIN_RATE_LIMIT = env.get("LOGIN_RATE_LIMIT", "5 per minute;30 per hour")
        self.LOGIN_ADDRESS_RATE_LIMIT = env.get(
            "LOGIN_ADDRESS_RATE_LIMIT", "30 per minute;200 per hour"
        )
        self.LOGIN_USERNAME_RATE_LIMIT = env.get("LOGIN_USERNAME_RATE_LIMIT", "10 per 5 minutes")
        self.KNOWN_DEVICE_DAYS = int(env.get("KNOWN_DEVICE_DAYS", "90"))
        # Wrong current passwords on the password-change form, per account.
        self.PASSWORD_CHANGE_RATE_LIMIT = env.get(
            "PASSWORD_CHANGE_RATE_LIMIT", "5 per minute;20 per hour"
        )
        # Report renders queued per user (every role; viewers too, for the district's roll-ups).
        self.REPORT_GENERATE_RATE = env.get("REPORT_GENERATE_RATE", "10 per hour")

        self.MAX_CONTENT_LENGTH = int(env.get("MAX_CONTENT_LENGTH", str(20 * 1024 * 1024)))
        # Uploaded .xlsx/.docx (webapp/uploads.py): what they may unpack to, how much more than
        # their size, how many parts; rows an import reads (empty rows count).
        self.UPLOAD_MAX_UNCOMPRESSED = int(
            env.get("UPLOAD_MAX_UNCOMPRESSED", str(50 * 1024 * 1024))
        )
        self.UPLOAD_MAX_RATIO = float(env.get("UPLOAD_MAX_RATIO", "100"))
        self.UPLOAD_MAX_MEMBERS = int(env.get("UPLOAD_MAX_MEMBERS", "1000"))
        self.UPLOAD_MAX_XML_TAGS = int(env.get("UPLOAD_MAX_XML_TAGS", "3000000"))
        self.UPLOAD_MAX_SHARED_STRINGS = int(env.get("UPLOAD_MAX_SHARED_STRINGS", "50000"))
        self.IMPORT_MAX_ROWS = int(env.get("IMPORT_MAX_ROWS", "20000"))
        # Rows the province install list (webapp/units/services/install.py) may have, empty ones included.
        self.PROVINCE_INSTALL_MAX_ROWS = int(env.get("PROVINCE_INSTALL_MAX_ROWS", "1000"))
        # The unit tree page opens every level when the tree has at most this many units.
        self.UNIT_TREE_OPEN_MAX = int(env.get("UNIT_TREE_OPEN_MAX", "60"))
        # Matches of a unit tree search shown at most (each with the units above it).
        self.UNIT_TREE_SEARCH_MAX = int(env.get("UNIT_TREE_SEARCH_MAX", "200"))
        # A backup .zip gets the same checks with room for a whole instance.
        self.BACKUP_MAX_UNCOMPRESSED = int(
            env.get("BACKUP_MAX_UNCOMPRESSED", str(4 * 1024 * 1024 * 1024))
        )
        self.BACKUP_MAX_MEMBERS = int(env.get("BACKUP_MAX_MEMBERS", "200000"))
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        # Behind HTTPS (production) cookies must never travel over plain HTTP.
        self.SESSION_COOKIE_SECURE = _bool(env.get("SESSION_COOKIE_SECURE"), False)
        self.PREFERRED_URL_SCHEME = "https" if self.SESSION_COOKIE_SECURE else "http"
        self.PERMANENT_SESSION_LIFETIME = timedelta(hours=int(env.get("SESSION_HOURS", "12")))
        # CSRF tokens live as long as the session; base.html refreshes them for pages left open.
        self.WTF_CSRF_TIME_LIMIT = int(self.PERMANENT_SESSION_LIFETIME.total_seconds())
        self.WTF_CSRF_HEADERS = ["X-CSRFToken"]
        self.TRUST_PROXY = _bool(env.get("TRUST_PROXY"), False)

        self.BABEL_DEFAULT_LOCALE = "vi"
        # The union's time zone: today's date, default dates, "not in the future" and the
        # times pages show (webapp/formatting.py local_today/local_now), whatever the server's.
        self.TIMEZONE = env.get("TIMEZONE", "Asia/Ho_Chi_Minh")
        self.BABEL_DEFAULT_TIMEZONE = self.TIMEZONE
        self.LANGUAGES = ("vi", "en")
        self.BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")
        self.PAGE_SIZE = 50
        # A list counts its rows up to this many, then says "more than" (counting a province's
        # 660.000 members cost 40 ms on every page of the list).
        self.LIST_COUNT_LIMIT = 10_000
        # A list's unit filter lists a whole scope up to this many units; a larger one (a
        # province of merged communes: 6.000) lists its upper levels and the chosen unit's
        # branches (webapp/scope.py unit_filter).
        self.UNIT_FILTER_LIMIT = 400
        # The home page's figures are kept this long per unit and day, and recomputed at once
        # when any record changes (0: never kept).
        self.DASHBOARD_CACHE_SECONDS = float(env.get("DASHBOARD_CACHE_SECONDS", "60"))
        # Personal data (README "Personal data"): days to answer a data subject's request
        # (72 hours in Nghị định 13/2023; check the decree in force), and years a member's
        # details are kept after she leaves before the retention job anonymises them.
        self.PRIVACY_REQUEST_DAYS = int(env.get("PRIVACY_REQUEST_DAYS", "3"))
        self.RETENTION_YEARS = int(env.get("RETENTION_YEARS", "5"))
