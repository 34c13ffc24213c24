"""Sổ Hội: the Flask application factory."""

from __future__ import annotations

import importlib
import logging

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import configure_mappers
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp import formatting
from webapp.config import PROJECT_ROOT, Config

# One blueprint per area, in navigation order.
AREAS = (
    "auth",
    "main",
    "members",
    "activities",
    "loans",
    "charity",
    "reports",
    "trash_bin",
    "accounts",
    "units",
    "audit_log",
    "system",
    "jobs",
    "imports",
    "privacy",
)


def create_app(config: Config | None = None) -> Flask:
    """Build the app: config → extensions → celery → blueprints → errors."""
    config = config or Config()
    app = Flask(
        __name__,
        instance_path=str(config.INSTANCE_PATH),
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    app.config.from_object(config)
    formatting.set_timezone(app.config["TIMEZONE"])
    if app.config["TRUST_PROXY"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in ("webapp", "tasks"):
        logging.getLogger(name).setLevel(logging.INFO)

    _init_extensions(app)

    from tasks.celery_app import celery_init_app

    celery_init_app(app)

    for name in AREAS:
        app.register_blueprint(importlib.import_module(f"webapp.{name}").bp)

    # audit and trash install session hooks when imported
    from webapp import audit, cli, errors, fields, locking, security, templating, trash  # noqa: F401

    # Configure the mappers now, in one thread: a worker forks pool processes while its heartbeat
    # thread queries, and a child that inherits SQLAlchemy's configure lock held would hang.
    configure_mappers()

    security.init_app(app)
    errors.init_app(app)
    fields.init_app(app)
    locking.init_app(app)
    templating.init_app(app)
    cli.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    from webapp import auth, htmx
    from webapp.extensions import babel, csrf, db, limiter, login_manager, migrate
    from webapp.i18n import select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    auth.init_login_manager(login_manager)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    htmx.init_app(app)


@event.listens_for(Engine, "connect")
def _postgresql_no_jit(dbapi_connection, connection_record) -> None:
    """PostgreSQL's JIT compiles the recursive unit-tree query for its (wrong) row estimate and
    doubles a report's context build: the app's short queries never gain from it."""
    if not type(dbapi_connection).__module__.startswith("psycopg"):
        return
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    dbapi_connection.commit()  # a SET inside a transaction rolled back would be undone


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """WAL and a busy timeout so the web server and the worker never see "database is locked"."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
