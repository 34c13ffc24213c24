"""Which database and broker the suite runs against.

Default: a SQLite file and kombu's SQLAlchemy transport on another SQLite file, in a temporary
folder. With ``SOHOI_TEST_BACKEND=services`` (CI): ``TEST_DATABASE_URL`` (PostgreSQL) and
``TEST_BROKER_URL`` (Redis); an unreachable service fails the run, it never skips.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class Backend:
    name: str
    database_url: str
    broker_url: str


def choose_backend(tmp: Path) -> Backend:
    if os.environ.get("SOHOI_TEST_BACKEND") == "services":
        database_url = os.environ.get("TEST_DATABASE_URL", "")
        broker_url = os.environ.get("TEST_BROKER_URL", "")
        if not database_url or not broker_url:
            pytest.exit(
                "SOHOI_TEST_BACKEND=services needs TEST_DATABASE_URL and TEST_BROKER_URL",
                returncode=3,
            )
        _require_reachable(database_url, broker_url)
        return Backend("services", database_url, broker_url)
    return Backend(
        "sqlite",
        f"sqlite:///{tmp / 'test.sqlite3'}",
        f"sqla+sqlite:///{tmp / 'broker.sqlite3'}",
    )


def _require_reachable(database_url: str, broker_url: str) -> None:
    import sqlalchemy
    from kombu import Connection

    try:
        engine = sqlalchemy.create_engine(database_url)
        with engine.connect() as conn:
            conn.execute(sqlalchemy.text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        pytest.exit(f"test database {database_url} unreachable: {exc}", returncode=3)
    try:
        with Connection(broker_url, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:
        pytest.exit(f"test broker {broker_url} unreachable: {exc}", returncode=3)
