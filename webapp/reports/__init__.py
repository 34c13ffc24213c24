"""The reports area: drafts with narrative, generation through the queue, downloads, templates,
and the province's view of who has reported."""

from flask import Blueprint

from webapp.guards import require_login

bp = Blueprint("reports", __name__, url_prefix="/reports")
require_login(bp)


from webapp.reports import routes  # noqa: E402,F401
