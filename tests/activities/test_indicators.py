"""Indicators of the activities area on hand-counted data: records inside the period, on its
first and last day, just outside it, in the other commune, and in the trash."""

from __future__ import annotations

from datetime import date

import pytest

from tests.activities.factories import (
    make_activity,
    make_club,
    make_household,
    make_mediation,
    make_rating,
    make_statistic,
    make_value,
)
from webapp.indicators import Period, catalogue, compute
from webapp.models.activities import ClubKind, MediationKind, MediationOutcome, Rating

YEAR_2022 = Period(date(2022, 1, 1), date(2022, 12, 31))


def _values(world, period: Period = YEAR_2022, unit=None):
    return compute((unit or world.commune_a).id, period)


@pytest.fixture()
def activity_log(world):
    w = world
    # Outside the period, in the trash, or in the other commune: none of these count.
    make_activity(w.commune_a, date(2021, 12, 31), "training", sessions=1, participants=10)
    make_activity(w.commune_a, date(2023, 1, 1), "training", sessions=1, participants=10)
    make_activity(
        w.commune_a,
        date(2022, 5, 5),
        "training",
        participants=99,
        trashed=True,
        outputs={"trees": 999},
    )
    make_activity(w.branch_b1, date(2022, 5, 5), "training", participants=77, outputs={"trees": 7})
    # Inside, at both edges.
    make_activity(w.commune_a, date(2022, 1, 1), "training", sessions=2, participants=30)
    make_activity(w.branch_a1, date(2022, 6, 15), "training", sessions=1, participants=20)
    make_activity(w.commune_a, date(2022, 12, 31), "job_counselling", participants=40)
    make_activity(w.commune_a, date(2022, 3, 3), "conference", participants=80, tags=("insurance",))
    make_activity(w.commune_a, date(2022, 3, 4), "conference", participants=50)
    make_activity(
        w.branch_a2,
        date(2022, 4, 4),
        "propaganda",
        sessions=3,
        participants=90,
        tags=("population",),
    )
    make_activity(
        w.branch_a1,
        date(2022, 2, 2),
        "cleanup",
        participants=25,
        outputs={"trees": 100},
        reach_branches=3,
        reach_branches_total=4,
    )
    make_activity(
        w.commune_a,
        date(2022, 8, 8),
        "cleanup",
        participants=60,
        outputs={"trees": 50, "stoves": 0},
        reach_branches=4,
        reach_branches_total=4,
        reach_members_percent=85,
        reach_cadres=15,
        reach_cadres_total=15,
    )
    make_activity(
        w.commune_a, date(2022, 5, 18), "dialogue", participants=60, outputs={"opinions": 13}
    )
    make_activity(w.commune_a, date(2022, 5, 19), "other", outputs={"opinions": 5})
    make_activity(w.branch_a1, date(2022, 9, 9), "club_exchange", sessions=2, participants=40)
    return w


def test_activity_counts_respect_period_edges_scope_and_trash(activity_log):
    v = _values(activity_log).raw
    assert v["activities.count"] == 11
    assert v["activities.sessions"] == 2 + 1 + 1 + 1 + 1 + 3 + 1 + 1 + 1 + 1 + 2
    assert v["activities.participants"] == 30 + 20 + 40 + 80 + 50 + 90 + 25 + 60 + 60 + 0 + 40
    assert v["activities.training_sessions"] == 3
    assert v["activities.training_participants"] == 50
    assert v["activities.job_counselling_sessions"] == 1
    assert v["activities.job_counselling_participants"] == 40
    assert v["activities.conferences"] == 2
    assert v["activities.insurance_conferences"] == 1
    assert v["activities.population_sessions"] == 3
    assert v["activities.propaganda_sessions"] == 3
    assert v["activities.cleanup_participants"] == 85
    assert v["activities.dialogue_count"] == 1
    assert v["activities.dialogue_opinions"] == 13
    assert v["clubs.exchanges"] == 2


def test_outputs_are_indicators_defined_by_data(activity_log):
    values = _values(activity_log)
    assert values.raw["outputs.trees"] == 150
    assert values.raw["outputs.opinions"] == 18  # the dialogue's 13 and 5 raised elsewhere
    assert values.raw["outputs.stoves"] == 0
    assert values.raw["outputs.led_bulbs"] == 0
    assert values.formatted["outputs.trees"] == "150"
    codes = {i.code for i in catalogue()}
    assert {"outputs.trees", "outputs.led_bulbs", "outputs.fertiliser_tonnes"} <= codes


