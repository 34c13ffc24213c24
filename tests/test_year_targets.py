"""Yearly plans inside a term, terms that never overlap, clear "at most" wording, and the term's
words in reports taken from the Term record."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.activities.factories import make_activity, make_club, make_target, make_term
from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.documents.context import ReportRequest, build_context
from webapp.documents.defaults import default_title
from webapp.extensions import db
from webapp.indicators import Period, compute, find
from webapp.indicators.targets import (
    NOT_REACHED,
    REACHED,
    Progress,
    evaluate,
    term_progress,
    year_progress,
)
from webapp.models.reports import ReportKind
from webapp.models.targets import Counting, GoalKind, Target, Term


def _yearly(term: Term, year: int, short_name: str, goal: str, code: str, **kw) -> Target:
    target = make_target(term, short_name, goal, code, **kw)
    target.year = year
    db.session.commit()
    return target


@pytest.fixture()
def plans(world):
    """Term XXVI of commune A, one term target and the plans of 2022 and 2023."""
    term = make_term(world.commune_a, date(2021, 1, 1), date(2026, 12, 31))
    make_target(term, "Tập huấn cả nhiệm kỳ", "10", "activities.training_sessions")
    _yearly(term, 2022, "Tập huấn năm 2022", "3", "activities.training_sessions", position=1)
    _yearly(
        term,
        2022,
        "CLB mới năm 2022",
        "1",
        "clubs.dance_count",
        counting=Counting.BASELINE,
        position=2,
    )
    _yearly(term, 2023, "Tập huấn năm 2023", "4", "activities.training_sessions")
    # Training sessions: 4 in 2021, 2 in 2022, 5 in 2023.
    for held_on, sessions in ((date(2021, 3, 1), 4), (date(2022, 6, 1), 2), (date(2023, 2, 1), 5)):
        make_activity(world.commune_a, held_on, "training", sessions=sessions)
    make_club(world.branch_a1, "CLB 2021", founded_on=date(2021, 3, 8))
    make_club(world.branch_a1, "CLB 2022", founded_on=date(2022, 4, 8))
    return term


def test_a_years_plan_counts_that_year_only(plans):
    progress = {p.target.short_name: p for p in year_progress(plans, 2022, date(2023, 10, 20))}
    assert set(progress) == {"Tập huấn năm 2022", "CLB mới năm 2022"}
    training = progress["Tập huấn năm 2022"]
    assert (training.value, training.status, training.verdict) == (
        2,
        NOT_REACHED,
        "Chưa đạt (66,7%)",
    )
    # Growth since the year's first day: one club founded in 2022 (the 2021 one is the base).
    clubs = progress["CLB mới năm 2022"]
    assert (clubs.value, clubs.status) == (1, REACHED)
    # Half-way through 2023, only 2023's sessions count for 2023's plan.
    (this_year,) = year_progress(plans, 2023, date(2023, 6, 30))
    assert (this_year.value, this_year.verdict) == (5, "Vượt 125%")


def test_the_terms_own_targets_leave_the_yearly_plans_out(plans, world):
    (whole,) = term_progress(plans, date(2023, 10, 20))
    assert (whole.target.short_name, whole.value) == ("Tập huấn cả nhiệm kỳ", 11)
    values = compute(world.commune_a.id, Period(date(2021, 1, 1), date(2023, 10, 20))).raw
    assert values["targets.total"] == 1


def test_the_annual_report_can_print_the_years_plan_and_next_years(plans, world):
    req = ReportRequest(
        unit_id=world.commune_a.id,
        kind_label="Báo cáo năm",
        period=Period(date(2022, 1, 1), date(2022, 12, 31)),
    )
    context, _raw = build_context(req)
    rows = context["year_targets"]
    assert [r["short_name"] for r in rows] == ["Tập huấn năm 2022", "CLB mới năm 2022"]
    assert rows[0]["value"] == "2" and rows[0]["verdict"] == "Chưa đạt (66,7%)"
    assert context["year_targets_summary"].startswith("1/2 chỉ tiêu đạt và vượt")
    assert [(r["short_name"], r["goal"]) for r in context["next_year_targets"]] == [
        ("Tập huấn năm 2023", "≥ 4")
    ]


def test_staff_adds_a_target_to_a_years_plan_and_sees_it_on_the_page(app, world, plans):
    staff = client_for(app, world.staff_a, PASSWORD)
    form = {
        "year": "2024",
        "label": "Kết nạp 70 hội viên mới năm 2024",
        "short_name": "Kết nạp năm 2024",
        "position": "",
        "indicator_code": "activities.training_sessions",
        "manual_value": "",
        "goal_kind": "at_least",
        "goal": "70",
        "goal_high": "",
        "counting": "term",
    }
    outside = staff.post_form(f"/activities/targets/terms/{plans.id}/new", {**form, "year": "2030"})
    assert outside.status_code == 422
    assert "Năm phải nằm trong nhiệm kỳ (2021 – 2026)." in outside.get_data(as_text=True)
    saved = staff.post_form(f"/activities/targets/terms/{plans.id}/new", form)
    assert saved.status_code == 302 and "year=2024" in saved.location
    target = db.session.scalar(db.select(Target).filter_by(short_name="Kết nạp năm 2024"))
    assert target.year == 2024 and target.position == 1

    page = staff.get(f"/activities/targets/?term={plans.id}&at=2023-10-20&year=2022")
    text = page.get_data(as_text=True)
    assert "Kế hoạch năm 2022" in text
    assert "Tập huấn năm 2022" in text and "Chưa đạt (66,7%)" in text
    assert f'id="target-{target.id}"' not in text  # 2024's plan is not 2022's
    # The term's own table still lists only its own target.
    assert "Tập huấn cả nhiệm kỳ" in text and "1/1 chỉ tiêu đạt và vượt" in text


def _term_form(start: str, end: str, unit_id: int, number: str = "27") -> dict:
    return {"unit_id": str(unit_id), "congress_number": number, "start_on": start, "end_on": end}


def test_an_overlapping_term_of_the_same_unit_is_refused_next_to_the_date(app, world, plans):
    staff = client_for(app, world.staff_a, PASSWORD)
    refused = staff.post_form(
        "/activities/targets/terms/new", _term_form("2026-01-01", "2031-12-31", world.commune_a.id)
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert (
        "Thời gian này trùng với Nhiệm kỳ 2021–2026 (Đại hội lần thứ XXVI) của cùng đơn vị "
        "(01/01/2021 – 31/12/2026)."
    ) in page
    assert 'value="2026-01-01"' in page or "01/01/2026" in page  # what was typed is kept
    assert db.session.scalar(db.select(db.func.count(Term.id))) == 1
    # The same congress number twice is refused too, even without overlapping dates.
    twice = staff.post_form(
        "/activities/targets/terms/new",
        _term_form("2027-01-01", "2031-12-31", world.commune_a.id, "26"),
    )
    assert "Đơn vị đã có nhiệm kỳ của Đại hội lần thứ XXVI." in twice.get_data(as_text=True)
    # The next term, a day after, is accepted.
    assert (
        staff.post_form(
            "/activities/targets/terms/new",
            _term_form("2027-01-01", "2031-12-31", world.commune_a.id),
        ).status_code
        == 302
    )
    # Editing a term does not clash with itself.
    edited = staff.post_form(
        f"/activities/targets/terms/{plans.id}/edit",
        {
            **_term_form("2021-01-01", "2026-12-30", world.commune_a.id, "26"),
            "version": str(plans.version),
        },
    )
    assert edited.status_code == 302, edited.get_data(as_text=True)


def test_an_unmet_at_most_goal_says_the_value_and_the_ceiling():
    indicator = find("loans.overdue_ratio")
    target = Target(goal_kind=GoalKind.AT_MOST, goal=Decimal("0.9"), short_name="Nợ quá hạn")
    value = 0.9481
    progress = Progress(
        target, indicator, value, evaluate(value, GoalKind.AT_MOST, target.goal), 0.5
    )
    assert progress.verdict == "Chưa đạt: 94,81% (mục tiêu tối đa 90%)"
    met = Progress(target, indicator, 0.5, evaluate(0.5, GoalKind.AT_MOST, target.goal), 0.5)
    assert met.verdict == "Đạt 100%"


def test_reports_take_the_term_from_its_record(app, world):
    make_term(world.commune_a, date(2025, 10, 1), date(2030, 9, 30), number=1)
    # A mid-term period that starts in 2026: "+5" would have said 2026 - 2031.
    period = Period(date(2026, 1, 1), date(2027, 12, 31))
    req = ReportRequest(unit_id=world.commune_a.id, kind_label="Báo cáo", period=period)
    context, _raw = build_context(req)
    term = context["term"]
    assert term["congress"] == "Đại hội đại biểu phụ nữ xã lần thứ I, nhiệm kỳ 2025 - 2030"
    assert (term["years"], term["roman"], term["number"]) == ("2025 - 2030", "I", 1)
    title = default_title(ReportKind.MID_TERM, period, world.commune_a.id)
    assert title.endswith("nửa nhiệm kỳ 2025 - 2030")
    # Without a term record, no years are guessed.
    other = ReportRequest(unit_id=world.commune_b.id, kind_label="Báo cáo", period=period)
    assert build_context(other)[0]["term"]["congress"] == ""
    assert default_title(ReportKind.END_TERM, period, world.commune_b.id).endswith("nhiệm kỳ")
