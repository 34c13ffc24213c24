"""Insurance cards and books: list, add, end, trash."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.extensions import db
from webapp.members import bp
from webapp.members.forms import DateInput, InsuranceForm, VersionForm, optional_int, version_of
from webapp.members.routes.common import (
    attempt,
    branch_choices,
    require_write_of_posted_unit,
)
from webapp.members.services.insurance import (
    PolicyData,
    create_policy,
    end_policy,
    policy_list,
    trash_policy,
)
from webapp.models.members import InsuranceKind, InsurancePolicy
from webapp.scope import get_scoped_or_404, require_write


class EndForm(VersionForm):
    ended_on = DateInput("Ngày kết thúc", required=True)


def _form() -> InsuranceForm:
    form = InsuranceForm()
    form.unit_id.choices = branch_choices("— Chọn chi hội —")
    return form


def _page(form: InsuranceForm, status: int = 200):
    args = request.args
    kind, state, q = args.get("kind", ""), args.get("status", "kept"), args.get("q", "")
    policies = db.paginate(
        policy_list(current_user, kind, state, q),
        page=args.get("page", 1, type=int),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "members/insurance.html",
        policies=policies,
        form=form,
        kind=kind,
        state=state,
        q=q,
        end_form=EndForm(formdata=None),
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
    if form.validate_on_submit() and attempt(
        form,
        lambda: create_policy(
            PolicyData(
                kind=InsuranceKind(form.kind.data),
                holder_name=form.holder_name.data or "",
                unit_id=form.unit_id.data,
                started_on=form.started_on.data,
                member_id=form.member_id.data,
                number=form.number.data or "",
                ended_on=form.ended_on.data,
                note=form.note.data or "",
            ),
            current_user,
        ),
    ):
        flash("Đã thêm.", "success")
        return redirect(url_for("members.insurance"))
    return _page(form, 422)


@bp.post("/insurance/<int:policy_id>/end")
def insurance_end(policy_id: int):
    policy = get_scoped_or_404(InsurancePolicy, policy_id, current_user)
    require_write(current_user, policy.unit_id)
    form = EndForm()
    if form.validate_on_submit() and attempt(
        form, lambda: end_policy(policy, form.ended_on.data, version_of(form))
    ):
        flash(f"Đã ghi kết thúc {policy.kind.label.lower()} của {policy.holder_name}.", "success")
    else:
        for error in [*form.form_errors, *form.ended_on.errors]:
            flash(error, "error")
    return redirect(url_for("members.insurance"))


@bp.post("/insurance/<int:policy_id>/trash")
def insurance_trash(policy_id: int):
    policy = get_scoped_or_404(InsurancePolicy, policy_id, current_user)
    require_write(current_user, policy.unit_id)
    form = VersionForm()
    if form.validate_on_submit() and attempt(form, lambda: trash_policy(policy)):
        flash("Đã chuyển vào thùng rác.", "success")
    return redirect(url_for("members.insurance"))
