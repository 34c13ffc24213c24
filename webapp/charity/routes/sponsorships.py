"""The "Mẹ đỡ đầu" programme page, sponsorships and their payments."""

from __future__ import annotations

from datetime import date

from flask import flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from webapp.charity import bp
from webapp.charity.forms import PaymentForm, SponsorshipForm
from webapp.charity.routes.selection import arg_day, require_writer, set_unit_choices
from webapp.charity.services.beneficiaries import beneficiary_choices
from webapp.charity.services.funds import writable_fund_choices
from webapp.charity.services.sponsorships import (
    PaymentData,
    SponsorshipData,
    add_payment,
    check_payment,
    check_sponsorship,
    create_sponsorship,
    delete_payment,
    delete_sponsorship,
    programme,
    update_sponsorship,
)
from webapp.extensions import db
from webapp.fields import enum_value, query_int
from webapp.form_helpers import choices, done, refused_status, run_action, submit
from webapp.formatting import local_today
from webapp.models.charity import FundKind, SponsorKind, Sponsorship, SponsorshipPayment
from webapp.scope import can_write_unit, get_scoped_or_404


@bp.get("/sponsorships/")
def sponsorships():
    """Surveyed children, who is sponsored, and what was committed and paid in the period
    (default: this year)."""
    today = local_today()
    start = arg_day("from") or date(today.year, 1, 1)
    end = arg_day("to") or date(today.year, 12, 31)
    if end < start:
        start, end = end, start
    return render_template("charity/sponsorships.html", p=programme(current_user, start, end))


def _form(s: Sponsorship | None = None) -> SponsorshipForm:
    form = SponsorshipForm(obj=s if request.method == "GET" else None)
    set_unit_choices(form)
    form.child_id.choices = choices([(None, _("— chọn —")), *beneficiary_choices(current_user)])
    if request.method == "GET":
        if s is None:
            form.child_id.data = query_int("child_id")
        else:
            form.sponsor_kind.data = s.sponsor_kind.value
            form.end_on.data = None  # months say it; typing both must agree
            form.load_version(s)
    return form


def _data(form: SponsorshipForm) -> SponsorshipData:
    return SponsorshipData(
        unit_id=form.unit_id.data,
        child_id=form.child_id.data,
        sponsor_kind=enum_value(SponsorKind, form.sponsor_kind.data),
        sponsor_name=form.sponsor_name.data or "",
        monthly_vnd=form.monthly_vnd.data,
        start_on=form.start_on.data,
        months=form.months.data,
        end_on=form.end_on.data,
        note=form.note.data or "",
    )


@bp.route("/sponsorships/new", methods=["GET", "POST"])
def sponsorship_new():
    """Record a new sponsorship."""
    require_writer()
    form = _form()
    data = _data(form)
    check = (check_sponsorship, data, current_user)
    s = submit(form, create_sponsorship, data, current_user, check=check)
    if s is not None:
        flash(_("Đã ghi khoản đỡ đầu cho cháu %(name)s.", name=s.child.full_name), "success")
        return done("charity.sponsorship_show", sponsorship_id=s.id)
    status = refused_status(form)
    return render_template("charity/sponsorship_form.html", form=form, s=None), status


@bp.route("/sponsorships/<int:sponsorship_id>/edit", methods=["GET", "POST"])
def sponsorship_edit(sponsorship_id: int):
    """Correct a sponsorship."""
    s = get_scoped_or_404(Sponsorship, sponsorship_id, current_user)
    form = _form(s)
    data = _data(form)
    version = form.loaded_version
    check = (check_sponsorship, data, current_user)
    saved = submit(form, update_sponsorship, s, data, current_user, version, check=check)
    if saved is not None:
        flash(_("Đã lưu khoản đỡ đầu."), "success")
        return done("charity.sponsorship_show", sponsorship_id=s.id)
    status = refused_status(form)
    return render_template("charity/sponsorship_form.html", form=form, s=s), status


def _payment_form(formdata: bool = True) -> PaymentForm:
    form = PaymentForm() if formdata else PaymentForm(formdata=None)
    form.fund_id.choices = choices(
        [
            (None, _("— không (người đỡ đầu trả trực tiếp) —")),
            *writable_fund_choices(current_user, FundKind.MONEY),
        ]
    )
    if not formdata or request.method == "GET":
        form.paid_on.data = local_today()
    return form


def _show(s: Sponsorship, form: PaymentForm, status: int = 200, notice: str | None = None):
    payments = sorted(
        (
            p
            for p in db.session.scalars(
                db.select(SponsorshipPayment).where(SponsorshipPayment.sponsorship_id == s.id)
            )
        ),
        key=lambda p: (p.paid_on, p.id),
    )
    context = {
        "s": s,
        "payments": payments,
        "paid_total": sum(p.amount_vnd for p in payments),
        "form": form,
        "notice": notice,
        "can_write": can_write_unit(current_user, s.unit_id),
    }
    if request.htmx and request.htmx.target == "payments":
        return render_template("charity/_payments.html", **context), status
    return render_template("charity/sponsorship_show.html", **context), status


@bp.get("/sponsorships/<int:sponsorship_id>")
def sponsorship_show(sponsorship_id: int):
    """A sponsorship with its payments and the form to add one."""
    s = get_scoped_or_404(Sponsorship, sponsorship_id, current_user)
    return _show(s, _payment_form(formdata=False))


@bp.post("/sponsorships/<int:sponsorship_id>/delete")
def sponsorship_delete(sponsorship_id: int):
    """Trash a sponsorship without payments."""
    s = get_scoped_or_404(Sponsorship, sponsorship_id, current_user)
    _unused, error = run_action(delete_sponsorship, s, current_user)
    if error is not None:
        flash(error, "error")
        return done("charity.sponsorship_show", sponsorship_id=s.id)
    flash(_("Đã chuyển khoản đỡ đầu vào thùng rác."), "success")
    return done("charity.sponsorships")


@bp.post("/sponsorships/<int:sponsorship_id>/payments")
def payment_add(sponsorship_id: int):
    """Add a payment; the payments part reloads alone (htmx)."""
    s = get_scoped_or_404(Sponsorship, sponsorship_id, current_user)
    form = _payment_form()
    data = PaymentData(
        form.paid_on.data, form.amount_vnd.data, form.fund_id.data, form.note.data or ""
    )
    check = (check_payment, s, data, current_user)
    saved = submit(form, add_payment, s, data, current_user, check=check)
    if saved is not None:
        if not request.htmx:
            flash(_("Đã ghi lần chi đỡ đầu."), "success")
            return done("charity.sponsorship_show", sponsorship_id=s.id)
        return _show(s, _payment_form(formdata=False))
    return _show(s, form, refused_status(form))


@bp.post("/payments/<int:payment_id>/delete")
def payment_delete(payment_id: int):
    """Trash a payment."""
    p = get_scoped_or_404(SponsorshipPayment, payment_id, current_user)
    s = p.sponsorship
    run_action(delete_payment, p, current_user)
    if request.htmx and request.htmx.target == "payments":
        return _show(s, _payment_form(formdata=False))
    flash(_("Đã chuyển lần chi vào thùng rác."), "success")
    return done("charity.sponsorship_show", sponsorship_id=s.id)
