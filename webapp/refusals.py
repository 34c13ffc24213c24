"""The one way a service refuses a change: ``RecordError(field, message)``.

Every area's rules raise it; the view helper ``form_helpers.save`` turns it into messages beside
the form's fields. ``Problems`` collects several refusals so that a form shows every mistake at
once, and ``check_version`` refuses a save based on an older version of a record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l

# Lazy: turned into text (str()) where it is shown, in the user's language.
STALE_MESSAGE = _l("Bản ghi đã được người khác sửa; vui lòng tải lại trang.")


class RecordError(ValueError):
    """A refused change: the form field it concerns (None: the whole form), a message in the
    user's language, and ``also`` — further (field, message) pairs found in the same check."""

    def __init__(
        self, field: str | None, message: object, also: list[tuple[str | None, str]] | None = None
    ) -> None:
        message = str(message)  # a lazy message becomes text here: it may be flashed or stored
        super().__init__(message)
        self.field = field
        self.message = message
        self.also = also or []

    @property
    def all(self) -> list[tuple[str | None, str]]:
        """Every (field, message) pair of the refusal, the first one first."""
        return [(self.field, self.message), *self.also]


class Problems:
    """Collects refusals while checking a record; ``raise_any()`` raises them together."""

    def __init__(self) -> None:
        self.found: list[tuple[str | None, str]] = []

    def check(self, rule: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run ``rule(*args)`` and return what it returns; a RecordError it raises is remembered
        instead (and None returned)."""
        try:
            return rule(*args, **kwargs)
        except RecordError as exc:
            for field, message in exc.all:
                self.add(field, message)
        return None

    def add(self, field: str | None, message: object) -> None:
        if all(f != field for f, _message in self.found):  # one message per field is enough
            self.found.append((field, str(message)))

    def raise_any(self) -> None:
        if self.found:
            (field, message), *rest = self.found
            raise RecordError(field, message, rest)


def stale_message() -> str:
    """The "edited by someone else" message, in the user's language."""
    return str(STALE_MESSAGE)


def check_version(record: Any, submitted: int | str | None) -> None:
    """Refuse a save based on an older version of ``record`` than the one stored.

    ``submitted`` is the version the form was loaded with (None or "": no check). SQLAlchemy's
    version counter also refuses a save that races another one between this check and the
    flush; ``form_helpers.save`` turns that into the same message.
    """
    if submitted in (None, ""):
        return
    try:
        version = int(submitted)
    except (TypeError, ValueError):
        raise RecordError("version", STALE_MESSAGE) from None
    if version != record.version:
        raise RecordError("version", STALE_MESSAGE)
