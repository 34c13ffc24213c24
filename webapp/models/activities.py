"""Models of the activities area: the activity log and its lookups (kinds, tags, output units),
clubs, mediation cases, "5 có 3 sạch" household assessments, unit ratings and manual statistics.

Terms and targets live in webapp/models/targets.py and are re-exported here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Numeric,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.base import LabelledEnum, RecordMixin, TimestampMixin, value_enum
from webapp.models.targets import Counting, GoalKind, Target, Term
from webapp.models.units import Unit

__all__ = [
    "Activity",
    "ActivityKind",
    "ActivityOutput",
    "ActivityTag",
    "Club",
    "ClubKind",
    "Counting",
    "GoalKind",
    "HouseholdAssessment",
    "ManualStatistic",
    "MediationCase",
    "MediationKind",
    "MediationOutcome",
    "OutputUnit",
    "Rating",
    "StatisticValue",
    "TagGroup",
    "Target",
    "Term",
    "UnitRating",
    "activity_tags",
]


# --- lookups admins extend -----------------------------------------------------------------


class LookupMixin(TimestampMixin):
    """A list entry admins can add, rename and retire. ``code`` is stable: indicators and
    templates name entries by it, so renaming never changes a figure's code.

    ``unit_id`` NULL: shared by every unit (kept by the admins of the whole tree). Otherwise a
    unit's own addition, offered to records of that unit and of the units below it only
    (webapp/activities/services/lookups.py)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    # Shipped with the app (indicators refer to it): it can be renamed or retired, not deleted.
    builtin: Mapped[bool] = mapped_column(default=False)
    # Retired entries leave the pickers; records that use them keep them.
    retired: Mapped[bool] = mapped_column(default=False)
    sort_order: Mapped[int] = mapped_column(default=100)


class ActivityKind(LookupMixin, db.Model):
    """What an activity was: a propaganda session, a training, a conference, …"""

    __tablename__ = "activity_kinds"


class TagGroup(LabelledEnum):
    """What a tag names: the frame an activity belongs to."""

    MOVEMENT = "movement"
    CAMPAIGN = "campaign"
    PROGRAMME = "programme"
    TASK = "task"
    BREAKTHROUGH = "breakthrough"
    TOPIC = "topic"


TAG_GROUP_LABELS = {
    TagGroup.MOVEMENT: _l("Phong trào thi đua"),
    TagGroup.CAMPAIGN: _l("Cuộc vận động"),
    TagGroup.PROGRAMME: _l("Đề án, chương trình"),
    TagGroup.TASK: _l("Nhiệm vụ trọng tâm"),
    TagGroup.BREAKTHROUGH: _l("Khâu đột phá"),
    TagGroup.TOPIC: _l("Chủ đề"),
}
TagGroup.set_labels(TAG_GROUP_LABELS)


class ActivityTag(LookupMixin, db.Model):
    """What an activity belongs to: a movement, campaign, programme (Đề án 938/939), key task…"""

    __tablename__ = "activity_tags"

    tag_group: Mapped[TagGroup] = mapped_column(value_enum(TagGroup), default=TagGroup.TOPIC)


class OutputUnit(LookupMixin, db.Model):
    """A measured output of activities (trees planted, stoves handed out, opinions raised…).
    Each one is an indicator of its own: ``outputs.<code>``."""

    __tablename__ = "output_units"

    measure: Mapped[str] = mapped_column(String(40), default="")  # "cây", "tấn", "ý kiến"


# --- the activity log ------------------------------------------------------------------------

activity_tags = Table(
    "activity_tag_links",
    db.metadata,
    Column("activity_id", ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("activity_tags.id"), primary_key=True, index=True),
)


