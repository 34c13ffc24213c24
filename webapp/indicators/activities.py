"""Indicators of the activities area (see webapp/indicators/registry.py).

Registered in code: the activity log (``activities.*``, plus ``clubs.exchanges``), clubs,
mediation, the "5 có 3 sạch" campaign and unit ratings. Defined by data (admins add entries):
``outputs.<code>`` for every output unit (trees, stoves, LED bulbs, fertiliser…),
``activities.kind.<code>.sessions|participants`` per activity kind,
``activities.tag.<code>.sessions|participants`` per tag, and ``stats.<code>`` /
``stats.<code>_start`` for every manual statistic.

Reach figures (branches, members, cadres reached) are the widest reach recorded by any activity
of the period.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Float, and_, case, cast, func, literal, or_, select, union_all
from sqlalchemy.sql import ColumnElement

from webapp.extensions import db
from webapp.indicators.registry import (
    Indicator,
    Scope,
    Value,
    indicator_group,
    indicator_source,
    ratio,
)
from webapp.models import Unit, UnitKind
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
    activity_tags,
)

# --- helpers ---------------------------------------------------------------------------------


def _sum(expr: Any, when: ColumnElement[bool] | None = None) -> ColumnElement[Any]:
    """SUM(expr) over the rows where ``when`` holds; 0 (not NULL) when there are none."""
    value = expr if when is None else case((when, expr), else_=0)
    return func.coalesce(func.sum(value), 0)


def _int(value: Any) -> int | None:
    # PostgreSQL sums integers as bigint/numeric (Decimal): counts are plain ints everywhere.
    return None if value is None else int(value)


def _tagged(code: str) -> ColumnElement[bool]:
    """The activity carries the tag ``code``."""
    return Activity.id.in_(
        select(activity_tags.c.activity_id)
        .join(ActivityTag, ActivityTag.id == activity_tags.c.tag_id)
        .where(ActivityTag.code == code)
    )


def _activities_in(scope: Scope) -> list[ColumnElement[bool]]:
    return [
        scope.includes(Activity.unit_id),
        Activity.held_on.between(scope.period.start, scope.period.end),
        scope.on(Activity.unit_id, Activity.held_on),  # under its unit's tree on that day
        Activity.deleted_at.is_(None),
    ]


def _row(columns: dict[str, ColumnElement[Any]], stmt_tail) -> dict[str, Any]:
    """Run one SELECT of the labelled ``columns`` (``stmt_tail`` adds FROM/WHERE)."""
    labelled = [col.label(f"c{i}") for i, col in enumerate(columns.values())]
    row = db.session.execute(stmt_tail(select(*labelled))).one()
    return dict(zip(columns, row, strict=True))


# --- the activity log ------------------------------------------------------------------------

_KIND = ActivityKind.code
_COUNTS = {
    "activities.count": ("Số hoạt động", "hoạt động"),
    "activities.sessions": ("Số buổi hoạt động", "buổi"),
    "activities.participants": ("Lượt người tham gia các hoạt động", "lượt"),
    "activities.propaganda_sessions": ("Số buổi tuyên truyền, truyền thông", "buổi"),
    "activities.propaganda_participants": ("Lượt người dự tuyên truyền, truyền thông", "lượt"),
    "activities.topic_study_sessions": ("Số buổi học tập chuyên đề", "buổi"),
    "activities.training_sessions": ("Số buổi tập huấn, chuyển giao KHKT", "buổi"),
    "activities.training_participants": ("Lượt người dự tập huấn, chuyển giao KHKT", "lượt"),
    "activities.job_counselling_sessions": ("Số buổi tư vấn, giới thiệu việc làm", "buổi"),
    "activities.job_counselling_participants": (
        "Lượt người dự tư vấn, giới thiệu việc làm",
        "lượt",
    ),
    "activities.conferences": ("Số hội nghị", "hội nghị"),
    "activities.insurance_conferences": (
        "Số hội nghị tuyên truyền chính sách BHYT hộ gia đình, BHXH tự nguyện",
        "hội nghị",
    ),
    "activities.population_sessions": ("Số buổi tuyên truyền dân số – KHHGĐ", "buổi"),
    "activities.cleanup_sessions": ("Số buổi ra quân vệ sinh môi trường", "buổi"),
    "activities.cleanup_participants": ("Lượt người tham gia vệ sinh môi trường", "lượt"),
    "activities.dialogue_count": ("Số hội nghị đối thoại với lãnh đạo", "hội nghị"),
    "activities.contests": ("Số hội thi, cuộc thi", "cuộc"),
    "activities.distributions": ("Số đợt cấp phát, trao tặng", "đợt"),
    "clubs.exchanges": ("Số lượt giao lưu câu lạc bộ", "lượt"),
}
_REACH = {
    "activities.reach_branches": ("Tỷ lệ chi hội được triển khai (rộng nhất trong kỳ)", "percent"),
    "activities.reach_members": ("Tỷ lệ hội viên được quán triệt (rộng nhất trong kỳ)", "percent"),
    "activities.reach_cadres": ("Số cán bộ tham gia (rộng nhất trong kỳ)", "count"),
    "activities.reach_cadres_total": ("Tổng số cán bộ (BCH, chi hội trưởng, chi hội phó)", "count"),
    "activities.reach_cadres_ratio": ("Tỷ lệ cán bộ tham gia (rộng nhất trong kỳ)", "percent"),
}


def _ratio_column(part: Any, whole: Any) -> ColumnElement[Any]:
    return func.max(case((whole > 0, cast(part, Float) / whole)))


@indicator_group(
    "activities",
    [Indicator(code, label, unit, "count") for code, (label, unit) in _COUNTS.items()]
    + [Indicator(code, label, "", kind) for code, (label, kind) in _REACH.items()],
)
def _activities(scope: Scope) -> Mapping[str, Value]:
    s, p = Activity.sessions, Activity.participants
    columns: dict[str, ColumnElement[Any]] = {
        "activities.count": func.count(Activity.id),
        "activities.sessions": _sum(s),
        "activities.participants": _sum(p),
        "activities.propaganda_sessions": _sum(s, _KIND == "propaganda"),
        "activities.propaganda_participants": _sum(p, _KIND == "propaganda"),
        "activities.topic_study_sessions": _sum(s, _KIND == "topic_study"),
        "activities.training_sessions": _sum(s, _KIND == "training"),
        "activities.training_participants": _sum(p, _KIND == "training"),
        "activities.job_counselling_sessions": _sum(s, _KIND == "job_counselling"),
        "activities.job_counselling_participants": _sum(p, _KIND == "job_counselling"),
        "activities.conferences": _sum(s, _KIND == "conference"),
        "activities.insurance_conferences": _sum(
            s, and_(_KIND == "conference", _tagged("insurance"))
        ),
        "activities.population_sessions": _sum(s, _tagged("population")),
        "activities.cleanup_sessions": _sum(s, _KIND == "cleanup"),
        "activities.cleanup_participants": _sum(p, _KIND == "cleanup"),
        "activities.dialogue_count": _sum(s, _KIND == "dialogue"),
        "activities.contests": _sum(s, _KIND == "contest"),
        "activities.distributions": _sum(s, _KIND == "distribution"),
        "clubs.exchanges": _sum(s, _KIND == "club_exchange"),
        "activities.reach_branches": _ratio_column(
            Activity.reach_branches, Activity.reach_branches_total
        ),
        "activities.reach_members": func.max(Activity.reach_members_percent),
        "activities.reach_cadres": func.max(Activity.reach_cadres),
        "activities.reach_cadres_total": func.max(Activity.reach_cadres_total),
        "activities.reach_cadres_ratio": _ratio_column(
            Activity.reach_cadres, Activity.reach_cadres_total
        ),
    }
    values = _row(
        columns,
        lambda stmt: (
            stmt.select_from(Activity)
            .join(ActivityKind, ActivityKind.id == Activity.kind_id)
            .where(*_activities_in(scope))
        ),
    )
    result: dict[str, Value] = {code: _int(values[code]) for code in _COUNTS}
    result["activities.reach_cadres"] = _int(values["activities.reach_cadres"])
    result["activities.reach_cadres_total"] = _int(values["activities.reach_cadres_total"])
    for code in ("activities.reach_branches", "activities.reach_cadres_ratio"):
        result[code] = None if values[code] is None else float(values[code])
    members = values["activities.reach_members"]
    result["activities.reach_members"] = None if members is None else members / 100
    return result


def activity_counts(scope: Scope, periods: list[tuple[date, date]]) -> list[int]:
    """``activities.count`` within each of ``periods`` (inside ``scope.period``), in one query
    (the dashboard's chart): the rows of :func:`_activities`, one filtered count per period."""
    columns = [
        func.count(Activity.id).filter(Activity.held_on.between(start, end)).label(f"c{i}")
        for i, (start, end) in enumerate(periods)
    ]
    row = db.session.execute(
        select(*columns)
        .select_from(Activity)
        .join(ActivityKind, ActivityKind.id == Activity.kind_id)
        .where(*_activities_in(scope))
    ).one()
    return [int(v) for v in row]


@indicator_group(
    "activities",
    [Indicator("activities.dialogue_opinions", "Số ý kiến nêu tại hội nghị đối thoại", "ý kiến")],
)
def _dialogue(scope: Scope) -> Mapping[str, Value]:
    total = db.session.scalar(
        select(_sum(ActivityOutput.quantity))
        .select_from(ActivityOutput)
        .join(Activity, Activity.id == ActivityOutput.activity_id)
        .join(ActivityKind, ActivityKind.id == Activity.kind_id)
        .join(OutputUnit, OutputUnit.id == ActivityOutput.output_unit_id)
        .where(*_activities_in(scope), _KIND == "dialogue", OutputUnit.code == "opinions")
    )
    return {"activities.dialogue_opinions": _int(total)}


# --- data-defined: outputs, per kind, per tag ------------------------------------------------


def _define_outputs() -> list[Indicator]:
    rows = db.session.execute(
        select(OutputUnit.code, OutputUnit.name, OutputUnit.measure).order_by(
            OutputUnit.sort_order, OutputUnit.code
        )
    )
    return [Indicator(f"outputs.{code}", name, measure, "count") for code, name, measure in rows]


@indicator_source("activities", "outputs.", _define_outputs)
def _outputs(scope: Scope, indicators: Sequence[Indicator]) -> Mapping[str, Value]:
    rows = db.session.execute(
        select(OutputUnit.code, func.sum(ActivityOutput.quantity))
        .select_from(ActivityOutput)
        .join(Activity, Activity.id == ActivityOutput.activity_id)
        .join(OutputUnit, OutputUnit.id == ActivityOutput.output_unit_id)
        .where(*_activities_in(scope))
        .group_by(OutputUnit.code)
    )
    sums = {f"outputs.{code}": int(total) for code, total in rows}
    return {ind.code: sums.get(ind.code, 0) for ind in indicators}


def _define_by(model, prefix: str, what: str):
    def define() -> list[Indicator]:
        rows = db.session.execute(
            select(model.code, model.name).order_by(model.sort_order, model.code)
        )
        found = []
        for code, name in rows:
            found.append(Indicator(f"{prefix}{code}.sessions", f"Số buổi – {what} {name}", "buổi"))
            found.append(
                Indicator(f"{prefix}{code}.participants", f"Lượt người – {what} {name}", "lượt")
            )
        return found

    return define


@indicator_source(
    "activities", "activities.kind.", _define_by(ActivityKind, "activities.kind.", "loại")
)
def _by_kind(scope: Scope, indicators: Sequence[Indicator]) -> Mapping[str, Value]:
    rows = db.session.execute(
        select(ActivityKind.code, _sum(Activity.sessions), _sum(Activity.participants))
        .select_from(Activity)
        .join(ActivityKind, ActivityKind.id == Activity.kind_id)
        .where(*_activities_in(scope))
        .group_by(ActivityKind.code)
    )
    return _spread(rows, "activities.kind.", indicators)


@indicator_source(
    "activities", "activities.tag.", _define_by(ActivityTag, "activities.tag.", "thẻ")
)
def _by_tag(scope: Scope, indicators: Sequence[Indicator]) -> Mapping[str, Value]:
    rows = db.session.execute(
        select(ActivityTag.code, _sum(Activity.sessions), _sum(Activity.participants))
        .select_from(Activity)
        .join(activity_tags, activity_tags.c.activity_id == Activity.id)
        .join(ActivityTag, ActivityTag.id == activity_tags.c.tag_id)
        .where(*_activities_in(scope))
        .group_by(ActivityTag.code)
    )
    return _spread(rows, "activities.tag.", indicators)


def _spread(rows, prefix: str, indicators: Sequence[Indicator]) -> dict[str, Value]:
    found: dict[str, int] = {}
    for code, sessions, participants in rows:
        found[f"{prefix}{code}.sessions"] = int(sessions)
        found[f"{prefix}{code}.participants"] = int(participants)
    return {ind.code: found.get(ind.code, 0) for ind in indicators}


# --- clubs, mediation, campaign, ratings -----------------------------------------------------


@indicator_group(
    "clubs",
    [
        Indicator("clubs.count", "Số câu lạc bộ, tổ nhóm đang hoạt động", "CLB"),
        Indicator("clubs.members", "Số thành viên các câu lạc bộ, tổ nhóm", "thành viên"),
        Indicator("clubs.dance_count", "Số CLB dân vũ", "CLB"),
        Indicator("clubs.dance_members", "Số thành viên CLB dân vũ", "thành viên"),
        Indicator("clubs.trusted_addresses", "Số địa chỉ tin cậy", "địa chỉ"),
        Indicator("clubs.founded", "Số câu lạc bộ, tổ nhóm ra mắt trong kỳ", "CLB"),
    ],
)
def _clubs(scope: Scope) -> Mapping[str, Value]:
    at, period = scope.period.at, scope.period
    active = and_(
        or_(Club.founded_on.is_(None), Club.founded_on <= at),
        or_(Club.dissolved_on.is_(None), Club.dissolved_on > at),
        scope.on(Club.unit_id, at),
    )
    dance = and_(active, Club.kind == ClubKind.DANCE)
    columns = {
        "clubs.count": _sum(1, active),
        "clubs.members": _sum(Club.members_count, active),
        "clubs.dance_count": _sum(1, dance),
        "clubs.dance_members": _sum(Club.members_count, dance),
        "clubs.trusted_addresses": _sum(1, and_(active, Club.kind == ClubKind.TRUSTED_ADDRESS)),
        "clubs.founded": _sum(
            1,
            and_(
                Club.founded_on.between(period.start, period.end),
                scope.on(Club.unit_id, Club.founded_on),
            ),
        ),
    }
    values = _row(
        columns,
        lambda stmt: stmt.select_from(Club).where(
            scope.includes(Club.unit_id), Club.deleted_at.is_(None)
        ),
    )
    return {code: _int(v) for code, v in values.items()}


@indicator_group(
    "mediation",
    [
        Indicator("mediation.cases", "Số vụ việc tham gia hoà giải", "vụ"),
        Indicator("mediation.resolved", "Số vụ hoà giải thành", "vụ"),
        Indicator("mediation.resolved_ratio", "Tỷ lệ hoà giải thành", "", "percent"),
        Indicator("mediation.neighbourhood", "Số vụ mâu thuẫn xóm làng", "vụ"),
        Indicator("mediation.land", "Số vụ tranh chấp đất đai", "vụ"),
        Indicator("mediation.family", "Số vụ hôn nhân và gia đình", "vụ"),
    ],
)
def _mediation(scope: Scope) -> Mapping[str, Value]:
    m = MediationCase
    columns = {
        "mediation.cases": func.count(m.id),
        "mediation.resolved": _sum(1, m.outcome == MediationOutcome.RESOLVED),
        "mediation.neighbourhood": _sum(1, m.kind == MediationKind.NEIGHBOURHOOD),
        "mediation.land": _sum(1, m.kind == MediationKind.LAND),
        "mediation.family": _sum(1, m.kind == MediationKind.FAMILY),
    }
    values = _row(
        columns,
        lambda stmt: stmt.select_from(m).where(
            scope.includes(m.unit_id),
            m.held_on.between(scope.period.start, scope.period.end),
            scope.on(m.unit_id, m.held_on),
            m.deleted_at.is_(None),
        ),
    )
    result: dict[str, Value] = {code: _int(v) for code, v in values.items()}
    result["mediation.resolved_ratio"] = ratio(
        result["mediation.resolved"], result["mediation.cases"]
    )
    return result


@indicator_group(
    "campaign",
    [
        Indicator(
            "campaign.households_all_criteria",
            'Số hộ gia đình đạt đủ 8 tiêu chí "5 có 3 sạch"',
            "hộ",
        ),
        Indicator("campaign.households_assessed", 'Số hộ được đánh giá "5 có 3 sạch"', "hộ"),
        Indicator(
            "campaign.branches_active",
            'Số chi hội có hoạt động của Cuộc vận động "5 có 3 sạch" trong kỳ',
            "chi hội",
        ),
    ],
)
def _campaign(scope: Scope) -> Mapping[str, Value]:
    h = HouseholdAssessment
    base = [
        scope.includes(h.unit_id),
        h.year.between(scope.period.start.year, scope.period.end.year),
        # Assessments have a year, not a day: counted under the tree of the as-of date.
        scope.on(h.unit_id, scope.period.at),
        h.deleted_at.is_(None),
    ]
    all_met = and_(*(getattr(h, key).is_(True) for key, _ in CAMPAIGN_CRITERIA))

    def households(*where) -> Any:
        # A household assessed in several years counts once.
        distinct = select(h.unit_id, h.search_key).where(*base, *where).distinct().subquery()
        return select(func.count()).select_from(distinct).scalar_subquery()

    # "Chỉ đạo N chi hội triển khai": a branch counts once it held at least one activity
    # tagged with the campaign in the period (a claim the records back, not the branch total).
    branches = (
        select(func.count(func.distinct(Activity.unit_id)))
        .select_from(Activity)
        .join(Unit, Unit.id == Activity.unit_id)
        .where(*_activities_in(scope), Unit.kind == UnitKind.BRANCH, _tagged("campaign_5c3s"))
        .scalar_subquery()
    )
    met, assessed, active = db.session.execute(
        select(households(all_met), households(), branches)
    ).one()
    return {
        "campaign.households_all_criteria": met,
        "campaign.households_assessed": assessed,
        "campaign.branches_active": int(active or 0),
    }


@indicator_group(
    "ratings",
    [
        Indicator(
            "ratings.branches_excellent",
            "Số chi hội hoàn thành xuất sắc nhiệm vụ (năm xếp loại gần nhất trong kỳ)",
            "chi hội",
        ),
        Indicator("ratings.branches_total", "Tổng số chi hội", "chi hội"),
        Indicator(
            "ratings.branches_excellent_ratio",
            "Tỷ lệ chi hội hoàn thành xuất sắc nhiệm vụ",
            "",
            "percent",
        ),
        Indicator(
            "ratings.commune_excellent_years",
            "Số năm Hội LHPN (đơn vị báo cáo) hoàn thành xuất sắc nhiệm vụ trong kỳ",
            "năm",
        ),
        Indicator(
            "ratings.commune_excellent_streak",
            "Số năm liền Hội LHPN (đơn vị báo cáo) hoàn thành xuất sắc nhiệm vụ, tính đến năm "
            "xếp loại gần nhất trong kỳ",
            "năm",
        ),
    ],
)
def _ratings(scope: Scope) -> Mapping[str, Value]:
    r, period = UnitRating, scope.period
    # The branches as the tree was at the as-of date (a branch moved away is not counted).
    branches = select(Unit.id).where(
        scope.includes(Unit.id),
        Unit.kind == UnitKind.BRANCH,
        scope.on(Unit.id, period.at),
    )
    in_years = and_(r.year.between(period.start.year, period.end.year), r.deleted_at.is_(None))
    latest_year = (
        select(func.max(r.year)).where(r.unit_id.in_(branches), in_years).scalar_subquery()
    )
    excellent = (
        select(func.count(func.distinct(r.unit_id)))
        .where(
            r.unit_id.in_(branches),
            in_years,
            r.year == latest_year,
            r.rating == Rating.EXCELLENT,
        )
        .scalar_subquery()
    )
    total = (
        select(func.count(Unit.id))
        .where(
            Unit.id.in_(branches),
            or_(Unit.retired_on.is_(None), Unit.retired_on > period.at),
        )
        .scalar_subquery()
    )
    own_years = (
        select(func.count(func.distinct(r.year)))
        .where(r.unit_id == scope.unit_id, in_years, r.rating == Rating.EXCELLENT)
        .scalar_subquery()
    )
    excellent_n, total_n, years_n = db.session.execute(select(excellent, total, own_years)).one()
    # "N năm liền": the run of excellent years ending at the unit's latest rating in the period
    # (a year rated lower, or not rated, breaks it).
    own = dict(
        db.session.execute(
            select(r.year, r.rating).where(r.unit_id == scope.unit_id, in_years).order_by(r.year)
        ).all()
    )
    streak = 0
    if own:
        year = max(own)
        while own.get(year) == Rating.EXCELLENT:
            streak, year = streak + 1, year - 1
    return {
        "ratings.commune_excellent_streak": streak,
        "ratings.branches_excellent": excellent_n,
        "ratings.branches_total": total_n,
        "ratings.branches_excellent_ratio": ratio(excellent_n, total_n),
        "ratings.commune_excellent_years": years_n,
    }


# --- manual statistics -----------------------------------------------------------------------

_STAT_KINDS = {"count", "number", "percent", "money"}


def _define_stats() -> list[Indicator]:
    found = []
    for stat in db.session.scalars(select(ManualStatistic).order_by(ManualStatistic.code)):
        kind = stat.kind if stat.kind in _STAT_KINDS else "number"
        decimals = stat.decimals if kind in ("number", "percent") else None
        found.append(
            Indicator(f"stats.{stat.code}", stat.label, stat.measure, kind, decimals=decimals)
        )
        found.append(
            Indicator(
                f"stats.{stat.code}_start",
                f"{stat.label} (đầu kỳ)",
                stat.measure,
                kind,
                decimals=decimals,
            )
        )
    return found


@indicator_source("statistics", "stats.", _define_stats)
def _stats(scope: Scope, indicators: Sequence[Indicator]) -> Mapping[str, Value]:
    v = StatisticValue

    def latest(on_or_before, which: str):
        # The value in force on a date: the latest entered on or before it, per unit.
        rank = func.row_number().over(
            partition_by=(v.statistic_id, v.unit_id),
            order_by=(v.valid_from.desc(), v.id.desc()),
        )
        return select(
            v.statistic_id,
            v.unit_id,
            v.value,
            literal(which).label("which"),
            rank.label("rank"),
        ).where(scope.includes(v.unit_id), v.valid_from <= on_or_before, v.deleted_at.is_(None))

    ranked = union_all(latest(scope.period.at, ""), latest(scope.period.start, "_start")).subquery()
    own = func.sum(case((ranked.c.unit_id == scope.unit_id, ranked.c.value)))
    rows = db.session.execute(
        select(
            ManualStatistic.code,
            ManualStatistic.combine,
            ranked.c.which,
            own,
            func.sum(ranked.c.value),
        )
        .join(ranked, ranked.c.statistic_id == ManualStatistic.id)
        .where(ranked.c.rank == 1)
        .group_by(ManualStatistic.code, ManualStatistic.combine, ranked.c.which)
    )
    found: dict[str, Any] = {}
    for code, combine, which, own_value, total in rows:
        found[f"stats.{code}{which}"] = total if combine == "sum" else own_value
    kinds = {ind.code: ind.kind for ind in indicators}
    return {code: _number(found.get(code), kinds[code]) for code in kinds}


def _number(value: Decimal | None, kind: str) -> Value:
    if value is None:
        return None
    if kind in ("count", "money"):
        return int(value)
    return float(value)
