"""Admins' template uploads: store a checked file as a new version; restore an older one."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from webapp.documents import storage
from webapp.documents.templates import TemplateRejected, check_jinja, check_zip
from webapp.extensions import db
from webapp.models import User
from webapp.models.reports import ReportKind, ReportTemplate
from webapp.refusals import RecordError


def upload(kind: ReportKind, filename: str, data: bytes, user: User) -> ReportTemplate:
    """Check and store a new version of the kind's template and make it the active one; a file
    that is no template is refused beside the form's file field."""
    try:
        check_zip(data)
        checked = check_jinja(data)
    except TemplateRejected as exc:
        raise RecordError("file", str(exc)) from None
    digest = storage.sha256(data)
    storage.write_atomically(storage.template_path(f"{digest}.docx"), data)
    version = (
        db.session.scalar(
            select(func.max(ReportTemplate.version)).where(ReportTemplate.kind == kind)
        )
        or 0
    ) + 1
    for row in db.session.scalars(select(ReportTemplate).where(ReportTemplate.kind == kind)):
        row.is_active = False
    row = ReportTemplate(
        kind=kind,
        version=version,
        filename=Path(filename).name[:255],
        storage_name=f"{digest}.docx",
        size=len(data),
        sha256=digest,
        is_active=True,
        warnings=checked.warnings,
        uploaded_by_id=user.id,
    )
    db.session.add(row)
    db.session.flush()
    return row


def activate(row: ReportTemplate | None, kind: ReportKind) -> None:
    """Make ``row`` the kind's active version (None: go back to the built-in template)."""
    for other in db.session.scalars(select(ReportTemplate).where(ReportTemplate.kind == kind)):
        other.is_active = row is not None and other.id == row.id
    db.session.flush()
