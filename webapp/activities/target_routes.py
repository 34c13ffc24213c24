"""Thin views of terms and targets: the target page of a term (progress bars and the summary
line, at any date of the term, and one year's plan), and the forms to define terms and
targets."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.activities import bp
from webapp.activities.common import ActivityError, local_today
from webapp.activities.forms import TargetForm, TermForm
from webapp.activities.routes import PICK, attach_error
from webapp.activities.targets import (
    delete_target,
    delete_term,
    indicator_choices,
    save_target,
    save_term,
    typed_goals,
    visible_terms,
    year_choices,
)
from webapp.extensions import db
from webapp.fields import query_date, query_int
from webapp.form_helpers import choices
from webapp.indicators.targets import (
    as_of_in_term,
    running_term,
    summary_line,
    term_progress,
    year_progress,
)
from webapp.models.targets import Target, Term
from webapp.scope import can_write_unit, get_scoped_or_404
from webapp.units.services import unit_choices


def _as_of(term: Term) -> date:
    return as_of_in_term(term, query_date("at") or local_today())


@bp.get("/targets/")
def targets():
    terms = visible_terms(current_user)
    term_id = query_int("term")
    term = None
    if term_id:
        term = get_scoped_or_404(Term, term_id, current_user)
    elif terms:
        own = running_term(current_user.unit_id, local_today()) if current_user.unit_id else None
        term = own or terms[0]
    context: dict = {"terms": terms, "term": term}
    if term is not None:
        at = _as_of(term)
        progress = term_progress(term, at)
        # One year's plan beside the term's targets: the as-of date's year unless asked.
        year = query_int("year", default=at.year, minimum=1, maximum=9999)
        year = min(max(year, term.start_on.year), term.end_on.year)
        plan = year_progress(term, year, at)
        context.update(
            at=at,
            progress=progress,
            summary=summary_line(progress),
            year=year,
            year_plan=plan,
            year_summary=summary_line(plan),
            can_write=can_write_unit(current_user, term.unit_id),
        )
    if request.htmx and request.htmx.target == "target-progress":
        return render_template("activities/targets/_progress.html", **context)
    return render_template("activities/targets/index.html", **context)


def _term_form(term: Term | None) -> TermForm:
    form = TermForm(obj=term if request.method == "GET" else None)
    form.unit_id.choices = choices([PICK, *unit_choices(current_user)])
    if request.method == "GET" and term is None:
        form.unit_id.data = current_user.unit_id
    return form


def _save_term(term: Term, form: TermForm, creating: bool):
    if form.validate_on_submit():
        try:
            save_term(term, form, current_user)
        except ActivityError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            flash(_("Đã lưu %(term)s.", term=term.display_name), "success")
            return redirect(url_for("activities.targets", term=term.id))
    status = 422 if request.method == "POST" else 200
    shown = None if creating else term
    return render_template("activities/targets/term_form.html", form=form, term=shown), status


@bp.route("/targets/terms/new", methods=["GET", "POST"])
def terms_new():
    return _save_term(Term(), _term_form(None), creating=True)


@bp.route("/targets/terms/<int:term_id>/edit", methods=["GET", "POST"])
def terms_edit(term_id: int):
    term = get_scoped_or_404(Term, term_id, current_user)
    return _save_term(term, _term_form(term), creating=False)


@bp.post("/targets/terms/<int:term_id>/delete")
def terms_delete(term_id: int):
    term = get_scoped_or_404(Term, term_id, current_user)
    try:
        delete_term(term, current_user)
    except ActivityError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("activities.targets", term=term.id))
    db.session.commit()
    flash(_("Đã xoá %(term)s.", term=term.display_name), "success")
    return redirect(url_for("activities.targets"))


def _target_form(target: Target | None, term: Term) -> TargetForm:
    form = TargetForm(obj=target if request.method == "GET" else None)
    current = target.indicator_code if target else None
    form.indicator_code.choices = choices(indicator_choices(current))
    form.year.choices = choices(year_choices(term))
    if request.method == "GET" and target is None:
        form.year.data = query_int("year", minimum=1, maximum=9999)  # "+ Thêm" of a year's plan
    if request.method == "GET" and target is not None:
        form.goal_kind.data = target.goal_kind.value
        form.counting.data = target.counting.value
        goals = typed_goals(target)
        form.goal.data, form.goal_high.data = goals["goal"], goals["goal_high"]
    return form


def _save_target(target: Target, term: Term, form: TargetForm, creating: bool):
    if form.validate_on_submit():
        try:
            save_target(target, term, form, current_user)
        except ActivityError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            flash(_("Đã lưu chỉ tiêu “%(name)s”.", name=target.short_name), "success")
            return redirect(url_for("activities.targets", term=term.id, year=target.year))
    status = 422 if request.method == "POST" else 200
    shown = None if creating else target
    return render_template(
        "activities/targets/target_form.html", form=form, term=term, target=shown
    ), status


@bp.route("/targets/terms/<int:term_id>/new", methods=["GET", "POST"])
def targets_new(term_id: int):
    term = get_scoped_or_404(Term, term_id, current_user)
    return _save_target(Target(), term, _target_form(None, term), creating=True)


@bp.route("/targets/<int:target_id>/edit", methods=["GET", "POST"])
def targets_edit(target_id: int):
    target = get_scoped_or_404(Target, target_id, current_user)
    term = get_scoped_or_404(Term, target.term_id, current_user)
    return _save_target(target, term, _target_form(target, term), creating=False)


@bp.post("/targets/<int:target_id>/delete")
def targets_delete(target_id: int):
    target = get_scoped_or_404(Target, target_id, current_user)
    delete_target(target, current_user)
    db.session.commit()
    if request.htmx:
        return ""
    flash(_("Đã xoá chỉ tiêu “%(name)s”.", name=target.short_name), "success")
    return redirect(url_for("activities.targets", term=target.term_id))
