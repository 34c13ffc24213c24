"""Admin pages of the loans area: banks and their lending programmes are data, kept here."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.form_helpers import choices
from webapp.loans import bp
from webapp.loans.forms import BankForm, ProgrammeForm
from webapp.loans.routes.common import run, scoped_or_404
from webapp.loans.services import registers as reg
from webapp.models import Bank, LoanProgramme
from webapp.units.services import unit_choices


def _admin() -> None:
    if not current_user.is_admin:
        abort(403)


def _bank_form(bank: Bank | None = None) -> BankForm:
    form = BankForm(obj=bank)
    form.unit_id.choices = choices(unit_choices(current_user))
    if bank is not None and request.method == "GET":
        form.version.data = str(bank.version)
    return form


def _bank_data(form: BankForm) -> reg.BankData:
    return reg.BankData(
        form.code.data or "", form.short_name.data or "", form.name.data or "", form.unit_id.data
    )


def _banks_page(form: BankForm, status: int = 200):
    banks = reg.visible_banks(current_user)
    programmes = reg.programmes_of([b.id for b in banks])
    return render_template(
        "loans/banks.html",
        banks=banks,
        programmes=programmes,
        form=form,
        programme_form=ProgrammeForm(formdata=None),
    ), status


@bp.get("/banks")
def banks():
    _admin()
    return _banks_page(_bank_form())


@bp.post("/banks")
def bank_new():
    _admin()
    form = _bank_form()
    if form.validate_on_submit():
        bank, _unused = run(form, reg.save_bank, current_user, _bank_data(form))
        if bank is not None:
            flash(_("Đã thêm %(name)s.", name=bank.short_name), "success")
            return redirect(url_for("loans.banks"))
    return _banks_page(form, 422)


@bp.route("/banks/<int:bank_id>", methods=["GET", "POST"])
def bank_edit(bank_id: int):
    _admin()
    bank = scoped_or_404(Bank, bank_id)
    form = _bank_form(bank)
    if form.validate_on_submit():
        saved, _unused = run(
            form, reg.save_bank, current_user, _bank_data(form), bank, form.version_number
        )
        if saved is not None:
            flash(_("Đã lưu %(name)s.", name=saved.short_name), "success")
            return redirect(url_for("loans.banks"))
    status = 422 if request.method == "POST" else 200
    return render_template("loans/bank_form.html", form=form, bank=bank), status


@bp.post("/banks/<int:bank_id>/programmes")
def programme_new(bank_id: int):
    _admin()
    bank = scoped_or_404(Bank, bank_id)
    form = ProgrammeForm()
    if form.validate_on_submit():
        programme, error = run(
            form, reg.save_programme, bank, form.name.data or "", bool(form.active.data)
        )
        if programme is not None:
            flash(_("Đã thêm chương trình %(name)s.", name=programme.name), "success")
            return redirect(url_for("loans.banks"))
    else:
        error = "; ".join(str(e) for errs in form.errors.values() for e in errs)
    flash(error or _("Không lưu được."), "error")
    return redirect(url_for("loans.banks"))


@bp.route("/programmes/<int:programme_id>", methods=["GET", "POST"])
def programme_edit(programme_id: int):
    _admin()
    programme = scoped_or_404(LoanProgramme, programme_id)
    form = ProgrammeForm(obj=programme)
    if request.method == "GET":
        form.version.data = str(programme.version)
    if form.validate_on_submit():
        saved, _unused = run(
            form,
            reg.save_programme,
            programme.bank,
            form.name.data or "",
            bool(form.active.data),
            programme,
            form.version_number,
        )
        if saved is not None:
            flash(_("Đã lưu chương trình %(name)s.", name=saved.name), "success")
            return redirect(url_for("loans.banks"))
    status = 422 if request.method == "POST" else 200
    return render_template("loans/programme_form.html", form=form, programme=programme), status
