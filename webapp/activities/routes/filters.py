"""What an activities list request selects: the filters of the query string, read once for the
page and for its export (exports.py), so that both list the same rows."""

from __future__ import annotations

from flask import request

from webapp.activities.services.activity_log import ActivityFilters
from webapp.fields import query_int


def activity_filters() -> ActivityFilters:
    """The activity log's filters from the query string; a value out of range filters nothing."""
    args = request.args
    return ActivityFilters(
        q=args.get("q", ""),
        kind_id=query_int("kind_id"),
        unit_id=query_int("unit_id"),
        year=query_int("year", maximum=9999),
        month=query_int("month", maximum=12),
    )
