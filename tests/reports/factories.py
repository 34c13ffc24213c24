"""Report factories."""

from __future__ import annotations

from datetime import date

from tasks.names import RENDER_REPORT
from webapp.extensions import db
from webapp.models import Job, JobState, Unit
from webapp.models.reports import ReportDraft, ReportFile, ReportKind


def make_draft(unit: Unit, kind: ReportKind = ReportKind.ANNUAL, **fields) -> ReportDraft:
    draft = ReportDraft(
        unit_id=unit.id,
        kind=kind,
        period_start=fields.pop("period_start", date(2023, 1, 1)),
        period_end=fields.pop("period_end", date(2023, 12, 31)),
        number=fields.pop("number", 1),
        place=unit.name,
        issued_on=fields.pop("issued_on", date(2023, 12, 20)),
        title=fields.pop("title", "Kết quả hoạt động công tác Hội năm 2023"),
        recipients="Hội LHPN huyện (b/c);\nLưu VP.",
        narrative=fields.pop("narrative", {}),
        **fields,
    )
    db.session.add(draft)
    db.session.commit()
    return draft


def make_report_file(draft: ReportDraft, user_id: int | None = None, produced=None) -> ReportFile:
    """The file row the worker keeps for a render (the worker itself is not needed); with
    ``produced`` (a rendered document) its figures and fingerprint."""
    job = Job(
        kind=RENDER_REPORT,
        params={"draft_id": draft.id},
        state=JobState.DONE,
        unit_id=draft.unit_id,
        created_by_id=user_id,
    )
    db.session.add(job)
    db.session.flush()
    row = ReportFile(
        draft_id=draft.id,
        job_id=job.id,
        template_label="mẫu mặc định",
        storage_name=f"job-{job.id}.docx",
        size=len(produced.data) if produced else 0,
        sha256="0" * 64,
        figures=produced.figures if produced else {},
        figures_fingerprint=produced.fingerprint if produced else "0" * 64,
        created_by_id=user_id,
    )
    db.session.add(row)
    db.session.commit()
    return row


def meta_form(draft: ReportDraft, **changes) -> dict:
    """The draft's details form as the user posts it, with ``changes`` typed over it."""
    data = {
        "version": str(draft.version),
        "period_start": draft.period_start.isoformat(),
        "period_end": draft.period_end.isoformat(),
        "number": str(draft.number),
        "symbol": draft.symbol,
        "place": draft.place,
        "issued_on": draft.issued_on.isoformat(),
        "title": draft.title,
        "recipients": draft.recipients,
        "signatory_title": "TM. BAN THƯỜNG VỤ",
        "signatory_position": "CHỦ TỊCH",
        "signatory_name": "Nguyễn Thị Huế",
    }
    return {**data, **changes}
