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
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from webapp.auth import bp
from webapp.auth.forms import ChangePasswordForm, LoginForm
from webapp.auth.services import authenticate, password_problem, set_password
from webapp.extensions import db, limiter
from webapp.passwords import verify_password


def _login_key() -> str:
    """Throttle per typed username as well as per address, so one account can't be brute-forced
    from many addresses."""
    return "login-user:" + (request.form.get("username") or "").strip().lower()


def _failed(response) -> bool:
    return response.status_code == 401


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
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"], deduct_when=_failed
)
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"],
    methods=["POST"],
    key_func=_login_key,
    deduct_when=_failed,
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is not None:
            db.session.commit()
            # A fresh session at login: nothing from before the login survives.
            locale = session.get("locale")
            session.clear()
            if locale:
                session["locale"] = locale
            session.permanent = True
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(
            _("Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khoá.")
        )
        status = 401
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    current_user.end_all_sessions()
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("Mật khẩu hiện tại không đúng."))
        elif problem := password_problem(form.new_password.data, current_user.username):
            form.new_password.errors.append(problem)
        else:
            set_password(current_user, form.new_password.data)
            db.session.commit()
            # Every other session is over; this one continues under the new token.
            login_user(current_user._get_current_object())
            flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất."), "success")
            return redirect(url_for("main.index"))
    return render_template("auth/password.html", form=form)


@bp.post("/language/<code>")
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
        if current_user.is_authenticated:
            current_user.locale = code
            db.session.commit()
    return redirect(_safe_next(request.form.get("next")))


@bp.get("/csrf-token")
@login_required
def csrf_token():
    """A fresh CSRF token for pages left open for hours (static/js/app.js asks for it)."""
    return jsonify(token=generate_csrf())
