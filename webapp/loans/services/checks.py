"""Small checks the loans rules share: amounts in whole đồng above zero, and counting the
records that still depend on one before it may go to the trash."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.refusals import RecordError


def whole_dong(value: object, field: str) -> int:
    """``value`` as whole đồng; floats and text are refused (money is never a float)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(field, _("Số tiền phải là số nguyên đồng."))
    return value


def positive(value: int | None, field: str) -> int:
    """A required amount that must be above zero."""
    if value is None:
        raise RecordError(field, _("Vui lòng nhập số tiền."))
    value = whole_dong(value, field)
    if value <= 0:
        raise RecordError(field, _("Số tiền phải lớn hơn 0."))
    return value


def count_where(model, *conditions) -> int:
    """How many (untrashed) ``model`` rows match."""
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0
