"""Clubs, mediation cases, "5 có 3 sạch" households, ratings and manual statistics in the
browser forms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.activities.factories import make_club, make_household, make_rating, make_statistic
from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.extensions import db
from webapp.indicators import Period, compute
from webapp.models.activities import (
    CAMPAIGN_CRITERIA,
    Club,
    HouseholdAssessment,
    ManualStatistic,
    MediationCase,
    StatisticValue,
    UnitRating,
)

YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))


def test_staff_adds_a_dance_club_and_it_counts(app, world):
    staff = client_for(app, world.staff_a, PASSWORD)
    response = staff.post_form(
        "/activities/clubs/new",
        {
            "unit_id": str(world.branch_a1.id),
            "name": "CLB dân vũ An Cư 2",
            "kind": "dance",
            "members_count": "52",
            "founded_on": "2022-03-08",
            "dissolved_on": "",
            "notes": "",
        },
    )
    assert response.status_code == 302
    values = compute(world.commune_a.id, YEAR).raw
    assert (values["clubs.dance_count"], values["clubs.dance_members"]) == (1, 52)
    page = staff.get("/activities/clubs/?q=an cu").get_data(as_text=True)
    assert "CLB dân vũ An Cư 2" in page and "08/03/2022" in page


def test_club_rules(app, world):
    staff = client_for(app, world.staff_a, PASSWORD)
    data = {
        "unit_id": str(world.branch_a1.id),
        "name": "CLB",
        "kind": "dance",
        "members_count": "-3",
        "founded_on": "2022-03-08",
        "dissolved_on": "2022-01-01",
    }
    negative = staff.post_form("/activities/clubs/new", data)
    assert "Số thành viên phải là số nguyên không âm." in negative.get_data(as_text=True)
    backwards = staff.post_form("/activities/clubs/new", {**data, "members_count": "3"})
    assert "Ngày giải thể phải sau ngày ra mắt." in backwards.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Club.id))) == 0


def test_editing_a_club_with_an_old_version_is_refused(app, world):
    club = make_club(world.branch_a1, "CLB cũ", members=30)
    old = club.version
    staff = client_for(app, world.staff_a, PASSWORD)
    data = {
        "unit_id": str(world.branch_a1.id),
        "name": "CLB đổi tên",
        "kind": "dance",
        "members_count": "31",
        "version": str(old),
    }
    assert staff.post_form(f"/activities/clubs/{club.id}/edit", data).status_code == 302
    stale = staff.post_form(f"/activities/clubs/{club.id}/edit", {**data, "name": "CLB lần hai"})
    page = stale.get_data(as_text=True)
    assert "Bản ghi đã được người khác sửa; vui lòng tải lại trang." in page
    assert 'value="CLB lần hai"' in page


def test_mediation_in_the_future_is_refused(app, world):
    staff = client_for(app, world.staff_a, PASSWORD)
    data = {
        "unit_id": str(world.branch_a2.id),
        "held_on": "2099-01-01",
        "kind": "land",
        "outcome": "resolved",
        "summary": "Tranh chấp ranh giới",
    }
    refused = staff.post_form("/activities/mediations/new", data)
    assert "Ngày hoà giải không được sau ngày hôm nay." in refused.get_data(as_text=True)
    ok = staff.post_form("/activities/mediations/new", {**data, "held_on": "2022-05-05"})
    assert ok.status_code == 302
    assert compute(world.commune_a.id, YEAR).raw["mediation.land"] == 1
    case = db.session.scalars(db.select(MediationCase)).one()
    deleted = staff.post_form(f"/activities/mediations/{case.id}/delete", htmx=True)
    assert deleted.get_data(as_text=True) == ""
    assert compute(world.commune_a.id, YEAR).raw["mediation.cases"] == 0


def test_household_assessment_with_all_eight_criteria(app, world):
    staff = client_for(app, world.branch_user_a1, PASSWORD)
    data = {"unit_id": str(world.branch_a1.id), "year": "2022", "household": "Nguyễn Văn Hải"}
    data.update({key: "y" for key, _ in CAMPAIGN_CRITERIA})
    assert staff.post_form("/activities/households/new", data).status_code == 302
    assert compute(world.commune_a.id, YEAR).raw["campaign.households_all_criteria"] == 1
    twin = staff.post_form("/activities/households/new", data)
    assert "Hộ “Nguyễn Văn Hải” đã được đánh giá năm 2022 ở đơn vị này." in twin.get_data(
        as_text=True
    )
    outside = staff.post_form(
        "/activities/households/new", {**data, "unit_id": str(world.branch_a2.id)}
    )
    assert outside.status_code == 403
    assert db.session.scalar(db.select(db.func.count(HouseholdAssessment.id))) == 1
    listed = staff.get("/activities/households/?year=2022").get_data(as_text=True)
    assert "8/8" in listed and "Đạt đủ 8 tiêu chí" in listed


def test_one_rating_per_unit_and_year(app, world):
    make_rating(world.branch_a1, 2022)
    staff = client_for(app, world.staff_a, PASSWORD)
    refused = staff.post_form(
        "/activities/ratings/new",
        {"unit_id": str(world.branch_a1.id), "year": "2022", "rating": "good", "notes": ""},
    )
    assert "Đơn vị này đã có xếp loại năm 2022; hãy sửa bản ghi đó." in refused.get_data(
        as_text=True
    )
    future = staff.post_form(
        "/activities/ratings/new",
        {"unit_id": str(world.branch_a1.id), "year": "2999", "rating": "good", "notes": ""},
    )
    assert "Năm phải từ 2000 đến" in future.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(UnitRating.id))) == 1


def test_household_edit_form_shows_the_year_plainly(app, world):
    record = make_household(world.branch_a1, "Trần Văn Bình", 2023)
    staff = client_for(app, world.staff_a, PASSWORD)
    form = staff.get(f"/activities/households/{record.id}/edit").get_data(as_text=True)
    assert 'value="2023"' in form


def test_admin_defines_a_statistic_and_staff_enter_its_values(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    response = admin.post_form(
        "/activities/statistics/new",
        {
            "label": "Tỷ lệ hộ nghèo của xã",
            "code": "poverty_rate",
            "kind": "percent",
            "measure": "",
            "decimals": "2",
            "combine": "own",
        },
    )
    assert response.status_code == 302
    stat = db.session.scalars(db.select(ManualStatistic)).one()
    staff = client_for(app, world.staff_a, PASSWORD)
    assert staff.get("/activities/statistics/new").status_code == 403
    for on, typed in (("2022-01-01", "3,9"), ("2022-12-31", "1,28")):
        saved = staff.post_form(
            "/activities/statistics/values/new",
            {
                "statistic_id": str(stat.id),
                "unit_id": str(world.commune_a.id),
                "valid_from": on,
                "value": typed,
                "note": "UBND xã",
            },
        )
        assert saved.status_code == 302
    assert sorted(v.value for v in db.session.scalars(db.select(StatisticValue))) == [
        Decimal("0.0128"),
        Decimal("0.039"),
    ]
    values = compute(world.commune_a.id, YEAR)
    assert values.formatted["stats.poverty_rate_start"] == "3,9%"
    assert values.formatted["stats.poverty_rate"] == "1,28%"
    listed = staff.get("/activities/statistics/").get_data(as_text=True)
    assert "stats.poverty_rate" in listed and "1,28%" in listed
    twin = staff.post_form(
        "/activities/statistics/values/new",
        {
            "statistic_id": str(stat.id),
            "unit_id": str(world.commune_a.id),
            "valid_from": "2022-01-01",
            "value": "4",
        },
    )
    assert "Đơn vị này đã có giá trị của chỉ số vào ngày này." in twin.get_data(as_text=True)
    negative = staff.post_form(
        "/activities/statistics/values/new",
        {
            "statistic_id": str(stat.id),
            "unit_id": str(world.commune_a.id),
            "valid_from": "2022-02-01",
            "value": "-4",
        },
    )
    assert "Giá trị không được âm." in negative.get_data(as_text=True)
    outsider = client_for(app, world.staff_b, PASSWORD)
    refused = outsider.post_form(
        "/activities/statistics/values/new",
        {
            "statistic_id": str(stat.id),
            "unit_id": str(world.commune_a.id),
            "valid_from": "2022-03-01",
            "value": "4",
        },
    )
    assert refused.status_code == 403


def test_a_count_statistic_takes_whole_numbers(app, world):
    stat = make_statistic("poor_households", "Số hộ nghèo", "count", 0, "sum")
    staff = client_for(app, world.staff_a, PASSWORD)
    refused = staff.post_form(
        "/activities/statistics/values/new",
        {
            "statistic_id": str(stat.id),
            "unit_id": str(world.branch_a1.id),
            "valid_from": "2022-01-01",
            "value": "12,5",
        },
    )
    assert "Giá trị phải là số nguyên." in refused.get_data(as_text=True)
