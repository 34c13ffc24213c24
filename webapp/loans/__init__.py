"""The loans area: its blueprint (routes, forms and services live beside it)."""

from flask import Blueprint

bp = Blueprint("loans", __name__, url_prefix="/loans")

from webapp.loans import routes  # noqa: E402,F401
