"""Marking a report as sent (which locks its period), reopening it, and what changed since.

The lock itself, and an admin's reason for changing a locked period, live in webapp/locking.py."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_babel import gettext as _

from webapp.extensions import db
from webapp.indicators import REGISTRY, Period, compute
from webapp.models import User
from webapp.models.base import utcnow
from webapp.models.reports import ReportDraft
from webapp.refusals import RecordError


def mark_sent(draft: ReportDraft, user: User) -> None:
    """Record that the latest generated file was sent; the period is locked from now on."""
    from webapp.scope import require_write

    require_write(user, draft.unit_id)
    if draft.sent_at is not None:
        raise RecordError(None, _("Báo cáo này đã được đánh dấu là đã gửi."))
    if not draft.files:
        raise RecordError(None, _("Hãy xuất báo cáo trước khi đánh dấu đã gửi."))
    draft.sent_at = utcnow()
    draft.sent_by_id = user.id
    draft.sent_file_id = draft.files[0].id
    db.session.flush()


def reopen(draft: ReportDraft, user: User, reason: str) -> None:
    """Admins only, with a reason (kept in the audit trail): unlock the period again."""
    if not user.is_admin:
        abort(403)
    if not reason.strip():
        raise RecordError("reason", _("Vui lòng ghi lý do mở lại kỳ báo cáo."))
    draft.sent_at = None
    draft.sent_by_id = None
    draft.sent_file_id = None
    db.session.flush()


@dataclass
class Changed:
    code: str
    label: str
    sent: str
    now: str


def figures_changed_since_sent(draft: ReportDraft) -> list[Changed]:
    """Indicators whose value today differs from what the sent file printed."""
    if draft.sent_file is None:
        return []
    printed = draft.sent_file.figures or {}
    current = compute(draft.unit_id, Period(draft.period_start, draft.period_end))
    changed = []
    for code in sorted(set(printed) | {c for c, v in current.raw.items() if v is not None}):
        before, after = printed.get(code), current.raw.get(code)
        if _same(before, after):
            continue
        ind = REGISTRY.indicators.get(code)
        if ind is None:
            continue
        changed.append(
            Changed(
                code,
                ind.label,
                ind.format(before) if before is not None else "—",
                current.formatted.get(code) or "—",
            )
        )
    return changed


def _same(a: object, b: object) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) < 1e-9
    return a == b
