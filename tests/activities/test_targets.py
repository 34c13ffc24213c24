"""Targets: progress is computed from the indicators (or a typed value), never typed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.activities.factories import make_activity, make_club, make_target, make_term
from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.activities.services.lookups import ensure_defaults
from webapp.extensions import db
from webapp.indicators import Period, compute
from webapp.indicators.targets import (
    EXCEEDED,
    NOT_REACHED,
    REACHED,
    UNKNOWN,
    evaluate,
    summary_line,
    targets_summary,
    term_progress,
)
from webapp.models.targets import Counting, GoalKind, Target

D = Decimal


@pytest.mark.parametrize(
    ("value", "kind", "goal", "high", "achieved", "status"),
    [
        (1412, GoalKind.AT_LEAST, D(1378), None, 1412 / 1378, EXCEEDED),
        (16, GoalKind.AT_LEAST, D(16), None, 1.0, REACHED),
        (130, GoalKind.AT_LEAST, D(325), None, 0.4, NOT_REACHED),
        (1, GoalKind.AT_LEAST, D(5), None, 0.2, NOT_REACHED),
        (37, GoalKind.RANGE, D(30), D(40), 37 / 30, REACHED),  # reached at the lower bound
        (30, GoalKind.RANGE, D(30), D(40), 1.0, REACHED),
        (41, GoalKind.RANGE, D(30), D(40), 41 / 30, EXCEEDED),
        (29, GoalKind.RANGE, D(30), D(40), 29 / 30, NOT_REACHED),
        (0.002, GoalKind.AT_MOST, D("0.003"), None, 1.0, REACHED),
        (0.003, GoalKind.AT_MOST, D("0.003"), None, 1.0, REACHED),
        (0.006, GoalKind.AT_MOST, D("0.003"), None, 0.5, NOT_REACHED),
        (None, GoalKind.AT_LEAST, D(5), None, None, UNKNOWN),
    ],
)
def test_evaluate(value, kind, goal, high, achieved, status):
    result = evaluate(value, kind, goal, high)
    assert result.status == status
    if achieved is None:
        assert result.achieved is None
    else:
        assert result.achieved == pytest.approx(achieved)


@pytest.fixture()
def term(world):
    """Term XXVI of commune A with targets on this area's indicators and a typed value."""
    w = world
    t = make_term(w.commune_a, date(2021, 1, 1), date(2026, 12, 31))
    make_target(t, "Trồng cây xanh", "500", "outputs.trees", position=1)
    make_target(t, "Tập huấn", "6", "activities.training_sessions", position=2)
    make_target(
        t, "Tỷ lệ hộ nghèo", "0.02", manual_value="0.0128", goal_kind=GoalKind.AT_MOST, position=3
    )
    make_target(
        t, "CLB dân vũ mới", "2", "clubs.dance_count", counting=Counting.BASELINE, position=4
    )
    make_target(t, "Hội viên", "1378", "members.nonexistent_code", position=5)
    make_target(
        t, "Kết nạp", "30", manual_value="37", goal_kind=GoalKind.RANGE, goal_high="40", position=6
    )
    # Before the term / in the trash: never counted.
    make_activity(w.commune_a, date(2020, 12, 31), "cleanup", outputs={"trees": 1000})
    make_activity(w.branch_a1, date(2022, 2, 12), "cleanup", outputs={"trees": 300})
    make_activity(w.branch_a1, date(2022, 3, 1), "cleanup", outputs={"trees": 200}, trashed=True)
    for month in (3, 8):
        make_activity(w.commune_a, date(2021, month, 12), "training", sessions=2)
    make_club(w.branch_a1, "CLB cũ", founded_on=date(2020, 5, 1))  # the baseline
    make_club(w.branch_a1, "CLB mới 1", founded_on=date(2021, 3, 8))
    make_club(w.branch_a2, "CLB mới 2", founded_on=date(2022, 3, 8))
    return t


