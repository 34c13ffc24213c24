"""Admin pages for accounts: create, edit, disable, re-enable, reset password."""

from flask import Blueprint

from webapp.guards import restrict_to_admins

bp = Blueprint("accounts", __name__, url_prefix="/admin/accounts")
restrict_to_admins(bp)

from webapp.accounts import routes  # noqa: E402,F401