def test_per_kind_and_per_tag_indicators(activity_log):
    v = _values(activity_log).raw
    assert v["activities.kind.training.sessions"] == 3
    assert v["activities.kind.training.participants"] == 50
    assert v["activities.kind.visit.sessions"] == 0
    assert v["activities.tag.population.sessions"] == 3
    assert v["activities.tag.insurance.participants"] == 80


def test_reach_is_the_widest_recorded(activity_log):
    values = _values(activity_log)
    assert values.raw["activities.reach_branches"] == 1.0
    assert values.formatted["activities.reach_members"] == "85%"
    assert values.raw["activities.reach_cadres"] == 15
    assert values.raw["activities.reach_cadres_total"] == 15
    assert values.formatted["activities.reach_cadres_ratio"] == "100%"


def test_a_branch_sees_only_its_own_activities(activity_log):
    v = _values(activity_log, unit=activity_log.branch_a1).raw
    assert v["activities.count"] == 3
    assert v["outputs.trees"] == 100
    assert v["activities.reach_members"] is None


def test_clubs_active_at_the_as_of_date(world):
    w = world
    make_club(w.branch_a1, "Dân vũ An Cư", members=50, founded_on=date(2021, 3, 8))
    make_club(w.branch_a2, "Dân vũ Trung Hà", members=40, founded_on=date(2022, 1, 1))
    make_club(w.branch_a2, "Chưa ra mắt", members=30, founded_on=date(2023, 1, 1))
    make_club(w.branch_a1, "Giải thể cuối năm", members=20, dissolved_on=date(2022, 12, 31))
    make_club(w.branch_a1, "Giải thể năm sau", members=10, dissolved_on=date(2023, 1, 1))
    make_club(w.branch_a1, "Trong thùng rác", members=99, trashed=True)
    make_club(w.branch_b1, "Xã khác", members=99)
    make_club(w.commune_a, "Địa chỉ tin cậy", ClubKind.TRUSTED_ADDRESS, members=0)
    v = _values(w).raw
    assert v["clubs.dance_count"] == 3
    assert v["clubs.dance_members"] == 50 + 40 + 10
    assert v["clubs.trusted_addresses"] == 1
    assert v["clubs.count"] == 4
    assert v["clubs.founded"] == 1  # 01/01/2022, the period's first day


def test_mediation_cases(world):
    w = world
    make_mediation(w.branch_a1, date(2022, 1, 1), MediationKind.LAND)
    make_mediation(w.branch_a2, date(2022, 12, 31), MediationKind.FAMILY, MediationOutcome.REFERRED)
    make_mediation(w.commune_a, date(2022, 7, 7))
    make_mediation(w.commune_a, date(2021, 12, 31))
    make_mediation(w.commune_a, date(2022, 7, 7), trashed=True)
    make_mediation(w.branch_b1, date(2022, 7, 7))
    values = _values(w)
    assert values.raw["mediation.cases"] == 3
    assert values.raw["mediation.resolved"] == 2
    assert values.raw["mediation.land"] == 1
    assert values.raw["mediation.family"] == 1
    assert values.raw["mediation.neighbourhood"] == 1
    assert values.formatted["mediation.resolved_ratio"] == "66,7%"


def test_households_meeting_all_eight_criteria_count_once(world):
    w = world
    make_household(w.branch_a1, "Nguyễn Văn Hải", 2021)
    make_household(w.branch_a1, "Nguyễn Văn Hải", 2022)  # the same household again
    make_household(w.branch_a2, "Trần Văn Bình", 2022)
    make_household(w.branch_a2, "Lê Văn Cường", 2022, missing=("clean_alley",))
    make_household(w.branch_a2, "Phạm Văn Dũng", 2023)  # after the period
    make_household(w.branch_a2, "Vũ Văn Long", 2022, trashed=True)
    make_household(w.branch_b1, "Đỗ Văn An", 2022)
    v = _values(w).raw
    assert v["campaign.households_all_criteria"] == 2
    assert v["campaign.households_assessed"] == 3
    two_years = _values(w, Period(date(2021, 1, 1), date(2022, 12, 31))).raw
    assert two_years["campaign.households_all_criteria"] == 2


