"""What a charity request selects and who may send it: dates and ids from the query string,
the gift list's filters (read once for the page and its export), the unit choices of a form,
and the guard of pages only writers use."""

from __future__ import annotations

from datetime import date

from flask import abort, request
from flask_login import current_user

from webapp.charity.services.gifts import GiftFilter
from webapp.fields import enum_value, optional_int, parse_date
from webapp.form_helpers import choices
from webapp.formatting import local_today
from webapp.models.charity import BeneficiaryCategory, GiftKind, GiftSource, Occasion
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


def year_period() -> tuple[date, date]:
    """The period of the query string's ``from`` and ``to`` (default: this year), in order."""
    today = local_today()
    start = arg_day("from") or date(today.year, 1, 1)
    end = arg_day("to") or date(today.year, 12, 31)
    return (end, start) if end < start else (start, end)


def arg_int(name: str) -> int | None:
    """An id from the query string or form (1 … 2^31-1), else None."""
    return optional_int(request.args.get(name, "") or request.form.get(name, ""))


def gift_filter() -> GiftFilter:
    """The gift list's filters from the query string or form; an unknown value filters nothing."""
    args = request.values

    def pick(cls, name):
        return enum_value(cls, args.get(name))

    return GiftFilter(
        start=arg_day("from"),
        end=arg_day("to"),
        kind=pick(GiftKind, "kind"),
        occasion=pick(Occasion, "occasion"),
        category=pick(BeneficiaryCategory, "category"),
        source=pick(GiftSource, "source"),
        fund_id=arg_int("fund_id"),
        unit_id=arg_int("unit_id"),
        distribution_id=arg_int("distribution_id"),
        q=args.get("q", "").strip(),
    )
