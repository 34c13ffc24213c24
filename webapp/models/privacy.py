"""Models of personal-data protection (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15).

- ``PersonalDataRead``: who read which person's record or exported personal data, and where —
  kept apart from the edit trail (audit_entries), written by webapp/privacy/reads.py.
- ``LoginEvent``: each login with its address, the first fact a breach notice asks for.
- ``ProcessingBasis``: a member's basis of processing, and consent with its date, scope and
  withdrawal where consent is the basis.
- ``DataSubjectRequest``: the register of requests from a data subject (access, correction,
  deletion, restriction, objection) with the legal deadline and the answer.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.accounts import User
from webapp.models.base import LabelledEnum, RecordMixin, UTCDateTime, utcnow, value_enum
from webapp.models.members import Member
from webapp.models.units import Unit

__all__ = [
    "Basis",
    "DataSubjectRequest",
    "LoginEvent",
    "PersonalDataRead",
    "ProcessingBasis",
    "ReadKind",
    "RequestKind",
]


class ReadKind(LabelledEnum):
    PAGE = "page"
    EXPORT = "export"


ReadKind.set_labels({ReadKind.PAGE: _l("Xem trang"), ReadKind.EXPORT: _l("Xuất tệp")})


class PersonalDataRead(db.Model):
    """One read of personal data: a record's page (``table_name`` + ``record_id``) or an export
    (``record_id`` empty, ``where`` the export's address with its filters)."""

    __tablename__ = "personal_data_reads"
    __table_args__ = (Index("ix_personal_data_reads_record", "table_name", "record_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[ReadKind] = mapped_column(value_enum(ReadKind, 10))
    table_name: Mapped[str] = mapped_column(String(60), default="")
    record_id: Mapped[int | None]
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    endpoint: Mapped[str] = mapped_column(String(80), default="")
    where: Mapped[str] = mapped_column(String(300), default="")

    user: Mapped[User | None] = relationship()


class LoginEvent(db.Model):
    """A successful login: who, when, from which address and browser."""

    __tablename__ = "login_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    address: Mapped[str] = mapped_column(String(45), default="")
    browser: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User] = relationship()


class Basis(LabelledEnum):
    CONSENT = "consent"
    MEMBERSHIP = "membership"
    LEGAL = "legal"
    CONTRACT = "contract"


Basis.set_labels(
    {
        Basis.CONSENT: _l("Sự đồng ý của chủ thể dữ liệu"),
        Basis.MEMBERSHIP: _l("Thực hiện nhiệm vụ của tổ chức Hội (Điều lệ Hội)"),
        Basis.LEGAL: _l("Thực hiện nghĩa vụ theo quy định của pháp luật"),
        Basis.CONTRACT: _l("Thực hiện hợp đồng (vay vốn ủy thác, tiết kiệm)"),
    }
)


class ProcessingBasis(RecordMixin, db.Model):
    """The basis on which the union processes one member's personal data."""

    __tablename__ = "processing_bases"
    __audit_area__ = "privacy"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), unique=True)
    basis: Mapped[Basis] = mapped_column(value_enum(Basis))
    consent_on: Mapped[date | None]
    consent_scope: Mapped[str] = mapped_column(String(300), default="")
    withdrawn_on: Mapped[date | None]

    member: Mapped[Member] = relationship()


class RequestKind(LabelledEnum):
    ACCESS = "access"
    CORRECTION = "correction"
    DELETION = "deletion"
    RESTRICTION = "restriction"
    OBJECTION = "objection"


RequestKind.set_labels(
    {
        RequestKind.ACCESS: _l("Xem, cung cấp dữ liệu"),
        RequestKind.CORRECTION: _l("Chỉnh sửa dữ liệu"),
        RequestKind.DELETION: _l("Xoá dữ liệu"),
        RequestKind.RESTRICTION: _l("Hạn chế xử lý"),
        RequestKind.OBJECTION: _l("Phản đối xử lý"),
    }
)


class DataSubjectRequest(RecordMixin, db.Model):
    """A request from a data subject, received on a date, due by the legal deadline."""

    __tablename__ = "data_subject_requests"
    __audit_area__ = "privacy"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    requester_name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[RequestKind] = mapped_column(value_enum(RequestKind))
    received_on: Mapped[date]
    due_on: Mapped[date] = mapped_column(index=True)
    details: Mapped[str] = mapped_column(String(1000), default="")
    answer: Mapped[str] = mapped_column(String(1000), default="")
    answered_on: Mapped[date | None]

    member: Mapped[Member | None] = relationship()
    unit: Mapped[Unit] = relationship()
