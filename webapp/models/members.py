"""Models of the members area: members (hội viên), their history, dues, the population figure
the gathering rate divides by, insurance cards and books, and Party referrals.

Cadres (cán bộ Hội) live in webapp/models/cadres.py.
"""

from __future__ import annotations

import enum
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.i18n import vietnamese
from webapp.models.accounts import User
from webapp.models.base import LabelledEnum, RecordMixin, TimestampMixin, value_enum
from webapp.models.units import Unit

__all__ = [
    "DuesPayment",
    "Gender",
    "InsuranceKind",
    "InsurancePolicy",
    "LeaveReason",
    "Member",
    "MemberBranchLink",
    "MemberEvent",
    "MemberEventKind",
    "MemberFlag",
    "MemberFlagChange",
    "PartyReferral",
    "ReferralOutcome",
    "WomenPopulation",
]


class Gender(LabelledEnum):
    FEMALE = "female"
    MALE = "male"

    @property
    def label_vi(self) -> str:
        """The Vietnamese word the member spreadsheet writes and reads back."""
        return vietnamese(GENDER_LABELS[self])


GENDER_LABELS = {Gender.FEMALE: _l("Nữ"), Gender.MALE: _l("Nam")}
Gender.set_labels(GENDER_LABELS)


class LeaveReason(LabelledEnum):
    """Why a member left the register (the seed counts "chết, chuyển đi")."""

    DIED = "died"
    MOVED = "moved"
    WITHDREW = "withdrew"

    @property
    def label_vi(self) -> str:
        """The Vietnamese wording, for the history line and the member spreadsheet."""
        return vietnamese(LEAVE_REASON_LABELS[self])


LEAVE_REASON_LABELS = {
    LeaveReason.DIED: _l("Qua đời"),
    LeaveReason.MOVED: _l("Chuyển đi nơi khác"),
    LeaveReason.WITHDREW: _l("Xin ra khỏi Hội"),
}
LeaveReason.set_labels(LEAVE_REASON_LABELS)


