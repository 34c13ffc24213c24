"""Login, logout, own password, language: the account's own pages."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from webapp.auth import routes  # noqa: E402,F401
from webapp.auth.services import init_login_manager  # noqa: E402

__all__ = ["bp", "init_login_manager"]
