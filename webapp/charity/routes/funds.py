"""Funds: the list with balances, a fund's ledger with its running balance, entries."""

from __future__ import annotations

from flask import flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from webapp.charity import bp
from webapp.charity.forms import EntryForm, FundForm, TransferForm
from webapp.charity.routes.selection import arg_day, require_writer, set_unit_choices
from webapp.charity.services.funds import (
    EntryData,
    FundData,
    add_entry,
    check_entry,
    check_fund,
    create_fund,
    delete_entry,
    delete_fund,
    funds_with_balances,
    update_entry,
    update_fund,
    writable_fund_choices,
)
from webapp.charity.services.ledger import ledger
from webapp.charity.services.transfers import TransferData, check_transfer, create_transfer
from webapp.form_helpers import (
    after_delete,
    choices,
    done,
    form_data,
    form_page,
    page_or_part,
    refused_status,
    run_action,
    saved_message,
    submit,
)
from webapp.formatting import local_today
from webapp.models.charity import Fund, FundEntry
from webapp.scope import can_write_unit, get_scoped_or_404


@bp.get("/funds/")
def funds():
    """Every fund in scope with its balance today."""
    return render_template("charity/funds.html", funds=funds_with_balances(current_user))


@bp.route("/funds/new", methods=["GET", "POST"])
def fund_new():
    """Add a fund."""
    require_writer()
    form = FundForm()
    set_unit_choices(form)
    data = form_data(form, FundData)
    fund = submit(form, create_fund, data, current_user, check=(check_fund, data))
    if fund is not None:
        return done("charity.fund_show", saved_message(fund.name, added=True), fund_id=fund.id)
    return form_page("charity/fund_form.html", form, fund=None)


@bp.route("/funds/<int:fund_id>/edit", methods=["GET", "POST"])
def fund_edit(fund_id: int):
    """Rename a fund or change its purpose."""
    fund = get_scoped_or_404(Fund, fund_id, current_user)
    form = FundForm(obj=fund if request.method == "GET" else None)
    set_unit_choices(form)
    if request.method == "GET":
        form.kind.data = fund.kind.value
        form.load_version(fund)
        if fund.is_money:
            form.measure.data = ""
    data = form_data(form, FundData)
    check = (check_fund, data, fund)
    if submit(form, update_fund, fund, data, current_user, form.loaded_version, check=check):
        return done("charity.fund_show", saved_message(fund.name, added=False), fund_id=fund.id)
    return form_page("charity/fund_form.html", form, fund=fund)


@bp.post("/funds/<int:fund_id>/delete")
def fund_delete(fund_id: int):
    """Trash a fund without movements."""
    fund = get_scoped_or_404(Fund, fund_id, current_user)
    trashed = _("Đã chuyển %(name)s vào thùng rác.", name=fund.name)
    _unused, error = run_action(delete_fund, fund, current_user)
    return after_delete(error, trashed, "charity.funds", "charity.fund_show", fund_id=fund.id)


def _ledger_page(
    fund: Fund,
    form: EntryForm,
    status: int = 200,
    notice: str | None = None,
    transfer: TransferForm | None = None,
):
    start, end = arg_day("from"), arg_day("to")
    context = {
        "notice": notice,
        "fund": fund,
        "ledger": ledger(fund, start, end),
        "form": form,
        "transfer": transfer or _transfer_form(fund, fresh=True),
        "can_write": can_write_unit(current_user, fund.unit_id),
    }
    return page_or_part(
        "charity/fund_show.html", "charity/_ledger.html", "ledger", status, **context
    )


def _entry_form() -> EntryForm:
    form = EntryForm()
    if request.method == "GET":
        form.entry_date.data = local_today()
    return form


@bp.get("/funds/<int:fund_id>")
def fund_show(fund_id: int):
    """The ledger: opening balance, each movement with the running balance, closing balance."""
    fund = get_scoped_or_404(Fund, fund_id, current_user)
    return _ledger_page(fund, _entry_form())


@bp.post("/funds/<int:fund_id>/entries")
def entry_add(fund_id: int):
    """Add an inflow or outflow from the ledger page; the ledger reloads with the new balance."""
    fund = get_scoped_or_404(Fund, fund_id, current_user)
    form = _entry_form()
    data = form_data(form, EntryData)
    check = (check_entry, fund, data)
    saved = submit(form, add_entry, fund, data, current_user, check=check)
    if saved is not None:
        if not request.htmx:
            flash(_("Đã ghi vào sổ quỹ."), "success")
            return done("charity.fund_show", fund_id=fund.id)
        return _ledger_page(fund, _entry_form_fresh())
    return _ledger_page(fund, form, refused_status(form))


def _entry_form_fresh() -> EntryForm:
    form = EntryForm(formdata=None)
    form.entry_date.data = local_today()
    return form


@bp.route("/entries/<int:entry_id>", methods=["GET", "POST"])
def entry_edit(entry_id: int):
    """Correct an entry of a fund."""
    entry = get_scoped_or_404(FundEntry, entry_id, current_user)
    form = EntryForm(obj=entry if request.method == "GET" else None)
    if request.method == "GET":
        form.direction.data = entry.direction.value
        form.kind.data = entry.kind.value
        form.load_version(entry)
    data, version = form_data(form, EntryData), form.loaded_version
    check = (check_entry, entry.fund, data)
    if submit(form, update_entry, entry, data, current_user, version, check=check):
        return done("charity.fund_show", _("Đã lưu khoản thu chi."), fund_id=entry.fund_id)
    return form_page("charity/entry_form.html", form, entry=entry)


@bp.post("/entries/<int:entry_id>/delete")
def entry_delete(entry_id: int):
    """Trash an entry; refused when the fund would go below zero."""
    entry = get_scoped_or_404(FundEntry, entry_id, current_user)
    fund = entry.fund
    _unused, notice = run_action(delete_entry, entry, current_user)
    if request.htmx and request.htmx.target == "ledger":
        return _ledger_page(fund, _entry_form_fresh(), notice=notice)
    flash(notice or _("Đã chuyển khoản thu chi vào thùng rác."), "error" if notice else "success")
    return done("charity.fund_show", fund_id=fund.id)


def _transfer_form(fund: Fund, fresh: bool = False) -> TransferForm:
    """The "Chuyển quỹ" form of a ledger page: from this fund by default, to any fund the
    user may write (the service refuses funds of another measure)."""
    form = TransferForm(prefix="transfer", **({"formdata": None} if fresh else {}))
    funds = choices([(None, _("— chọn quỹ —")), *writable_fund_choices(current_user)])
    form.from_fund_id.choices = funds
    form.to_fund_id.choices = funds
    if fresh:
        form.from_fund_id.data = fund.id
        form.entry_date.data = local_today()
    return form


@bp.post("/funds/<int:fund_id>/transfers")
def transfer_add(fund_id: int):
    """Move money (or goods) from one fund to another: two linked ledger entries, written
    together or not at all."""
    fund = get_scoped_or_404(Fund, fund_id, current_user)
    require_writer()
    form = _transfer_form(fund)
    data = form_data(form, TransferData)
    check = (check_transfer, data, current_user)
    if submit(form, create_transfer, data, current_user, check=check) is not None:
        if not request.htmx:
            flash(_("Đã ghi chuyển quỹ vào sổ của cả hai quỹ."), "success")
            return done("charity.fund_show", fund_id=fund.id)
        return _ledger_page(fund, _entry_form_fresh())
    return _ledger_page(fund, _entry_form_fresh(), refused_status(form), transfer=form)
