"""Helpers the charity views share: refusals onto forms, period arguments, choices."""

from __future__ import annotations

from datetime import date

from flask import abort, redirect, request, url_for
from flask_login import current_user

from webapp.charity.services import CharityError
from webapp.fields import optional_int, parse_date
from webapp.form_helpers import choices
from webapp.units.services import unit_choices


def show_error(form, exc: CharityError) -> None:
    """Put a refusal next to its field, or above the form when it concerns the whole form."""
    target = getattr(form, exc.field, None) if exc.field else None
    if target is not None and hasattr(target, "errors"):
        target.errors = [*target.errors, exc.message]
    else:
        form.form_errors.append(exc.message)


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


def done(endpoint: str, **kwargs):
    """After a change: a plain redirect, or HX-Redirect for an htmx request."""
    url = url_for(endpoint, **kwargs)
    if request.htmx:
        return "", 204, {"HX-Redirect": url}
    return redirect(url)
