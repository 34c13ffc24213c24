"""An app that is done with is freed: the suite builds one per test, and a process that kept
them all (each with its engine, templates and Celery app) grew to gigabytes by the end
(scripts/test_memory.py measures it)."""

from __future__ import annotations

import gc
import weakref

from webapp import create_app
from webapp.config import Config
from webapp.extensions import db


def test_an_app_no_longer_used_is_freed_with_its_celery_app(settings, schema):
    def build_and_use() -> tuple[weakref.ref, weakref.ref]:
        app = create_app(Config(settings))
        with app.app_context():
            assert app.test_client().get("/auth/login").status_code == 200
            db.engine.dispose()
        return weakref.ref(app), weakref.ref(app.extensions["celery"])

    first = build_and_use()
    build_and_use()  # the newest Celery app stays Celery's default: build a second
    gc.collect()
    assert [ref() for ref in first] == [None, None]
