"""What a loans request selects: dates and the unit from the query string, and records looked
up within the user's scope."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from webapp.extensions import db
from webapp.fields import query_date, query_int
from webapp.models import Unit
from webapp.scope import can_see_unit, get_scoped_or_404, visible_unit_ids

T = TypeVar("T")


def arg_date(name: str, default: date) -> date:
    """A date from the query string (the default when absent, malformed or out of range)."""
    return query_date(name, default) or default


def chosen_unit() -> Unit:
    """The unit named by ?unit=, or the user's own (an admin without one: the top unit)."""
    unit_id = query_int("unit") or current_user.unit_id
    if unit_id is None:
        unit_id = db.session.scalar(
            select(Unit.id)
            .where(Unit.id.in_(visible_unit_ids(current_user)), Unit.parent_id.is_(None))
            .order_by(Unit.id)
        )
        if unit_id is None:
            abort(404)
    if not can_see_unit(current_user, unit_id):
        abort(404)
    return db.session.get(Unit, unit_id) or abort(404)


def scoped_or_404(model: type[T], record_id: int) -> T:
    """One record of the user's scope, or 404."""
    return get_scoped_or_404(model, record_id, current_user)
