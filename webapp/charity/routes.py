"""Thin views of the charity area."""

from webapp.charity import bp  # noqa: F401
