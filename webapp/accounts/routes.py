"""Thin views for the account admin pages."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.accounts import bp
from webapp.accounts.forms import AccountForm
from webapp.accounts.services import (
    AccountData,
    account_or_404,
    check_account,
    create_account,
    list_accounts,
    reset_password,
    set_active,
    update_account,
)
from webapp.fields import BaseForm, query_int
from webapp.form_helpers import choices, refused_status, save, submit
from webapp.models import Role, User
from webapp.scope import unit_choices


def _form(user: User | None = None) -> AccountForm:
    form = AccountForm(obj=user)
    form.unit_id.choices = choices(
        [(None, _("— Toàn hệ thống (chỉ quản trị) —")), *unit_choices(current_user)]
    )
    return form


def _data(form: AccountForm) -> AccountData:
    return AccountData(
        form.username.data or "",
        form.full_name.data or "",
        form.role.data or Role.VIEWER,
        form.unit_id.data,
    )


@bp.get("/")
def index():
    page = query_int("page", 1)
    q = request.args.get("q", "")
    accounts = list_accounts(current_user, page, current_app.config["PAGE_SIZE"], q)
    if request.htmx and request.htmx.target == "account-rows":
        return render_template("accounts/_rows.html", accounts=accounts, q=q)
    return render_template("accounts/index.html", accounts=accounts, q=q)


@bp.route("/new", methods=["GET", "POST"])
def create():
    form = _form()
    data = _data(form)
    check = (check_account, data, current_user)
    if created := submit(form, create_account, data, current_user, check=check):
        user, password = created
        return render_template(
            "accounts/password_shown.html", user=user, password=password, created=True
        )
    return render_template("accounts/form.html", form=form, user=None), refused_status(form)


@bp.route("/<int:user_id>", methods=["GET", "POST"])
def edit(user_id: int):
    user = account_or_404(user_id, current_user)
    form = _form(user)
    data = _data(form)
    check = (check_account, data, current_user, user)
    if submit(form, update_account, user, data, current_user, check=check):
        flash(_("Đã lưu tài khoản %(name)s.", name=user.username), "success")
        return redirect(url_for("accounts.index"))
    return render_template("accounts/form.html", form=form, user=user), refused_status(form)


@bp.post("/<int:user_id>/active")
def toggle_active(user_id: int):
    user = account_or_404(user_id, current_user)
    want_active = request.form.get("active") == "1"
    form = BaseForm()  # the CSRF token only; a refusal is flashed above the list
    if save(form, set_active, user, want_active, current_user):
        if want_active:
            flash(_("Đã mở khoá tài khoản %(name)s.", name=user.username), "success")
        else:
            flash(_("Đã khoá tài khoản %(name)s.", name=user.username), "success")
    for error in form.form_errors:
        flash(error, "error")
    if request.htmx:
        return render_template("accounts/_row.html", account=user)
    return redirect(url_for("accounts.index"))


@bp.post("/<int:user_id>/password")
def reset(user_id: int):
    user = account_or_404(user_id, current_user)
    password = save(None, reset_password, user)
    return render_template(
        "accounts/password_shown.html", user=user, password=password, created=False
    )
