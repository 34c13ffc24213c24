"""Insurance cards and books: list, add, end, trash."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp.fields import DateField, optional_int
from webapp.form_helpers import done, form_data, paged, refused_status, submit
from webapp.members import bp
from webapp.members.forms import InsuranceForm, VersionForm
from webapp.members.routes.unit_fields import branch_choices, require_write_of_posted_unit
from webapp.members.services.insurance import (
    PolicyData,
    check_policy,
    create_policy,
    end_policy,
    policy_list,
    trash_policy,
)
from webapp.members.services.picker import picked_member
from webapp.models.members import InsurancePolicy
from webapp.scope import get_scoped_or_404, require_write


class EndForm(VersionForm):
    ended_on = DateField(_l("Ngày kết thúc"), required=True)


def _form() -> InsuranceForm:
    form = InsuranceForm()
    form.unit_id.choices = branch_choices(_("— Chọn chi hội —"))
    return form


def _rows_context(args=None) -> dict:
    args = request.args if args is None else args
    kind, state, q = args.get("kind", ""), args.get("status", "kept"), args.get("q", "")
    policies = paged(policy_list(current_user, kind, state, q), source=args)
    return {
        "policies": policies,
        "kind": kind,
        "state": state,
        "q": q,
        "end_form": EndForm(formdata=None),
    }


def _rows(messages: list[tuple[str, str]]):
    """The list alone (what htmx swaps), with what the row action did above it."""
    # Row actions sent by htmx carry the list's filters in their body (hx-include).
    context = _rows_context(request.values)
    return render_template("members/_policy_rows.html", messages=messages, **context)


def _page(form: InsuranceForm):
    status = refused_status(form)
    if request.method == "GET" and request.htmx and request.htmx.target == "policy-rows":
        return _rows([]), status
    picked = picked_member(current_user, form.member_id.data)
    return render_template(
        "members/insurance.html", form=form, picked=picked, **_rows_context()
    ), status


@bp.get("/insurance", endpoint="insurance")
def insurance_index():
    form = _form()
    # Arriving from a member's page: her id and branch are filled in.
    form.member_id.data = optional_int(request.args.get("member_id"))
    form.unit_id.data = optional_int(request.args.get("unit_id"))
    return _page(form)


@bp.post("/insurance/new")
def insurance_create():
    if not current_user.role.can_write:
        abort(403)
    require_write_of_posted_unit()
    form = _form()
    data = form_data(form, PolicyData)
    if submit(form, create_policy, data, current_user, check=(check_policy, data, current_user)):
        return done("members.insurance", _("Đã thêm."))
    return _page(form)


@bp.post("/insurance/<int:policy_id>/end")
def insurance_end(policy_id: int):
    policy = get_scoped_or_404(InsurancePolicy, policy_id, current_user)
    require_write(current_user, policy.unit_id)
    form = EndForm()
    if submit(form, end_policy, policy, form.ended_on.data, form.loaded_version):
        message = _(
            "Đã ghi kết thúc %(what)s của %(name)s.",
            what=policy.kind.label.lower(),
            name=policy.holder_name,
        )
        messages = [("success", message)]
    else:
        messages = [("error", e) for e in [*form.form_errors, *form.ended_on.errors]]
    return _after_row_action(messages)


def _after_row_action(messages: list[tuple[str, str]]):
    """htmx: the list again with the outcome on top; without JS: back to the page."""
    if request.htmx:
        return _rows(messages)
    for kind, text in messages:
        flash(text, kind)
    return redirect(url_for("members.insurance"))


@bp.post("/insurance/<int:policy_id>/trash")
def insurance_trash(policy_id: int):
    policy = get_scoped_or_404(InsurancePolicy, policy_id, current_user)
    require_write(current_user, policy.unit_id)
    form = VersionForm()
    messages = []
    if submit(form, trash_policy, policy):
        messages.append(("success", _("Đã chuyển vào thùng rác.")))
    else:
        messages.extend(("error", e) for e in form.form_errors)
    return _after_row_action(messages)
