"""Schema, configuration and the embedded runtime settings."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from webapp.config import Config
from webapp.extensions import db


def test_models_and_migrations_agree(app):
    # The test schema was built by `flask db upgrade` from an empty database (conftest.schema).
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models differ from migrations; run `flask db migrate`: {diff}"


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(app):
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_without_secret_key_a_random_key_is_generated_once_and_kept(tmp_path):
    env = {"SOHOI_INSTANCE": str(tmp_path)}
    first = Config(env).SECRET_KEY
    assert len(first) >= 32
    assert first == Config(env).SECRET_KEY
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert Config({"SOHOI_INSTANCE": str(tmp_path), "SECRET_KEY": "given"}).SECRET_KEY == "given"


def test_embedded_defaults_need_no_server(tmp_path):
    config = Config({"SOHOI_INSTANCE": str(tmp_path)})
    assert f"sqlite:///{tmp_path / 'sohoi.sqlite3'}" == config.SQLALCHEMY_DATABASE_URI
    assert config.CELERY["broker_url"].startswith("sqla+sqlite:///")
    assert config.RATELIMIT_STORAGE_URI == "memory://"


def test_celery_reliability_settings(tmp_path):
    config = Config(
        {
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
            "TASK_TIME_LIMIT": "120",
            "SECRET_KEY": "x",
            "SOHOI_INSTANCE": str(tmp_path),
        }
    )
    celery = config.CELERY
    assert celery["task_acks_late"] and celery["task_reject_on_worker_lost"]
    assert celery["worker_prefetch_multiplier"] == 1
    assert celery["task_time_limit"] == 120
    assert celery["broker_transport_options"]["visibility_timeout"] > 120
