"""Thin views for the account admin pages."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.accounts import bp
from webapp.accounts.forms import AccountForm
from webapp.accounts.services import (
    AccountData,
    AccountError,
    account_or_404,
    create_account,
    list_accounts,
    reset_password,
    set_active,
    update_account,
)
from webapp.extensions import db
from webapp.fields import query_int
from webapp.form_helpers import choices
from webapp.models import Role, User
from webapp.units.services import unit_choices


def _form(user: User | None = None) -> AccountForm:
    form = AccountForm(obj=user)
    form.unit_id.choices = choices(
        [(None, _("— Toàn hệ thống (chỉ quản trị) —")), *unit_choices(current_user)]
    )
    if user is not None and request.method == "GET":
        form.role.data = user.role.value
    return form


def _data(form: AccountForm) -> AccountData:
    return AccountData(
        form.username.data or "", form.full_name.data or "", Role(form.role.data), form.unit_id.data
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
    if form.validate_on_submit():
        try:
            user, password = create_account(_data(form), current_user)
        except AccountError as exc:
            getattr(form, exc.field).errors.append(exc.message)
        else:
            db.session.commit()
            return render_template(
                "accounts/password_shown.html", user=user, password=password, created=True
            )
    return render_template("accounts/form.html", form=form, user=None)


@bp.route("/<int:user_id>", methods=["GET", "POST"])
def edit(user_id: int):
    user = account_or_404(user_id, current_user)
    form = _form(user)
    if form.validate_on_submit():
        try:
            update_account(user, _data(form), current_user)
        except AccountError as exc:
            db.session.rollback()
            getattr(form, exc.field).errors.append(exc.message)
        else:
            db.session.commit()
            flash(_("Đã lưu tài khoản %(name)s.", name=user.username), "success")
            return redirect(url_for("accounts.index"))
    return render_template("accounts/form.html", form=form, user=user)


@bp.post("/<int:user_id>/active")
def toggle_active(user_id: int):
    user = account_or_404(user_id, current_user)
    want_active = request.form.get("active") == "1"
    try:
        set_active(user, want_active, current_user)
    except AccountError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        if want_active:
            flash(_("Đã mở khoá tài khoản %(name)s.", name=user.username), "success")
        else:
            flash(_("Đã khoá tài khoản %(name)s.", name=user.username), "success")
    if request.htmx:
        return render_template("accounts/_row.html", account=user)
    return redirect(url_for("accounts.index"))


@bp.post("/<int:user_id>/password")
def reset(user_id: int):
    user = account_or_404(user_id, current_user)
    password = reset_password(user)
    db.session.commit()
    return render_template(
        "accounts/password_shown.html", user=user, password=password, created=False
    )
