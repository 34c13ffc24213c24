"""What every charity service shares: the refusal error, the optimistic-lock check, text and
amount rules."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from webapp.extensions import db
from webapp.models.base import RecordMixin
from webapp.text import nfc

STALE = _l("Bản ghi đã được người khác sửa; vui lòng tải lại trang.")


class CharityError(ValueError):
    """A refused change, with the form field it concerns (None: the whole form) and a
    message in the user's language (always a plain str: it is flashed)."""

    def __init__(self, field: str | None, message: str) -> None:
        message = str(message)
        super().__init__(message)
        self.field = field
        self.message = message


def check_version(record: RecordMixin, version: int | None) -> None:
    """Refuse a save based on an older version of ``record`` than the stored one."""
    if version is not None and version != record.version:
        raise CharityError(None, STALE)


def flush() -> None:
    """Flush, turning a concurrent edit caught by the version column into a refusal."""
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise CharityError(None, STALE) from exc


def required_text(value: str | None, field: str, message: str, max_len: int = 200) -> str:
    """The text in NFC, or a refusal when it is empty or too long."""
    text = nfc(value)
    if not text:
        raise CharityError(field, message)
    if len(text) > max_len:
        raise CharityError(field, _("Tối đa %(n)s ký tự.", n=max_len))
    return text


def optional_text(value: str | None, field: str, max_len: int = 200) -> str:
    """The text in NFC (may be empty), or a refusal when too long."""
    text = nfc(value)
    if len(text) > max_len:
        raise CharityError(field, _("Tối đa %(n)s ký tự.", n=max_len))
    return text


def positive(value: int | None, field: str, message: str) -> int:
    """A whole number above zero, or a refusal with ``message``."""
    if value is None or isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise CharityError(field, message)
    return value


def required_date(value: date | None, field: str, message: str | None = None) -> date:
    """The date, or a refusal with ``message`` (default: "enter the date") when missing."""
    if value is None:
        raise CharityError(field, message or _("Vui lòng nhập ngày."))
    return value
