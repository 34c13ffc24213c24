"""The charity area: its blueprint (routes, forms and services live beside it)."""

from flask import Blueprint

bp = Blueprint("charity", __name__, url_prefix="/charity")

from webapp.charity import routes  # noqa: E402,F401
