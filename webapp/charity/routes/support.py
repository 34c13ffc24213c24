"""Received support: the list with its total, the form."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from webapp.charity import bp
from webapp.charity.forms import SupportForm
from webapp.charity.routes.selection import arg_day, require_writer, set_unit_choices
from webapp.charity.services.support import (
    SupportData,
    check_support,
    create_support,
    delete_support,
    support_stmt,
    support_total,
    update_support,
)
from webapp.form_helpers import (
    done,
    form_data,
    form_page,
    page_or_part,
    paged,
    run_action,
    submit,
)
from webapp.models.charity import ReceivedSupport
from webapp.scope import get_scoped_or_404


def _list_context() -> dict:
    start, end = arg_day("from"), arg_day("to")
    return {
        "start": start,
        "end": end,
        "rows": paged(support_stmt(current_user, start, end)),
        "total": support_total(current_user, start, end),
    }


@bp.get("/support/")
def support():
    """The received-support list with its total; the list part reloads alone (htmx)."""
    page, part = "charity/support.html", "charity/_support_list.html"
    return page_or_part(page, part, "support-list", **_list_context())


@bp.route("/support/new", methods=["GET", "POST"])
def support_new():
    """Record support received."""
    require_writer()
    form = SupportForm()
    set_unit_choices(form)
    data = form_data(form, SupportData)
    if submit(form, create_support, data, current_user, check=(check_support, data)):
        return done("charity.support", _("Đã ghi khoản tiếp nhận hỗ trợ."))
    return form_page("charity/support_form.html", form, r=None)


@bp.route("/support/<int:support_id>", methods=["GET", "POST"])
def support_edit(support_id: int):
    """Correct a record of received support."""
    r = get_scoped_or_404(ReceivedSupport, support_id, current_user)
    form = SupportForm(obj=r if request.method == "GET" else None)
    set_unit_choices(form)
    if request.method == "GET":
        form.load_version(r)
    data = form_data(form, SupportData)
    check = (check_support, data)
    if submit(form, update_support, r, data, current_user, form.loaded_version, check=check):
        return done("charity.support", _("Đã lưu khoản tiếp nhận hỗ trợ."))
    return form_page("charity/support_form.html", form, r=r)


@bp.post("/support/<int:support_id>/delete")
def support_delete(support_id: int):
    """Trash a record of received support."""
    r = get_scoped_or_404(ReceivedSupport, support_id, current_user)
    run_action(delete_support, r, current_user)
    if request.htmx and request.htmx.target == "support-list":
        return render_template("charity/_support_list.html", **_list_context())
    return done("charity.support", _("Đã chuyển khoản tiếp nhận vào thùng rác."))
