"""Thin views: rotating capital groups and the interest-free fund."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.extensions import db
from webapp.fields import query_int
from webapp.form_helpers import choices, refused_status, run_action, submit
from webapp.loans import bp
from webapp.loans.forms import (
    ContributionForm,
    RotatingGroupForm,
    RotatingLoanForm,
    RotatingMemberForm,
    RotatingRepaymentForm,
)
from webapp.loans.routes.selection import scoped_or_404
from webapp.loans.services import rotating as rot
from webapp.models import (
    RotatingContribution,
    RotatingGroup,
    RotatingKind,
    RotatingLoan,
    RotatingRepayment,
)
from webapp.scope import unit_choices


@bp.get("/rotating")
def rotating():
    q = request.args.get("q", "")
    rows = db.paginate(
        rot.rotating_stmt(current_user, q),
        page=query_int("page", 1),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    if request.htmx and request.htmx.target == "rotating-rows":
        return render_template("loans/_rotating_rows.html", groups=rows, q=q)
    return render_template("loans/rotating.html", groups=rows, q=q)


def _group_form(group: RotatingGroup | None = None) -> RotatingGroupForm:
    form = RotatingGroupForm(obj=group)
    form.kind.choices = choices((k.value, k.label) for k in RotatingKind)
    form.unit_id.choices = choices(unit_choices(current_user))
    if group is not None and request.method == "GET":
        form.load_version(group)
        form.kind.data = group.kind.value
    return form


def _group_data(form: RotatingGroupForm) -> rot.RotatingGroupData:
    return rot.RotatingGroupData(
        name=form.name.data or "",
        kind=form.kind.data or "",
        unit_id=form.unit_id.data,
        leader_name=form.leader_name.data or "",
        founded_on=form.founded_on.data,
        dissolved_on=form.dissolved_on.data,
    )


def _rotating_page(group: RotatingGroup | None):
    """Add (``group`` None) or edit a rotating group or fund."""
    form = _group_form(group)
    data = _group_data(form)
    check = (rot.check_rotating_group, data)
    version = form.loaded_version
    saved = submit(form, rot.save_rotating_group, current_user, data, group, version, check=check)
    if saved is not None:
        added = _("Đã thêm %(name)s.", name=saved.name)
        flash(added if group is None else _("Đã lưu %(name)s.", name=saved.name), "success")
        return redirect(url_for("loans.rotating_group", group_id=saved.id))
    status = refused_status(form)
    return render_template("loans/rotating_form.html", form=form, group=group), status


@bp.route("/rotating/new", methods=["GET", "POST"])
def rotating_new():
    return _rotating_page(None)


@bp.route("/rotating/<int:group_id>/edit", methods=["GET", "POST"])
def rotating_edit(group_id: int):
    return _rotating_page(scoped_or_404(RotatingGroup, group_id))


@bp.post("/rotating/<int:group_id>/delete")
def rotating_delete(group_id: int):
    group = scoped_or_404(RotatingGroup, group_id)
    _unused, error = run_action(rot.delete_rotating_group, current_user, group)
    if error:
        flash(error, "error")
        return redirect(url_for("loans.rotating_group", group_id=group_id))
    flash(_("Đã chuyển tổ vào thùng rác."), "success")
    return redirect(url_for("loans.rotating"))


def _page(group: RotatingGroup, status: int = 200, **forms):
    detail = rot.group_detail(group)
    member_choices = choices(
        [(None, _("— Chọn thành viên —")), *((m.id, m.full_name) for m in detail.members)]
    )
    contribution_form = forms.get("contribution_form") or ContributionForm(formdata=None)
    loan_form = forms.get("loan_form") or RotatingLoanForm(formdata=None)
    contribution_form.rotating_member_id.choices = member_choices
    loan_form.rotating_member_id.choices = member_choices
    return render_template(
        "loans/rotating_group.html",
        group=group,
        detail=detail,
        member_form=forms.get("member_form") or RotatingMemberForm(formdata=None),
        contribution_form=contribution_form,
        loan_form=loan_form,
        repayment_forms=forms.get("repayment_forms", {}),
        blank_repayment=RotatingRepaymentForm(formdata=None),
    ), status


@bp.get("/rotating/<int:group_id>")
def rotating_group(group_id: int):
    return _page(scoped_or_404(RotatingGroup, group_id))


def _done(group_id: int, message: str):
    flash(message, "success")
    return redirect(url_for("loans.rotating_group", group_id=group_id))


@bp.post("/rotating/<int:group_id>/members")
def rotating_member_new(group_id: int):
    group = scoped_or_404(RotatingGroup, group_id)
    form = RotatingMemberForm()
    values = (group, form.full_name.data or "", form.joined_on.data, form.member_id.data)
    check = (rot.check_member, current_user, *values)
    member = submit(form, rot.add_member, current_user, *values, check=check)
    if member is not None:
        return _done(group_id, _("Đã thêm thành viên %(name)s.", name=member.full_name))
    return _page(group, refused_status(form), member_form=form)


@bp.post("/rotating/<int:group_id>/contributions")
def rotating_contribution_new(group_id: int):
    group = scoped_or_404(RotatingGroup, group_id)
    form = ContributionForm()
    values = (group, form.rotating_member_id.data, form.paid_on.data, form.amount.data)
    check = (rot.check_contribution, *values)
    if submit(form, rot.add_contribution, current_user, *values, check=check) is not None:
        return _done(group_id, _("Đã ghi tiền góp vốn."))
    return _page(group, refused_status(form), contribution_form=form)


@bp.post("/rotating/<int:group_id>/loans")
def rotating_loan_new(group_id: int):
    group = scoped_or_404(RotatingGroup, group_id)
    form = RotatingLoanForm()
    values = (
        group,
        form.rotating_member_id.data,
        form.lent_on.data,
        form.amount.data,
        form.due_on.data,
    )
    if submit(form, rot.add_loan, current_user, *values, check=(rot.check_loan, *values)):
        return _done(group_id, _("Đã ghi khoản cho vay."))
    return _page(group, refused_status(form), loan_form=form)


@bp.post("/rotating/loans/<int:loan_id>/repayments")
def rotating_repayment_new(loan_id: int):
    loan = scoped_or_404(RotatingLoan, loan_id)
    form = RotatingRepaymentForm(prefix=f"rloan{loan.id}")
    values = (loan, form.paid_on.data, form.amount.data)
    check = (rot.check_repayment, *values)
    if submit(form, rot.add_repayment, current_user, *values, check=check) is not None:
        return _done(loan.group_id, _("Đã ghi tiền trả."))
    group = db.session.get(RotatingGroup, loan.group_id)
    return _page(group, refused_status(form), repayment_forms={loan.id: form})


@bp.post("/rotating/loans/<int:loan_id>/delete")
def rotating_loan_delete(loan_id: int):
    loan = scoped_or_404(RotatingLoan, loan_id)
    group_id = loan.group_id
    _unused, error = run_action(rot.delete_loan, current_user, loan)
    flash(error or _("Đã xoá khoản cho vay."), "error" if error else "success")
    return redirect(url_for("loans.rotating_group", group_id=group_id))


@bp.post("/rotating/repayments/<int:repayment_id>/delete")
def rotating_repayment_delete(repayment_id: int):
    repayment = scoped_or_404(RotatingRepayment, repayment_id)
    group_id = repayment.loan.group_id
    _unused, error = run_action(rot.delete_repayment, current_user, repayment)
    flash(error or _("Đã xoá lần trả."), "error" if error else "success")
    return redirect(url_for("loans.rotating_group", group_id=group_id))


@bp.post("/rotating/contributions/<int:contribution_id>/delete")
def rotating_contribution_delete(contribution_id: int):
    contribution = scoped_or_404(RotatingContribution, contribution_id)
    group_id = contribution.group_id
    _unused, error = run_action(rot.delete_contribution, current_user, contribution)
    flash(error or _("Đã xoá tiền góp."), "error" if error else "success")
    return redirect(url_for("loans.rotating_group", group_id=group_id))
