"""Home page (the dashboard of key figures) and ``/healthz`` for load balancers."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required
from sqlalchemy import text

from webapp.activities.common import local_today
from webapp.activities.dashboard import build_dashboard
from webapp.extensions import db, limiter
from webapp.jobs.services import jobs_of
from webapp.main import bp
from webapp.units.services import visible_units


@bp.get("/")
@login_required
def index():
    return render_template(
        "main/index.html",
        units=visible_units(current_user),
        jobs=jobs_of(current_user, 5),
        dashboard=build_dashboard(current_user, local_today()),
    )


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """Liveness for docker/gunicorn health checks: says only "ok" or "unavailable"."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        return "unavailable", 503, {"Content-Type": "text/plain"}
    return "ok", 200, {"Content-Type": "text/plain"}
