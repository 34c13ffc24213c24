"""``celery_init_app``: a Celery app whose tasks run inside the Flask app context."""

from __future__ import annotations

from celery import Celery, Task
from celery.signals import worker_init, worker_process_init
from flask import Flask

from tasks.memory import limit_memory


def celery_init_app(app: Flask) -> Celery:
    """Create the Celery app for ``app``, configured from ``app.config["CELERY"]``."""

    class FlaskTask(Task):
        def __call__(self, *args: object, **kwargs: object) -> object:
            with app.app_context():
                return self.run(*args, **kwargs)

    from tasks import broker

    broker.install()
    celery = Celery(app.name, task_cls=FlaskTask)
    celery.config_from_object(app.config["CELERY"])
    celery.set_default()
    celery.flask_app = app  # the worker bootstep reaches the app through this
    app.extensions["celery"] = celery

    from tasks import jobs, reports, system  # noqa: F401  (registers the tasks)
    from tasks.worker import WorkerLifeStep

    celery.steps["worker"].add(WorkerLifeStep)

    @worker_init.connect(weak=False)
    def _no_open_connections(**_: object) -> None:
        # Loading the app may have opened a connection: close it before the pool forks.
        with app.app_context():
            from webapp.extensions import db

            db.engine.dispose()

    @worker_process_init.connect(weak=False)
    def _fresh_child(**_: object) -> None:
        # A forked pool child never uses an engine of the parent (its pooled connections, or
        # kombu's): it drops them without closing them and opens its own on first use.
        with app.app_context():
            from webapp.extensions import db

            db.engine.dispose(close=False)
        broker.forget_engines()
        limit_memory(app.config["TASK_MEMORY_LIMIT_MB"])

    return celery
