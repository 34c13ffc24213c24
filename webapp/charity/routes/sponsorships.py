"""The "Mẹ đỡ đầu" programme page, sponsorships and their payments."""

from __future__ import annotations

from flask import flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from webapp.charity import bp
from webapp.charity.forms import PaymentForm, SponsorshipForm
from webapp.charity.routes.selection import require_writer, set_unit_choices, year_period
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
from webapp.fields import query_int
from webapp.form_helpers import (
    after_delete,
    choices,
    done,
    form_data,
    form_page,
    page_or_part,
    refused_status,
    run_action,
    submit,
)
from webapp.formatting import local_today
from webapp.models.charity import FundKind, Sponsorship, SponsorshipPayment
from webapp.scope import can_write_unit, get_scoped_or_404


@bp.get("/sponsorships/")
def sponsorships():
    """Surveyed children, who is sponsored, and what was committed and paid in the period
    (default: this year)."""
    p = programme(current_user, *year_period())
    return render_template("charity/sponsorships.html", p=p)


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


def _check(data: SponsorshipData) -> tuple:
    """The rule that also runs on a form some of whose fields were refused."""
    return (check_sponsorship, data, current_user)


@bp.route("/sponsorships/new", methods=["GET", "POST"])
def sponsorship_new():
    """Record a new sponsorship."""
    require_writer()
    form = _form()
    data = form_data(form, SponsorshipData)
    s = submit(form, create_sponsorship, data, current_user, check=_check(data))
    if s is not None:
        saved = _("Đã ghi khoản đỡ đầu cho cháu %(name)s.", name=s.child.full_name)
        return done("charity.sponsorship_show", saved, sponsorship_id=s.id)
    return form_page("charity/sponsorship_form.html", form, s=None)


@bp.route("/sponsorships/<int:sponsorship_id>/edit", methods=["GET", "POST"])
def sponsorship_edit(sponsorship_id: int):
    """Correct a sponsorship."""
    s = get_scoped_or_404(Sponsorship, sponsorship_id, current_user)
    form = _form(s)
    data = form_data(form, SponsorshipData)
    if submit(
        form, update_sponsorship, s, data, current_user, form.loaded_version, check=_check(data)
    ):
        return done("charity.sponsorship_show", _("Đã lưu khoản đỡ đầu."), sponsorship_id=s.id)
    return form_page("charity/sponsorship_form.html", form, s=s)


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
    page = "charity/sponsorship_show.html"
    return page_or_part(page, "charity/_payments.html", "payments", status, **context)


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
    trashed, back = _("Đã chuyển khoản đỡ đầu vào thùng rác."), "charity.sponsorship_show"
    return after_delete(error, trashed, "charity.sponsorships", back, sponsorship_id=s.id)


@bp.post("/sponsorships/<int:sponsorship_id>/payments")
def payment_add(sponsorship_id: int):
    """Add a payment; the payments part reloads alone (htmx)."""
    s = get_scoped_or_404(Sponsorship, sponsorship_id, current_user)
    form = _payment_form()
    data = form_data(form, PaymentData)
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
    trashed = _("Đã chuyển lần chi vào thùng rác.")
    return done("charity.sponsorship_show", trashed, sponsorship_id=s.id)
