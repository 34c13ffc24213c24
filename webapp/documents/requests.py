"""Turning a draft (or command-line arguments) into what the document code renders."""

from __future__ import annotations

from webapp.documents.context import ReportRequest
from webapp.documents.defaults import default_signatory, default_title
from webapp.documents.issuing import default_recipients
from webapp.indicators import Period
from webapp.models import Unit
from webapp.models.reports import ReportDraft, ReportKind


def request_from_draft(draft: ReportDraft) -> ReportRequest:
    """The render request of a draft: its period, metadata and narrative."""
    return ReportRequest(
        unit_id=draft.unit_id,
        kind_label=draft.kind.document_label,
        period=Period(draft.period_start, draft.period_end),
        number_symbol=draft.number_symbol,
        place=draft.place,
        issued_on=draft.issued_on,
        title=draft.title,
        recipients=[line for line in draft.recipients.splitlines() if line.strip()],
        signatory_title=draft.signatory_title,
        signatory_position=draft.signatory_position,
        signatory_name=draft.signatory_name,
        narrative=dict(draft.narrative or {}),
    )


def request_for_unit(unit: Unit, kind: ReportKind, period: Period) -> ReportRequest:
    """A render request without a draft (command line): defaults for the metadata."""
    return ReportRequest(
        unit_id=unit.id,
        kind_label=kind.document_label,
        period=period,
        number_symbol="01/BC-BTV",
        place=unit.name,
        issued_on=period.end,
        title=default_title(kind, period, unit.id),
        recipients=default_recipients(unit, period.end).splitlines(),
        signatory_name=default_signatory(unit.id, period.end),
    )
