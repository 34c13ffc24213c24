"""The reports area: drafts with narrative, generation through the queue, downloads, templates,
and the province's view of who has reported."""

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("reports", __name__, url_prefix="/reports")


@bp.before_request
@login_required
def _logged_in() -> None:
    """Every page of the area needs a logged-in user."""


from webapp.reports import routes  # noqa: E402,F401
