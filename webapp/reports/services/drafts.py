"""Report drafts: periods, numbering, metadata, narrative autosave, and asking for a file.

The draft's rules are checked all together (``check_new_draft``, ``check_meta``) so that a form
shows every mistake in one answer."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, fields
from datetime import date

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select

from tasks.names import RENDER_REPORT
from webapp.documents import issuing
from webapp.documents.defaults import default_signatory, default_title
from webapp.documents.narrative import sanitize
from webapp.documents.templates import template_codes
from webapp.extensions import db
from webapp.formatting import local_today
from webapp.indicators import Period
from webapp.jobs.services import create_job
from webapp.models import Job, Unit, User
from webapp.models.reports import ReportDraft, ReportFile, ReportKind
from webapp.refusals import Problems, RecordError, check_version
from webapp.reports.services import sections
from webapp.scope import can_see_unit, require_write, scoped
from webapp.text import nfc


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


def next_number(unit_id: int, year: int, symbol: str = "BC-BTV") -> int:
    """Reports are numbered per unit, symbol and calendar year: 1 + the highest number so far."""
    return issuing.next_free_number(unit_id, symbol, year)


@dataclass
class DraftData:
    """A new draft as chosen: the unit, the kind and the period (None where refused)."""

    unit_id: int | None
    kind: ReportKind | None
    period_start: date | None
    period_end: date | None
    issued_on: date | None = None


def _check_period(start: date | None, end: date | None, problems: Problems) -> None:
    if start is not None and end is not None and end < start:
        problems.add("period_end", _("Ngày kết thúc phải sau ngày bắt đầu."))


def check_new_draft(data: DraftData, user: User) -> None:
    """Every rule of a new draft at once (raises one RecordError; nothing is changed)."""
    problems = Problems()
    if data.unit_id is None:
        problems.add("unit_id", _("Vui lòng chọn đơn vị."))
    else:
        require_write(user, data.unit_id)
    _check_period(data.period_start, data.period_end, problems)
    problems.raise_any()


def create_draft(data: DraftData, user: User) -> ReportDraft:
    """A new draft with sensible defaults for everything but the narrative."""
    check_new_draft(data, user)
    assert data.kind is not None and data.period_start and data.period_end
    unit = db.session.get(Unit, data.unit_id)
    assert unit is not None
    period = Period(data.period_start, data.period_end)
    # A periodic report may be dated before its period ends; a term report is dated the day
    # its period (the term so far) ends.
    issued = data.issued_on or (
        max(data.period_start, min(local_today(), data.period_end))
        if issuing.may_be_sent_early(data.kind)
        else data.period_end
    )
    issuing.check_issue_date(data.kind, period.start, period.end, issued)
    issuing.hold_numbering(unit.id)  # two drafts created at once get two numbers
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
        recipients=issuing.default_recipients(unit, issued),
        signatory_name=default_signatory(unit.id, issued),
        narrative={},
        created_by_id=user.id,
    )
    db.session.add(draft)
    db.session.flush()
    return draft


@dataclass
class DraftMeta:
    """The document metadata of a draft as typed (None where refused)."""

    period_start: date | None
    period_end: date | None
    number: int | None
    symbol: str | None
    place: str | None
    issued_on: date | None
    title: str | None
    recipients: str | None
    signatory_title: str | None
    signatory_position: str | None
    signatory_name: str | None


META_FIELDS = tuple(f.name for f in fields(DraftMeta))


def check_meta(draft: ReportDraft, meta: DraftMeta, user: User, version: int | None) -> None:
    """Every rule of the metadata at once, the edit's version first (raises one RecordError;
    nothing is changed)."""
    require_write(user, draft.unit_id)
    problems = Problems()
    problems.check(check_version, draft, version)
    _check_period(meta.period_start, meta.period_end, problems)
    if meta.number is not None and meta.number < 1:
        problems.add("number", _("Số báo cáo phải lớn hơn 0."))
    if meta.symbol and meta.issued_on and (meta.number is None or meta.number >= 1):
        number = issuing.number_to_keep(draft, meta.number, nfc(meta.symbol), meta.issued_on)
        problems.check(issuing.check_number_free, draft, number, nfc(meta.symbol), meta.issued_on)
    if meta.period_start and meta.period_end and meta.issued_on:
        problems.check(
            issuing.check_issue_date,
            draft.kind,
            meta.period_start,
            meta.period_end,
            meta.issued_on,
        )
    problems.raise_any()


def update_meta(draft: ReportDraft, meta: DraftMeta, version: int | None, user: User) -> None:
    """Save the document metadata; refuses an edit based on an outdated version."""
    issuing.hold_numbering(draft.unit_id)  # the number check below sees every saved report
    check_meta(draft, meta, user, version)
    symbol, issued_on = nfc(meta.symbol) or draft.symbol, meta.issued_on or draft.issued_on
    number = issuing.number_to_keep(draft, meta.number, symbol, issued_on)
    for name in META_FIELDS:
        value = number if name == "number" else getattr(meta, name)
        if name == "recipients":
            value = "\n".join(nfc(line) for line in (value or "").splitlines() if line.strip())
        elif isinstance(value, str):
            value = nfc(value)
        setattr(draft, name, value)
    db.session.flush()


def save_narrative(draft: ReportDraft, key: str, html: str, user: User) -> str:
    """Store one narrative section, sanitised; returns what was stored."""
    require_write(user, draft.unit_id)
    if key not in sections_for(draft):
        raise RecordError("narrative", _("Mục này không có trong mẫu báo cáo."))
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
