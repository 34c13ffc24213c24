"""Period locking: once a report is marked as sent, the records it counted stay as they were.

A register model opts in by naming the date(s) that place a record in a period
(``__record_date__ = "referred_on"`` or a tuple such as ``("joined_on", "left_on")``). Before each flush, a new, changed or deleted record dated
inside the period of a sent report of its unit or any unit above it is refused — unless an admin
gave a reason (``g.audit_reason``), which then goes into the audit trail with the change.

An admin gives that reason once for a while (``start_override``, kept in the session for
``OVERRIDE_MINUTES``); ``init_app`` — called by ``create_app`` — copies it into ``g.audit_reason``
before every request and shows the banner that says so on every page.

Blanking what identifies a person (webapp/privacy: a deletion request, the retention rule) is
the law's duty even inside a reported period, and changes no figure: inside
:func:`personal_details_only` a change that touches only the columns it names passes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import Flask, g, has_request_context, session
from flask_babel import gettext as _
from sqlalchemy import event, inspect, literal, select
from sqlalchemy.orm import Session, UOWTransaction

from webapp.models.base import RecordMixin
from webapp.refusals import RecordError

OVERRIDE_MINUTES = 30


class PeriodLocked(Exception):
    """A change refused because its period was reported; the message is for the user."""


def record_dates(obj: object) -> set[date]:
    """The dates that place ``obj`` in a period: its current and, if changed, its former date."""
    names = getattr(type(obj), "__record_date__", None) or ()
    if isinstance(names, str):
        names = (names,)
    values: set = set()
    for name in names:
        hist = inspect(obj).attrs[name].history
        values |= {getattr(obj, name), *hist.deleted, *hist.added}
    return {v for v in values if isinstance(v, date)}


def _ancestors(session: Session, unit_id: int) -> list[int]:
    from webapp.models import Unit

    tree = select(literal(unit_id).label("id")).cte("up", recursive=True)
    tree = tree.union_all(
        select(Unit.parent_id).where(Unit.id == tree.c.id, Unit.parent_id.is_not(None))
    )
    return list(session.scalars(select(tree.c.id)))


def locking_report(session: Session, unit_id: int, day: date) -> Any:
    """The sent report whose period covers ``day`` for ``unit_id``, or None."""
    from webapp.models.reports import ReportDraft

    return session.scalar(
        select(ReportDraft)
        .where(
            ReportDraft.sent_at.is_not(None),
            ReportDraft.unit_id.in_(_ancestors(session, unit_id)),
            ReportDraft.period_start <= day,
            ReportDraft.period_end >= day,
        )
        .limit(1)
    )


def _override_allowed() -> bool:
    if not has_request_context():
        return False
    from flask_login import current_user

    return bool(
        current_user
        and current_user.is_authenticated
        and current_user.is_admin
        and g.get("audit_reason")
    )


# Bookkeeping a save may touch without changing what a report counted: a loan's version is
# bumped when a repayment is added so that two concurrent payments conflict (loans ledger).
_BOOKKEEPING = {"updated_at", "version"}


def _content_changed(obj: object) -> bool:
    """True when a column other than the bookkeeping ones changed."""
    state = inspect(obj)
    return any(
        state.attrs[attr.key].history.has_changes()
        for attr in state.mapper.column_attrs
        if attr.key not in _BOOKKEEPING
    )


_PERSONAL_ONLY = "lock_allows_personal_details"


@contextmanager
def personal_details_only(session: Session, columns: dict[str, set[str]]) -> Iterator[None]:
    """Within the block, a changed record of a locked period passes when every column changed is
    one of ``columns[its table]`` — personal details no indicator counts (anonymisation; the
    figures of a sent report stay equal, tests/test_privacy_sent_report.py). New and deleted
    records, and any other column, are still refused."""
    session.info[_PERSONAL_ONLY] = columns
    try:
        yield
    finally:
        session.info.pop(_PERSONAL_ONLY, None)


def _personal_details_only(session: Session, obj: object) -> bool:
    allowed = session.info.get(_PERSONAL_ONLY)
    if not allowed or obj not in session.dirty:
        return False
    state = inspect(obj)
    changed = {
        attr.key
        for attr in state.mapper.column_attrs
        if attr.key not in _BOOKKEEPING and state.attrs[attr.key].history.has_changes()
    }
    return changed <= allowed.get(state.mapper.local_table.name, set())


@event.listens_for(Session, "before_flush")
def _refuse_changes_in_locked_periods(
    session: Session, flush_context: UOWTransaction, instances: Any
) -> None:
    if session.info.get("restoring_backup"):
        return
    for obj in (*session.new, *session.dirty, *session.deleted):
        if not isinstance(obj, RecordMixin) or not getattr(type(obj), "__record_date__", None):
            continue
        if obj in session.dirty and not _content_changed(obj):
            continue
        if _personal_details_only(session, obj):
            continue
        unit_id = getattr(obj, "unit_id", None)
        for day in record_dates(obj):
            if unit_id is None:
                continue
            with session.no_autoflush:
                report = locking_report(session, unit_id, day)
            if report is not None and not _override_allowed():
                from webapp import formatting

                raise PeriodLocked(
                    _(
                        "Kỳ báo cáo từ %(start)s đến %(end)s đã gửi (báo cáo số %(number)s); "
                        "không thể thêm, sửa hay xoá bản ghi ngày %(day)s. Quản trị có thể sửa "
                        "khi ghi rõ lý do.",
                        start=formatting.date_short(report.period_start),
                        end=formatting.date_short(report.period_end),
                        number=report.number_symbol,
                        day=formatting.date_short(day),
                    )
                )


# --- an admin's reason for changing records of a locked period --------------------------------


def start_override(reason: str) -> None:
    """Let the current admin change locked records for a while; every change carries the reason."""
    if not reason.strip():
        raise RecordError("reason", _("Vui lòng ghi lý do sửa số liệu trong kỳ đã gửi."))
    until = datetime.now(UTC) + timedelta(minutes=OVERRIDE_MINUTES)
    session["lock_override"] = {"reason": reason.strip()[:500], "until": until.isoformat()}


def stop_override() -> None:
    """End the admin's override now."""
    session.pop("lock_override", None)


def current_override() -> str | None:
    """The admin's current reason, or None (expired or none given)."""
    data = session.get("lock_override")
    if not data:
        return None
    if datetime.fromisoformat(data["until"]) < datetime.now(UTC):
        session.pop("lock_override", None)
        return None
    return data["reason"]


def _admin_override_reason() -> None:
    """An admin who gave a reason may change records of locked periods, on every page."""
    from flask_login import current_user

    if current_user.is_authenticated and current_user.is_admin:
        g.audit_reason = g.get("audit_reason") or current_override()


def _override_banner() -> dict:
    """``lock_override``: the reason the banner of every page shows while it holds."""
    from flask_login import current_user

    return {"lock_override": g.get("audit_reason") if current_user.is_authenticated else None}


def init_app(app: Flask) -> None:
    """Wire the admin's override into every request and every page (``create_app`` calls it)."""
    app.before_request(_admin_override_reason)
    app.context_processor(_override_banner)
