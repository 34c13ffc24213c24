"""Thin views of the loans area."""

from webapp.loans import bp  # noqa: F401
