"""The members-area indicators against hand-counted data: records inside, before and after the
period, on its first and last day, in another commune, and in the trash."""

from __future__ import annotations

from datetime import date

import pytest

from tests.members.factories import (
    make_cadre,
    make_dues,
    make_member,
    make_policy,
    make_population,
    make_referral,
    make_training,
)
from webapp.extensions import db
from webapp.indicators import Period, compute
from webapp.models.cadres import CadrePosition, PoliticalTheory
from webapp.models.members import Gender, InsuranceKind, LeaveReason, ReferralOutcome
from webapp.trash import move_to_trash

YEAR_2022 = Period(date(2022, 1, 1), date(2022, 12, 31))


def _trash(record) -> None:
    move_to_trash(record)
    db.session.commit()


@pytest.fixture()
def members(world):
    a1, a2, b1 = world.branch_a1, world.branch_a2, world.branch_b1
    m = {
        "m1": make_member(
            a1, "Một", joined_on=date(2010, 1, 1), is_core=True, attends_regularly=True
        ),
        "m2": make_member(a1, "Hai", joined_on=date(2022, 1, 1), attends_regularly=True),
        "m3": make_member(a1, "Ba", joined_on=date(2022, 12, 31)),
        "m4": make_member(a1, "Bốn", joined_on=date(2023, 1, 1), is_core=True),
        "m5": make_member(
            a1,
            "Năm",
            joined_on=date(2021, 12, 31),
            left_on=date(2022, 1, 1),
            leave_reason=LeaveReason.DIED,
        ),
        "m6": make_member(
            a1,
            "Sáu",
            joined_on=date(2015, 1, 1),
            left_on=date(2022, 12, 31),
            leave_reason=LeaveReason.MOVED,
            is_core=True,
        ),
        "m7": make_member(
            a1,
            "Bảy",
            joined_on=date(2015, 1, 1),
            left_on=date(2023, 1, 5),
            leave_reason=LeaveReason.WITHDREW,
        ),
        "m8": make_member(
            a1,
            "Tám",
            joined_on=date(2015, 1, 1),
            left_on=date(2021, 6, 1),
            leave_reason=LeaveReason.MOVED,
        ),
        "m9": make_member(a1, "Chín", joined_on=None),
        "m10": make_member(a1, "Mười", joined_on=date(2015, 1, 1), attends_regularly=True),
        "h1": make_member(
            a1, "Nguyễn Văn Hùng", joined_on=date(2022, 3, 8), is_honorary=True, gender=Gender.MALE
        ),
        "h2": make_member(a1, "Danh Dự Nữ", joined_on=date(2019, 3, 8), is_honorary=True),
        "m11": make_member(
            a2, "Mười Một", joined_on=date(2016, 1, 1), is_core=True, attends_regularly=True
        ),
        "m12": make_member(b1, "Xã Khác", joined_on=date(2016, 1, 1)),
    }
    for key in ("m1", "m2", "m7", "m6"):
        make_dues(m[key], 2022)
    make_dues(m["m3"], 2022, paid=False, amount=0)
    _trash(make_dues(m["m9"], 2022))
    make_dues(m["m11"], 2021)
    make_dues(m["m12"], 2022)
    _trash(m["m10"])
    make_population(a1, 2022, 10)
    make_population(a2, 2022, 5)
    make_population(a1, 2021, 100)
    make_population(world.commune_b, 2022, 1000)
    return m


