"""The report task: render a draft into a .docx file (and a PDF where LibreOffice exists)."""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from celery import shared_task
from flask import current_app
from sqlalchemy import select

from tasks.jobs import JobError, Progress, execute_job, still_claimed
from tasks.names import RENDER_REPORT_TASK
from webapp.extensions import db
from webapp.models import Job

log = logging.getLogger(__name__)


def render_report(job: Job, progress: Progress) -> dict:
    """Render the job's draft and store the file under the job's id (a re-run replaces it)."""
    from webapp.documents import storage
    from webapp.documents.produce import produce
    from webapp.documents.render import RenderError
    from webapp.documents.requests import request_from_draft
    from webapp.models.reports import ReportDraft, ReportFile

    draft = db.session.get(ReportDraft, job.params["draft_id"])
    if draft is None:
        raise JobError("Bản nháp báo cáo không còn tồn tại.")
    progress(10)
    try:
        result = produce(request_from_draft(draft), draft.kind, progress)
    except RenderError as exc:
        raise JobError(f"Không tạo được báo cáo: {exc}") from exc
    progress(80)
    if not still_claimed(job):
        return {}  # taken from this runner while it rendered: its file is someone else's now
    name = f"job-{job.id}.docx"
    storage.write_atomically(storage.report_path(name), result.data)
    pdf_name = _pdf(storage.report_path(name)) if current_app.config["REPORT_PDF"] else None
    row = db.session.scalar(select(ReportFile).where(ReportFile.job_id == job.id))
    if row is None:
        row = ReportFile(job_id=job.id, draft_id=draft.id)
        db.session.add(row)
    row.template_id = result.template.template_id
    row.template_label = result.template.label
    row.storage_name = name
    row.size = len(result.data)
    row.sha256 = storage.sha256(result.data)
    row.figures = result.figures
    row.figures_fingerprint = result.fingerprint
    row.pdf_storage_name = pdf_name
    row.created_by_id = job.created_by_id
    db.session.flush()
    # The file is made; placeholders that printed "[?]" are named for the user to fix.
    done: dict = {"file_id": row.id}
    if result.warnings:
        done["warnings"] = result.warnings
    return done


def _pdf(docx: Path) -> str | None:
    """A PDF beside the .docx when LibreOffice is installed; None otherwise or on failure."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        try:
            subprocess.run(  # noqa: S603 (fixed program, our own file)
                [soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(docx)],
                check=True,
                capture_output=True,
                timeout=120,
                env={"HOME": tmp, "PATH": "/usr/bin:/bin"},
            )
        except (subprocess.SubprocessError, OSError):
            log.warning("PDF conversion of %s failed", docx, exc_info=True)
            return None
        produced = Path(tmp) / (docx.stem + ".pdf")
        if not produced.exists():
            return None
        target = docx.with_suffix(".pdf")
        shutil.move(str(produced), target)
        return target.name


@shared_task(name=RENDER_REPORT_TASK, bind=True)
def render_report_task(self, job_id: int, token: str | None = None) -> str | None:
    state = execute_job(job_id, render_report, worker=self.request.hostname or "", token=token)
    return state.value if state else None
