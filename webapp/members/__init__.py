"""The members area: its blueprint (routes, forms and services live beside it)."""

from flask import Blueprint

bp = Blueprint("members", __name__, url_prefix="/members")

from webapp.members import routes  # noqa: E402,F401
