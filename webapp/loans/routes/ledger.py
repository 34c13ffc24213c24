"""Thin views: a household's loans, repayments and savings deposits (HTMX partials)."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp.form_helpers import choices, done, form_data, form_page, run_action, submit
from webapp.formatting import local_today
from webapp.loans import bp
from webapp.loans.forms import DepositForm, LoanForm, RepaymentEditForm, RepaymentForm
from webapp.loans.routes.selection import scoped_or_404
from webapp.loans.services import ledger
from webapp.loans.services.history import household_history
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
        history=household_history(household),
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
        history_oob=household_history(loan.household),
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
            form.load_version(loan)
    return form


@bp.route("/households/<int:household_id>/loans/new", methods=["GET", "POST"])
def loan_new(household_id: int):
    household = scoped_or_404(Household, household_id)
    form = _loan_form(household)
    data = form_data(form, ledger.LoanData)
    check = (ledger.check_loan, household, data)
    if submit(form, ledger.save_loan, current_user, household, data, check=check):
        saved = _("Đã ghi khoản giải ngân.")
        return done("loans.household", saved, household_id=household.id)
    return form_page("loans/loan_form.html", form, household=household, loan=None)


@bp.route("/loans/<int:loan_id>/edit", methods=["GET", "POST"])
def loan_edit(loan_id: int):
    loan = scoped_or_404(Loan, loan_id)
    household = loan.household
    form = _loan_form(household, loan)
    data, version = form_data(form, ledger.LoanData), form.loaded_version
    check = (ledger.check_loan, household, data, loan)
    if submit(form, ledger.save_loan, current_user, household, data, loan, version, check=check):
        return done("loans.household", _("Đã lưu khoản vay."), household_id=household.id)
    return form_page("loans/loan_form.html", form, household=household, loan=loan)


@bp.post("/loans/<int:loan_id>/delete")
def loan_delete(loan_id: int):
    loan = scoped_or_404(Loan, loan_id)
    household_id = loan.household_id
    _unused, error = run_action(ledger.delete_loan, current_user, loan)
    trashed = _("Đã chuyển khoản vay vào thùng rác.")
    return done("loans.household", trashed, error, household_id=household_id)


# --- repayments -----------------------------------------------------------------------------------


def _repayment_rule(
    form: RepaymentForm | RepaymentEditForm, loan: Loan, exclude_id: int | None = None
) -> tuple:
    """The repayment rules as ``submit``'s ``check``: every mistake at once."""
    principal, interest = form.principal.data or 0, form.interest.data or 0
    return (ledger.check_repayment, loan, form.paid_on.data, principal, interest, exclude_id)


@bp.post("/loans/<int:loan_id>/repayments")
def repayment_new(loan_id: int):
    loan = scoped_or_404(Loan, loan_id)
    form = repayment_form(loan, posted=True)
    values = (loan, form.paid_on.data, form.principal.data, form.interest.data)
    check = _repayment_rule(form, loan)
    saved = submit(form, ledger.add_repayment, current_user, *values, check=check) is not None
    if request.htmx:
        return _loan_partial(loan, None if saved else form)
    if saved:
        return done("loans.household", _("Đã ghi lần trả nợ."), household_id=loan.household_id)
    context = household_context(loan.household, repayment_forms={loan.id: form})
    return form_page("loans/household.html", form, **context)


@bp.route("/repayments/<int:repayment_id>/edit", methods=["GET", "POST"])
def repayment_edit(repayment_id: int):
    """Correct a repayment entered wrongly: day, amounts, note (period lock and version apply)."""
    repayment = scoped_or_404(LoanRepayment, repayment_id)
    loan = repayment.loan
    form = RepaymentEditForm(obj=repayment if request.method == "GET" else None)
    if request.method == "GET":
        form.load_version(repayment)
    data = form_data(form, ledger.RepaymentData)
    version, check = form.loaded_version, _repayment_rule(form, loan, repayment.id)
    if submit(form, ledger.update_repayment, current_user, repayment, data, version, check=check):
        return done("loans.household", _("Đã sửa lần trả nợ."), household_id=loan.household_id)
    return form_page("loans/repayment_form.html", form, repayment=repayment, loan=loan)


@bp.post("/repayments/<int:repayment_id>/delete")
def repayment_delete(repayment_id: int):
    repayment = scoped_or_404(LoanRepayment, repayment_id)
    loan = repayment.loan
    _unused, error = run_action(ledger.delete_repayment, current_user, repayment)
    if request.htmx:
        return _loan_partial(loan, error=error)
    removed = _("Đã xoá lần trả nợ.")
    return done("loans.household", removed, error, household_id=loan.household_id)


# --- savings ----------------------------------------------------------------------------------------


def _savings_partial(
    household: Household, form: DepositForm | None = None, error: str | None = None
):
    return render_template(
        "loans/_savings.html",
        household=household,
        savings=ledger.savings_lines(household),
        history=household_history(household),
        deposit_form=form or DepositForm(prefix="deposit", formdata=None),
        error=error,
        history_oob=household_history(household),
    )


@bp.post("/households/<int:household_id>/deposits")
def deposit_new(household_id: int):
    household = scoped_or_404(Household, household_id)
    form = DepositForm(prefix="deposit")
    values = (household, form.deposited_on.data, form.amount.data, form.is_withdrawal.data)
    check = (ledger.check_deposit, *values)
    saved = submit(form, ledger.add_deposit, current_user, *values, check=check) is not None
    if request.htmx:
        return _savings_partial(household, None if saved else form)
    if saved:
        return done("loans.household", _("Đã ghi tiết kiệm."), household_id=household.id)
    return form_page(
        "loans/household.html", form, **household_context(household, deposit_form=form)
    )


@bp.post("/deposits/<int:deposit_id>/delete")
def deposit_delete(deposit_id: int):
    deposit = scoped_or_404(SavingsDeposit, deposit_id)
    household = deposit.household
    _unused, error = run_action(ledger.delete_deposit, current_user, deposit)
    if request.htmx:
        return _savings_partial(household, error=error)
    return done("loans.household", _("Đã xoá."), error, household_id=household.id)
