"""Thin views of the activities area."""

from webapp.activities import bp  # noqa: F401
