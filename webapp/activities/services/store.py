"""Writing the area's records: the refusals of the session layer — a concurrent save (the
optimistic lock) and a date inside an already reported period (webapp/locking.py) — become
refusals of the form's fields, like every other rule."""

from __future__ import annotations

from sqlalchemy.orm.exc import StaleDataError

from webapp.extensions import db
from webapp.locking import PeriodLocked
from webapp.refusals import STALE_MESSAGE, RecordError


def flush(date_field: str | None = None) -> None:
    """Flush; a reported period is refused beside ``date_field`` (else above the form)."""
    try:
        db.session.flush()
    except StaleDataError:
        raise RecordError("version", STALE_MESSAGE) from None
    except PeriodLocked as exc:
        raise RecordError(date_field or "version", str(exc)) from None
