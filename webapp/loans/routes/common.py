"""Helpers the loans views share: run a service in one unit of work, read dates and units from
the query string, look records up within the user's scope."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from webapp.extensions import db
from webapp.fields import query_date, query_int
from webapp.loans.services.common import LoansError, stale
from webapp.models import Unit
from webapp.scope import can_see_unit, get_scoped_or_404, visible_unit_ids

T = TypeVar("T")


def attach(form: FlaskForm | None, field: str, message: str) -> None:
    """Show ``message`` beside ``field``, or above the form when it names no field."""
    if form is None:
        return
    target = getattr(form, field, None)
    if target is not None and hasattr(target, "errors") and field != "version":
        if not isinstance(target.errors, list):
            target.errors = list(target.errors)
        target.errors.append(message)
    else:
        form.form_errors.append(message)


def run(
    form: FlaskForm | None, fn: Callable[..., T], *args: Any, **kwargs: Any
) -> tuple[T | None, str | None]:
    """Call a service and commit once; on a refusal roll back, show the message on the form,
    and return (None, message)."""
    try:
        result = fn(*args, **kwargs)
        db.session.commit()
    except LoansError as exc:
        db.session.rollback()
        attach(form, exc.field, exc.message)
        return None, exc.message
    except StaleDataError:
        db.session.rollback()
        message = stale()
        attach(form, "version", message)
        return None, message
    return result, None


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
