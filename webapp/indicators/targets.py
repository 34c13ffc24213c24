"""Congress targets (chỉ tiêu): progress computed from the indicators, never typed.

A target compares a value with its goal:

- the value is its indicator over the term so far (term's first day → as-of date), or its
  growth since the term's first day (``Counting.BASELINE``), or a value typed on the target;
- goals: at least N (achieved = value ÷ N; "exceeded" above N), at most N (reached while
  value ≤ N; achieved = N ÷ value otherwise), or a range low–high reached at its lower bound
  (achieved = value ÷ low; "exceeded" above high);
- a target not reached whose achievement is behind the share of the term already gone is
  "at risk" (the dashboard counts them).

A yearly target (one year's plan inside the term) follows the same rules over its year alone:
the indicator from the year's first day (or the term's, if later) to the as-of date, or its
growth since that day; "at risk" compares with the share of the year gone.

Also registers ``targets.*``: for the term of the unit asked about that is running at the
period's as-of date (the term's own targets, not the yearly plans).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from webapp import formatting
from webapp.extensions import db
from webapp.indicators.registry import (
    Indicator,
    Period,
    Scope,
    Value,
    indicator_group,
    remember,
)
from webapp.models.targets import Counting, GoalKind, Target, Term, roman
from webapp.models.units import Unit, UnitKind

EXCEEDED, REACHED, NOT_REACHED, UNKNOWN = "exceeded", "reached", "not_reached", "unknown"
STATUS_LABELS = {
    EXCEEDED: "Vượt",
    REACHED: "Đạt",
    NOT_REACHED: "Chưa đạt",
    UNKNOWN: "Chưa tính được",
}


@dataclass(frozen=True)
class Evaluation:
    """How far a value is from its goal."""

    achieved: float | None  # 1.025 means 102,5% of the goal
    status: str


def evaluate(
    value: Value, kind: GoalKind, goal: Decimal, goal_high: Decimal | None = None
) -> Evaluation:
    """Compare ``value`` with a goal (see the module docstring for the rules)."""
    if value is None or goal is None or goal <= 0:
        return Evaluation(None, UNKNOWN)
    v, g = Decimal(str(value)), Decimal(goal)
    if kind is GoalKind.AT_MOST:
        if v <= g:
            return Evaluation(1.0, REACHED)
        return Evaluation(float(g / v), NOT_REACHED)
    achieved = float(v / g)
    if v < g:
        return Evaluation(achieved, NOT_REACHED)
    ceiling = Decimal(goal_high) if kind is GoalKind.RANGE and goal_high is not None else g
    return Evaluation(achieved, EXCEEDED if v > ceiling else REACHED)


@dataclass
class Progress:
    """One target at a date: its value, goal, % achieved and verdict."""

    target: Target
    indicator: Indicator | None
    value: Value
    evaluation: Evaluation
    elapsed: float  # share of the term gone by at the as-of date

    @property
    def status(self) -> str:
        return self.evaluation.status

    @property
    def met(self) -> bool:
        return self.status in (REACHED, EXCEEDED)

    @property
    def at_risk(self) -> bool:
        if self.status != NOT_REACHED:
            return False
        return (self.evaluation.achieved or 0.0) < self.elapsed

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def achieved_text(self) -> str:
        """ "102,5%"."""
        return formatting.percent(self.evaluation.achieved) if self.evaluation.achieved else "—"

    @property
    def verdict(self) -> str:
        """As the report words it: "Vượt 102,5%", "Đạt 100%", "Chưa đạt (40%)"; an "at most"
        goal not met says the value and the ceiling, "Chưa đạt: 94,81% (mục tiêu tối đa 90%)"
        (a share of the goal would read as if 0,3% were achieved)."""
        if self.status == UNKNOWN:
            return STATUS_LABELS[UNKNOWN]
        if self.status == NOT_REACHED:
            if self.target.goal_kind is GoalKind.AT_MOST:
                return (
                    f"Chưa đạt: {self.value_text} (mục tiêu tối đa {self._fmt(self.target.goal)})"
                )
            return f"Chưa đạt ({self.achieved_text})"
        return f"{self.status_label} {self.achieved_text}"

    @property
    def bar_value(self) -> int:
        """For a progress bar: % achieved, 0–100."""
        return max(0, min(100, round((self.evaluation.achieved or 0.0) * 100)))

    def _fmt(self, value: Value) -> str:
        if value is None:
            return "—"
        if self.indicator is not None:
            return self.indicator.format(value)
        return formatting.number(value, 2).rstrip("0").rstrip(",")

    @property
    def value_text(self) -> str:
        return self._fmt(self.value)

    @property
    def goal_text(self) -> str:
        t = self.target
        if t.goal_kind is GoalKind.RANGE:
            high = self._fmt(t.goal_high) if t.goal_high is not None else "…"
            return f"{self._fmt(t.goal)}–{high}"
        sign = "≤" if t.goal_kind is GoalKind.AT_MOST else "≥"
        return f"{sign} {self._fmt(t.goal)}"


def _find(code: str | None) -> Indicator | None:
    from webapp.indicators import find

    return find(code) if code else None


def term_targets(term: Term, year: int | None = None) -> list[Target]:
    """The term's own targets in order, or with ``year`` that year's plan (trashed left out)."""
    return list(
        db.session.scalars(
            select(Target)
            .where(
                Target.term_id == term.id,
                Target.year.is_(None) if year is None else Target.year == year,
            )
            .order_by(Target.position, Target.id)
        )
    )


def as_of_in_term(term: Term, at: date) -> date:
    """``at`` moved inside the term."""
    return min(max(at, term.start_on), term.end_on)


def year_span(term: Term, year: int) -> tuple[date, date]:
    """The part of ``year`` inside the term: its first and last day."""
    return max(date(year, 1, 1), term.start_on), min(date(year, 12, 31), term.end_on)


def term_progress(term: Term, at: date) -> list[Progress]:
    """Every target of ``term`` as of ``at`` (values from the indicators: a few queries)."""
    at = as_of_in_term(term, at)
    return remember(
        ("term_progress", term.id, at),
        lambda: _progress(term, term_targets(term), term.start_on, term.end_on, at),
    )


def year_progress(term: Term, year: int, at: date) -> list[Progress]:
    """The targets of ``year``'s plan as of ``at`` (moved inside that year), counting that
    year only."""
    first, last = year_span(term, year)
    at = min(max(at, first), last)
    return remember(
        ("year_progress", term.id, year, at),
        lambda: _progress(term, term_targets(term, year), first, last, at),
    )


def _progress(
    term: Term, targets: list[Target], first: date, last: date, at: date
) -> list[Progress]:
    """``targets`` counted from ``first`` to ``at`` (growth since ``first`` for baseline ones);
    the elapsed share is of ``first`` … ``last``."""
    from webapp.fields import DATE_MAX, DATE_MIN
    from webapp.indicators import compute

    # A term stored before dates were bounded (0001-01-01 …) is counted inside the sane window:
    # indicators step a day before their period, which year 1 cannot do.
    first, last = max(first, DATE_MIN), min(last, DATE_MAX)
    at = min(max(at, first), last)
    codes = {t.indicator_code for t in targets if t.indicator_code and t.manual_value is None}
    now = compute(term.unit_id, Period(first, at), codes).raw if codes else {}
    base_codes = {
        t.indicator_code
        for t in targets
        if t.indicator_code and t.manual_value is None and t.counting is Counting.BASELINE
    }
    start = Period(first, first)
    base = compute(term.unit_id, start, base_codes).raw if base_codes else {}
    span = (last - first).days or 1
    elapsed = (at - first).days / span
    result = []
    for t in targets:
        value: Value
        if t.manual_value is not None:
            value = t.manual_value
        else:
            value = now.get(t.indicator_code or "")
            if t.counting is Counting.BASELINE:
                start_value = base.get(t.indicator_code or "")
                value = None if value is None or start_value is None else value - start_value
        evaluation = evaluate(value, t.goal_kind, t.goal, t.goal_high)
        result.append(Progress(t, _find(t.indicator_code), value, evaluation, elapsed))
    return result


def summary_line(progress: list[Progress], in_user_language: bool = False) -> str:
    """ "6/8 chỉ tiêu đạt và vượt; 2 chỉ tiêu chưa đạt: A; B." ("" without targets).

    Vietnamese for documents; ``in_user_language``: in the reader's language (the pages)."""
    if not progress:
        return ""
    met = [p for p in progress if p.met]
    missed = [p.target.short_name for p in progress if p.status == NOT_REACHED]
    unknown = [p.target.short_name for p in progress if p.status == UNKNOWN]
    if in_user_language:
        from flask_babel import gettext as _

        shown = [_("%(met)s/%(n)s chỉ tiêu đạt và vượt", met=len(met), n=len(progress))]
        if missed:
            shown.append(
                _("%(n)s chỉ tiêu chưa đạt: %(names)s", n=len(missed), names="; ".join(missed))
            )
        if unknown:
            shown.append(
                _(
                    "%(n)s chỉ tiêu chưa tính được: %(names)s",
                    n=len(unknown),
                    names="; ".join(unknown),
                )
            )
        return "; ".join(shown) + "."
    parts = [f"{len(met)}/{len(progress)} chỉ tiêu đạt và vượt"]
    if missed:
        parts.append(f"{len(missed)} chỉ tiêu chưa đạt: " + "; ".join(missed))
    if unknown:
        parts.append(f"{len(unknown)} chỉ tiêu chưa tính được: " + "; ".join(unknown))
    return "; ".join(parts) + "."


