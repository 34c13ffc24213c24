"""Thin views: savings-and-loan groups and borrowing households."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp.extensions import db
from webapp.fields import query_int
from webapp.form_helpers import (
    add_or_edit,
    after_delete,
    choices,
    done,
    form_data,
    form_page,
    page_or_part,
    paged,
    run_action,
    saved_message,
    submit,
)
from webapp.formatting import local_today
from webapp.loans import bp
from webapp.loans.forms import GroupForm, HouseholdForm
from webapp.loans.routes.ledger import household_context
from webapp.loans.routes.selection import arg_date, scoped_or_404
from webapp.loans.services import portfolio
from webapp.loans.services import registers as reg
from webapp.models import BankStatement, Household, LoanGroup
from webapp.scope import unit_choices

NO_GROUP = (None, _l("— Không thuộc tổ —"))


# --- groups -----------------------------------------------------------------------------------


@bp.get("/groups")
def groups():
    q = request.args.get("q", "")
    rows = paged(reg.groups_stmt(current_user, q))
    return page_or_part(
        "loans/groups.html", "loans/_group_rows.html", "group-rows", groups=rows, q=q
    )


def _group_form(group: LoanGroup | None = None) -> GroupForm:
    form = GroupForm(obj=group)
    form.unit_id.choices = choices(unit_choices(current_user))
    form.bank_id.choices = choices(
        [
            (None, _("— Chọn ngân hàng —")),
            # Shared banks first; a unit's own bank says whose it is (it serves that subtree).
            *(
                (b.id, b.short_name if b.unit is None else f"{b.short_name} ({b.unit.full_name})")
                for b in reg.visible_banks(current_user)
            ),
        ]
    )
    if group is not None and request.method == "GET":
        form.load_version(group)
    return form


def _group_page(group: LoanGroup | None):
    """Add (``group`` None) or edit a group."""
    form = _group_form(group)
    data = form_data(form, reg.GroupData)
    check = (reg.check_group, data)
    saved = submit(
        form, reg.save_group, current_user, data, group, form.loaded_version, check=check
    )
    if saved is not None:
        return done("loans.group", saved_message(saved.name, group is None), group_id=saved.id)
    return form_page("loans/group_form.html", form, group=group)


@bp.route("/groups/new", endpoint="group_new", methods=["GET", "POST"])
@bp.route("/groups/<int:group_id>/edit", methods=["GET", "POST"])
def group_edit(group_id: int | None = None):
    """Add a group (``…/new``) or edit one."""
    return add_or_edit(LoanGroup, group_id, _group_page)


@bp.post("/groups/<int:group_id>/delete")
def group_delete(group_id: int):
    group = scoped_or_404(LoanGroup, group_id)
    _unused, error = run_action(reg.delete_group, current_user, group)
    trashed = _("Đã chuyển tổ vào thùng rác.")
    return after_delete(error, trashed, "loans.groups", "loans.group", group_id=group_id)


@bp.get("/groups/<int:group_id>")
def group(group_id: int):
    group = scoped_or_404(LoanGroup, group_id)
    at = arg_date("at", local_today())
    statements = db.session.scalars(
        db.select(BankStatement)
        .where(BankStatement.group_id == group.id)
        .order_by(BankStatement.statement_on.desc(), BankStatement.id.desc())
        .limit(12)
    ).all()
    rows = portfolio.group_households(group, at)
    return render_template(
        "loans/group.html",
        group=group,
        at=at,
        rows=rows,
        statements=statements,
        month=f"{at.year:04d}-{at.month:02d}",
        total_outstanding=sum(s.outstanding for _h, s in rows),
        total_savings=sum(s.savings for _h, s in rows),
    )


# --- households ---------------------------------------------------------------------------------


@bp.get("/households")
def households():
    q = request.args.get("q", "")
    rows = paged(reg.households_stmt(current_user, q))
    summaries = portfolio.household_summaries([h.id for h in rows.items], local_today())
    context = dict(households=rows, q=q, summaries=summaries)
    page, part = "loans/households.html", "loans/_household_rows.html"
    return page_or_part(page, part, "household-rows", **context)


def _household_form(household: Household | None = None) -> HouseholdForm:
    form = HouseholdForm(obj=household)
    form.unit_id.choices = choices(unit_choices(current_user))
    form.group_id.choices = choices([NO_GROUP, *reg.group_choices(current_user)])
    if request.method == "GET":
        if household is not None:
            form.load_version(household)
        elif query_int("group"):
            group = scoped_or_404(LoanGroup, query_int("group"))
            form.group_id.data = group.id
            form.unit_id.data = group.unit_id
    return form


def _household_page(household: Household | None):
    """Add (``household`` None) or edit a borrowing household."""
    form = _household_form(household)
    data = form_data(form, reg.HouseholdData)
    check = (reg.check_household, current_user, data)
    version = form.loaded_version
    saved = submit(form, reg.save_household, current_user, data, household, version, check=check)
    if saved is not None:
        name = saved.head_name
        added = _("Đã thêm hộ %(name)s.", name=name)
        message = added if household is None else _("Đã lưu hộ %(name)s.", name=name)
        return done("loans.household", message, household_id=saved.id)
    return form_page("loans/household_form.html", form, household=household)


@bp.route("/households/new", endpoint="household_new", methods=["GET", "POST"])
@bp.route("/households/<int:household_id>/edit", methods=["GET", "POST"])
def household_edit(household_id: int | None = None):
    """Add a borrowing household (``…/new``) or edit one."""
    return add_or_edit(Household, household_id, _household_page)


@bp.post("/households/<int:household_id>/delete")
def household_delete(household_id: int):
    household = scoped_or_404(Household, household_id)
    _unused, error = run_action(reg.delete_household, current_user, household)
    trashed, back = _("Đã chuyển hộ vào thùng rác."), "loans.household"
    return after_delete(error, trashed, "loans.households", back, household_id=household_id)


@bp.get("/households/<int:household_id>")
def household(household_id: int):
    household = scoped_or_404(Household, household_id)
    return render_template("loans/household.html", **household_context(household))
