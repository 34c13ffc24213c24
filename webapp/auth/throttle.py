"""Throttling password guesses without handing attackers a way to lock real users out.

Failed logins count in three buckets (settings in webapp/config.py, README "Settings"):

- per address (``LOGIN_ADDRESS_RATE_LIMIT``): one machine guessing many accounts;
- per username and address (``LOGIN_RATE_LIMIT``): one machine guessing one account;
- per username alone (``LOGIN_USERNAME_RATE_LIMIT``), with a short window only: many machines
  guessing one account. This is the bucket an attacker can fill for someone else, so it lasts
  minutes, not hours, and a browser that has logged in to the account before (a signed "known
  device" cookie set at each successful login) is not held back by it.

A successful login clears the username's own buckets (not the address bucket: a valid account
must not reset the count of guesses at the others). The password-change form counts wrong current
passwords per account (``PASSWORD_CHANGE_RATE_LIMIT``), so a borrowed open session cannot be
used to guess the password either. The counters live in the limiter's storage (Redis in
production, shared by every web process).
"""

from __future__ import annotations

from datetime import timedelta

from flask import Response, current_app, request
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import RateLimitItem, parse_many

from webapp.extensions import limiter
from webapp.text import nfc

DEVICE_COOKIE = "sohoi_device"
# A shared office computer may know a few accounts; the oldest are forgotten first.
DEVICE_MAX_ACCOUNTS = 8


def _items(setting: str) -> list[RateLimitItem]:
    return list(parse_many(current_app.config[setting]))


def _name(username: str) -> str:
    return nfc(username or "").strip().lower()[:64]


def _address() -> str:
    return get_remote_address() or "unknown"


def _login_buckets(username: str, known_device: bool) -> list[tuple[str, str]]:
    name, address = _name(username), _address()
    buckets = [
        ("LOGIN_ADDRESS_RATE_LIMIT", f"login-address/{address}"),
        ("LOGIN_RATE_LIMIT", f"login-user-address/{name}/{address}"),
    ]
    if not known_device:
        buckets.append(("LOGIN_USERNAME_RATE_LIMIT", f"login-user/{name}"))
    return buckets


def _blocked(buckets: list[tuple[str, str]]) -> bool:
    return any(
        not limiter.limiter.test(item, key) for setting, key in buckets for item in _items(setting)
    )


def _hit(buckets: list[tuple[str, str]]) -> None:
    for setting, key in buckets:
        for item in _items(setting):
            limiter.limiter.hit(item, key)


def _clear(buckets: list[tuple[str, str]]) -> None:
    for setting, key in buckets:
        for item in _items(setting):
            limiter.limiter.clear(item, key)


# --- login ------------------------------------------------------------------------------------


def login_blocked(username: str) -> bool:
    """True when this request may not try a password for ``username`` now."""
    return _blocked(_login_buckets(username, is_known_device(username)))


def record_failed_login(username: str) -> None:
    """Count a failed login in every bucket (from a known device too: the cookie only exempts
    from the username-wide limit, it is not a credential)."""
    _hit(_login_buckets(username, known_device=False))


def record_successful_login(username: str) -> None:
    """The account's owner is back: clear the username's buckets (the address bucket stays)."""
    _clear(_login_buckets(username, known_device=False)[1:])


# --- known devices ----------------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="sohoi-known-device")


def _max_age() -> timedelta:
    return timedelta(days=current_app.config["KNOWN_DEVICE_DAYS"])


def known_accounts() -> list[str]:
    """The usernames this browser has logged in to before (from its signed cookie)."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return []
    try:
        names = _serializer().loads(raw, max_age=int(_max_age().total_seconds()))
    except BadSignature:  # also an expired or forged cookie
        return []
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []


def is_known_device(username: str) -> bool:
    """True when this browser has logged in to ``username`` before."""
    return _name(username) in known_accounts()


def remember_device(response: Response, username: str) -> None:
    """Mark this browser as a known device of ``username`` (after a successful login)."""
    name = _name(username)
    others = [n for n in known_accounts() if n != name]
    names = [*others[-(DEVICE_MAX_ACCOUNTS - 1) :], name]
    response.set_cookie(
        DEVICE_COOKIE,
        _serializer().dumps(names),
        max_age=int(_max_age().total_seconds()),
        path="/auth/",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )


# --- password change --------------------------------------------------------------------------


def _password_change_buckets(user_id: int) -> list[tuple[str, str]]:
    return [("PASSWORD_CHANGE_RATE_LIMIT", f"password-change/{user_id}")]


def password_change_blocked(user_id: int) -> bool:
    """True when the account has typed a wrong current password too often lately."""
    return _blocked(_password_change_buckets(user_id))


def record_wrong_current_password(user_id: int) -> None:
    """Count one wrong current password on the password-change form."""
    _hit(_password_change_buckets(user_id))


def clear_password_change(user_id: int) -> None:
    """The password was changed: start counting afresh."""
    _clear(_password_change_buckets(user_id))
