"""What every register of the members area shares: the error type and the edit-version check."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.models.base import RecordMixin

# Lazy: turn it into text (str()) where it is shown, in the user's language.
STALE_MESSAGE = _l("Bản ghi đã được người khác sửa; vui lòng tải lại trang.")


class MemberError(ValueError):
    """A refused change, with the form field it concerns and a message in the user's language.

    ``also`` carries further (field, message) pairs found in the same check, so that a form
    shows every mistake at once.
    """

    def __init__(self, field: str, message: str, also: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.field = field
        self.message = message
        self.also = also or []

    @property
    def all(self) -> list[tuple[str, str]]:
        return [(self.field, self.message), *self.also]


class Problems:
    """Collects refusals while checking a record; ``raise_any()`` raises them together."""

    def __init__(self) -> None:
        self.found: list[tuple[str, str]] = []

    def check(self, rule, *args) -> None:
        """Run ``rule(*args)``; a MemberError it raises is remembered instead."""
        try:
            rule(*args)
        except MemberError as exc:
            self.add(exc.field, exc.message)

    def add(self, field: str, message: str) -> None:
        if all(f != field for f, _message in self.found):  # one message per field is enough
            self.found.append((field, message))

    def raise_any(self) -> None:
        if self.found:
            (field, message), *rest = self.found
            raise MemberError(field, message, rest)


def check_version(record: RecordMixin, submitted: int | None) -> None:
    """Refuse a save based on an older version of ``record`` than the one stored.

    (SQLAlchemy's version counter also refuses a save that races another one between this
    check and the flush; the views turn that into the same message.)
    """
    if submitted is not None and submitted != record.version:
        raise MemberError("version", str(STALE_MESSAGE))


def check_not_future(value: date | None, field: str, what: str, today: date) -> None:
    """Refuse a date after today (``what`` names the date, translated by the caller)."""
    if value is not None and value > today:
        raise MemberError(field, _("%(what)s không được sau ngày hôm nay.", what=what))


def check_birth_year(year: int | None, field: str, today: date) -> None:
    """A birth year in the future or more than 120 years ago is a typing mistake."""
    if year is None:
        return
    if year > today.year:
        raise MemberError(field, _("Năm sinh không được ở tương lai."))
    if year < today.year - 120:
        raise MemberError(field, _("Năm sinh quá xa (hơn 120 năm trước); vui lòng kiểm tra lại."))
