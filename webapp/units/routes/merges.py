"""The merge page: several commune-level unions become one on a date (webapp/units/services/merges.py).

Two steps on one page: choose the communes, the day and the successor ("Tiếp tục"), then decide
for each old branch whether it stays or is merged into another branch ("Hợp nhất").
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp.form_helpers import check_rules, choices, refused_status, save
from webapp.models import Unit, UnitKind
from webapp.scope import get_scoped_or_404, visible_units
from webapp.units import bp
from webapp.units.forms import MergeForm
from webapp.units.services.merges import MergePlan, check_plan, merge_communes, old_branches

NEW_CHOICE = (None, _l("— Một đơn vị mới —"))


def _form() -> tuple[MergeForm, list[Unit]]:
    units = [u for u in visible_units(current_user) if not u.is_retired]
    communes = [u for u in units if u.kind is UnitKind.COMMUNE]
    parents = [u for u in units if u.kind in UnitKind.COMMUNE.parent_kinds]
    form = MergeForm()
    form.communes.choices = choices((u.id, u.full_name) for u in communes)
    form.into.choices = choices([NEW_CHOICE, *((u.id, u.full_name) for u in communes)])
    form.new_parent.choices = choices((u.id, u.full_name) for u in parents)
    return form, communes


def _plan(form: MergeForm) -> MergePlan:
    def unit(unit_id: int | None) -> Unit | None:
        return get_scoped_or_404(Unit, unit_id, current_user, unit_attr="id") if unit_id else None

    branch_into = {}
    for key, value in request.form.items():
        if key.startswith("branch_") and value:
            branch_into[int(key.removeprefix("branch_"))] = int(value)
    return MergePlan(
        communes=[u for u in (unit(i) for i in form.communes.data or []) if u is not None],
        on=form.on.data,
        into=unit(form.into.data),
        new_name=form.new_name.data or "",
        new_kind_word=form.new_kind_word.data or None,
        new_parent=unit(form.new_parent.data),
        branch_into=branch_into,
    )


def _targets(plan: MergePlan) -> list[Unit]:
    """Branches an old branch may be merged into: those of the communes and of the successor."""
    found = old_branches(plan.communes)
    if plan.into is not None:
        found += [b for b in plan.into.children if b.kind is UnitKind.BRANCH and not b.is_retired]
    return found


@bp.route("/merge", methods=["GET", "POST"])
def merge():
    form, _communes = _form()
    plan = None
    if form.is_submitted():
        plan = _plan(form)
        if not form.validate_on_submit():
            check_rules(form, check_plan, plan, current_user)
            plan = None  # the branch table comes once the first step is right
        elif request.form.get("step") == "confirm" and (
            successor := save(form, merge_communes, plan, acting=current_user)
        ):
            flash(
                _(
                    "Đã hợp nhất vào %(name)s từ ngày %(d)s.",
                    name=successor.full_name,
                    d=plan.on.strftime("%d/%m/%Y"),
                ),
                "success",
            )
            return redirect(url_for("units.index"))
    return render_template(
        "units/merge.html",
        form=form,
        plan=plan,
        branches=old_branches(plan.communes) if plan else [],
        targets=_targets(plan) if plan else [],
    ), refused_status(form)
