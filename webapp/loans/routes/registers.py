"""Thin views: savings-and-loan groups and borrowing households."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp.extensions import db
from webapp.fields import query_int
from webapp.form_helpers import choices, refused_status, run_action, submit
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
    page = query_int("page", 1)
    rows = db.paginate(
        reg.groups_stmt(current_user, q),
        page=page,
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    if request.htmx and request.htmx.target == "group-rows":
        return render_template("loans/_group_rows.html", groups=rows, q=q)
    return render_template("loans/groups.html", groups=rows, q=q)


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


def _group_data(form: GroupForm) -> reg.GroupData:
    return reg.GroupData(
        name=form.name.data or "",
        unit_id=form.unit_id.data,
        bank_id=form.bank_id.data,
        leader_name=form.leader_name.data or "",
        founded_on=form.founded_on.data,
        dissolved_on=form.dissolved_on.data,
    )


def _group_page(group: LoanGroup | None):
    """Add (``group`` None) or edit a group."""
    form = _group_form(group)
    data = _group_data(form)
    check = (reg.check_group, data)
    saved = submit(
        form, reg.save_group, current_user, data, group, form.loaded_version, check=check
    )
    if saved is not None:
        added = _("Đã thêm %(name)s.", name=saved.name)
        flash(added if group is None else _("Đã lưu %(name)s.", name=saved.name), "success")
        return redirect(url_for("loans.group", group_id=saved.id))
    return render_template("loans/group_form.html", form=form, group=group), refused_status(form)


@bp.route("/groups/new", methods=["GET", "POST"])
def group_new():
    return _group_page(None)


@bp.route("/groups/<int:group_id>/edit", methods=["GET", "POST"])
def group_edit(group_id: int):
    return _group_page(scoped_or_404(LoanGroup, group_id))


@bp.post("/groups/<int:group_id>/delete")
def group_delete(group_id: int):
    group = scoped_or_404(LoanGroup, group_id)
    _unused, error = run_action(reg.delete_group, current_user, group)
    if error:
        flash(error, "error")
        return redirect(url_for("loans.group", group_id=group_id))
    flash(_("Đã chuyển tổ vào thùng rác."), "success")
    return redirect(url_for("loans.groups"))


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
    page = query_int("page", 1)
    rows = db.paginate(
        reg.households_stmt(current_user, q),
        page=page,
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    summaries = portfolio.household_summaries([h.id for h in rows.items], local_today())
    context = dict(households=rows, q=q, summaries=summaries)
    if request.htmx and request.htmx.target == "household-rows":
        return render_template("loans/_household_rows.html", **context)
    return render_template("loans/households.html", **context)


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


def _household_data(form: HouseholdForm) -> reg.HouseholdData:
    return reg.HouseholdData(
        form.head_name.data or "",
        form.unit_id.data,
        form.group_id.data,
        form.address.data or "",
        form.member_id.data,
    )


def _household_page(household: Household | None):
    """Add (``household`` None) or edit a borrowing household."""
    form = _household_form(household)
    data = _household_data(form)
    check = (reg.check_household, current_user, data)
    version = form.loaded_version
    saved = submit(form, reg.save_household, current_user, data, household, version, check=check)
    if saved is not None:
        name = saved.head_name
        added = _("Đã thêm hộ %(name)s.", name=name)
        flash(added if household is None else _("Đã lưu hộ %(name)s.", name=name), "success")
        return redirect(url_for("loans.household", household_id=saved.id))
    status = refused_status(form)
    return render_template("loans/household_form.html", form=form, household=household), status


@bp.route("/households/new", methods=["GET", "POST"])
def household_new():
    return _household_page(None)


@bp.route("/households/<int:household_id>/edit", methods=["GET", "POST"])
def household_edit(household_id: int):
    return _household_page(scoped_or_404(Household, household_id))


@bp.post("/households/<int:household_id>/delete")
def household_delete(household_id: int):
    household = scoped_or_404(Household, household_id)
    _unused, error = run_action(reg.delete_household, current_user, household)
    if error:
        flash(error, "error")
        return redirect(url_for("loans.household", household_id=household_id))
    flash(_("Đã chuyển hộ vào thùng rác."), "success")
    return redirect(url_for("loans.households"))


@bp.get("/households/<int:household_id>")
def household(household_id: int):
    household = scoped_or_404(Household, household_id)
    return render_template("loans/household.html", **household_context(household))
