"""Thin views of the reports area; importing this package registers them all on the area's one
blueprint (``webapp.reports.bp``)."""

from webapp.reports.routes import drafts, province, sending, templates  # noqa: F401
