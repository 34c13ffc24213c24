"""Factories of the activities area: saved rows with sensible defaults."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from webapp.activities.services.lookups import ensure_defaults
from webapp.extensions import db
from webapp.models.activities import (
    CAMPAIGN_CRITERIA,
    Activity,
    ActivityKind,
    ActivityOutput,
    ActivityTag,
    Club,
    ClubKind,
    HouseholdAssessment,
    ManualStatistic,
    MediationCase,
    MediationKind,
    MediationOutcome,
    OutputUnit,
    Rating,
    StatisticValue,
    UnitRating,
)
from webapp.models.base import utcnow
from webapp.models.targets import Counting, GoalKind, Target, Term
from webapp.text import search_key


def _by_code(model, code: str):
    ensure_defaults()
    db.session.commit()  # never leave a write open: the clients use connections of their own
    item = db.session.scalar(select(model).where(model.code == code))
    assert item is not None, code
    return item


def kind(code: str) -> ActivityKind:
    return _by_code(ActivityKind, code)


def tag(code: str) -> ActivityTag:
    return _by_code(ActivityTag, code)


def output_unit(code: str) -> OutputUnit:
    return _by_code(OutputUnit, code)


def _save(record, trashed: bool = False):
    db.session.add(record)
    if trashed:
        record.deleted_at = utcnow()
    db.session.commit()
    return record


def make_activity(
    unit,
    held_on: date = date(2022, 5, 5),
    kind_code: str = "propaganda",
    topic: str = "Tuyên truyền pháp luật",
    sessions: int = 1,
    participants: int = 0,
    tags: tuple[str, ...] = (),
    outputs: dict[str, int] | None = None,
    trashed: bool = False,
    **fields,
) -> Activity:
    activity = Activity(
        unit_id=unit.id,
        held_on=held_on,
        kind=kind(kind_code),
        topic=topic,
        search_key=search_key(topic),
        sessions=sessions,
        participants=participants,
        tags=[tag(t) for t in tags],
        outputs=[
            ActivityOutput(output_unit=output_unit(code), quantity=q)
            for code, q in (outputs or {}).items()
        ],
        **fields,
    )
    return _save(activity, trashed)


def make_club(
    unit,
    name: str = "CLB dân vũ",
    kind_: ClubKind = ClubKind.DANCE,
    members: int = 30,
    founded_on: date | None = date(2021, 3, 8),
    dissolved_on: date | None = None,
    trashed: bool = False,
) -> Club:
    club = Club(
        unit_id=unit.id,
        name=name,
        search_key=search_key(name),
        kind=kind_,
        members_count=members,
        founded_on=founded_on,
        dissolved_on=dissolved_on,
    )
    return _save(club, trashed)


def make_mediation(
    unit,
    held_on: date = date(2022, 5, 5),
    kind_: MediationKind = MediationKind.NEIGHBOURHOOD,
    outcome: MediationOutcome = MediationOutcome.RESOLVED,
    trashed: bool = False,
) -> MediationCase:
    return _save(
        MediationCase(unit_id=unit.id, held_on=held_on, kind=kind_, outcome=outcome), trashed
    )


def make_household(
    unit, household: str, year: int, missing: tuple[str, ...] = (), trashed: bool = False
) -> HouseholdAssessment:
    met = {key: key not in missing for key, _ in CAMPAIGN_CRITERIA}
    record = HouseholdAssessment(
        unit_id=unit.id, year=year, household=household, search_key=search_key(household), **met
    )
    return _save(record, trashed)


def make_rating(unit, year: int, rating: Rating = Rating.EXCELLENT) -> UnitRating:
    return _save(UnitRating(unit_id=unit.id, year=year, rating=rating))


def make_statistic(
    code: str = "poverty_rate",
    label: str = "Tỷ lệ hộ nghèo",
    kind_: str = "percent",
    decimals: int = 2,
    combine: str = "own",
) -> ManualStatistic:
    stat = ManualStatistic(
        code=code, label=label, kind=kind_, decimals=decimals, combine=combine, measure=""
    )
    db.session.add(stat)
    db.session.commit()
    return stat


def make_value(stat, unit, valid_from: date, value: str, trashed: bool = False) -> StatisticValue:
    record = StatisticValue(
        statistic_id=stat.id, unit_id=unit.id, valid_from=valid_from, value=Decimal(value)
    )
    return _save(record, trashed)


def make_term(
    unit, start_on: date = date(2021, 1, 1), end_on: date = date(2026, 12, 31), number: int = 26
) -> Term:
    return _save(Term(unit_id=unit.id, congress_number=number, start_on=start_on, end_on=end_on))


def make_target(
    term: Term,
    short_name: str,
    goal: str,
    indicator_code: str | None = None,
    manual_value: str | None = None,
    goal_kind: GoalKind = GoalKind.AT_LEAST,
    goal_high: str | None = None,
    counting: Counting = Counting.TERM,
    position: int = 1,
) -> Target:
    target = Target(
        term_id=term.id,
        unit_id=term.unit_id,
        position=position,
        label=f"Chỉ tiêu: {short_name}",
        short_name=short_name,
        indicator_code=indicator_code,
        manual_value=Decimal(manual_value) if manual_value is not None else None,
        goal_kind=goal_kind,
        goal=Decimal(goal),
        goal_high=Decimal(goal_high) if goal_high is not None else None,
        counting=counting,
    )
    return _save(target)
