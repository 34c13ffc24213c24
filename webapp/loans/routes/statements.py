"""Thin views: import a bank statement (.xlsx), preview the reconciliation, accept or discard."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.form_helpers import done, form_page, run_action, submit
from webapp.loans import bp
from webapp.loans.forms import StatementForm
from webapp.loans.routes.selection import scoped_or_404
from webapp.loans.services import statements as st
from webapp.models import BankStatement, LoanGroup


@bp.route("/groups/<int:group_id>/statements/new", methods=["GET", "POST"])
def statement_new(group_id: int):
    group = scoped_or_404(LoanGroup, group_id)
    form = StatementForm()
    upload = request.files.get("file")
    values = (
        form.statement_on.data,
        upload.filename if upload else "",
        upload.stream if upload else None,
    )
    check = (st.check_statement, *values)
    statement = submit(form, st.create_statement, current_user, group, *values, check=check)
    if statement is not None:
        return redirect(url_for("loans.statement", statement_id=statement.id))
    return form_page("loans/statement_form.html", form, group=group)


@bp.get("/statements/<int:statement_id>")
def statement(statement_id: int):
    statement = scoped_or_404(BankStatement, statement_id)
    return render_template(
        "loans/statement.html", statement=statement, result=st.reconcile(statement)
    )


@bp.post("/statements/<int:statement_id>/accept")
def statement_accept(statement_id: int):
    statement = scoped_or_404(BankStatement, statement_id)
    written, error = run_action(st.accept_statement, current_user, statement)
    if error:
        return done("loans.statement", refused=error, statement_id=statement_id)
    accepted = _("Đã chấp nhận sao kê: ghi %(n)s lần trả nợ / điều chỉnh.", n=written)
    return done("loans.group", accepted, group_id=statement.group_id)


@bp.post("/statements/<int:statement_id>/discard")
def statement_discard(statement_id: int):
    statement = scoped_or_404(BankStatement, statement_id)
    group_id = statement.group_id
    _unused, error = run_action(st.discard_statement, current_user, statement)
    return done("loans.group", _("Đã huỷ bản nháp sao kê."), error, group_id=group_id)