def test_term_progress(term):
    progress = term_progress(term, date(2023, 10, 20))
    by_name = {p.target.short_name: p for p in progress}
    trees = by_name["Trồng cây xanh"]
    assert (trees.value, trees.status, trees.achieved_text, trees.bar_value) == (
        300,
        NOT_REACHED,
        "60%",
        60,
    )
    assert trees.goal_text == "≥ 500"
    assert trees.verdict == "Chưa đạt (60%)"
    training = by_name["Tập huấn"]
    assert (training.value, training.status, training.verdict) == (
        4,
        NOT_REACHED,
        "Chưa đạt (66,7%)",
    )
    poverty = by_name["Tỷ lệ hộ nghèo"]
    assert (poverty.status, poverty.verdict) == (REACHED, "Đạt 100%")
    clubs = by_name["CLB dân vũ mới"]
    assert (clubs.value, clubs.status, clubs.verdict) == (2, REACHED, "Đạt 100%")
    assert by_name["Hội viên"].status == UNKNOWN
    assert by_name["Hội viên"].value_text == "—"
    admitted = by_name["Kết nạp"]
    assert (admitted.status, admitted.verdict, admitted.goal_text) == (
        REACHED,
        "Đạt 123,3%",
        "30–40",
    )
    # 1022 of 2190 days of the term are gone (46,7%): 60% is on track, not at risk.
    assert not trees.at_risk
    assert summary_line(progress) == (
        "3/6 chỉ tiêu đạt và vượt; 2 chỉ tiêu chưa đạt: Trồng cây xanh; Tập huấn; "
        "1 chỉ tiêu chưa tính được: Hội viên."
    )


def test_progress_moves_with_the_as_of_date(term):
    early = {p.target.short_name: p for p in term_progress(term, date(2021, 12, 31))}
    assert early["Trồng cây xanh"].value == 0
    assert early["Trồng cây xanh"].at_risk  # 0% achieved while 16,7% of the term is gone
    assert early["CLB dân vũ mới"].value == 1
    # A date outside the term is moved inside it.
    late = {p.target.short_name: p for p in term_progress(term, date(2030, 1, 1))}
    assert late["Trồng cây xanh"].value == 300


def test_targets_indicators_and_report_line(term, world):
    values = compute(world.commune_a.id, Period(date(2021, 1, 1), date(2023, 10, 20))).raw
    assert values["targets.total"] == 6
    assert values["targets.reached"] == 3
    assert values["targets.exceeded"] == 0
    assert values["targets.not_reached"] == 2
    assert values["targets.at_risk"] == 0
    # A branch has no term of its own.
    branch = compute(world.branch_a1.id, Period(date(2021, 1, 1), date(2023, 10, 20))).raw
    assert branch["targets.total"] is None
    line = targets_summary(world.commune_a.id, Period(date(2021, 1, 1), date(2023, 10, 20)))
    assert line.startswith("3/6 chỉ tiêu đạt và vượt; 2 chỉ tiêu chưa đạt: Trồng cây xanh")
    assert targets_summary(world.commune_b.id, Period(date(2021, 1, 1), date(2023, 10, 20))) == ""


def test_trashed_targets_leave_the_term(term):
    target = db.session.scalar(db.select(Target).filter_by(short_name="Hội viên"))
    from webapp.trash import move_to_trash

    move_to_trash(target)
    db.session.commit()
    assert len(term_progress(term, date(2023, 10, 20))) == 5


def test_target_page_shows_progress_bars_and_summary(app, world, term):
    staff = client_for(app, world.staff_a, PASSWORD)
    page = staff.get(f"/activities/targets/?term={term.id}&at=2023-10-20").get_data(as_text=True)
    assert "3/6 chỉ tiêu đạt và vượt; 2 chỉ tiêu chưa đạt: Trồng cây xanh; Tập huấn;" in page
    trees = db.session.scalar(db.select(Target).filter_by(short_name="Trồng cây xanh"))
    assert f'id="target-{trees.id}-bar" value="60" max="100"' in page
    assert "Chưa đạt (60%)" in page
    assert "Nhiệm kỳ 2021–2026 (Đại hội lần thứ XXVI)" in page
    # The as-of date picker re-renders only the progress part (htmx).
    partial = staff.get(
        f"/activities/targets/?term={term.id}&at=2021-12-31",
        headers={"HX-Request": "true", "HX-Target": "target-progress"},
    ).get_data(as_text=True)
    assert "<html" not in partial and f'id="target-{trees.id}-bar" value="0"' in partial


def test_outsiders_do_not_see_the_term(app, world, term):
    other = client_for(app, world.staff_b, PASSWORD)
    assert other.get(f"/activities/targets/?term={term.id}").status_code == 404
    page = other.get("/activities/targets/").get_data(as_text=True)
    assert "Chưa có nhiệm kỳ nào" in page


