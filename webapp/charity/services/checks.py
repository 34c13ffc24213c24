"""Small checks the charity rules share: required and optional text, amounts above zero,
required dates — each refusing with the field it concerns —, ``value_of``, which lets a
check go on after a refusal, and ``add_filled`` / ``refill``, the create and update of a record
whose ``fill`` checks and copies the form's values."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from flask_babel import gettext as _

from webapp.extensions import db
from webapp.refusals import Problems, RecordError, check_version
from webapp.scope import require_write
from webapp.text import nfc

T = TypeVar("T")


def required_text(value: str | None, field: str, message: str, max_len: int = 200) -> str:
    """The text in NFC, or a refusal when it is empty or too long."""
    text = nfc(value)
    if not text:
        raise RecordError(field, message)
    if len(text) > max_len:
        raise RecordError(field, _("Tối đa %(n)s ký tự.", n=max_len))
    return text


def optional_text(value: str | None, field: str, max_len: int = 200) -> str:
    """The text in NFC (may be empty), or a refusal when too long."""
    text = nfc(value)
    if len(text) > max_len:
        raise RecordError(field, _("Tối đa %(n)s ký tự.", n=max_len))
    return text


def positive(value: int | None, field: str, message: str) -> int:
    """A whole number above zero, or a refusal with ``message``."""
    if value is None or isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise RecordError(field, message)
    return value


def required_date(value: date | None, field: str, message: str | None = None) -> date:
    """The date, or a refusal with ``message`` (default: "enter the date") when missing."""
    if value is None:
        raise RecordError(field, message or _("Vui lòng nhập ngày."))
    return value


def value_of(problems: Problems, rule: Callable[..., T], *args: Any) -> T | None:
    """``rule(*args)``'s value, or None with its refusal added to ``problems``: the checks go on
    after a mistake, so that a form shows every mistake at once."""
    return problems.check(rule, *args)


def add_filled(record: T, fill: Callable[[T, Any, Any], None], data: Any, user: Any) -> T:
    """A new ``record`` filled (and checked) from ``data`` by ``fill(record, data, user)``."""
    fill(record, data, user)
    db.session.add(record)
    db.session.flush()
    return record


def refill(
    record: Any, fill: Callable[..., None], data: Any, user: Any, version: int | None
) -> None:
    """Correct ``record`` in a unit the user may write, based on the version the form was
    loaded with (optimistic lock)."""
    require_write(user, record.unit_id)
    check_version(record, version)
    fill(record, data, user)
    db.session.flush()
