"""Beneficiaries: the searchable list, the form, and a page with everything each received."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from webapp.charity import bp
from webapp.charity.forms import BeneficiaryForm
from webapp.charity.routes.selection import arg_int, require_writer, set_unit_choices
from webapp.charity.services.beneficiaries import (
    BeneficiaryData,
    beneficiaries_stmt,
    check_beneficiary,
    create_beneficiary,
    delete_beneficiary,
    update_beneficiary,
)
from webapp.charity.services.gifts import GiftFilter, gift_totals, gifts_stmt
from webapp.extensions import db
from webapp.fields import enum_value
from webapp.form_helpers import (
    after_delete,
    choices,
    done,
    form_data,
    form_page,
    paged,
    run_action,
    saved_message,
    submit,
)
from webapp.models.charity import (
    Beneficiary,
    BeneficiaryCategory,
    Sponsorship,
    SponsorshipPayment,
)
from webapp.models.members import Member
from webapp.scope import can_write_unit, get_scoped_or_404, scoped


@bp.get("/beneficiaries/")
def beneficiaries():
    """The beneficiary list, searchable; the list part reloads alone (htmx)."""
    q = request.args.get("q", "").strip()
    category = enum_value(BeneficiaryCategory, request.args.get("category"))  # unknown: None
    rows = paged(
        beneficiaries_stmt(current_user, q=q, category=category, unit_id=arg_int("unit_id"))
    )
    context = {"rows": rows, "q": q, "category": category}
    if request.htmx and request.htmx.target == "beneficiary-list":
        return render_template("charity/_beneficiary_list.html", **context)
    return render_template(
        "charity/beneficiaries.html", categories=list(BeneficiaryCategory), **context
    )


def _form(b: Beneficiary | None = None) -> BeneficiaryForm:
    form = BeneficiaryForm(obj=b if request.method == "GET" else None)
    set_unit_choices(form)
    members = db.session.execute(
        scoped(select(Member.id, Member.full_name), Member.unit_id, current_user).order_by(
            Member.search_key
        )
    ).all()
    form.member_id.choices = choices([(None, _("— không phải hội viên —")), *members])
    if b is not None and request.method == "GET":
        form.category.data = b.category.value
        form.load_version(b)
    return form


@bp.route("/beneficiaries/new", methods=["GET", "POST"])
def beneficiary_new():
    """Add a beneficiary."""
    require_writer()
    form = _form()
    if request.method == "GET" and request.args.get("category"):
        form.category.data = request.args["category"]
    data = form_data(form, BeneficiaryData)
    check = (check_beneficiary, data, current_user)
    b = submit(form, create_beneficiary, data, current_user, check=check)
    if b is not None:
        saved = saved_message(b.full_name, added=True)
        return done("charity.beneficiary_show", saved, beneficiary_id=b.id)
    return form_page("charity/beneficiary_form.html", form, b=None)


@bp.route("/beneficiaries/<int:beneficiary_id>/edit", methods=["GET", "POST"])
def beneficiary_edit(beneficiary_id: int):
    """Correct a beneficiary."""
    b = get_scoped_or_404(Beneficiary, beneficiary_id, current_user)
    form = _form(b)
    data = form_data(form, BeneficiaryData)
    version, check = form.loaded_version, (check_beneficiary, data, current_user)
    if submit(form, update_beneficiary, b, data, current_user, version, check=check):
        saved = saved_message(b.full_name, added=False)
        return done("charity.beneficiary_show", saved, beneficiary_id=b.id)
    return form_page("charity/beneficiary_form.html", form, b=b)


@bp.get("/beneficiaries/<int:beneficiary_id>")
def beneficiary_show(beneficiary_id: int):
    """Everything the person received: gifts, sponsorships and their payments."""
    b = get_scoped_or_404(Beneficiary, beneficiary_id, current_user)
    f = GiftFilter(beneficiary_id=b.id)
    sponsorships = db.session.scalars(
        scoped(select(Sponsorship), Sponsorship.unit_id, current_user)
        .where(Sponsorship.child_id == b.id)
        .order_by(Sponsorship.start_on)
    ).all()
    payments = db.session.scalars(
        scoped(select(SponsorshipPayment), SponsorshipPayment.unit_id, current_user)
        .where(SponsorshipPayment.sponsorship_id.in_([s.id for s in sponsorships]))
        .order_by(SponsorshipPayment.paid_on)
    ).all()
    return render_template(
        "charity/beneficiary_show.html",
        b=b,
        gifts=db.session.scalars(gifts_stmt(current_user, f)).all(),
        totals=gift_totals(current_user, f),
        sponsorships=sponsorships,
        payments=payments,
        paid_total=sum(p.amount_vnd for p in payments),
        can_write=can_write_unit(current_user, b.unit_id),
    )


@bp.post("/beneficiaries/<int:beneficiary_id>/delete")
def beneficiary_delete(beneficiary_id: int):
    """Trash a beneficiary who received nothing."""
    b = get_scoped_or_404(Beneficiary, beneficiary_id, current_user)
    trashed = _("Đã chuyển %(name)s vào thùng rác.", name=b.full_name)
    _unused, error = run_action(delete_beneficiary, b, current_user)
    back = "charity.beneficiary_show"
    return after_delete(error, trashed, "charity.beneficiaries", back, beneficiary_id=b.id)
