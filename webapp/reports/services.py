"""Report drafts: periods, numbering, metadata, narrative autosave, and asking for a file."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import func, select

from tasks.names import RENDER_REPORT
from webapp.documents.defaults import DEFAULT_RECIPIENTS, default_signatory, default_title
from webapp.documents.narrative import sanitize
from webapp.documents.templates import template_codes
from webapp.extensions import db
from webapp.formatting import local_today
from webapp.indicators import Period
from webapp.jobs.services import create_job
from webapp.models import Job, Unit, User
from webapp.models.reports import ReportDraft, ReportFile, ReportKind
from webapp.reports import sections
from webapp.scope import can_see_unit, require_write, scoped
from webapp.text import nfc


class DraftError(ValueError):
    """A refused change, with the form field it concerns and a message for the user."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def default_period(
    kind: ReportKind, year: int, part: int | None = None, today: date | None = None
) -> Period:
    """The period a kind of report covers. ``part`` is the month (monthly) or the quarter
    (quarterly); for mid-/end-of-term reports ``year`` is the first year of the 5-year term."""
    today = today or local_today()
    if kind is ReportKind.MONTHLY:
        month = part or today.month
        return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))
    if kind is ReportKind.QUARTERLY:
        q = part or (today.month - 1) // 3 + 1
        end_month = q * 3
        return Period(
            date(year, end_month - 2, 1),
            date(year, end_month, calendar.monthrange(year, end_month)[1]),
        )
    if kind is ReportKind.HALF_YEAR:
        return Period(date(year, 1, 1), date(year, 6, 30))
    if kind is ReportKind.ANNUAL:
        return Period(date(year, 1, 1), date(year, 12, 31))
    # A term runs five years from January of its first year; its middle is the end of year 3.
    end = date(year + 2, 12, 31) if kind is ReportKind.MID_TERM else date(year + 5, 12, 31)
    return Period(date(year, 1, 1), min(end, max(today, date(year, 1, 1))))


def next_number(unit_id: int, year: int) -> int:
    """Reports are numbered per unit and calendar year: 1 + the highest number so far."""
    highest = db.session.scalar(
        select(func.max(ReportDraft.number))
        .where(
            ReportDraft.unit_id == unit_id,
            ReportDraft.issued_on >= date(year, 1, 1),
            ReportDraft.issued_on <= date(year, 12, 31),
        )
        .execution_options(include_deleted=True)
    )
    return (highest or 0) + 1


@dataclass
class DraftData:
    unit_id: int
    kind: ReportKind
    period_start: date
    period_end: date
    issued_on: date | None = None


def create_draft(data: DraftData, user: User) -> ReportDraft:
    """A new draft with sensible defaults for everything but the narrative."""
    require_write(user, data.unit_id)
    if data.period_end < data.period_start:
        raise DraftError("period_end", _("Ngày kết thúc phải sau ngày bắt đầu."))
    unit = db.session.get(Unit, data.unit_id)
    assert unit is not None
    period = Period(data.period_start, data.period_end)
    issued = data.issued_on or min(local_today(), data.period_end)
    draft = ReportDraft(
        unit_id=unit.id,
        kind=data.kind,
        period_start=period.start,
        period_end=period.end,
        number=next_number(unit.id, issued.year),
        symbol="BC-BTV",
        place=unit.name,
        issued_on=issued,
        title=default_title(data.kind, period, unit.id),
        recipients=DEFAULT_RECIPIENTS,
        signatory_name=default_signatory(unit.id, issued),
        narrative={},
        created_by_id=user.id,
    )
    db.session.add(draft)
    db.session.flush()
    return draft


META_FIELDS = (
    "period_start",
    "period_end",
    "number",
    "symbol",
    "place",
    "issued_on",
    "title",
    "recipients",
    "signatory_title",
    "signatory_position",
    "signatory_name",
)


def update_meta(draft: ReportDraft, values: dict, version: int | None, user: User) -> None:
    """Save the document metadata; refuses an edit based on an outdated version."""
    require_write(user, draft.unit_id)
    if version is not None and version != draft.version:
        raise DraftError("version", _("Báo cáo đã được người khác sửa; vui lòng tải lại trang."))
    if values["period_end"] < values["period_start"]:
        raise DraftError("period_end", _("Ngày kết thúc phải sau ngày bắt đầu."))
    if values["number"] < 1:
        raise DraftError("number", _("Số báo cáo phải lớn hơn 0."))
    for name in META_FIELDS:
        value = values[name]
        setattr(
            draft, name, nfc(value) if isinstance(value, str) and name != "recipients" else value
        )
    draft.recipients = "\n".join(
        nfc(line) for line in values["recipients"].splitlines() if line.strip()
    )
    db.session.flush()


def save_narrative(draft: ReportDraft, key: str, html: str, user: User) -> str:
    """Store one narrative section, sanitised; returns what was stored."""
    require_write(user, draft.unit_id)
    if key not in sections_for(draft):
        raise DraftError("narrative", _("Mục này không có trong mẫu báo cáo."))
    clean = sanitize(html)
    draft.narrative = {**(draft.narrative or {}), key: clean}
    db.session.flush()
    return clean


def sections_for(draft: ReportDraft) -> list[str]:
    """The narrative keys of the kind, plus any the active template asks for."""
    keys = list(sections.BY_KIND[draft.kind])
    for code in template_codes(draft.kind):
        if code.startswith("narrative.") and (key := code.split(".", 1)[1]) not in keys:
            keys.append(key)
    return keys


def request_file(draft: ReportDraft, user: User) -> Job:
    """Queue the rendering of the draft; the message is sent when the request commits."""
    if not can_see_unit(user, draft.unit_id):
        abort(404)
    return create_job(RENDER_REPORT, {"draft_id": draft.id}, user, draft.unit_id)


def drafts_for(user: User):
    """The drafts the user may see, newest first."""
    return scoped(select(ReportDraft), ReportDraft.unit_id, user).order_by(
        ReportDraft.issued_on.desc(), ReportDraft.id.desc()
    )


def file_of_job(job_id: int) -> ReportFile | None:
    return db.session.scalar(select(ReportFile).where(ReportFile.job_id == job_id))
