"""Fixtures: one schema per run (built by the migrations), a fresh app and empty tables per
test, clients per role, a real Celery worker and a live server for browser tests."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from tests.backends import Backend, choose_backend
from tests.factories import PASSWORD
from webapp import create_app
from webapp.config import PROJECT_ROOT, Config
from webapp.extensions import db, limiter


@pytest.fixture(scope="session")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Backend:
    return choose_backend(tmp_path_factory.mktemp("backend"))


@pytest.fixture(scope="session")
def settings(backend: Backend, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment-style settings shared by the test app, the worker and the live server."""
    return {
        "SOHOI_TESTING": "1",
        "SOHOI_INSTANCE": str(tmp_path_factory.mktemp("instance")),
        "SECRET_KEY": "test-" + secrets.token_hex(16),
        # One backup key for the test app and the fresh instances a restore test creates.
        "BACKUP_KEY": "test-backup-" + secrets.token_hex(16),
        "DATABASE_URL": backend.database_url,
        "CELERY_BROKER_URL": backend.broker_url,
        "WORKER_HEARTBEAT_SECONDS": "0.5",
        "REAPER_INTERVAL": "1",
        "JOB_HEARTBEAT_SECONDS": "0.5",
        "JOB_HEARTBEAT_TIMEOUT": "4",
        "JOB_RESEND_AFTER": "3",
        # Long enough that a broker-down request and the test's look at its job finish first.
        "JOB_SEND_GRACE": "6",
        # Short enough for the runaway-template test, long enough for any real render here.
        "TASK_TIME_LIMIT": "8",
        "REPORT_PDF": "0",  # tests/reports/test_pdf.py converts once, on its own
    }


@pytest.fixture(scope="session")
def schema(settings: dict[str, str]) -> None:
    """Build the schema once, from an empty database, with the migrations (not create_all)."""
    from flask_migrate import upgrade

    app = create_app(Config(settings))
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade(directory=str(PROJECT_ROOT / "migrations"), revision="heads")
        db.engine.dispose()


def _empty_tables() -> None:
    """Delete every row, children first. DELETE, not TRUNCATE: on PostgreSQL truncating some
    sixty tables costs a quarter of a second per test, deleting a test's few rows almost nothing.

    The shared worker may still be finishing a job the previous test queued: a row it commits
    between our delete of a child table and of its parent breaks the foreign key (or the two
    transactions deadlock). That job's rows belong to no test, so start over until the
    delete lands in one piece.
    """
    for attempt in range(10):
        try:
            with db.engine.begin() as conn:
                for table in reversed(db.metadata.sorted_tables):
                    conn.execute(table.delete())
            return
        except (IntegrityError, OperationalError):
            if attempt == 9:
                raise
            time.sleep(0.2)


