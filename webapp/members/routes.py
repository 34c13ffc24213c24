"""Thin views of the members area."""

from webapp.members import bp  # noqa: F401