class Activity(RecordMixin, db.Model):
    """One thing the union did on a day: sessions held, people reached, outputs measured."""

    __tablename__ = "activities"
    __record_date__ = "held_on"  # period locking (webapp/locking.py)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    held_on: Mapped[date] = mapped_column(index=True)
    kind_id: Mapped[int] = mapped_column(ForeignKey("activity_kinds.id"), index=True)
    topic: Mapped[str] = mapped_column(String(255))
    search_key: Mapped[str] = mapped_column(String(255), index=True)
    sessions: Mapped[int] = mapped_column(default=1)
    participants: Mapped[int] = mapped_column(default=0)  # participant-turns (lượt người)
    partners: Mapped[str] = mapped_column(String(255), default="")
    # Reach as the report words it: 4/4 branches, 85% of members, 15/15 cadres.
    reach_branches: Mapped[int | None]
    reach_branches_total: Mapped[int | None]
    reach_members_percent: Mapped[int | None]
    reach_cadres: Mapped[int | None]
    reach_cadres_total: Mapped[int | None]
    notes: Mapped[str] = mapped_column(Text, default="")

    unit: Mapped[Unit] = relationship()
    kind: Mapped[ActivityKind] = relationship()
    tags: Mapped[list[ActivityTag]] = relationship(
        secondary=activity_tags, order_by="ActivityTag.sort_order"
    )
    outputs: Mapped[list[ActivityOutput]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", order_by="ActivityOutput.id"
    )

    def __repr__(self) -> str:
        return f"<Activity {self.id} {self.held_on} {self.topic!r}>"


class ActivityOutput(db.Model):
    """A measured output of one activity: quantity of an output unit (300 trees)."""

    __tablename__ = "activity_outputs"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    output_unit_id: Mapped[int] = mapped_column(ForeignKey("output_units.id"), index=True)
    quantity: Mapped[int] = mapped_column(BigInteger)

    activity: Mapped[Activity] = relationship(back_populates="outputs")
    output_unit: Mapped[OutputUnit] = relationship()


# --- clubs, mediation, campaign, ratings -----------------------------------------------------


class ClubKind(LabelledEnum):
    DANCE = "dance"
    TRUSTED_ADDRESS = "trusted_address"
    INTEREST = "interest"
    FAMILY = "family"
    OTHER = "other"


CLUB_KIND_LABELS = {
    ClubKind.DANCE: _l("CLB dân vũ"),
    ClubKind.TRUSTED_ADDRESS: _l("Địa chỉ tin cậy"),
    ClubKind.INTEREST: _l("Tổ, nhóm sở thích"),
    ClubKind.FAMILY: _l("CLB gia đình"),
    ClubKind.OTHER: _l("Khác"),
}
ClubKind.set_labels(CLUB_KIND_LABELS)


class Club(RecordMixin, db.Model):
    """A club or group the union runs; active from ``founded_on`` until ``dissolved_on``."""

    __tablename__ = "clubs"
    __record_date__ = ("founded_on", "dissolved_on")

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    search_key: Mapped[str] = mapped_column(String(160), index=True)
    kind: Mapped[ClubKind] = mapped_column(value_enum(ClubKind))
    members_count: Mapped[int] = mapped_column(default=0)
    founded_on: Mapped[date | None]
    dissolved_on: Mapped[date | None]
    notes: Mapped[str] = mapped_column(Text, default="")

    unit: Mapped[Unit] = relationship()


class MediationKind(LabelledEnum):
    NEIGHBOURHOOD = "neighbourhood"
    LAND = "land"
    FAMILY = "family"
    OTHER = "other"


MEDIATION_KIND_LABELS = {
    MediationKind.NEIGHBOURHOOD: _l("Mâu thuẫn xóm làng"),
    MediationKind.LAND: _l("Tranh chấp đất đai"),
    MediationKind.FAMILY: _l("Hôn nhân và gia đình"),
    MediationKind.OTHER: _l("Khác"),
}
MediationKind.set_labels(MEDIATION_KIND_LABELS)


class MediationOutcome(LabelledEnum):
    RESOLVED = "resolved"
    UNRESOLVED = "unresolved"
    REFERRED = "referred"
    PENDING = "pending"


MEDIATION_OUTCOME_LABELS = {
    MediationOutcome.RESOLVED: _l("Hoà giải thành"),
    MediationOutcome.UNRESOLVED: _l("Hoà giải không thành"),
    MediationOutcome.REFERRED: _l("Chuyển cơ quan chức năng"),
    MediationOutcome.PENDING: _l("Đang giải quyết"),
}
MediationOutcome.set_labels(MEDIATION_OUTCOME_LABELS)


class MediationCase(RecordMixin, db.Model):
    """A dispute the union helped mediate (no names: the summary says what it was about)."""

    __tablename__ = "mediation_cases"
    __record_date__ = "held_on"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    held_on: Mapped[date] = mapped_column(index=True)
    kind: Mapped[MediationKind] = mapped_column(value_enum(MediationKind))
    outcome: Mapped[MediationOutcome] = mapped_column(value_enum(MediationOutcome))
    summary: Mapped[str] = mapped_column(String(255), default="")

    unit: Mapped[Unit] = relationship()


