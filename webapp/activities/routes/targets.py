"""Thin views of terms and targets: the target page of a term (progress bars and the summary
line, at any date of the term, and one year's plan), and the forms to define terms and
targets."""

from __future__ import annotations

from datetime import date

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from webapp.activities import bp
from webapp.activities.forms import PICK, TargetForm, TermForm
from webapp.activities.services.targets import (
    TargetData,
    TermData,
    check_target,
    check_term,
    delete_target,
    delete_term,
    indicator_choices,
    save_target,
    save_term,
    typed_goals,
    visible_terms,
    year_choices,
)
from webapp.fields import query_date, query_int
from webapp.form_helpers import (
    add_or_edit,
    choices,
    done,
    form_data,
    form_page,
    page_or_part,
    row_deleted,
    run_action,
    submit,
)
from webapp.formatting import local_today
from webapp.indicators.targets import (
    as_of_in_term,
    running_term,
    summary_line,
    term_progress,
    year_progress,
)
from webapp.models.targets import Target, Term
from webapp.scope import can_write_unit, get_scoped_or_404, unit_choices


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
            summary=summary_line(progress, in_user_language=True),
            year=year,
            year_plan=plan,
            year_summary=summary_line(plan, in_user_language=True),
            can_write=can_write_unit(current_user, term.unit_id),
        )
    page, part = "activities/targets/index.html", "activities/targets/_progress.html"
    return page_or_part(page, part, "target-progress", **context)


def _term_form(term: Term | None) -> TermForm:
    form = TermForm(obj=term if request.method == "GET" else None)
    form.unit_id.choices = choices([PICK, *unit_choices(current_user)])
    if request.method == "GET" and term is None:
        form.unit_id.data = current_user.unit_id
    return form


def _save_term(shown: Term | None):
    form = _term_form(shown)
    term = shown or Term()
    data, version = form_data(form, TermData), form.loaded_version
    check = (check_term, shown, data, current_user, version)
    if submit(form, save_term, term, data, current_user, version, check=check):
        return done(
            "activities.targets", _("Đã lưu %(term)s.", term=term.display_name), term=term.id
        )
    return form_page("activities/targets/term_form.html", form, term=shown)


@bp.route("/targets/terms/new", endpoint="terms_new", methods=["GET", "POST"])
@bp.route("/targets/terms/<int:term_id>/edit", methods=["GET", "POST"])
def terms_edit(term_id: int | None = None):
    """Add a term (``…/new``) or correct one."""
    return add_or_edit(Term, term_id, _save_term)


@bp.post("/targets/terms/<int:term_id>/delete")
def terms_delete(term_id: int):
    term = get_scoped_or_404(Term, term_id, current_user)
    name = term.display_name
    _result, error = run_action(delete_term, term, current_user)
    if error:
        return done("activities.targets", refused=error, term=term_id)
    return done("activities.targets", _("Đã xoá %(term)s.", term=name))


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
    shown = None if creating else target
    data, version = form_data(form, TargetData), form.loaded_version
    check = (check_target, shown, term, data, current_user, version)
    if submit(form, save_target, target, term, data, current_user, version, check=check):
        saved = _("Đã lưu chỉ tiêu “%(name)s”.", name=target.short_name)
        return done("activities.targets", saved, term=term.id, year=target.year)
    return form_page("activities/targets/target_form.html", form, term=term, target=shown)


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
    name, term_id = target.short_name, target.term_id
    _result, error = run_action(delete_target, target, current_user)
    deleted = _("Đã xoá chỉ tiêu “%(name)s”.", name=name)
    return row_deleted(error, deleted, "activities.targets", term=term_id)
