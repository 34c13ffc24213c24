"""Dues, population, cadres, insurance and Party referrals through their pages."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.members.factories import (
    make_cadre,
    make_dues,
    make_member,
    make_policy,
    make_population,
    make_referral,
)
from webapp.extensions import db
from webapp.indicators import Period, compute
from webapp.models.cadres import Cadre, CadrePosition, CadreTraining
from webapp.models.members import (
    DuesPayment,
    InsuranceKind,
    InsurancePolicy,
    LeaveReason,
    PartyReferral,
    ReferralOutcome,
    WomenPopulation,
)

# --- dues -------------------------------------------------------------------------------------


def test_mark_the_whole_branch_paid_except_the_ticked_members(staff, world):
    a1 = world.branch_a1
    hoa = make_member(a1, "Nguyễn Thị Hoa")
    lan = make_member(a1, "Trần Thị Lan")
    mai = make_member(a1, "Lê Thị Mai")
    make_member(a1, "Đã Ra", left_on=date(2022, 5, 1), leave_reason=LeaveReason.DIED)
    make_member(a1, "Danh Dự", is_honorary=True)
    make_dues(mai, 2023, amount=10_000)  # paid earlier at another rate: kept as it was

    sheet = staff.get(f"/members/dues?unit_id={a1.id}&year=2023").get_data(as_text=True)
    assert "Nguyễn Thị Hoa" in sheet and "Đã Ra" not in sheet and "Danh Dự" not in sheet

    response = staff.post_form(
        "/members/dues",
        {
            "unit_id": str(a1.id),
            "year": "2023",
            "amount": "12.000",
            "paid_on": "2023-06-30",
            "unpaid": [str(lan.id)],
        },
    )
    assert response.status_code == 302
    page = staff.get(response.location).get_data(as_text=True)
    assert "2 hội viên đã đóng, 1 chưa đóng" in page
    rows = {d.member_id: d for d in db.session.scalars(select(DuesPayment))}
    assert rows[hoa.id].paid and rows[hoa.id].amount == 12_000
    assert not rows[lan.id].paid and rows[lan.id].amount == 0
    assert rows[mai.id].amount == 10_000
    v = compute(world.commune_a.id, Period(date(2023, 1, 1), date(2023, 12, 31)))
    assert v["members.dues_paid"] == 2

    # Lan pays later: the same save without her ticked.
    staff.post_form("/members/dues", {"unit_id": str(a1.id), "year": "2023", "amount": "12000"})
    db.session.expire_all()
    assert db.session.get(DuesPayment, rows[lan.id].id).paid


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount": "-5.000"}, "Số tiền không được âm."),
        ({"amount": "mười nghìn"}, "Số tiền không hợp lệ; ví dụ 12.000."),
        ({"year": "1890"}, "Năm phải từ 1990 đến"),
    ],
)
def test_dues_refuses_bad_input(staff, world, overrides, message):
    make_member(world.branch_a1)
    data = {"unit_id": str(world.branch_a1.id), "year": "2023", "amount": "12000", **overrides}
    response = staff.post_form("/members/dues", data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(DuesPayment.id)) is None


def test_dues_of_a_branch_outside_the_scope_is_403(app, world):
    make_member(world.branch_a2)
    branch_user = client_for(app, world.branch_user_a1, PASSWORD)
    data = {"unit_id": str(world.branch_a2.id), "year": "2023", "amount": "12000"}
    assert branch_user.post_form("/members/dues", data).status_code == 403
    assert db.session.scalar(select(DuesPayment.id)) is None


# --- population -------------------------------------------------------------------------------


def test_population_is_entered_at_one_level_per_year(staff, world):
    ok = staff.post_form(
        "/members/population",
        {"unit_id": str(world.branch_a1.id), "year": "2023", "women_18plus": "1.200"},
    )
    assert ok.status_code == 302
    assert db.session.scalar(select(WomenPopulation.women_18plus)) == 1200
    clash = staff.post_form(
        "/members/population",
        {"unit_id": str(world.commune_a.id), "year": "2023", "women_18plus": "3000"},
    )
    assert "Năm 2023 đã có số liệu ở Chi hội An Cư 2" in clash.get_data(as_text=True)
    negative = staff.post_form(
        "/members/population",
        {"unit_id": str(world.branch_a2.id), "year": "2023", "women_18plus": "-3"},
    )
    assert "Không được nhập số âm." in negative.get_data(as_text=True)
    # Correcting a figure replaces it.
    staff.post_form(
        "/members/population",
        {"unit_id": str(world.branch_a1.id), "year": "2023", "women_18plus": "1250"},
    )
    db.session.expire_all()
    assert db.session.scalars(select(WomenPopulation.women_18plus)).all() == [1250]
    page = staff.get("/members/population").get_data(as_text=True)
    assert "1.250" in page


# --- cadres -----------------------------------------------------------------------------------


def _cadre_form(unit, **overrides) -> dict:
    data = {
        "full_name": "Nguyễn Thị Huế",
        "unit_id": str(unit.id),
        "position": "chair",
        "in_btv": "y",
        "term": "2021–2026",
        "started_on": "2021-03-18",
        "education_grade": "12",
        "political_theory": "intermediate",
    }
    data.update(overrides)
    return data


def test_cadres_are_added_checked_and_trained_together(staff, world):
    response = staff.post_form("/members/cadres/new", _cadre_form(world.commune_a))
    assert response.status_code == 302
    chair = db.session.scalars(select(Cadre)).one()
    assert chair.in_bch and chair.in_btv and chair.education_label == "12/12"

    wrong = staff.post_form(
        "/members/cadres/new", _cadre_form(world.commune_a, position="branch_head")
    )
    assert "Chi hội trưởng, chi hội phó phải thuộc một chi hội." in wrong.get_data(as_text=True)
    grade = staff.post_form(
        "/members/cadres/new",
        _cadre_form(world.branch_a1, position="branch_head", in_btv="", education_grade="13"),
    )
    assert "Trình độ văn hoá là số lớp, từ 1 đến 12." in grade.get_data(as_text=True)
    ended = staff.post_form(
        "/members/cadres/new",
        _cadre_form(world.branch_a1, position="branch_head", in_btv="", ended_on="2020-01-01"),
    )
    assert "Ngày thôi giữ chức phải sau ngày bắt đầu." in ended.get_data(as_text=True)

    head = make_cadre(world.branch_a1, "Trần Thị Lan", CadrePosition.BRANCH_HEAD)
    done = staff.post_form(
        "/members/cadres/trainings",
        {
            "title": "Chuyên đề quý III",
            "kind": "topic_study",
            "attended_on": "2023-08-15",
            "cadre_ids": [str(chair.id), str(head.id)],
        },
    )
    assert done.status_code == 302
    assert db.session.scalar(select(db.func.count()).select_from(CadreTraining)) == 2
    v = compute(world.commune_a.id, Period(date(2023, 1, 1), date(2023, 10, 20)))
    assert (v["cadres.trained"], v["cadres.trainable"]) == (2, 2)
    page = staff.get("/members/cadres").get_data(as_text=True)
    assert "Nguyễn Thị Huế" in page and "Chủ tịch" in page


def test_cadre_edit_refuses_a_stale_version(staff, world):
    cadre = make_cadre(world.commune_a, "Trần Thị Lan")
    url = f"/members/cadres/{cadre.id}/edit"
    data = _cadre_form(world.commune_a, full_name="Trần Thị Lan", position="committee", in_btv="")
    assert staff.post_form(url, {**data, "version": "1", "term": "A"}).status_code == 302
    stale = staff.post_form(url, {**data, "version": "1", "term": "B"})
    assert "Bản ghi đã được người khác sửa; vui lòng tải lại trang." in stale.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Cadre, cadre.id).term == "A"


def test_the_branch_user_cannot_add_a_commune_cadre(app, world):
    branch_user = client_for(app, world.branch_user_a1, PASSWORD)
    response = branch_user.post_form("/members/cadres/new", _cadre_form(world.commune_a))
    assert response.status_code == 403
    assert db.session.scalar(select(Cadre.id)) is None


# --- insurance --------------------------------------------------------------------------------


def test_insurance_cards_are_added_and_ended(staff, world):
    member = make_member(world.branch_a1, "Đỗ Thị Quyên")
    response = staff.post_form(
        "/members/insurance/new",
        {
            "kind": "bhyt",
            "member_id": str(member.id),
            "unit_id": str(world.branch_a1.id),
            "number": "HN401",
            "started_on": "2022-02-01",
        },
    )
    assert response.status_code == 302
    policy = db.session.scalars(select(InsurancePolicy)).one()
    assert policy.holder_name == "Đỗ Thị Quyên"
    bad = staff.post_form(
        f"/members/insurance/{policy.id}/end", {"ended_on": "2021-01-01", "version": "1"}
    )
    assert "Ngày kết thúc phải sau ngày bắt đầu." in staff.get(bad.location).get_data(as_text=True)
    staff.post_form(
        f"/members/insurance/{policy.id}/end", {"ended_on": "2023-01-01", "version": "1"}
    )
    db.session.expire_all()
    assert db.session.get(InsurancePolicy, policy.id).ended_on == date(2023, 1, 1)
    kept = compute(world.commune_a.id, Period(date(2023, 1, 1), date(2023, 6, 30)))
    assert kept["insurance.bhyt_kept"] == 0


def test_insurance_list_filters_by_kind_and_status(staff, world):
    make_policy(world.branch_a1, InsuranceKind.BHYT, date(2022, 1, 1), holder_name="Thẻ Còn")
    make_policy(world.branch_a1, InsuranceKind.BHXH, date(2022, 1, 1), holder_name="Sổ Còn")
    make_policy(
        world.branch_a1,
        InsuranceKind.BHYT,
        date(2020, 1, 1),
        date(2021, 1, 1),
        holder_name="Thẻ Hết",
    )
    kept = staff.get("/members/insurance?kind=bhyt").get_data(as_text=True)
    assert "Thẻ Còn" in kept and "Sổ Còn" not in kept and "Thẻ Hết" not in kept
    assert "Thẻ Hết" in staff.get("/members/insurance?status=ended").get_data(as_text=True)


# --- Party referrals --------------------------------------------------------------------------


def test_party_referral_and_its_outcome(staff, world):
    member = make_member(world.branch_a1, "Đỗ Thị Quyên")
    staff.post_form(
        "/members/party/new",
        {"member_id": str(member.id), "referred_on": "2022-05-10", "outcome": "pending"},
    )
    referral = db.session.scalars(select(PartyReferral)).one()
    early = staff.post_form(
        f"/members/party/{referral.id}/decide",
        {"outcome": "admitted", "decided_on": "2022-01-01", "version": "1"},
    )
    assert "Ngày có kết quả phải sau ngày giới thiệu." in staff.get(early.location).get_data(
        as_text=True
    )
    staff.post_form(
        f"/members/party/{referral.id}/decide",
        {"outcome": "admitted", "decided_on": "2023-02-03", "version": "1"},
    )
    db.session.expire_all()
    assert db.session.get(PartyReferral, referral.id).outcome is ReferralOutcome.ADMITTED
    page = staff.get("/members/party").get_data(as_text=True)
    assert "Đỗ Thị Quyên" in page and "Đã được kết nạp" in page


def test_a_member_of_another_commune_cannot_be_referred(app, world):
    outsider = make_member(world.branch_b1, "Xã Khác")
    staff = client_for(app, world.staff_a, PASSWORD)
    response = staff.post_form(
        "/members/party/new",
        {"member_id": str(outsider.id), "referred_on": "2022-05-10", "outcome": "pending"},
    )
    assert "Không tìm thấy hội viên này trong phạm vi của bạn." in response.get_data(as_text=True)
    assert db.session.scalar(select(PartyReferral.id)) is None


# --- overview ---------------------------------------------------------------------------------


def test_overview_shows_each_branch_and_a_chart(staff, world):
    make_member(world.branch_a1, "Một", is_core=True, joined_on=date(2010, 1, 1))
    make_member(world.branch_a1, "Hai", joined_on=date(2010, 1, 1))
    make_member(world.branch_a2, "Ba", joined_on=date(2010, 1, 1))
    make_population(world.branch_a1, 2023, 4)
    make_referral(make_member(world.branch_b1), date(2023, 1, 1))
    page = staff.get("/members/overview?start=2023-01-01&end=2023-10-20").get_data(as_text=True)
    assert "Chi hội An Cư 2" in page and "Chi hội Trung Hà" in page
    assert "<svg" in page and "An Cư 2: 2 hội viên" in page and "An Cư 2: 1 nòng cốt" in page
    assert "50%" in page  # An Cư 2: 2 of 4 women, and 1 of 2 core
    bad = staff.get("/members/overview?start=2023-10-20&end=2023-01-01").get_data(as_text=True)
    assert "Ngày kết thúc phải sau ngày bắt đầu." in bad
    assert staff.get(f"/members/overview?unit_id={world.commune_b.id}").status_code == 404
