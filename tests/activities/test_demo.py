"""The demo commune reproduces the seed report's activity, campaign, rating, statistic and
target figures through the `flask indicators` command."""

from __future__ import annotations

import json
from datetime import date

import pytest

from webapp.demo.activities import TARGETS
from webapp.extensions import db
from webapp.models.targets import GoalKind, Target, Term


def _indicators(app, unit: str = "Đức Xương") -> dict:
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["indicators", "--unit", unit, "--from", "2021-01-01", "--to", "2023-10-20", "--json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture()
def app(demo_app):
    """The demo, seeded once for this module (its tests only read it), in a context per test."""
    with demo_app.app_context():
        yield demo_app
        db.session.remove()


@pytest.fixture(scope="module")
def demo(demo_app) -> dict:
    return _indicators(demo_app)


def test_seed_report_figures(demo):
    v = demo
    assert v["campaign.households_all_criteria"] == 16
    assert v["activities.cleanup_participants"] >= 300
    assert v["outputs.trees"] == 300
    assert v["outputs.stoves"] == 320
    assert v["outputs.led_bulbs"] == 1400
    assert v["formatted"]["outputs.led_bulbs"] == "1.400"
    assert v["outputs.fertiliser_tonnes"] == 8
    assert v["activities.population_sessions"] == 12
    assert v["activities.training_sessions"] == 6
    assert v["activities.training_participants"] == 340
    assert v["activities.job_counselling_sessions"] == 4
    assert v["activities.job_counselling_participants"] == 280
    assert v["outputs.job_referrals"] == 87
    assert v["activities.insurance_conferences"] == 2
    assert v["mediation.cases"] == 16
    assert v["activities.dialogue_opinions"] == 13
    assert v["clubs.dance_count"] == 4
    assert v["clubs.dance_members"] >= 200
    assert v["clubs.exchanges"] == 9
    assert v["formatted"]["activities.reach_branches"] == "100%"
    assert v["formatted"]["activities.reach_members"] == "85%"
    assert (v["activities.reach_cadres"], v["activities.reach_cadres_total"]) == (15, 15)
    assert (v["ratings.branches_excellent"], v["ratings.branches_total"]) == (4, 4)
    assert v["ratings.commune_excellent_years"] == 2
    assert v["formatted"]["stats.poverty_rate_start"] == "3,9%"
    assert v["formatted"]["stats.poverty_rate"] == "1,28%"
    assert v["targets.total"] == 8


def test_the_acacia_trees_were_planted_by_an_cu_2(app, demo):
    assert _indicators(app, "An Cư 2")["outputs.trees"] == 300


def test_the_demo_term_and_its_eight_targets(app, demo):
    term = db.session.scalars(db.select(Term)).one()
    assert term.name == "Nhiệm kỳ 2021–2026 (Đại hội lần thứ XXVI)"
    assert term.unit.name == "Đức Xương"
    targets = db.session.scalars(db.select(Target).order_by(Target.position)).all()
    assert len(targets) == 8
    by_code = {t.indicator_code: t for t in targets}
    assert by_code["insurance.bhyt_new"].goal == 325
    assert by_code["party.referrals"].goal == 5
    assert by_code["members.total"].goal == 1378
    admitted = by_code["members.admitted"]
    assert (admitted.goal_kind, admitted.goal, admitted.goal_high) == (GoalKind.RANGE, 30, 40)
    assert [t.short_name for t in targets] == [row[1] for row in TARGETS]


def test_six_of_eight_targets_reached_with_every_area(app, demo):
    from webapp.indicators.targets import summary_line, term_progress

    assert (demo["targets.total"], demo["targets.reached"], demo["targets.not_reached"]) == (
        8,
        6,
        2,
    )
    term = db.session.scalars(db.select(Term)).one()
    progress = {p.target.indicator_code: p for p in term_progress(term, date(2023, 10, 20))}
    assert progress["members.total"].verdict == "Vượt 102,5%"
    assert progress["insurance.bhyt_new"].verdict == "Chưa đạt (40%)"
    assert progress["party.referrals"].verdict == "Chưa đạt (20%)"
    assert summary_line(list(progress.values())) == (
        "6/8 chỉ tiêu đạt và vượt; 2 chỉ tiêu chưa đạt: Phát triển đối tượng tham gia BHYT, "
        "BHXH; Kết nạp đảng viên nữ ở chi bộ nông thôn."
    )