def running_term(unit_id: int, at: date) -> Term | None:
    """The term of the unit itself that is running on ``at`` (the latest begun, if several)."""
    return db.session.scalar(
        select(Term)
        .where(Term.unit_id == unit_id, Term.start_on <= at, Term.end_on >= at)
        .order_by(Term.start_on.desc(), Term.id.desc())
        .limit(1)
    )


def report_targets(unit_id: int, period: Period) -> tuple[list[dict[str, object]], str]:
    """The unit's running term's targets as of the period's end, as rows a report prints, and
    the summary line — from one evaluation of the targets."""
    term = running_term(unit_id, period.at)
    if term is None:
        return [], ""
    progress = term_progress(term, period.at)
    return progress_rows(progress), summary_line(progress)


def term_block(unit: Unit, at: date) -> dict[str, object]:
    """The unit's term running on ``at`` as a report words it, from the Term record:
    ``congress`` "Đại hội đại biểu phụ nữ xã lần thứ I, nhiệm kỳ 2025 - 2030", ``years``
    "2025 - 2030", ``number`` 1, ``roman`` "I". Without a term every text is "" and ``found``
    is False (a template leaves the words out rather than guess the years)."""
    term = running_term(unit.id, at)
    if term is None:
        return {
            "found": False,
            "number": None,
            "roman": "",
            "start_year": None,
            "end_year": None,
            "years": "",
            "label": "",
            "congress": "",
            "next_years": "",
            "next_targets": [],
        }
    years = f"{term.start_on.year} - {term.end_on.year}"
    # The end-of-term report proposes the next term's targets: those already recorded on the
    # unit's next Term (the one running the day after this one ends), as goals.
    following = running_term(unit.id, term.end_on + timedelta(days=1))
    upcoming = term_targets(following) if following is not None else []
    if unit.kind in (UnitKind.BRANCH, UnitKind.GROUP):
        body = f"Đại hội {unit.full_name}"
    else:
        body = f"Đại hội đại biểu phụ nữ {unit.level_word.lower()}"
    return {
        "found": True,
        "number": term.congress_number,
        "roman": roman(term.congress_number),
        "start_year": term.start_on.year,
        "end_year": term.end_on.year,
        "years": years,
        "label": f"nhiệm kỳ {years}",
        "congress": f"{body} lần thứ {roman(term.congress_number)}, nhiệm kỳ {years}",
        "next_years": (
            f"{following.start_on.year} - {following.end_on.year}" if following is not None else ""
        ),
        "next_targets": [
            {
                "short_name": t.short_name,
                "label": t.label,
                "goal": Progress(
                    t, _find(t.indicator_code), None, Evaluation(None, UNKNOWN), 0
                ).goal_text,
            }
            for t in upcoming
        ],
    }