# The 8 criteria of the campaign "Xây dựng gia đình 5 có 3 sạch", in the campaign's order.
CAMPAIGN_CRITERIA = (
    ("safe_house", _l("Có ngôi nhà an toàn")),
    ("livelihood", _l("Có sinh kế bền vững")),
    ("health", _l("Có sức khoẻ")),
    ("knowledge", _l("Có kiến thức")),
    ("culture", _l("Có nếp sống văn hoá")),
    ("clean_house", _l("Sạch nhà")),
    ("clean_kitchen", _l("Sạch bếp")),
    ("clean_alley", _l("Sạch ngõ")),
)


class HouseholdAssessment(RecordMixin, db.Model):
    """One household's "5 có 3 sạch" assessment for one year: which of the 8 criteria it met."""

    __tablename__ = "household_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    year: Mapped[int] = mapped_column(index=True)
    household: Mapped[str] = mapped_column(String(120))  # the head of household, as people say
    search_key: Mapped[str] = mapped_column(String(120), index=True)
    safe_house: Mapped[bool] = mapped_column(default=False)
    livelihood: Mapped[bool] = mapped_column(default=False)
    health: Mapped[bool] = mapped_column(default=False)
    knowledge: Mapped[bool] = mapped_column(default=False)
    culture: Mapped[bool] = mapped_column(default=False)
    clean_house: Mapped[bool] = mapped_column(default=False)
    clean_kitchen: Mapped[bool] = mapped_column(default=False)
    clean_alley: Mapped[bool] = mapped_column(default=False)

    unit: Mapped[Unit] = relationship()

    @property
    def criteria_met(self) -> int:
        return sum(bool(getattr(self, key)) for key, _ in CAMPAIGN_CRITERIA)


class Rating(LabelledEnum):
    """The yearly emulation rating of a unit (mức xếp loại thi đua)."""

    EXCELLENT = "excellent"
    GOOD = "good"
    DONE = "done"
    NOT_DONE = "not_done"


RATING_LABELS = {
    Rating.EXCELLENT: _l("Hoàn thành xuất sắc nhiệm vụ"),
    Rating.GOOD: _l("Hoàn thành tốt nhiệm vụ"),
    Rating.DONE: _l("Hoàn thành nhiệm vụ"),
    Rating.NOT_DONE: _l("Không hoàn thành nhiệm vụ"),
}
Rating.set_labels(RATING_LABELS)


class UnitRating(RecordMixin, db.Model):
    """The rating a branch or the commune union received for a year."""

    __tablename__ = "unit_ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    year: Mapped[int] = mapped_column(index=True)
    rating: Mapped[Rating] = mapped_column(value_enum(Rating))
    notes: Mapped[str] = mapped_column(String(255), default="")

    unit: Mapped[Unit] = relationship()


# --- manual statistics -----------------------------------------------------------------------


class ManualStatistic(TimestampMixin, db.Model):
    """A figure no register holds (the commune's poverty rate), defined by an admin and entered
    per unit and date. It is an indicator of its own: ``stats.<code>`` (value in force at the
    end of the period) and ``stats.<code>_start`` (in force at its start)."""

    __tablename__ = "manual_statistics"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    measure: Mapped[str] = mapped_column(String(40), default="")
    kind: Mapped[str] = mapped_column(String(10), default="number")  # registry kinds
    decimals: Mapped[int] = mapped_column(default=1)  # at most this many, trailing zeros dropped
    # "own": the value entered for the unit asked about; "sum": added over its subtree.
    combine: Mapped[str] = mapped_column(String(10), default="own")
    retired: Mapped[bool] = mapped_column(default=False)


class StatisticValue(RecordMixin, db.Model):
    """A value of a manual statistic for a unit, in force from ``valid_from``. Percentages are stored
    as ratios (1,28% → 0.0128), like every percent indicator."""

    __tablename__ = "statistic_values"
    __record_date__ = "valid_from"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    statistic_id: Mapped[int] = mapped_column(ForeignKey("manual_statistics.id"), index=True)
    valid_from: Mapped[date] = mapped_column(index=True)
    value: Mapped[Decimal] = mapped_column(Numeric(20, 6))
    note: Mapped[str] = mapped_column(String(255), default="")

    unit: Mapped[Unit] = relationship()
    statistic: Mapped[ManualStatistic] = relationship()
