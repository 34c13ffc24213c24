"""Home page (the dashboard of key figures) and ``/healthz`` for load balancers."""

from __future__ import annotations

from flask import abort, flash, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import text

from webapp.extensions import db, limiter
from webapp.formatting import local_today
from webapp.jobs.services import jobs_of
from webapp.main import bp
from webapp.main.dashboard import build_dashboard
from webapp.scope import visible_units


@bp.get("/")
@login_required
def index():
    units = visible_units(current_user)
    return render_template(
        "main/index.html",
        units=units,
        jobs=jobs_of(current_user, 5),
        dashboard=build_dashboard(current_user, local_today()),
        # A fresh install: offer the whole-tree admin the demo commune or an empty start.
        offer_demo=not units and current_user.is_admin and current_user.unit_id is None,
    )


@bp.post("/demo")
@login_required
def load_demo():
    """Load the demo commune (Đức Xương) into a fresh, empty install."""
    from webapp.demo import DemoRefused, seed_demo

    if not (current_user.is_admin and current_user.unit_id is None):
        abort(403)
    try:
        demo = seed_demo()
    except DemoRefused as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(
            _(
                "Đã nạp dữ liệu mẫu: Hội LHPN xã %(commune)s với %(n)s chi hội. Các số liệu khớp "
                "với báo cáo giữa nhiệm kỳ 2021–2023 của xã.",
                commune=demo.commune.name,
                n=len(demo.branches),
            ),
            "success",
        )
    # The button posts through htmx so the page shows its progress meanwhile (main/index.html).
    from webapp.form_helpers import done

    return done("main.index")


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """Liveness for docker/gunicorn health checks: says only "ok" or "unavailable"."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        return "unavailable", 503, {"Content-Type": "text/plain"}
    return "ok", 200, {"Content-Type": "text/plain"}
