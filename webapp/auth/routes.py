"""Thin views: login, logout, change own password, language, CSRF token refresh."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from webapp.auth import bp, throttle
from webapp.auth.forms import ChangePasswordForm, LoginForm
from webapp.auth.services import (
    OPEN_WHILE_PASSWORD_MUST_CHANGE,
    change_own_password,
    check_new_password,
    log_in,
    set_locale,
)
from webapp.form_helpers import check_rules, save

TOO_MANY = _l("Bạn đã thử quá nhiều lần. Vui lòng đợi một lát rồi thử lại.")


def _safe_next(target: str | None) -> str:
    """Only same-site paths are followed after login (no open redirect)."""
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
        ):
            return target
    return url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        # Throttled before the password is even checked (webapp/auth/throttle.py).
        if throttle.login_blocked(form.username.data):
            form.password.errors.append(str(TOO_MANY))
            return render_template("auth/login.html", form=form), 429
        user = save(form, log_in, form.username.data, form.password.data)
        if user is not None:
            throttle.record_successful_login(form.username.data)
            # A fresh session at login: nothing from before the login survives.
            locale = session.get("locale")
            session.clear()
            if locale:
                session["locale"] = locale
            session.permanent = True
            login_user(user)
            response = redirect(_safe_next(request.args.get("next")))
            throttle.remember_device(response, user.username)
            return response
        throttle.record_failed_login(form.username.data)
        status = 401
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    save(None, current_user.end_all_sessions)
    logout_user()
    session.clear()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))


@bp.before_app_request
def _password_must_change():
    """An account with a generated password (first admin, created or reset by an admin) goes to
    the password page, whatever it asks for, until its owner picks a password."""
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in OPEN_WHILE_PASSWORD_MUST_CHANGE
    ):
        target = url_for("auth.change_password")
        if request.headers.get("HX-Request"):
            return "", 204, {"HX-Redirect": target}
        return redirect(target)
    return None


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    status = 200
    if not form.validate_on_submit():
        if form.is_submitted():  # a weak new password is said with the other mistakes
            check_rules(form, check_new_password, form.new_password.data, current_user.username)
    elif throttle.password_change_blocked(current_user.id):
        form.current_password.errors.append(str(TOO_MANY))
        status = 429
    else:
        removed = save(
            form,
            change_own_password,
            current_user,
            form.current_password.data,
            form.new_password.data,
            current_app.instance_path,
        )
        if removed is not None:
            throttle.clear_password_change(current_user.id)
            # Every other session is over; this one continues under the new token.
            login_user(current_user._get_current_object())
            flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất."), "success")
            if removed is True:
                flash(
                    _("Tệp chứa mật khẩu ban đầu (first-admin-password.txt) đã được xoá."), "info"
                )
            return redirect(url_for("main.index"))
        if form.current_password.errors:
            throttle.record_wrong_current_password(current_user.id)
    return render_template("auth/password.html", form=form), status


@bp.post("/language/<code>")
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
        if current_user.is_authenticated:
            save(None, set_locale, current_user, code)
    return redirect(_safe_next(request.form.get("next")))


@bp.get("/csrf-token")
@login_required
def csrf_token():
    """A fresh CSRF token for pages left open for hours (static/js/app.js asks for it)."""
    return jsonify(token=generate_csrf())