class Member(RecordMixin, db.Model):
    """A member of the union. Leaving keeps the record: history counts, nothing is deleted.

    A member counts at a date when she joined on or before it (an unknown join date counts as
    "before the register began") and has not left on or before it. Men can only be honorary
    members; honorary members are counted apart from the membership (members.honorary).
    """

    __tablename__ = "members"
    __record_date__ = ("joined_on", "left_on")  # period locking (webapp/locking.py)
    __table_args__ = (
        # The list filters by unit and status and pages sorted by name: these keep it fast
        # at 50,000 members; the duplicate check looks up name + birth year + branch.
        Index("ix_members_unit_left", "unit_id", "left_on"),
        Index("ix_members_duplicate", "unit_id", "search_key", "birth_year"),
        # The list: live members in name order, with the unit and search key the scope, the
        # search and the count read (no sort of the whole register for a page of 50).
        Index("ix_members_list", "deleted_at", "sort_key", "id", "unit_id", "search_key"),
        # The search (``search_key LIKE '%…%'``) on PostgreSQL: a trigram index instead of a scan
        # of the province's register (migration 0016_h6); SQLite keeps it empty (WHERE 0).
        Index(
            "ix_members_search_trgm",
            "search_key",
            postgresql_using="gin",
            postgresql_ops={"search_key": "gin_trgm_ops"},
            sqlite_where=text("0"),
        ),
        # The list's count of the live members of a scope, read from this index alone (29.340
        # members: 27 ms → 2,5 ms on PostgreSQL).
        Index(
            "ix_members_active_unit",
            "unit_id",
            postgresql_where=text("left_on IS NULL AND deleted_at IS NULL"),
            sqlite_where=text("left_on IS NULL AND deleted_at IS NULL"),
        ),
    )

    # Rows that are part of the member: they go to the trash with her, do not count as records
    # using her, and are purged with her (webapp/trash_bin/services.py).
    __owned_tables__ = (
        "member_events",
        "member_flag_changes",
        "dues_payments",
        "member_branch_links",
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    # full_name without diacritics, lowercase (webapp.text.search_key): "hue" finds "Huế".
    search_key: Mapped[str] = mapped_column(String(120), index=True)
    # Vietnamese lists sort by the given name (the last word), then the whole name.
    sort_key: Mapped[str] = mapped_column(String(250), index=True, default="")
    gender: Mapped[Gender] = mapped_column(value_enum(Gender), default=Gender.FEMALE)
    birth_year: Mapped[int | None]
    birth_date: Mapped[date | None]
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    ethnicity: Mapped[str] = mapped_column(String(40), default="")
    religion: Mapped[str] = mapped_column(String(40), default="")
    joined_on: Mapped[date | None] = mapped_column(index=True)
    left_on: Mapped[date | None] = mapped_column(index=True)
    leave_reason: Mapped[LeaveReason | None] = mapped_column(value_enum(LeaveReason))
    is_core: Mapped[bool] = mapped_column(default=False)
    is_honorary: Mapped[bool] = mapped_column(default=False)
    attends_regularly: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(String(500), default="")

    unit: Mapped[Unit] = relationship()

    @property
    def has_left(self) -> bool:
        return self.left_on is not None

    def __repr__(self) -> str:
        return f"<Member {self.id} {self.full_name!r}>"


class MemberEventKind(LabelledEnum):
    JOINED = "joined"
    EDITED = "edited"
    TRANSFERRED = "transferred"
    LEFT = "left"
    REJOINED = "rejoined"
    IMPORTED = "imported"
    TRASHED = "trashed"
    RESTORED = "restored"


EVENT_LABELS = {
    MemberEventKind.JOINED: _l("Vào Hội"),
    MemberEventKind.EDITED: _l("Sửa thông tin"),
    MemberEventKind.TRANSFERRED: _l("Chuyển chi hội"),
    MemberEventKind.LEFT: _l("Ra khỏi danh sách"),
    MemberEventKind.REJOINED: _l("Trở lại sinh hoạt"),
    MemberEventKind.IMPORTED: _l("Nhập từ tệp Excel"),
    MemberEventKind.TRASHED: _l("Chuyển vào thùng rác"),
    MemberEventKind.RESTORED: _l("Khôi phục"),
}
MemberEventKind.set_labels(EVENT_LABELS)


class MemberEvent(TimestampMixin, db.Model):
    """One line of a member's history: what changed, when, by whom. Never edited."""

    __tablename__ = "member_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    happened_on: Mapped[date]
    kind: Mapped[MemberEventKind] = mapped_column(value_enum(MemberEventKind))
    description: Mapped[str] = mapped_column(String(500), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User | None] = relationship()


class MemberFlag(enum.StrEnum):
    """The yes/no facts about a member that change over time and that indicators count."""

    CORE = "core"  # Member.is_core
    REGULAR = "regular"  # Member.attends_regularly


FLAG_COLUMNS = {MemberFlag.CORE: "is_core", MemberFlag.REGULAR: "attends_regularly"}


class MemberFlagChange(db.Model):
    """A flip of one of a member's flags, dated: the flag's value on an earlier date is the
    current value flipped once for every change after that date. Written with the edit."""

    __tablename__ = "member_flag_changes"
    __table_args__ = (Index("ix_member_flag_changes_lookup", "member_id", "flag", "effective_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Part of the member: purged with her.
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    flag: Mapped[MemberFlag] = mapped_column(value_enum(MemberFlag, 10))
    effective_on: Mapped[date]


class MemberBranchLink(db.Model):
    """A PAST branch of a member: she was in ``unit_id`` up to the day before ``valid_to``
    (from ``valid_from``, None: since she joined). Her current branch is Member.unit_id, valid
    from the latest ``valid_to`` of her past links. Written by a transfer (or a merge of
    branches), so a member who never moved has no row and the figures of earlier periods keep
    her in the branch she was in then."""

    __tablename__ = "member_branch_links"
    __table_args__ = (Index("ix_member_branch_links_lookup", "member_id", "valid_to"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Part of the member: purged with her.
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    valid_from: Mapped[date | None]
    valid_to: Mapped[date]


class DuesPayment(RecordMixin, db.Model):
    """A member's dues (hội phí) for one year: paid or not, and the amount in đồng."""

    __tablename__ = "dues_payments"
    __record_date__ = "paid_on"
    __table_args__ = (
        UniqueConstraint("member_id", "year"),
        Index("ix_dues_payments_year_paid", "year", "paid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    year: Mapped[int]
    paid: Mapped[bool] = mapped_column(default=False)
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
    paid_on: Mapped[date | None]

    member: Mapped[Member] = relationship()


class WomenPopulation(RecordMixin, db.Model):
    """Women aged 18+ living in a unit's area in a year (entered by hand; the denominator of
    the gathering rate). A year's figure is entered at one level of a branch of the tree only,
    so that summing over a subtree never counts anybody twice."""

    __tablename__ = "women_population"
    __table_args__ = (UniqueConstraint("unit_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    year: Mapped[int] = mapped_column(index=True)
    women_18plus: Mapped[int]

    unit: Mapped[Unit] = relationship()


class InsuranceKind(LabelledEnum):
    BHYT = "bhyt"  # household health-insurance card (thẻ BHYT hộ gia đình)
    BHXH = "bhxh"  # voluntary social-insurance book (sổ BHXH tự nguyện)


INSURANCE_KIND_LABELS = {
    InsuranceKind.BHYT: _l("Thẻ BHYT hộ gia đình"),
    InsuranceKind.BHXH: _l("Sổ BHXH tự nguyện"),
}
InsuranceKind.set_labels(INSURANCE_KIND_LABELS)


class InsurancePolicy(RecordMixin, db.Model):
    """One health-insurance card or social-insurance book the union keeps track of.

    "Kept" at a date: started on or before it and not ended on or before it; "new" in a
    period: started inside it.
    """

    __tablename__ = "insurance_policies"
    __record_date__ = ("started_on", "ended_on")
    __table_args__ = (Index("ix_insurance_policies_kind_started", "kind", "started_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    holder_name: Mapped[str] = mapped_column(String(120))
    search_key: Mapped[str] = mapped_column(String(120), index=True)
    kind: Mapped[InsuranceKind] = mapped_column(value_enum(InsuranceKind))
    number: Mapped[str] = mapped_column(String(30), default="")
    started_on: Mapped[date]
    ended_on: Mapped[date | None]
    note: Mapped[str] = mapped_column(String(300), default="")

    unit: Mapped[Unit] = relationship()
    member: Mapped[Member | None] = relationship()


class ReferralOutcome(LabelledEnum):
    PENDING = "pending"
    ADMITTED = "admitted"
    NOT_ADMITTED = "not_admitted"


REFERRAL_OUTCOME_LABELS = {
    ReferralOutcome.PENDING: _l("Đang xem xét"),
    ReferralOutcome.ADMITTED: _l("Đã được kết nạp"),
    ReferralOutcome.NOT_ADMITTED: _l("Chưa được kết nạp"),
}
ReferralOutcome.set_labels(REFERRAL_OUTCOME_LABELS)


class PartyReferral(RecordMixin, db.Model):
    """An outstanding member recommended to the Party for admission, and what came of it."""

    __tablename__ = "party_referrals"
    __record_date__ = ("referred_on", "decided_on")

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    referred_on: Mapped[date] = mapped_column(index=True)
    outcome: Mapped[ReferralOutcome] = mapped_column(
        value_enum(ReferralOutcome), default=ReferralOutcome.PENDING
    )
    decided_on: Mapped[date | None]
    note: Mapped[str] = mapped_column(String(300), default="")

    unit: Mapped[Unit] = relationship()
    member: Mapped[Member] = relationship()
