"""Helpers the members views share: run a service and turn refusals into form errors."""

from __future__ import annotations

from collections.abc import Callable

from flask import request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError

from webapp.extensions import db
from webapp.form_helpers import choices
from webapp.members.forms import optional_int
from webapp.members.services import STALE_MESSAGE, MemberError
from webapp.models import UnitKind
from webapp.scope import require_write
from webapp.units.services import unit_choices, visible_units


def add_error(form: FlaskForm, field: str, message: str) -> None:
    """Show ``message`` beside ``field`` (or above the form when it has no such field)."""
    target = getattr(form, field, None)
    if target is not None and hasattr(target, "errors") and field != "version":
        if not isinstance(target.errors, list):
            target.errors = list(target.errors)
        target.errors.append(message)
    else:
        form.form_errors.append(message)


def attempt(form: FlaskForm, action: Callable[[], object]) -> bool:
    """Run ``action`` (a service call) and commit; on a refusal roll back, put the message on
    the form and return False. The form keeps everything the user typed."""
    try:
        action()
        db.session.commit()
    except MemberError as exc:
        db.session.rollback()
        for field, message in exc.all:
            add_error(form, field, message)
        return False
    except StaleDataError:
        db.session.rollback()
        add_error(form, "version", str(STALE_MESSAGE))
        return False
    return True


def require_write_of_posted_unit(field: str = "unit_id") -> None:
    """403 before anything is written when the form names a unit the user may not change."""
    unit_id = optional_int(request.form.get(field))
    if unit_id is not None:
        require_write(current_user, unit_id)


def branch_choices(include_none: str | None = None) -> list:
    """The active branches the user may see, for a select box."""
    units = [
        u for u in visible_units(current_user) if u.kind is UnitKind.BRANCH and not u.is_retired
    ]
    pairs = [(u.id, _branch_label(u)) for u in units]
    if include_none is not None:
        pairs.insert(0, (None, include_none))
    return choices(pairs)


def unit_filter_choices() -> list:
    """Every unit the user may see (to narrow a list to a subtree)."""
    return choices([(None, _("— Tất cả —")), *unit_choices(current_user, include_retired=True)])


def _branch_label(unit) -> str:
    parent = unit.parent.name if unit.parent is not None else ""
    return f"{unit.full_name} ({parent})" if parent else unit.full_name


def render_status(htmx_ok: bool) -> int:
    """htmx swaps only 2xx answers: a refused htmx form comes back 200, a plain one 422."""
    return 200 if htmx_ok and request.htmx else 422
