"""Thin views: rotating capital groups and the interest-free fund."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from webapp.extensions import db
from webapp.form_helpers import (
    add_or_edit,
    after_delete,
    choices,
    done,
    form_data,
    form_page,
    page_or_part,
    paged,
    refused_status,
    run_action,
    saved_message,
    submit,
)
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
    rows = paged(rot.rotating_stmt(current_user, q))
    page, part = "loans/rotating.html", "loans/_rotating_rows.html"
    return page_or_part(page, part, "rotating-rows", groups=rows, q=q)


def _group_form(group: RotatingGroup | None = None) -> RotatingGroupForm:
    form = RotatingGroupForm(obj=group)
    form.kind.choices = choices((k.value, k.label) for k in RotatingKind)
    form.unit_id.choices = choices(unit_choices(current_user))
    if group is not None and request.method == "GET":
        form.load_version(group)
        form.kind.data = group.kind.value
    return form


def _rotating_page(group: RotatingGroup | None):
    """Add (``group`` None) or edit a rotating group or fund."""
    form = _group_form(group)
    data = form_data(form, rot.RotatingGroupData)
    check = (rot.check_rotating_group, data)
    version = form.loaded_version
    saved = submit(form, rot.save_rotating_group, current_user, data, group, version, check=check)
    if saved is not None:
        message = saved_message(saved.name, group is None)
        return done("loans.rotating_group", message, group_id=saved.id)
    return form_page("loans/rotating_form.html", form, group=group)


@bp.route("/rotating/new", endpoint="rotating_new", methods=["GET", "POST"])
@bp.route("/rotating/<int:group_id>/edit", methods=["GET", "POST"])
def rotating_edit(group_id: int | None = None):
    """Add a rotating group or fund (``…/new``) or edit one."""
    return add_or_edit(RotatingGroup, group_id, _rotating_page)


@bp.post("/rotating/<int:group_id>/delete")
def rotating_delete(group_id: int):
    group = scoped_or_404(RotatingGroup, group_id)
    _unused, error = run_action(rot.delete_rotating_group, current_user, group)
    trashed, back = _("Đã chuyển tổ vào thùng rác."), "loans.rotating_group"
    return after_delete(error, trashed, "loans.rotating", back, group_id=group_id)


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


def _sent(group: RotatingGroup, form, saved: object, message: str, **forms):
    """After a form of a group's page: back to the page with ``message`` when it was saved
    (``saved`` not None), else the page again with the refused form among ``forms``."""
    if saved is not None:
        return done("loans.rotating_group", message, group_id=group.id)
    return _page(group, refused_status(form), **forms)


@bp.post("/rotating/<int:group_id>/members")
def rotating_member_new(group_id: int):
    group = scoped_or_404(RotatingGroup, group_id)
    form = RotatingMemberForm()
    values = (group, form.full_name.data or "", form.joined_on.data, form.member_id.data)
    check = (rot.check_member, current_user, *values)
    member = submit(form, rot.add_member, current_user, *values, check=check)
    added = member and _("Đã thêm thành viên %(name)s.", name=member.full_name)
    return _sent(group, form, member, added, member_form=form)


@bp.post("/rotating/<int:group_id>/contributions")
def rotating_contribution_new(group_id: int):
    group = scoped_or_404(RotatingGroup, group_id)
    form = ContributionForm()
    values = (group, form.rotating_member_id.data, form.paid_on.data, form.amount.data)
    check = (rot.check_contribution, *values)
    saved = submit(form, rot.add_contribution, current_user, *values, check=check)
    return _sent(group, form, saved, _("Đã ghi tiền góp vốn."), contribution_form=form)


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
    saved = submit(form, rot.add_loan, current_user, *values, check=(rot.check_loan, *values))
    return _sent(group, form, saved, _("Đã ghi khoản cho vay."), loan_form=form)


@bp.post("/rotating/loans/<int:loan_id>/repayments")
def rotating_repayment_new(loan_id: int):
    loan = scoped_or_404(RotatingLoan, loan_id)
    form = RotatingRepaymentForm(prefix=f"rloan{loan.id}")
    values = (loan, form.paid_on.data, form.amount.data)
    check = (rot.check_repayment, *values)
    saved = submit(form, rot.add_repayment, current_user, *values, check=check)
    group = db.session.get(RotatingGroup, loan.group_id)
    return _sent(group, form, saved, _("Đã ghi tiền trả."), repayment_forms={loan.id: form})


def _delete_row(action, record, group_id: int, removed: str):
    """A row of a group's page removed (``action(current_user, record)``): back to the group's
    page with ``removed``, or with why it was refused."""
    _unused, error = run_action(action, current_user, record)
    return done("loans.rotating_group", removed, error, group_id=group_id)


@bp.post("/rotating/loans/<int:loan_id>/delete")
def rotating_loan_delete(loan_id: int):
    loan = scoped_or_404(RotatingLoan, loan_id)
    return _delete_row(rot.delete_loan, loan, loan.group_id, _("Đã xoá khoản cho vay."))


@bp.post("/rotating/repayments/<int:repayment_id>/delete")
def rotating_repayment_delete(repayment_id: int):
    repayment = scoped_or_404(RotatingRepayment, repayment_id)
    group_id = repayment.loan.group_id
    return _delete_row(rot.delete_repayment, repayment, group_id, _("Đã xoá lần trả."))


@bp.post("/rotating/contributions/<int:contribution_id>/delete")
def rotating_contribution_delete(contribution_id: int):
    contribution = scoped_or_404(RotatingContribution, contribution_id)
    removed = _("Đã xoá tiền góp.")
    return _delete_row(rot.delete_contribution, contribution, contribution.group_id, removed)