def test_ratings_use_the_latest_rated_year(world):
    w = world
    make_rating(w.branch_a1, 2021, Rating.GOOD)
    make_rating(w.branch_a1, 2022, Rating.EXCELLENT)
    make_rating(w.branch_a2, 2021, Rating.EXCELLENT)
    make_rating(w.branch_a2, 2022, Rating.GOOD)
    make_rating(w.commune_a, 2021, Rating.EXCELLENT)
    make_rating(w.commune_a, 2022, Rating.EXCELLENT)
    make_rating(w.commune_a, 2023, Rating.EXCELLENT)
    make_rating(w.branch_b1, 2022, Rating.EXCELLENT)
    v = _values(w, Period(date(2021, 1, 1), date(2022, 12, 31))).raw
    assert v["ratings.branches_excellent"] == 1
    assert v["ratings.branches_total"] == 2
    assert v["ratings.branches_excellent_ratio"] == 0.5
    assert v["ratings.commune_excellent_years"] == 2
    only_2021 = _values(w, Period(date(2021, 1, 1), date(2021, 12, 31))).raw
    assert only_2021["ratings.branches_excellent"] == 1
    assert only_2021["ratings.commune_excellent_years"] == 1


def test_manual_statistics_in_force_at_the_start_and_the_end(world):
    w = world
    poverty = make_statistic()
    make_value(poverty, w.commune_a, date(2020, 12, 31), "0.05")
    make_value(poverty, w.commune_a, date(2022, 1, 1), "0.039")
    make_value(poverty, w.commune_a, date(2022, 6, 1), "0.5", trashed=True)
    make_value(poverty, w.commune_a, date(2022, 12, 31), "0.0128")
    make_value(poverty, w.commune_a, date(2023, 1, 1), "0.01")
    make_value(poverty, w.commune_b, date(2022, 6, 1), "0.2")
    households = make_statistic("poor_households", "Số hộ nghèo", "count", 0, "sum")
    make_value(households, w.branch_a1, date(2021, 6, 1), "40")
    make_value(households, w.branch_a1, date(2022, 6, 1), "30")
    make_value(households, w.branch_a2, date(2022, 6, 1), "20")
    values = _values(w)
    assert values.raw["stats.poverty_rate_start"] == 0.039
    assert values.raw["stats.poverty_rate"] == 0.0128
    assert values.formatted["stats.poverty_rate_start"] == "3,9%"
    assert values.formatted["stats.poverty_rate"] == "1,28%"
    assert values.raw["stats.poor_households"] == 50
    assert values.raw["stats.poor_households_start"] == 40
    # "own": a district has no value of its own.
    district = _values(w, unit=w.district).raw
    assert district["stats.poverty_rate"] is None
    assert district["stats.poor_households"] == 50


def test_each_group_costs_one_query(world, app):
    """compute() of the whole registry stays a bounded number of queries as records grow."""
    from sqlalchemy import event

    from webapp.extensions import db

    def count_queries() -> int:
        seen = []

        def before(*args, **kwargs):
            seen.append(1)

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            _values(world)
        finally:
            event.remove(db.engine, "before_cursor_execute", before)
        return len(seen)

    make_activity(world.commune_a, date(2022, 5, 5), outputs={"trees": 1})
    few = count_queries()
    for i in range(20):
        make_activity(
            world.branch_a1, date(2022, 5, 5), topic=f"Hoạt động {i}", outputs={"trees": 1}
        )
    assert count_queries() == few


def test_the_catalogue_page_lists_codes_meanings_and_current_values(app, world):
    from tests.conftest import client_for
    from tests.factories import PASSWORD

    make_activity(world.branch_a1, date(2022, 2, 2), "cleanup", outputs={"trees": 300})
    staff = client_for(app, world.staff_a, PASSWORD)
    page = staff.get(
        f"/activities/indicators/?unit_id={world.commune_a.id}&start=2022-01-01&end=2022-12-31"
    ).get_data(as_text=True)
    assert "<code>outputs.trees</code>" in page and "Cây xanh trồng mới" in page
    assert '<td id="value-outputs-trees">300</td>' in page
    assert "{{ outputs.trees }}" in page
    partial = staff.get(
        f"/activities/indicators/?unit_id={world.commune_a.id}&start=2022-01-01&end=2022-12-31&q=cay xanh",
        headers={"HX-Request": "true", "HX-Target": "indicator-rows"},
    ).get_data(as_text=True)
    assert (
        "<html" not in partial and "outputs.trees" in partial and "mediation.cases" not in partial
    )
    other = client_for(app, world.staff_b, PASSWORD)
    assert other.get(f"/activities/indicators/?unit_id={world.commune_a.id}").status_code == 404