def report_year_targets(unit_id: int, period: Period) -> dict[str, object]:
    """For the annual report: the plan of the period's year with its progress (``rows``,
    ``summary``, ``year``), and next year's plan as goals (``next_rows``, ``next_year``) —
    from the unit's terms running in each year."""
    year = period.at.year
    term = running_term(unit_id, period.at)
    progress = year_progress(term, year, period.at) if term is not None else []
    following = running_term(unit_id, date(year + 1, 1, 1))
    upcoming = term_targets(following, year + 1) if following is not None else []
    return {
        "year": year,
        "rows": progress_rows(progress),
        "summary": summary_line(progress),
        "next_year": year + 1,
        "next_rows": [
            {
                "position": t.position,
                "short_name": t.short_name,
                "label": t.label,
                "indicator": t.indicator_code or "",
                "goal": Progress(
                    t, _find(t.indicator_code), None, Evaluation(None, UNKNOWN), 0
                ).goal_text,
            }
            for t in upcoming
        ],
    }


def progress_rows(progress: list[Progress]) -> list[dict[str, object]]:
    """Targets' progress as the rows a report prints."""
    return [
        {
            "position": p.target.position,
            "short_name": p.target.short_name,
            "label": p.target.label,
            "indicator": p.target.indicator_code or "",
            "goal": p.goal_text,
            "value": p.value_text,
            "achieved": p.achieved_text,
            "achieved_ratio": p.evaluation.achieved,
            "status": p.status_label,
            "verdict": p.verdict,
            "met": p.met,
            "at_risk": p.at_risk,
        }
        for p in progress
    ]


