"""What the activities area's services and forms share: the error they raise, the optimistic
lock check, number parsing, today's date in Vietnam, and who may edit the shared lists."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from webapp.extensions import db
from webapp.formatting import local_today  # noqa: F401  (re-exported for the area)
from webapp.locking import PeriodLocked
from webapp.models import Role, User
from webapp.text import search_key

STALE = _l("Bản ghi đã được người khác sửa; vui lòng tải lại trang.")


class ActivityError(ValueError):
    """A refused change, with the form field it concerns and a message in the user's language
    (a lazy message is rendered here, so that the error can be flashed or stored as text)."""

    def __init__(self, field: str, message: str) -> None:
        message = str(message)
        super().__init__(message)
        self.field = field
        self.message = message


def check_version(record, submitted: str | int | None) -> None:
    """Refuse a save based on an older version of ``record`` than the one stored."""
    try:
        version = int(submitted) if submitted not in (None, "") else None
    except (TypeError, ValueError):
        version = None
    if version is None or version != record.version:
        raise ActivityError("version", STALE)


def flush(date_field: str | None = None) -> None:
    """Flush, turning the refusals of the session layer into form errors: a concurrent save
    (optimistic lock) and a date inside an already reported period (webapp/locking.py)."""
    with _refusals(date_field):
        db.session.flush()


@contextmanager
def _refusals(date_field: str | None) -> Iterator[None]:
    try:
        yield
    except StaleDataError:
        raise ActivityError("version", STALE) from None
    except PeriodLocked as exc:
        raise ActivityError(date_field or "version", str(exc)) from None


def is_system_admin(user: User) -> bool:
    """An admin whose scope is the whole system: the only one who may change the lists every
    unit shares (activity kinds, tags, output units, manual statistics)."""
    return user.role is Role.ADMIN and user.unit_id is None


def require_system_admin(user: User) -> None:
    if not is_system_admin(user):
        abort(403)


_DECIMAL = re.compile(r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?|-?\d+(?:[,.]\d+)?")


def parse_decimal(text: str | None) -> Decimal:
    """A number typed the Vietnamese way: "1.378", "0,3", "92,5", "1.234,5" (a trailing "%"
    is allowed and ignored; the caller knows the scale). Raises ValueError otherwise."""
    cleaned = (text or "").strip().removesuffix("%").strip().replace("\u00a0", "")
    if not _DECIMAL.fullmatch(cleaned):
        raise ValueError(_l("Số không hợp lệ: “%(text)s”", text=(text or "").strip()))
    if re.fullmatch(r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?", cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the pattern already refused it
        raise ValueError(_l("Số không hợp lệ: “%(text)s”", text=text)) from exc


def make_code(name: str) -> str:
    """A stable code from a Vietnamese name: "Bóng đèn LED" → "bong_den_led"."""
    code = re.sub(r"[^a-z0-9]+", "_", search_key(name)).strip("_")
    if code and code[0].isdigit():
        code = "x_" + code
    return code[:40]


CODE_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,39}")
CODE_RULE = _l("Mã chỉ gồm chữ thường không dấu, số và dấu gạch dưới, bắt đầu bằng chữ.")
