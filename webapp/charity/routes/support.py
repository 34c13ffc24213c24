"""Received support: the list with its total, the form."""

from __future__ import annotations

from flask import current_app, flash, render_template, request
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
from webapp.extensions import db
from webapp.fields import query_int
from webapp.form_helpers import done, refused_status, run_action, submit
from webapp.models.charity import ReceivedSupport
from webapp.scope import get_scoped_or_404


def _list_context() -> dict:
    start, end = arg_day("from"), arg_day("to")
    return {
        "start": start,
        "end": end,
        "rows": db.paginate(
            support_stmt(current_user, start, end),
            page=query_int("page", 1),
            per_page=current_app.config["PAGE_SIZE"],
            error_out=False,
        ),
        "total": support_total(current_user, start, end),
    }


@bp.get("/support/")
def support():
    """The received-support list with its total; the list part reloads alone (htmx)."""
    context = _list_context()
    if request.htmx and request.htmx.target == "support-list":
        return render_template("charity/_support_list.html", **context)
    return render_template("charity/support.html", **context)


def _data(form: SupportForm) -> SupportData:
    return SupportData(
        unit_id=form.unit_id.data,
        received_on=form.received_on.data,
        donor=form.donor.data or "",
        description=form.description.data or "",
        quantity=form.quantity.data,
        measure=form.measure.data or "",
        value_vnd=form.value_vnd.data,
        purpose=form.purpose.data or "",
    )


@bp.route("/support/new", methods=["GET", "POST"])
def support_new():
    """Record support received."""
    require_writer()
    form = SupportForm()
    set_unit_choices(form)
    data = _data(form)
    check = (check_support, data)
    saved = submit(form, create_support, data, current_user, check=check)
    if saved is not None:
        flash(_("Đã ghi khoản tiếp nhận hỗ trợ."), "success")
        return done("charity.support")
    status = refused_status(form)
    return render_template("charity/support_form.html", form=form, r=None), status


@bp.route("/support/<int:support_id>", methods=["GET", "POST"])
def support_edit(support_id: int):
    """Correct a record of received support."""
    r = get_scoped_or_404(ReceivedSupport, support_id, current_user)
    form = SupportForm(obj=r if request.method == "GET" else None)
    set_unit_choices(form)
    if request.method == "GET":
        form.load_version(r)
    data = _data(form)
    version = form.loaded_version
    check = (check_support, data)
    saved = submit(form, update_support, r, data, current_user, version, check=check)
    if saved is not None:
        flash(_("Đã lưu khoản tiếp nhận hỗ trợ."), "success")
        return done("charity.support")
    status = refused_status(form)
    return render_template("charity/support_form.html", form=form, r=r), status


@bp.post("/support/<int:support_id>/delete")
def support_delete(support_id: int):
    """Trash a record of received support."""
    r = get_scoped_or_404(ReceivedSupport, support_id, current_user)
    run_action(delete_support, r, current_user)
    if request.htmx and request.htmx.target == "support-list":
        return render_template("charity/_support_list.html", **_list_context())
    flash(_("Đã chuyển khoản tiếp nhận vào thùng rác."), "success")
    return done("charity.support")