def targets_summary(unit_id: int, period: Period) -> str:
    """The report's targets line for the unit's running term as of the period's end."""
    return report_targets(unit_id, period)[1]


def targets_rows(unit_id: int, period: Period) -> list[dict[str, object]]:
    """The unit's running term's targets as of the period's end, as rows a report prints."""
    return report_targets(unit_id, period)[0]


@indicator_group(
    "targets",
    [
        Indicator("targets.total", "Số chỉ tiêu Nghị quyết của nhiệm kỳ", "chỉ tiêu"),
        Indicator("targets.reached", "Số chỉ tiêu đạt và vượt", "chỉ tiêu"),
        Indicator("targets.exceeded", "Số chỉ tiêu vượt", "chỉ tiêu"),
        Indicator("targets.not_reached", "Số chỉ tiêu chưa đạt", "chỉ tiêu"),
        Indicator(
            "targets.at_risk",
            "Số chỉ tiêu có nguy cơ không đạt (tiến độ chậm hơn thời gian đã qua)",
            "chỉ tiêu",
        ),
    ],
)
def _targets(scope: Scope) -> Mapping[str, Value]:
    term = running_term(scope.unit_id, scope.period.at)
    if term is None:
        return {}
    progress = term_progress(term, scope.period.at)
    return {
        "targets.total": len(progress),
        "targets.reached": sum(p.met for p in progress),
        "targets.exceeded": sum(p.status == EXCEEDED for p in progress),
        "targets.not_reached": sum(p.status == NOT_REACHED for p in progress),
        "targets.at_risk": sum(p.at_risk for p in progress),
    }
