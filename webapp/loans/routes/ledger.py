"""Thin views: a household's loans, repayments and savings deposits (HTMX partials)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp.form_helpers import choices
from webapp.formatting import local_today
from webapp.loans import bp
from webapp.loans.forms import DepositForm, LoanForm, RepaymentForm
from webapp.loans.routes.common import run, scoped_or_404
from webapp.loans.services import ledger
from webapp.models import Household, Loan, LoanRepayment, SavingsDeposit

NO_GROUP = (None, _l("— Không qua tổ —"))


def repayment_form(loan: Loan, posted: bool = False) -> RepaymentForm:
    """The repayment form of one loan (prefixed: a household page holds one per loan)."""
    if posted:
        return RepaymentForm(prefix=f"loan{loan.id}")
    return RepaymentForm(prefix=f"loan{loan.id}", formdata=None)


def household_context(household: Household, **forms) -> dict:
    """Everything the household page and its partials show."""
    today = local_today()
    lines = ledger.household_loans(household, today)
    repayment_forms = {line.loan.id: repayment_form(line.loan) for line in lines}
    repayment_forms.update(forms.pop("repayment_forms", {}))
    return dict(
        household=household,
        today=today,
        lines=lines,
        outstanding=sum(line.balance for line in lines),
        repayment_forms=repayment_forms,
        savings=ledger.savings_lines(household),
        deposit_form=forms.pop("deposit_form", None)
        or DepositForm(prefix="deposit", formdata=None),
        **forms,
    )


def _loan_partial(loan: Loan, form: RepaymentForm | None = None, error: str | None = None):
    """The loan's card again (after a repayment was added or removed)."""
    lines = ledger.household_loans(loan.household, local_today())
    line = next(line for line in lines if line.loan.id == loan.id)
    return render_template(
        "loans/_loan.html",
        line=line,
        household=loan.household,
        form=form or repayment_form(loan),
        error=error,
        household_outstanding=sum(line.balance for line in lines),
    )


# --- loans --------------------------------------------------------------------------------------


def _loan_form(household: Household, loan: Loan | None = None) -> LoanForm:
    form = LoanForm(obj=loan)
    programmes = ledger.programme_choices(household.unit_id)
    if loan is not None and loan.programme_id not in dict(programmes):
        programmes.append((loan.programme_id, loan.programme.label))
    form.programme_id.choices = choices([(None, _("— Chọn chương trình —")), *programmes])
    form.group_id.choices = choices([NO_GROUP, *ledger.group_choices_for_unit(household.unit_id)])
    if request.method == "GET":
        if loan is None:
            form.group_id.data = household.group_id
        else:
            form.version.data = str(loan.version)
    return form


def _loan_data(form: LoanForm) -> ledger.LoanData:
    return ledger.LoanData(
        form.programme_id.data,
        form.group_id.data,
        form.disbursed_on.data,
        form.amount.data,
        form.due_on.data,
        form.purpose.data or "",
        form.contract_no.data or "",
    )


@bp.route("/households/<int:household_id>/loans/new", methods=["GET", "POST"])
def loan_new(household_id: int):
    household = scoped_or_404(Household, household_id)
    form = _loan_form(household)
    if form.validate_on_submit():
        loan, _unused = run(form, ledger.save_loan, current_user, household, _loan_data(form))
        if loan is not None:
            flash(_("Đã ghi khoản giải ngân."), "success")
            return redirect(url_for("loans.household", household_id=household.id))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "loans/loan_form.html", form=form, household=household, loan=None
    ), status


@bp.route("/loans/<int:loan_id>/edit", methods=["GET", "POST"])
def loan_edit(loan_id: int):
    loan = scoped_or_404(Loan, loan_id)
    household = loan.household
    form = _loan_form(household, loan)
    if form.validate_on_submit():
        saved, _unused = run(
            form,
            ledger.save_loan,
            current_user,
            household,
            _loan_data(form),
            loan,
            form.version_number,
        )
        if saved is not None:
            flash(_("Đã lưu khoản vay."), "success")
            return redirect(url_for("loans.household", household_id=household.id))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "loans/loan_form.html", form=form, household=household, loan=loan
    ), status


@bp.post("/loans/<int:loan_id>/delete")
def loan_delete(loan_id: int):
    loan = scoped_or_404(Loan, loan_id)
    household_id = loan.household_id
    _unused, error = run(None, ledger.delete_loan, current_user, loan)
    flash(error or _("Đã chuyển khoản vay vào thùng rác."), "error" if error else "success")
    return redirect(url_for("loans.household", household_id=household_id))


# --- repayments -----------------------------------------------------------------------------------


@bp.post("/loans/<int:loan_id>/repayments")
def repayment_new(loan_id: int):
    loan = scoped_or_404(Loan, loan_id)
    form = repayment_form(loan, posted=True)
    saved = False
    if form.validate_on_submit():
        repayment, _unused = run(
            form,
            ledger.add_repayment,
            current_user,
            loan,
            form.paid_on.data,
            form.principal.data,
            form.interest.data,
        )
        saved = repayment is not None
    if request.htmx:
        return _loan_partial(loan, None if saved else form)
    if saved:
        flash(_("Đã ghi lần trả nợ."), "success")
        return redirect(url_for("loans.household", household_id=loan.household_id))
    household = loan.household
    context = household_context(household, repayment_forms={loan.id: form})
    return render_template("loans/household.html", **context), 422


@bp.post("/repayments/<int:repayment_id>/delete")
def repayment_delete(repayment_id: int):
    repayment = scoped_or_404(LoanRepayment, repayment_id)
    loan = repayment.loan
    _unused, error = run(None, ledger.delete_repayment, current_user, repayment)
    if request.htmx:
        return _loan_partial(loan, error=error)
    flash(error or _("Đã xoá lần trả nợ."), "error" if error else "success")
    return redirect(url_for("loans.household", household_id=loan.household_id))


# --- savings ----------------------------------------------------------------------------------------


def _savings_partial(
    household: Household, form: DepositForm | None = None, error: str | None = None
):
    return render_template(
        "loans/_savings.html",
        household=household,
        savings=ledger.savings_lines(household),
        deposit_form=form or DepositForm(prefix="deposit", formdata=None),
        error=error,
    )


@bp.post("/households/<int:household_id>/deposits")
def deposit_new(household_id: int):
    household = scoped_or_404(Household, household_id)
    form = DepositForm(prefix="deposit")
    saved = False
    if form.validate_on_submit():
        deposit, _unused = run(
            form,
            ledger.add_deposit,
            current_user,
            household,
            form.deposited_on.data,
            form.amount.data,
            form.is_withdrawal.data,
        )
        saved = deposit is not None
    if request.htmx:
        return _savings_partial(household, None if saved else form)
    if saved:
        flash(_("Đã ghi tiết kiệm."), "success")
        return redirect(url_for("loans.household", household_id=household.id))
    context = household_context(household, deposit_form=form)
    return render_template("loans/household.html", **context), 422


@bp.post("/deposits/<int:deposit_id>/delete")
def deposit_delete(deposit_id: int):
    deposit = scoped_or_404(SavingsDeposit, deposit_id)
    household = deposit.household
    _unused, error = run(None, ledger.delete_deposit, current_user, deposit)
    if request.htmx:
        return _savings_partial(household, error=error)
    flash(error or _("Đã xoá."), "error" if error else "success")
    return redirect(url_for("loans.household", household_id=household.id))
