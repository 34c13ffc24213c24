"""Models of the reports area: drafts, the templates users bring, and the generated files."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.i18n import vietnamese
from webapp.models.accounts import User
from webapp.models.base import LabelledEnum, RecordMixin, UTCDateTime, utcnow, value_enum
from webapp.models.units import Unit

__all__ = ["ReportDraft", "ReportFile", "ReportKind", "ReportTemplate"]


class ReportKind(LabelledEnum):
    """The periodic reports a union sends up the tree."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEAR = "half-year"
    ANNUAL = "annual"
    MID_TERM = "mid-term"
    END_TERM = "end-term"

    @property
    def document_label(self) -> str:
        """The kind's name as the report itself prints it (always Vietnamese)."""
        return vietnamese(KIND_LABELS[self])


KIND_LABELS = {
    ReportKind.MONTHLY: _l("Báo cáo tháng"),
    ReportKind.QUARTERLY: _l("Báo cáo quý"),
    ReportKind.HALF_YEAR: _l("Báo cáo 6 tháng"),
    ReportKind.ANNUAL: _l("Báo cáo năm"),
    ReportKind.MID_TERM: _l("Báo cáo giữa nhiệm kỳ"),
    ReportKind.END_TERM: _l("Báo cáo cuối nhiệm kỳ"),
}
ReportKind.set_labels(KIND_LABELS)


class ReportDraft(RecordMixin, db.Model):
    """A report being prepared: its period, document metadata and the narrative staff write."""

    __tablename__ = "report_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    kind: Mapped[ReportKind] = mapped_column(value_enum(ReportKind))
    period_start: Mapped[date]
    period_end: Mapped[date]
    number: Mapped[int]
    symbol: Mapped[str] = mapped_column(String(40), default="BC-BTV")
    place: Mapped[str] = mapped_column(String(120))
    issued_on: Mapped[date]
    title: Mapped[str] = mapped_column(String(300))
    recipients: Mapped[str] = mapped_column(Text, default="")
    signatory_title: Mapped[str] = mapped_column(
        String(120),
        default="TM. BAN THƯỜNG VỤ",  # vi-only
    )
    signatory_position: Mapped[str] = mapped_column(String(120), default="CHỦ TỊCH")  # vi-only
    signatory_name: Mapped[str] = mapped_column(String(120), default="")
    # section key → sanitised HTML (p, strong, em, ul, ol, li, br)
    narrative: Mapped[dict] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Marked as sent (đã gửi): the period is locked for the unit's subtree (webapp/locking.py)
    # and the file that was sent is kept as it was.
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # No database foreign key: report_files references report_drafts already, and a cycle of
    # constraints would complicate creating and restoring the tables. Kept consistent by code.
    sent_file_id: Mapped[int | None]

    unit: Mapped[Unit] = relationship()
    files: Mapped[list[ReportFile]] = relationship(
        back_populates="draft",
        order_by="ReportFile.id.desc()",
        foreign_keys="ReportFile.draft_id",
    )
    sent_file: Mapped[ReportFile | None] = relationship(
        primaryjoin="foreign(ReportDraft.sent_file_id) == ReportFile.id", viewonly=True
    )

    @property
    def number_symbol(self) -> str:
        """ "09/BC-BTV" as printed under the issuing body."""
        return f"{self.number:02d}/{self.symbol}"


class ReportTemplate(db.Model):
    """One uploaded version of a .docx template for a kind of report; the newest active one is
    used. Restoring an older version makes it active again."""

    __audit_area__ = "reports"
    __tablename__ = "report_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ReportKind] = mapped_column(value_enum(ReportKind), index=True)
    version: Mapped[int]
    filename: Mapped[str] = mapped_column(String(255))
    storage_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    is_active: Mapped[bool] = mapped_column(default=False)
    warnings: Mapped[list] = mapped_column(JSON, default=list)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    uploaded_by: Mapped[User | None] = relationship()

    @property
    def label(self) -> str:
        """ "phiên bản 3 (mau.docx)": in the user's language on a page; Vietnamese in the worker,
        which stores it on the generated file's row."""
        return _(
            "phiên bản %(version)s (%(filename)s)", version=self.version, filename=self.filename
        )


class ReportFile(db.Model):
    """A generated report file. Tied to its job: a re-run of the job replaces, never duplicates."""

    __tablename__ = "report_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("report_drafts.id"), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), unique=True)
    template_id: Mapped[int | None] = mapped_column(ForeignKey("report_templates.id"))
    template_label: Mapped[str] = mapped_column(String(255))
    storage_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    # The figures the file printed (code → raw value) and their hash: a later regeneration
    # shows whether the records changed since.
    figures: Mapped[dict] = mapped_column(JSON, default=dict)
    figures_fingerprint: Mapped[str] = mapped_column(String(64))
    pdf_storage_name: Mapped[str | None] = mapped_column(String(255))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    draft: Mapped[ReportDraft] = relationship(back_populates="files", foreign_keys=[draft_id])
    created_by: Mapped[User | None] = relationship()