def test_membership_figures_of_a_commune(world, members):
    v = compute(world.commune_a.id, YEAR_2022)
    assert v["members.total"] == 6  # m1 m2 m3 m7 m9 m11
    assert v["members.total_start"] == 6  # m1 m5 m6 m7 m9 m11 on 31/12/2021
    assert v["members.admitted"] == 2  # m2 (first day) and m3 (last day)
    assert v["members.left"] == 2
    assert v["members.left_died"] == 1  # m5, on the first day
    assert v["members.left_moved"] == 1  # m6, on the last day
    assert v["members.left_withdrew"] == 0  # m7 left after the period
    assert v["members.core"] == 2  # m1, m11 (m6 left, m4 not yet a member)
    assert v["members.core_share"] == pytest.approx(2 / 6)
    assert v["members.regular"] == 3  # m1 m2 m11 (m10 is in the trash)
    assert v["members.regular_share"] == pytest.approx(0.5)
    assert v["members.dues_paid"] == 3  # m1 m2 m7 (m3 unpaid, m9's row trashed, m6 left)
    assert v["members.dues_paid_share"] == pytest.approx(0.5)
    assert v["members.dues_amount_vnd"] == 48_000  # m1 m2 m6 m7 paid for 2022
    assert v["members.women_18plus"] == 15  # 2022 figures of both branches
    assert v["members.gathering_rate"] == pytest.approx(6 / 15)
    assert v["members.honorary"] == 2
    assert v["members.honorary_male"] == 1
    assert v["members.honorary_admitted"] == 1
    assert v.formatted["members.gathering_rate"] == "40%"


def test_a_branch_counts_only_itself_and_a_district_counts_both_communes(world, members):
    branch = compute(world.branch_a2.id, YEAR_2022)
    assert branch["members.total"] == 1
    assert branch["members.gathering_rate"] == pytest.approx(1 / 5)
    district = compute(world.district.id, YEAR_2022)
    assert district["members.total"] == 7
    assert district["members.women_18plus"] == 1015


def test_the_as_of_date_and_an_older_population_figure(world, members):
    # As of 30/06/2023, no 2023 figure: the latest earlier year (2022) is used.
    v = compute(world.commune_a.id, Period(date(2023, 1, 1), date(2023, 6, 30)))
    assert v["members.total"] == 6  # + m4 (joined 1/1/2023) − m7 (left 5/1/2023)
    assert v["members.women_18plus"] == 15
    assert v["members.admitted"] == 1
    assert v["members.left_withdrew"] == 1
    early = compute(world.commune_a.id, Period(date(2020, 1, 1), date(2020, 12, 31)))
    assert early["members.women_18plus"] is None and early["members.gathering_rate"] is None


def test_core_and_regular_attendance_count_what_was_true_on_the_as_of_date(world):
    from dataclasses import fields

    from webapp.members.services.members import MemberData, update_member

    hoa = make_member(world.branch_a1, "Lê Thị Hoa", is_core=True, attends_regularly=False)
    make_member(world.branch_a1, "Lê Thị Lan", is_core=True, attends_regularly=True)

    def edit(today: date, **changes) -> None:
        data = MemberData(**{f.name: getattr(hoa, f.name) for f in fields(MemberData)})
        for name, value in changes.items():
            setattr(data, name, value)
        update_member(hoa, data, hoa.version, world.staff_a, today=today)
        db.session.commit()

    edit(date(2023, 6, 1), is_core=False, attends_regularly=True)
    edit(date(2024, 3, 1), is_core=True)  # core again: two flips of the same flag

    def at(day: date) -> tuple[int, int]:
        v = compute(world.commune_a.id, Period(date(day.year, 1, 1), day))
        return v["members.core"], v["members.regular"]

    assert at(date(2023, 5, 31)) == (2, 1)
    assert at(date(2023, 6, 1)) == (1, 2)
    assert at(date(2024, 2, 29)) == (1, 2)
    assert at(date(2024, 3, 1)) == (2, 2)


