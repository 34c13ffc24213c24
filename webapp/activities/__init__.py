"""The activities area: its blueprint (routes, forms and services live beside it)."""

from flask import Blueprint

bp = Blueprint("activities", __name__, url_prefix="/activities")

from webapp.activities import routes  # noqa: E402,F401
