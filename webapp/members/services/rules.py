"""Date and birth-year rules shared by the registers of the members area (members, cadres,
insurance, Party referrals, dues). Refusals, ``Problems`` and the stale-edit check are the
app's own: ``webapp.refusals``."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from webapp.refusals import RecordError


def check_not_future(value: date | None, field: str, what: str, today: date) -> None:
    """Refuse a date after today (``what`` names the date, translated by the caller)."""
    if value is not None and value > today:
        raise RecordError(field, _("%(what)s không được sau ngày hôm nay.", what=what))


def check_birth_year(year: int | None, field: str, today: date) -> None:
    """A birth year in the future or more than 120 years ago is a typing mistake."""
    if year is None:
        return
    if year > today.year:
        raise RecordError(field, _("Năm sinh không được ở tương lai."))
    if year < today.year - 120:
        raise RecordError(field, _("Năm sinh quá xa (hơn 120 năm trước); vui lòng kiểm tra lại."))