def test_cadre_figures(world):
    ca, a1, a2 = world.commune_a, world.branch_a1, world.branch_a2
    P, T = CadrePosition, PoliticalTheory
    c1 = make_cadre(
        ca, "Chủ Tịch", P.CHAIR, in_btv=True, education_grade=12, political_theory=T.INTERMEDIATE
    )
    c2 = make_cadre(ca, "Ủy Viên", P.COMMITTEE, education_grade=9, political_theory=T.BASIC)
    c3 = make_cadre(a1, "Trưởng Một", P.BRANCH_HEAD, in_bch=True, education_grade=12)
    c4 = make_cadre(a2, "Trưởng Hai", P.BRANCH_HEAD, education_grade=9)
    c5 = make_cadre(a1, "Phó Một", P.BRANCH_DEPUTY, education_grade=12)
    c6 = make_cadre(ca, "Đã Thôi", P.COMMITTEE, education_grade=12, ended_on=date(2022, 12, 31))
    make_cadre(ca, "Chưa Nhận", P.COMMITTEE, education_grade=12, started_on=date(2023, 1, 1))
    _trash(make_cadre(ca, "Nhập Nhầm", P.COMMITTEE, education_grade=12))
    make_cadre(world.commune_b, "Xã Khác", P.CHAIR, education_grade=12)
    make_training(c1, date(2022, 1, 1))
    make_training(c2, date(2022, 12, 31))
    make_training(c3, date(2021, 12, 31))
    make_training(c4, date(2023, 1, 1))
    _trash(make_training(c5, date(2022, 6, 1)))
    make_training(c6, date(2022, 6, 1))

    v = compute(ca.id, YEAR_2022)
    assert v["cadres.bch_total"] == 3  # c1 c2 c3
    assert v["cadres.bch_grade12"] == 2  # c1 c3
    assert v["cadres.bch_theory_basic_plus"] == 2  # c1 c2
    assert v["cadres.btv_total"] == 1
    assert v["cadres.branch_heads_total"] == 2
    assert v["cadres.branch_heads_grade12"] == 1
    assert v["cadres.branch_deputies_total"] == 1
    assert v["cadres.chair_standard"] == 1
    assert v["cadres.trainable"] == 5  # c1…c5, each once
    assert v["cadres.trained"] == 2  # c1 (first day), c2 (last day)


def test_insurance_figures(world):
    a1, K = world.branch_a1, InsuranceKind
    make_policy(a1, K.BHYT, date(2020, 5, 1))
    make_policy(a1, K.BHYT, date(2022, 1, 1))
    make_policy(a1, K.BHYT, date(2022, 12, 31))
    make_policy(a1, K.BHYT, date(2023, 1, 1))
    make_policy(a1, K.BHYT, date(2020, 1, 1), ended_on=date(2022, 12, 31))
    make_policy(a1, K.BHYT, date(2020, 1, 1), ended_on=date(2023, 2, 1))
    _trash(make_policy(a1, K.BHYT, date(2022, 6, 1)))
    make_policy(world.branch_b1, K.BHYT, date(2022, 6, 1))
    make_policy(a1, K.BHXH, date(2022, 6, 1))
    make_policy(a1, K.BHXH, date(2019, 1, 1), ended_on=date(2021, 1, 1))

    v = compute(world.commune_a.id, YEAR_2022)
    assert v["insurance.bhyt_kept"] == 4
    assert v["insurance.bhyt_new"] == 2
    assert v["insurance.bhxh_kept"] == 1
    assert v["insurance.bhxh_new"] == 1
    assert v["insurance.new_total"] == 3


def test_party_figures(world):
    a1 = world.branch_a1
    member = make_member(a1, "Ưu Tú")
    admitted = ReferralOutcome.ADMITTED
    make_referral(member, date(2022, 1, 1), outcome=admitted, decided_on=date(2022, 12, 31))
    make_referral(member, date(2021, 12, 31), outcome=admitted, decided_on=date(2022, 3, 1))
    make_referral(member, date(2022, 6, 1))
    make_referral(member, date(2023, 1, 1))
    _trash(make_referral(member, date(2022, 6, 1)))
    make_referral(make_member(world.branch_b1, "Xã Khác"), date(2022, 6, 1))

    v = compute(world.commune_a.id, YEAR_2022)
    assert v["party.referrals"] == 2
    assert v["party.admitted"] == 2


def test_an_empty_unit_gives_zeros_and_no_ratios(world):
    v = compute(world.branch_a2.id, YEAR_2022)
    assert v["members.total"] == 0
    assert v["members.core_share"] is None
    assert v["members.gathering_rate"] is None
    assert v.formatted["members.core_share"] == ""
