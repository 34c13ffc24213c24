"""Thin views of manual statistics: the definitions (admins of the whole system) and the values
staff enter per unit and date."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.activities import bp
from webapp.activities.forms import PICK, STAT_KINDS, StatisticForm, ValueForm
from webapp.activities.services.admins import is_system_admin, require_system_admin
from webapp.activities.services.statistics import (
    StatisticDefinition,
    ValueData,
    check_statistic,
    check_value,
    define_statistic,
    delete_value,
    list_values,
    save_value,
    set_retired,
    statistics,
    typed_value,
)
from webapp.extensions import db
from webapp.fields import query_int
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
from webapp.models.activities import ManualStatistic, StatisticValue
from webapp.scope import get_scoped_or_404, unit_choices


@bp.get("/statistics/")
def statistics_index():
    statistic_id = query_int("statistic_id")
    page = query_int("page", 1)
    values = list_values(current_user, statistic_id, page, current_app.config["PAGE_SIZE"])
    context = {
        "definitions": statistics(),
        "values": values,
        "statistic_id": statistic_id,
        "kinds": STAT_KINDS,
        "is_system_admin": is_system_admin(current_user),
    }
    page, rows = "activities/statistics.html", "activities/_value_rows.html"
    return page_or_part(page, rows, "value-rows", **context)


def _definition(stat: ManualStatistic | None):
    require_system_admin(current_user)
    form = StatisticForm(obj=stat if request.method == "GET" else None)
    if request.method == "GET" and stat is None:
        form.decimals.data = 1
    record = stat or ManualStatistic()
    definition = form_data(form, StatisticDefinition)
    check = (check_statistic, record, definition)
    if submit(form, define_statistic, record, definition, check=check):
        saved = _(
            "Đã lưu chỉ số “%(label)s” (mã stats.%(code)s).", label=record.label, code=record.code
        )
        return done("activities.statistics_index", saved)
    return form_page("activities/statistic_form.html", form, stat=stat)


@bp.route("/statistics/new", methods=["GET", "POST"])
def statistics_new():
    return _definition(None)


@bp.route("/statistics/<int:stat_id>/edit", methods=["GET", "POST"])
def statistics_edit(stat_id: int):
    require_system_admin(current_user)
    stat = db.session.get(ManualStatistic, stat_id) or abort(404)
    return _definition(stat)


@bp.post("/statistics/<int:stat_id>/retire")
def statistics_retire(stat_id: int):
    require_system_admin(current_user)
    stat = db.session.get(ManualStatistic, stat_id) or abort(404)
    retired = request.form.get("restore") != "1"
    _result, error = run_action(set_retired, stat, retired)
    if error:
        flash(error, "error")
    elif retired:
        flash(_("Đã ngừng dùng chỉ số “%(label)s”.", label=stat.label), "success")
    else:
        flash(_("Đã dùng lại chỉ số “%(label)s”.", label=stat.label), "success")
    return redirect(url_for("activities.statistics_index"))


def _value_form(record: StatisticValue | None) -> ValueForm:
    form = ValueForm(obj=record if request.method == "GET" else None)
    keep = record.statistic_id if record else None
    form.statistic_id.choices = choices(
        [PICK, *((s.id, s.label) for s in statistics() if not s.retired or s.id == keep)]
    )
    form.unit_id.choices = choices([PICK, *unit_choices(current_user)])
    if request.method == "GET":
        if record is not None:
            form.value.data = typed_value(record.statistic, record.value)
        else:
            form.statistic_id.data = query_int("statistic_id")
            form.unit_id.data = current_user.unit_id
    return form


def _save_value(shown: StatisticValue | None):
    form = _value_form(shown)
    record = shown or StatisticValue()
    data = form_data(form, ValueData)
    check = (check_value, record, data)
    if submit(form, save_value, record, data, current_user, form.loaded_version, check=check):
        return done("activities.statistics_index", _("Đã lưu giá trị chỉ số."))
    return form_page("activities/value_form.html", form, record=shown)


@bp.route("/statistics/values/new", endpoint="statistic_values_new", methods=["GET", "POST"])
@bp.route("/statistics/values/<int:value_id>/edit", methods=["GET", "POST"])
def statistic_values_edit(value_id: int | None = None):
    """Add a value (``…/new``) or correct one."""
    return add_or_edit(StatisticValue, value_id, _save_value)


@bp.post("/statistics/values/<int:value_id>/delete")
def statistic_values_delete(value_id: int):
    record = get_scoped_or_404(StatisticValue, value_id, current_user)
    _result, error = run_action(delete_value, record, current_user)
    trashed = _("Đã chuyển giá trị vào thùng rác.")
    return row_deleted(error, trashed, "activities.statistics_index")
