"""Thin views of the activity log: the list (filter, search, pages without reloads), the form
to record or edit an activity, and the delete button."""

from __future__ import annotations

from flask import current_app, request
from flask_babel import gettext as _
from flask_login import current_user

from webapp.activities import bp
from webapp.activities.forms import PICK, ActivityForm
from webapp.activities.routes.filters import activity_filters
from webapp.activities.services.activity_log import (
    ActivityData,
    check_activity,
    create_activity,
    delete_activity,
    list_activities,
    list_totals,
    update_activity,
)
from webapp.activities.services.admins import is_system_admin
from webapp.activities.services.lookups import choices_of
from webapp.fields import optional_int, query_int
from webapp.form_helpers import (
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
from webapp.models.activities import Activity, ActivityKind, ActivityTag, OutputUnit
from webapp.scope import get_scoped_or_404, unit_choices, unit_filter


@bp.get("/")
def index():
    f = activity_filters()
    page = query_int("page", 1)
    activities = list_activities(current_user, f, page, current_app.config["PAGE_SIZE"])
    context = {
        "activities": activities,
        "totals": list_totals(current_user, f),
        "filters": f,
        "kinds": choices_of(ActivityKind, {f.kind_id} if f.kind_id else None, current_user),
        "units": unit_filter(current_user, f.unit_id),
        "is_system_admin": is_system_admin(current_user),
    }
    return page_or_part(
        "activities/index.html", "activities/_rows.html", "activity-rows", **context
    )


def _form(activity: Activity | None = None) -> ActivityForm:
    form = ActivityForm(obj=activity if request.method == "GET" else None)
    kind_keep = {activity.kind_id} if activity else set()
    tag_keep = {t.id for t in activity.tags} if activity else set()
    output_keep = {o.output_unit_id for o in activity.outputs} if activity else set()
    form.unit_id.choices = choices([PICK, *unit_choices(current_user)])
    # Shared entries and the additions of units the user sees (services check the chosen unit).
    form.kind_id.choices = choices([PICK, *choices_of(ActivityKind, kind_keep, current_user)])
    form.tag_ids.choices = choices(choices_of(ActivityTag, tag_keep, current_user))
    outputs = choices([(None, "—"), *choices_of(OutputUnit, output_keep, current_user)])
    for entry in form.outputs:
        entry.form.output_unit_id.choices = outputs
    if request.method == "GET":
        if activity is not None:
            form.tag_ids.data = sorted(tag_keep)
            for entry, row in zip(form.outputs, activity.outputs, strict=False):
                entry.form.output_unit_id.data = row.output_unit_id
                entry.form.quantity.data = row.quantity
        else:
            form.sessions.data = 1
            form.held_on.data = local_today()
            if current_user.unit_id:
                form.unit_id.data = current_user.unit_id
    return form


def _data(form: ActivityForm) -> ActivityData:
    """The activity's values; its tags and its (unit, quantity) output rows read as lists."""
    outputs = [
        (optional_int(e.form.output_unit_id.data), e.form.quantity.data) for e in form.outputs
    ]
    tag_ids = list(form.tag_ids.data or [])
    return form_data(form, ActivityData, tag_ids=tag_ids, outputs=outputs)


@bp.route("/new", methods=["GET", "POST"])
def create():
    form = _form()
    data = _data(form)
    check = (check_activity, None, data, current_user)
    activity = submit(form, create_activity, data, current_user, check=check)
    if activity is not None:
        return done("activities.index", _("Đã ghi hoạt động “%(topic)s”.", topic=activity.topic))
    return form_page("activities/form.html", form, activity=None)


@bp.route("/<int:activity_id>/edit", methods=["GET", "POST"])
def edit(activity_id: int):
    activity = get_scoped_or_404(Activity, activity_id, current_user)
    form = _form(activity)
    data, version = _data(form), form.loaded_version
    check = (check_activity, activity, data, current_user, version)
    if submit(form, update_activity, activity, data, current_user, version, check=check):
        return done("activities.index", _("Đã lưu hoạt động “%(topic)s”.", topic=activity.topic))
    return form_page("activities/form.html", form, activity=activity)


@bp.post("/<int:activity_id>/delete")
def delete(activity_id: int):
    activity = get_scoped_or_404(Activity, activity_id, current_user)
    topic = activity.topic
    _result, error = run_action(delete_activity, activity, current_user)
    trashed = _("Đã chuyển hoạt động “%(topic)s” vào thùng rác.", topic=topic)
    return row_deleted(error, trashed, "activities.index")
