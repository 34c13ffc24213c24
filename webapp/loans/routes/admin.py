"""Admin pages of the loans area: banks and their lending programmes are data, kept here.

Shared banks (no unit) are kept by the admins of the whole tree; a unit's admin sees them, adds
a local bank of its own and records its local office (phòng giao dịch) of any bank."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp.form_helpers import (
    check_rules,
    choices,
    done,
    form_data,
    form_page,
    refused_status,
    save,
    submit,
)
from webapp.loans import bp
from webapp.loans.forms import BankForm, OfficeForm, ProgrammeForm
from webapp.loans.services import registers as reg
from webapp.models import Bank
from webapp.scope import unit_choices

SHARED_CHOICE = (None, _l("— Dùng chung cho mọi đơn vị —"))


def _admin() -> None:
    if not current_user.is_admin:
        abort(403)


def _bank_form(bank: Bank | None = None) -> BankForm:
    form = BankForm(obj=bank)
    units = unit_choices(current_user)
    form.unit_id.choices = choices(
        [SHARED_CHOICE, *units] if reg.is_system_admin(current_user) else units
    )
    if bank is not None and request.method == "GET":
        form.load_version(bank)
    return form


def _office_form() -> OfficeForm:
    form = OfficeForm()
    form.office_bank_id.choices = choices(
        [(b.id, b.short_name) for b in reg.visible_banks(current_user)]
    )
    form.office_unit_id.choices = choices(unit_choices(current_user))
    if request.method == "GET" and current_user.unit_id:
        form.office_unit_id.data = current_user.unit_id
    return form


def _banks_page(form: BankForm, status: int = 200, office_form: OfficeForm | None = None):
    banks = reg.visible_banks(current_user)
    ids = [b.id for b in banks]
    return render_template(
        "loans/banks.html",
        banks=banks,
        programmes=reg.programmes_of(ids),
        offices=reg.offices_of(current_user, ids),
        manageable={b.id for b in banks if reg.can_manage_bank(current_user, b)},
        form=form,
        office_form=office_form or _office_form(),
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
    data = form_data(form, reg.BankData)
    bank = submit(
        form, reg.save_bank, current_user, data, check=(reg.check_bank, current_user, data)
    )
    if bank is not None:
        flash(_("Đã thêm %(name)s.", name=bank.short_name), "success")
        return redirect(url_for("loans.banks"))
    return _banks_page(form, refused_status(form))


@bp.route("/banks/<int:bank_id>", methods=["GET", "POST"])
def bank_edit(bank_id: int):
    _admin()
    bank = reg.bank_or_404(current_user, bank_id)
    if not reg.can_manage_bank(current_user, bank):
        abort(403)
    form = _bank_form(bank)
    data = form_data(form, reg.BankData)
    check = (reg.check_bank, current_user, data, bank)
    saved = submit(form, reg.save_bank, current_user, data, bank, form.loaded_version, check=check)
    if saved is not None:
        return done("loans.banks", _("Đã lưu %(name)s.", name=saved.short_name))
    return form_page("loans/bank_form.html", form, bank=bank)


@bp.post("/banks/<int:bank_id>/programmes")
def programme_new(bank_id: int):
    _admin()
    bank = reg.bank_or_404(current_user, bank_id)
    if not reg.can_manage_bank(current_user, bank):
        abort(403)
    form = ProgrammeForm()
    name = form.name.data or ""
    check = (reg.check_programme, bank, name)
    programme = submit(form, reg.save_programme, bank, name, bool(form.active.data), check=check)
    if programme is not None:
        flash(_("Đã thêm chương trình %(name)s.", name=programme.name), "success")
        return redirect(url_for("loans.banks"))
    # The form sits in a list of banks: its messages come back as one notice above the list.
    errors = [*form.form_errors, *(str(e) for errs in form.errors.values() for e in errs)]
    flash("; ".join(dict.fromkeys(errors)) or _("Không lưu được."), "error")
    return redirect(url_for("loans.banks"))


@bp.route("/programmes/<int:programme_id>", methods=["GET", "POST"])
def programme_edit(programme_id: int):
    _admin()
    programme = reg.programme_or_404(current_user, programme_id)
    if not reg.can_manage_bank(current_user, programme.bank):
        abort(403)
    form = ProgrammeForm(obj=programme)
    if request.method == "GET":
        form.load_version(programme)
    name, version = form.name.data or "", form.loaded_version
    saved = submit(
        form,
        reg.save_programme,
        programme.bank,
        name,
        bool(form.active.data),
        programme,
        version,
        check=(reg.check_programme, programme.bank, name, programme, version),
    )
    if saved is not None:
        return done("loans.banks", _("Đã lưu chương trình %(name)s.", name=saved.name))
    return form_page("loans/programme_form.html", form, programme=programme)


@bp.post("/banks/offices")
def office_save():
    """Record the chosen unit's local office of a bank (shared or local)."""
    _admin()
    form = _office_form()
    unit_id, name = form.office_unit_id.data, form.office_name.data or ""
    if form.validate_on_submit():
        bank = reg.bank_or_404(current_user, form.office_bank_id.data or 0)
        office = save(
            form,
            reg.save_office,
            current_user,
            bank,
            unit_id,
            name,
            form.office_address.data or "",
            form.office_phone.data or "",
        )
        if office is not None:
            flash(_("Đã lưu phòng giao dịch %(name)s.", name=office.name), "success")
            return redirect(url_for("loans.banks"))
    elif form.is_submitted():
        check_rules(form, reg.check_office, unit_id, name)
    return _banks_page(_bank_form(), refused_status(form), office_form=form)
