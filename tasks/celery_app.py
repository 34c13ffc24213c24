"""``celery_init_app``: a Celery app whose tasks run inside the Flask app context."""

from __future__ import annotations

from celery import Celery, Task
from celery import current_app as current_celery
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

    from tasks import demo, jobs, reports, system  # noqa: F401  (registers the tasks)
    from tasks.worker import WorkerLifeStep

    celery.steps["worker"].add(WorkerLifeStep)

    return celery


# Connected once, here, not per app: a receiver made inside celery_init_app would hold its app,
# and the signal holds its receivers for good (weak=False): every app ever built (one per test)
# would stay in memory with its engine, templates and Celery app.


@worker_init.connect(weak=False)
def _no_open_connections(sender: object, **_: object) -> None:
    # Loading the app may have opened a connection: close it before the pool forks.
    app = getattr(sender.app, "flask_app", None)  # type: ignore[attr-defined]
    if app is None:
        return
    with app.app_context():
        from webapp.extensions import db

        db.engine.dispose()


@worker_process_init.connect(weak=False)
def _fresh_child(**_: object) -> None:
    # A forked pool child never uses an engine of the parent (its pooled connections, or
    # kombu's): it drops them without closing them and opens its own on first use.
    # The pool set the worker's Celery app as current before sending this signal.
    app = getattr(current_celery._get_current_object(), "flask_app", None)
    if app is None:
        return
    from tasks import broker

    with app.app_context():
        from webapp.extensions import db

        db.engine.dispose(close=False)
    broker.forget_engines()
    limit_memory(app.config["TASK_MEMORY_LIMIT_MB"])
