"""Background jobs as users see them: state, progress, retry."""

from flask import Blueprint

bp = Blueprint("jobs", __name__, url_prefix="/jobs")

from webapp.jobs import routes  # noqa: E402,F401
