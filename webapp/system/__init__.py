"""Admin system pages: the health of the database, the broker and the workers."""

from flask import Blueprint

from webapp.guards import restrict_to_admins

bp = Blueprint("system", __name__, url_prefix="/admin/system")
restrict_to_admins(bp)

from webapp.system import routes  # noqa: E402,F401
