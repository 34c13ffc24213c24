"""Admin pages for the unit tree: add, rename, move (dated), retire, restore, merge communes."""

from flask import Blueprint

from webapp.guards import restrict_to_admins

bp = Blueprint("units", __name__, url_prefix="/admin/units")
restrict_to_admins(bp)

from webapp.units import routes  # noqa: E402,F401
