"""Authentication rules: checking credentials, ending sessions, changing passwords."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import User
from webapp.models.base import utcnow
from webapp.passwords import hash_password, needs_rehash, verify_password
from webapp.refusals import Problems, RecordError

MIN_PASSWORD_LENGTH = 10

# Verifying against a dummy hash when the username is unknown keeps the response time the same,
# so timing does not tell which usernames exist.
_DUMMY_HASH = hash_password("not-a-real-password")


def init_login_manager(login_manager: LoginManager) -> None:
    """Wire Flask-Login: how a session id loads a user, where anonymous users are sent."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
    # Flashed in the visitor's language (a plain string: flashes are kept in the session).
    login_manager.localize_callback = str
    login_manager.login_message_category = "info"
    # No Flask-Login session protection (it was "strong", removed on purpose): for permanent
    # sessions, which are the only kind here, Flask-Login's "strong" mode only marks the session
    # "not fresh" and logs nobody out, so it protected nothing; making it log out on a changed
    # address would throw out staff on mobile networks mid-form. What binds a session is the
    # account's session token in the cookie (User.get_id): logout, a password change or a
    # disabled account rotates it and every copied cookie dies at once.
    login_manager.session_protection = None
    login_manager.user_loader(load_user)


def load_user(session_id: str) -> User | None:
    """The user behind a session id "<id>:<token>", if the token is still current and active."""
    user_id, _sep, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_token != token:
        return None
    return user


def authenticate(username: str, password: str) -> User | None:
    """The active user with these credentials, or None. Upgrades an outdated hash in place."""
    user = db.session.scalar(
        select(User).where(func.lower(User.username) == username.strip().lower())
    )
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


def log_in(username: str, password: str) -> User:
    """The active user with these credentials (see ``authenticate``); refused on the password
    field otherwise, without saying which of the two was wrong."""
    user = authenticate(username, password)
    if user is None:
        raise RecordError(
            "password", _("Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khoá.")
        )
    return user


def password_problem(password: str, username: str = "") -> str | None:
    """A Vietnamese message saying why ``password`` is too weak, or None when it is fine."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Mật khẩu phải có ít nhất %(n)s ký tự.", n=MIN_PASSWORD_LENGTH)
    if username and password.lower() == username.lower():
        return _("Mật khẩu không được trùng tên đăng nhập.")
    if len(set(password)) < 4:
        return _("Mật khẩu quá đơn giản.")
    return None


def check_new_password(password: str, username: str = "") -> None:
    """Refuse a weak new password on the form's ``new_password`` field."""
    problem = password_problem(password or "", username)
    if problem:
        raise RecordError("new_password", problem)


def change_own_password(user: User, current: str, new: str, instance_path: str) -> bool:
    """The owner picks a new password: the current one must be right and the new one strong
    (both said at once). Every other session ends; the first admin's generated-password file
    is deleted (True when it was)."""
    problems = Problems()
    if not verify_password(user.password_hash, current):
        problems.add("current_password", _("Mật khẩu hiện tại không đúng."))
    problems.check(check_new_password, new, user.username)
    problems.raise_any()
    set_password(user, new)
    return password_changed_by_owner(user, instance_path)


def set_locale(user: User, code: str) -> None:
    """Remember the user's language for her next sessions."""
    user.locale = code


def set_password(user: User, new_password: str) -> None:
    """Store a new password and end every session of the account."""
    user.password_hash = hash_password(new_password)
    user.end_all_sessions()


FIRST_ADMIN_FILE = "first-admin-password.txt"

# Pages an account that must change its password may still open.
OPEN_WHILE_PASSWORD_MUST_CHANGE = {
    "auth.change_password",
    "auth.logout",
    "auth.set_language",
    "auth.csrf_token",
    "static",
    "main.healthz",
}


def password_changed_by_owner(user: User, instance_path: str) -> bool:
    """After the owner picked a password: the account no longer must change it, and the first
    admin's generated-password file (instance/) is deleted. True when the file was deleted."""
    import os

    user.must_change_password = False
    path = os.path.join(instance_path, FIRST_ADMIN_FILE)
    try:
        with open(path, encoding="utf-8") as fh:
            first_line = fh.readline()
    except OSError:
        return False
    if first_line.split(":", 1)[-1].strip() != user.username:
        return False
    os.remove(path)
    return True
