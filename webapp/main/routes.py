"""Home page (the dashboard of key figures) and ``/healthz`` for load balancers."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import text

from webapp.demo import DemoRefused
from webapp.demo.loading import latest_demo_job, start_demo_load
from webapp.extensions import db, limiter
from webapp.form_helpers import done
from webapp.formatting import local_today
from webapp.htmx import STOP_POLLING
from webapp.jobs.services import broker_down_message, broker_was_unreachable, jobs_of
from webapp.main import bp
from webapp.main.dashboard import build_dashboard
from webapp.models import JobState
from webapp.scope import upper_levels, visible_rows


@bp.get("/")
@login_required
def index():
    # A province's 6.000 units are not listed one by one: its communes are.
    units, hidden_units = upper_levels(visible_rows(current_user))
    # A fresh install: offer the whole-tree admin the demo commune or an empty start.
    offer_demo = not units and current_user.is_admin and current_user.unit_id is None
    return render_template(
        "main/index.html",
        units=units,
        hidden_units=hidden_units,
        jobs=jobs_of(current_user, 5),
        dashboard=build_dashboard(current_user, local_today()),
        offer_demo=offer_demo,
        # The demo being loaded (or its failure) is shown in place of the button.
        demo_job=latest_demo_job() if offer_demo else None,
    )


def _demo_admin() -> None:
    """Only an admin of the whole tree loads the demo (into an empty install)."""
    if not (current_user.is_admin and current_user.unit_id is None):
        abort(403)


@bp.post("/demo")
@login_required
def load_demo():
    """Queue the loading of the demo commune (Đức Xương) into a fresh, empty install.

    A few seconds of work: a background job whose progress the home page polls. A second click
    while it is queued or running shows that job instead of queueing another.
    """
    _demo_admin()
    try:
        start_demo_load(current_user)
    except DemoRefused as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return done("main.index")
    db.session.commit()
    if broker_was_unreachable():
        flash(broker_down_message(), "warning")
    if request.htmx:
        return demo_progress()
    return redirect(url_for("main.index"))


@bp.get("/demo")
@login_required
def demo_progress():
    """The demo job's progress (an htmx fragment polling itself); once it is done the whole
    home page reloads with the demo's figures."""
    _demo_admin()
    job = latest_demo_job()
    if not request.htmx:
        return redirect(url_for("main.index"))
    if job is not None and job.state is JobState.DONE:
        # Said once: a poll already under way when the page reloads must not say it again.
        if session.get("demo_announced") != job.id:
            session["demo_announced"] = job.id
            flash(_demo_loaded_message(job), "success")
        return "", 200, {"HX-Redirect": url_for("main.index")}
    status = STOP_POLLING if job is None or job.state.finished else 200
    return render_template("main/_demo_job.html", job=job), status


def _demo_loaded_message(job) -> str:
    result = job.result or {}
    return _(
        "Đã nạp dữ liệu mẫu: Hội LHPN xã %(commune)s với %(n)s chi hội. Các số liệu khớp "
        "với báo cáo giữa nhiệm kỳ 2021–2023 của xã.",
        commune=result.get("commune", ""),
        n=result.get("branches", 0),
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
