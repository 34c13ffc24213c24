"""Terms (nhiệm kỳ), their congress targets (chỉ tiêu Nghị quyết) and yearly plans.

A target points at an indicator code (or holds a value typed by hand) and a goal; its progress
is computed (webapp/indicators/targets.py), never typed. A target with a ``year`` belongs to
that year's plan inside the term ("kết nạp 70 hội viên năm 2022") and counts that year only;
one without is a target of the whole term. Imported by webapp/models/activities.py.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.base import LabelledEnum, RecordMixin, value_enum
from webapp.models.units import Unit

ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(n: int) -> str:
    """26 → "XXVI" (congresses are numbered in Roman numerals)."""
    out = []
    for value, letters in ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


class Term(RecordMixin, db.Model):
    """A congress term of a unit: Đại hội lần thứ XXVI, nhiệm kỳ 2021–2026."""

    __tablename__ = "terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    congress_number: Mapped[int]
    start_on: Mapped[date]
    end_on: Mapped[date]

    unit: Mapped[Unit] = relationship()
    targets: Mapped[list[Target]] = relationship(
        back_populates="term", order_by="[Target.position, Target.id]"
    )

    @property
    def years(self) -> list[int]:
        """The calendar years the term runs through (each may have a yearly plan)."""
        return list(range(self.start_on.year, self.end_on.year + 1))

    @property
    def name(self) -> str:
        """The term as records word it (the audit log stores it): always Vietnamese."""
        return (
            f"Nhiệm kỳ {self.start_on.year}–{self.end_on.year} "  # vi-only
            f"(Đại hội lần thứ {roman(self.congress_number)})"  # vi-only
        )

    @property
    def display_name(self) -> str:
        """The term as the pages show it, in the user's language."""
        return _(
            "Nhiệm kỳ %(start)s–%(end)s (Đại hội lần thứ %(number)s)",
            start=self.start_on.year,
            end=self.end_on.year,
            number=roman(self.congress_number),
        )


class GoalKind(LabelledEnum):
    """How a goal is met: at least a number, at most a number, or a range reached at its
    lower bound ("kết nạp 30–40 hội viên mới")."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    RANGE = "range"


GOAL_KIND_LABELS = {
    GoalKind.AT_LEAST: _l("Tối thiểu (đạt khi ≥ mục tiêu)"),
    GoalKind.AT_MOST: _l("Tối đa (đạt khi ≤ mục tiêu)"),
    GoalKind.RANGE: _l("Khoảng (đạt khi ≥ cận dưới)"),
}
GoalKind.set_labels(GOAL_KIND_LABELS)


class Counting(LabelledEnum):
    """What value is compared with the goal."""

    # For a yearly target read "the year" for "the term": the indicator over that year so far,
    # or its growth since the year's first day.
    TERM = "term"  # the indicator over the term so far (from the term's first day)
    BASELINE = "baseline"  # its growth since the term's first day (value − value at the start)


COUNTING_LABELS = {
    Counting.TERM: _l("Tính trong nhiệm kỳ (từ đầu nhiệm kỳ đến ngày xem)"),
    Counting.BASELINE: _l("Tăng thêm so với đầu nhiệm kỳ"),
}
Counting.set_labels(COUNTING_LABELS)


class Target(RecordMixin, db.Model):
    """One target of a term, worded as the resolution words it."""

    __tablename__ = "targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    label: Mapped[str] = mapped_column(Text)  # the resolution's words
    short_name: Mapped[str] = mapped_column(String(120))  # for the summary line
    indicator_code: Mapped[str | None] = mapped_column(String(80))
    manual_value: Mapped[Decimal | None] = mapped_column(Numeric(20, 6))
    goal_kind: Mapped[GoalKind] = mapped_column(value_enum(GoalKind), default=GoalKind.AT_LEAST)
    # In the indicator's own scale: percentages as ratios (0,3% → 0.003).
    goal: Mapped[Decimal] = mapped_column(Numeric(20, 6))
    goal_high: Mapped[Decimal | None] = mapped_column(Numeric(20, 6))
    counting: Mapped[Counting] = mapped_column(value_enum(Counting), default=Counting.TERM)
    # A year of the term: the target belongs to that year's plan. None: the whole term's.
    year: Mapped[int | None]

    term: Mapped[Term] = relationship(back_populates="targets")
