"""The reports area: drafts with narrative, generation through the queue, downloads, templates."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from webapp.reports import province, routes, template_routes  # noqa: E402,F401
