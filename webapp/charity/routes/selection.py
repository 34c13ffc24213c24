"""What a charity request selects and who may send it: dates and ids from the query string,
the unit choices of a form, and the guard of pages only writers use."""

from __future__ import annotations

from datetime import date

from flask import abort, request
from flask_login import current_user

from webapp.fields import optional_int, parse_date
from webapp.form_helpers import choices
from webapp.scope import unit_choices


def require_writer() -> None:
    """Pages whose only use is to change records: 403 for read-only accounts."""
    if not current_user.role.can_write:
        abort(403)


def set_unit_choices(form, default_unit: int | None = None) -> None:
    """Fill the form's unit select with the user's units (default: their own)."""
    form.unit_id.choices = choices(unit_choices(current_user))
    if form.unit_id.data is None and request.method == "GET":
        form.unit_id.data = default_unit or current_user.unit_id


def arg_day(name: str) -> date | None:
    """A date from the query string (YYYY-MM-DD or dd/mm/yyyy, in the sane window); anything
    else is ignored."""
    value = request.args.get(name, "") or request.form.get(name, "")
    try:
        return parse_date(value) if value else None
    except ValueError:
        return None


def arg_int(name: str) -> int | None:
    """An id from the query string or form (1 … 2^31-1), else None."""
    return optional_int(request.args.get(name, "") or request.form.get(name, ""))
