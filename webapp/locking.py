"""Period locking: once a report is marked as sent, the records it counted stay as they were.

A register model opts in by naming the date(s) that place a record in a period
(``__record_date__ = "referred_on"`` or a tuple such as ``("joined_on", "left_on")``). Before each flush, a new, changed or deleted record dated
inside the period of a sent report of its unit or any unit above it is refused — unless an admin
gave a reason (``g.audit_reason``, see webapp/reports/locks.py), which then goes into the audit
trail with the change.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import g, has_request_context
from flask_babel import gettext as _
from sqlalchemy import event, inspect, literal, select
from sqlalchemy.orm import Session, UOWTransaction

from webapp.models.base import RecordMixin


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


@event.listens_for(Session, "before_flush")
def _refuse_changes_in_locked_periods(
    session: Session, flush_context: UOWTransaction, instances: Any
) -> None:
    if session.info.get("restoring_backup"):
        return
    for obj in (*session.new, *session.dirty, *session.deleted):
        if not isinstance(obj, RecordMixin) or not getattr(type(obj), "__record_date__", None):
            continue
        if obj in session.dirty and not session.is_modified(obj, include_collections=False):
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
