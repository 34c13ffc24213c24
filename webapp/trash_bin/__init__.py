"""The trash page: deleted records of the user's units, restorable for 90 days."""

from flask import Blueprint

from webapp.guards import require_login

bp = Blueprint("trash_bin", __name__, url_prefix="/trash")
require_login(bp)

from webapp.trash_bin import routes  # noqa: E402,F401
