"""Models of the cadres register: union officers (cán bộ Hội) and the courses they attended."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, or_, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.base import LabelledEnum, RecordMixin, value_enum
from webapp.models.units import Unit

__all__ = ["Cadre", "CadrePosition", "CadreTraining", "PoliticalTheory", "TrainingKind"]


class CadrePosition(LabelledEnum):
    """The office a cadre holds in her unit (chair and vice-chair sit in the BCH and BTV)."""

    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    COMMITTEE = "committee"
    BRANCH_HEAD = "branch_head"
    BRANCH_DEPUTY = "branch_deputy"


POSITION_LABELS = {
    CadrePosition.CHAIR: _l("Chủ tịch"),
    CadrePosition.VICE_CHAIR: _l("Phó Chủ tịch"),
    CadrePosition.COMMITTEE: _l("Ủy viên BCH"),
    CadrePosition.BRANCH_HEAD: _l("Chi hội trưởng"),
    CadrePosition.BRANCH_DEPUTY: _l("Chi hội phó"),
}
CadrePosition.set_labels(POSITION_LABELS)


class PoliticalTheory(LabelledEnum):
    """Political-theory level (trình độ lý luận chính trị), lowest first."""

    NONE = "none"
    BASIC = "basic"  # sơ cấp
    INTERMEDIATE = "intermediate"  # trung cấp
    ADVANCED = "advanced"  # cao cấp


THEORY_LABELS = {
    PoliticalTheory.NONE: _l("Chưa qua đào tạo"),
    PoliticalTheory.BASIC: _l("Sơ cấp"),
    PoliticalTheory.INTERMEDIATE: _l("Trung cấp"),
    PoliticalTheory.ADVANCED: _l("Cao cấp"),
}
PoliticalTheory.set_labels(THEORY_LABELS)
THEORY_BASIC_PLUS = (
    PoliticalTheory.BASIC,
    PoliticalTheory.INTERMEDIATE,
    PoliticalTheory.ADVANCED,
)


class Cadre(RecordMixin, db.Model):
    """A union officer: her office in a unit (the commune for BCH members, a branch for branch
    heads and deputies), BCH/BTV membership, term, education and political theory.

    A person who sits in the BCH and heads a branch is one row (position branch head,
    ``in_bch`` true), so she is counted once among "committee members and branch heads".
    Serving at a date: started on or before it and not ended on or before it.
    """

    __tablename__ = "cadres"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    search_key: Mapped[str] = mapped_column(String(120), index=True)
    birth_year: Mapped[int | None]
    position: Mapped[CadrePosition] = mapped_column(value_enum(CadrePosition))
    in_bch: Mapped[bool] = mapped_column(default=False)
    in_btv: Mapped[bool] = mapped_column(default=False)
    term: Mapped[str] = mapped_column(String(20), default="")  # e.g. "2021–2026"
    started_on: Mapped[date]
    ended_on: Mapped[date | None]
    # Years of general schooling finished: 12 means "12/12".
    education_grade: Mapped[int | None]
    qualification: Mapped[str] = mapped_column(String(120), default="")  # e.g. "Đại học"
    political_theory: Mapped[PoliticalTheory] = mapped_column(
        value_enum(PoliticalTheory), default=PoliticalTheory.NONE
    )

    unit: Mapped[Unit] = relationship()
    trainings: Mapped[list[CadreTraining]] = relationship(
        back_populates="cadre", order_by="CadreTraining.attended_on.desc()"
    )

    @property
    def education_label(self) -> str:
        return f"{self.education_grade}/12" if self.education_grade else ""

    def __repr__(self) -> str:
        return f"<Cadre {self.id} {self.full_name!r} {self.position.value}>"


class TrainingKind(LabelledEnum):
    TOPIC_STUDY = "topic_study"  # học tập chuyên đề
    TRAINING = "training"  # bồi dưỡng, tập huấn


TRAINING_KIND_LABELS = {
    TrainingKind.TOPIC_STUDY: _l("Học tập chuyên đề"),
    TrainingKind.TRAINING: _l("Bồi dưỡng, tập huấn"),
}
TrainingKind.set_labels(TRAINING_KIND_LABELS)


class CadreTraining(RecordMixin, db.Model):
    """A course or topic-study session a cadre attended."""

    __tablename__ = "cadre_trainings"
    __record_date__ = "attended_on"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadres.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[TrainingKind] = mapped_column(value_enum(TrainingKind))
    attended_on: Mapped[date] = mapped_column(index=True)
    organiser: Mapped[str] = mapped_column(String(120), default="")

    cadre: Mapped[Cadre] = relationship(back_populates="trainings")


def serving_at(on: date):
    """SQL condition: the cadre holds her office on ``on``."""
    return (Cadre.started_on <= on) & or_(Cadre.ended_on.is_(None), Cadre.ended_on > on)


def current_chair(unit_id: int, on: date) -> Cadre | None:
    """The chair (chủ tịch) of ``unit_id`` serving on ``on`` — the report's signatory."""
    return db.session.scalars(
        select(Cadre)
        .where(Cadre.unit_id == unit_id, Cadre.position == CadrePosition.CHAIR, serving_at(on))
        .order_by(Cadre.started_on.desc())
        .limit(1)
    ).first()
