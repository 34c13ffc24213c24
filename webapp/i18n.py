"""Which language a request speaks: Vietnamese unless the user chose English."""

from __future__ import annotations

from flask import current_app, has_request_context, session
from flask_babel import force_locale
from flask_login import current_user


def select_locale() -> str:
    """The user's saved choice, then the session's, then Vietnamese.

    Outside a request (the worker, the command line) there is no user: Vietnamese, the
    language of the records and of the reports.
    """
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def vietnamese(text: object) -> str:
    """``text`` (a lazy label) as plain Vietnamese whatever the user's language: for what is
    stored (history lines) or read back (the columns of a spreadsheet)."""
    with force_locale("vi"):
        return str(text)