class AppClient(FlaskClient):
    """A test client that speaks like the browser: forms carry the CSRF token.

    Each request runs in an app context of its own (a fresh ``g`` and database session), as in
    production, even though the test itself holds one open for its factories and checks.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)

    def csrf_token(self) -> str:
        response = self.get("/auth/login")
        if response.status_code == 302:  # logged in: ask the token endpoint
            return self.get("/auth/csrf-token").get_json()["token"]
        match = re.search(r'name="csrf-token" content="([^"]+)"', response.get_data(as_text=True))
        assert match, "no CSRF token on the login page"
        return match.group(1)

    def post_form(self, url: str, data: dict | None = None, htmx: bool = False, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        headers = kwargs.pop("headers", {})
        if htmx:
            headers["HX-Request"] = "true"
        return self.post(url, data=data, headers=headers, **kwargs)

    def htmx_get(self, url: str, **kwargs):
        return self.get(url, headers={"HX-Request": "true"}, **kwargs)

    def login(self, username: str, password: str):
        return self.post_form("/auth/login", {"username": username, "password": password})


@pytest.fixture()
def app(settings: dict[str, str], schema: None) -> Iterator[Flask]:
    app = create_app(Config(settings))
    app.test_client_class = AppClient
    with app.app_context():
        _empty_tables()
        limiter.reset()
        yield app
        db.session.remove()
        # Each test builds its own app and engine: close its connections (PostgreSQL counts them).
        db.engine.dispose()


@pytest.fixture(scope="module")
def demo_app(settings: dict[str, str], schema: None) -> Iterator[Flask]:
    """An app whose database holds the demo commune (``flask seed-demo``), seeded once for a
    whole module: for modules whose tests only read it. No context is pushed; a test that
    changes data takes ``app`` and seeds its own."""
    demo = create_app(Config(settings))
    demo.test_client_class = AppClient
    with demo.app_context():
        _empty_tables()
        seeded = demo.test_cli_runner().invoke(args=["seed-demo"])
        assert seeded.exit_code == 0, seeded.output
        db.session.remove()
    yield demo
    with demo.app_context():
        _empty_tables()
        db.engine.dispose()


@pytest.fixture()
def broker_down_app(settings: dict[str, str], schema: None) -> Iterator[Flask]:
    """The same app and database, but its broker cannot be reached (nothing listens there)."""
    down = create_app(Config({**settings, "CELERY_BROKER_URL": "redis://127.0.0.1:1/0"}))
    down.test_client_class = AppClient
    yield down
    with down.app_context():
        db.engine.dispose()


@pytest.fixture()
def client(app: Flask) -> AppClient:
    return app.test_client()  # type: ignore[return-value]


@pytest.fixture()
def world(app: Flask):
    """Two communes with branches and one account of each role (see tests/factories.py)."""
    from tests.factories import make_world

    return make_world()


def client_for(app: Flask, user, password: str, locale: str | None = None) -> AppClient:
    """A new client logged in as ``user`` (who reads ``locale`` from now on, when given)."""
    if locale is not None:
        user.locale = locale
        db.session.commit()
    c: AppClient = app.test_client()  # type: ignore[assignment]
    response = c.login(user.username, password)
    assert response.status_code == 302, response.get_data(as_text=True)
    return c


@pytest.fixture()
def staff(app: Flask, world) -> AppClient:
    """Commune A's staff account, logged in (the user most tests act as)."""
    return client_for(app, world.staff_a, PASSWORD)


@pytest.fixture()
def english(app: Flask, world) -> AppClient:
    """Commune A's staff account, logged in, reading the pages in English."""
    return client_for(app, world.staff_a, PASSWORD, locale="en")


def page_text(response) -> str:
    """The response's body as text: what the user reads, markup included."""
    return response.get_data(as_text=True)


# --- a real Celery worker -------------------------------------------------------------------


@pytest.fixture(scope="session")
def worker_process(settings: dict[str, str], schema: None) -> Iterator[subprocess.Popen]:
    """A real worker process (prefork, like production) over the configured broker."""
    env = {**os.environ, **settings}
    log_path = Path(settings["SOHOI_INSTANCE"]) / "worker.log"
    log = log_path.open("w")
    # Drop messages an earlier run left in a shared broker (Redis in CI).
    purge = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "wsgi.celery", "purge", "-f"],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert purge.returncode == 0, purge.stderr
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "wsgi.celery",
            "worker",
            "--loglevel=INFO",
            "--concurrency=1",
            "--hostname",
            f"test-{secrets.token_hex(3)}@%h",
        ],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    proc.log_path = log_path  # type: ignore[attr-defined]
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture()
def worker(app: Flask, worker_process: subprocess.Popen) -> subprocess.Popen:
    """The running worker, once it has written its heartbeat (tables are emptied per test)."""
    from webapp.system.services import live_workers

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert worker_process.poll() is None, Path(worker_process.log_path).read_text()  # type: ignore[attr-defined]
        db.session.rollback()
        if live_workers():
            return worker_process
        time.sleep(0.2)
    raise AssertionError("worker did not start:\n" + Path(worker_process.log_path).read_text())  # type: ignore[attr-defined]


# --- a live server and a headless browser ------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture()
def live_server(app: Flask) -> Iterator[str]:
    """The app served over HTTP on a free port, in a thread of this process."""
    from werkzeug.serving import make_server

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture()
def page(live_server: str):
    """A Playwright page in Debian's headless chromium."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} missing in CI: .ci/run must install it")
        pytest.skip(
            f"browser tests need Debian's chromium at {CHROMIUM}: sudo apt-get install -y chromium"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(base_url=live_server, locale="vi-VN")
        pg = context.new_page()
        pg.set_default_timeout(10_000)
        yield pg
        context.close()
        browser.close()