def _target_form(**overrides) -> dict:
    data = {
        "label": "Trồng 500 cây xanh",
        "short_name": "Trồng cây xanh",
        "position": "",
        "indicator_code": "outputs.trees",
        "manual_value": "",
        "goal_kind": "at_least",
        "goal": "500",
        "goal_high": "",
        "counting": "term",
    }
    data.update(overrides)
    return data


def test_staff_defines_a_term_and_its_targets(app, world):
    ensure_defaults()  # the output units (outputs.trees) the migration installs
    db.session.commit()
    staff = client_for(app, world.staff_a, PASSWORD)
    response = staff.post_form(
        "/activities/targets/terms/new",
        {
            "unit_id": str(world.commune_a.id),
            "congress_number": "26",
            "start_on": "2021-01-01",
            "end_on": "2026-12-31",
        },
    )
    assert response.status_code == 302
    term_id = int(response.location.split("term=")[1])

    refused = staff.post_form(f"/activities/targets/terms/{term_id}/new", _target_form(goal="0"))
    assert refused.status_code == 422
    assert "Mục tiêu phải lớn hơn 0." in refused.get_data(as_text=True)
    assert "Trồng 500 cây xanh" in refused.get_data(as_text=True)  # what was typed is kept

    bad_range = staff.post_form(
        f"/activities/targets/terms/{term_id}/new",
        _target_form(goal_kind="range", goal="40", goal_high="30"),
    )
    assert "Cận trên phải lớn hơn hoặc bằng cận dưới." in bad_range.get_data(as_text=True)

    unknown = staff.post_form(
        f"/activities/targets/terms/{term_id}/new", _target_form(indicator_code="members.nope")
    )
    assert unknown.status_code == 422

    nothing = staff.post_form(
        f"/activities/targets/terms/{term_id}/new", _target_form(indicator_code="")
    )
    assert "Chọn một chỉ số hoặc nhập giá trị tay." in nothing.get_data(as_text=True)

    ok = staff.post_form(f"/activities/targets/terms/{term_id}/new", _target_form())
    assert ok.status_code == 302
    # A percentage goal is typed in percent and kept as a ratio, like the indicator.
    ok = staff.post_form(
        f"/activities/targets/terms/{term_id}/new",
        _target_form(
            label="100% chi hội hoàn thành xuất sắc nhiệm vụ",
            short_name="Chi hội xuất sắc",
            indicator_code="ratings.branches_excellent_ratio",
            goal="100",
        ),
    )
    assert ok.status_code == 302
    target = db.session.scalar(db.select(Target).filter_by(short_name="Chi hội xuất sắc"))
    assert target.goal == Decimal("1") and target.position == 2
    edit = staff.get(f"/activities/targets/{target.id}/edit").get_data(as_text=True)
    assert 'value="100"' in edit


def test_viewer_cannot_define_targets(app, world):
    term = make_term(world.commune_a)
    viewer = client_for(app, world.viewer_district, PASSWORD)
    response = viewer.post_form(f"/activities/targets/terms/{term.id}/new", _target_form())
    assert response.status_code == 403
    assert db.session.scalar(db.select(db.func.count(Target.id))) == 0


def test_a_term_with_targets_cannot_be_deleted(app, world, term):
    staff = client_for(app, world.staff_a, PASSWORD)
    response = staff.post_form(f"/activities/targets/terms/{term.id}/delete", follow_redirects=True)
    assert (
        "Nhiệm kỳ còn 6 chỉ tiêu; hãy xoá các chỉ tiêu trước khi xoá nhiệm kỳ."
        in response.get_data(as_text=True)
    )


def test_targets_rows_for_the_report(term, world):
    from webapp.indicators.targets import targets_rows

    rows = targets_rows(world.commune_a.id, Period(date(2021, 1, 1), date(2023, 10, 20)))
    assert [r["short_name"] for r in rows][:2] == ["Trồng cây xanh", "Tập huấn"]
    assert rows[0]["goal"] == "≥ 500" and rows[0]["value"] == "300"
    assert rows[0]["achieved"] == "60%" and rows[0]["verdict"] == "Chưa đạt (60%)"
    assert targets_rows(world.commune_b.id, Period(date(2021, 1, 1), date(2023, 10, 20))) == []
