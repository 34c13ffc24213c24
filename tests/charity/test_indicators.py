"""Charity indicators over hand-counted records: inside, before and after the period, on its
first and last day, in the other commune, and in the trash. Then the demo through the CLI."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.charity import factories as f
from webapp.extensions import db
from webapp.indicators import Period, compute
from webapp.models.charity import (
    BeneficiaryCategory,
    EntryDirection,
    FundKind,
    GiftKind,
    Occasion,
    SponsorKind,
)
from webapp.trash import move_to_trash

START, END = date(2022, 1, 1), date(2022, 12, 31)
C = BeneficiaryCategory


def _values(unit, start=START, end=END, as_of=None):
    return compute(unit.id, Period(start, end, as_of)).raw


def _trash(row):
    move_to_trash(row)
    db.session.commit()


@pytest.fixture()
def gifts(world):
    w = world
    poor = f.make_beneficiary(w.branch_a1, "Nguyễn Thị Hoa")
    pupil = f.make_beneficiary(w.branch_a2, "Lê Minh An", C.PUPIL)
    fund = f.make_fund(w.commune_a)
    f.make_entry(fund, date(2021, 12, 1), 10_000_000)
    # Counted: first day, last day, a branch of the subtree.
    f.make_gift(
        w.commune_a,
        START,
        GiftKind.PARCEL,
        20,
        6_000_000,
        occasion=Occasion.TET,
        category=C.POOR_WOMAN,
    )
    f.make_gift(
        w.branch_a1,
        END,
        GiftKind.PARCEL,
        15,
        3_000_000,
        beneficiary=poor,
        occasion=Occasion.MARTYRS_27_7,
    )
    f.make_gift(w.commune_a, date(2022, 3, 1), GiftKind.RICE, 120, 1_200_000, beneficiary=poor)
    f.make_gift(
        w.commune_a,
        date(2022, 9, 5),
        GiftKind.SCHOLARSHIP,
        1,
        700_000,
        beneficiary=pupil,
        fund=fund,
        occasion=Occasion.SCHOOL_YEAR,
    )
    f.make_gift(w.commune_a, date(2022, 6, 10), GiftKind.WATER_TANK, 1, 2_000_000, beneficiary=poor)
    f.make_gift(
        w.commune_a,
        date(2022, 12, 20),
        GiftKind.HOUSE,
        1,
        40_000_000,
        category=C.DISABLED,
        occasion=Occasion.OTHER,
    )
    # Not counted: the day before, the day after, the other commune, the trash.
    f.make_gift(w.commune_a, date(2021, 12, 31), GiftKind.PARCEL, 5, 1_000_000)
    f.make_gift(w.commune_a, date(2023, 1, 1), GiftKind.PARCEL, 5, 1_000_000)
    f.make_gift(w.commune_b, date(2022, 5, 5), GiftKind.PARCEL, 7, 1_400_000)
    _trash(f.make_gift(w.commune_a, date(2022, 5, 5), GiftKind.PARCEL, 9, 9_000_000))
    return w


def test_gift_indicators_count_the_period_and_subtree_only(gifts):
    v = _values(gifts.commune_a)
    assert v["charity.gifts_count"] == 6
    assert v["charity.gifts_value_vnd"] == 52_900_000
    assert v["charity.parcels"] == 35
    assert v["charity.parcels_value_vnd"] == 9_000_000
    assert v["charity.rice_kg"] == 120
    assert v["charity.rice_value_vnd"] == 1_200_000
    assert v["charity.rice_parcels_value_vnd"] == 10_200_000
    assert v["charity.water_tanks"] == 1
    assert v["charity.water_tanks_value_vnd"] == 2_000_000
    assert v["charity.houses_count"] == 1
    assert v["charity.houses_value_vnd"] == 40_000_000
    assert v["charity.scholarships_count"] == 1
    assert v["charity.scholarships_value_vnd"] == 700_000
    assert v["charity.gifts_tet_count"] == 3  # parcels on 1/1, rice, tank (default Tết)
    assert v["charity.gifts_27_7_count"] == 1
    assert v["charity.gifts_27_7_value_vnd"] == 3_000_000
    assert v["charity.gifts_to_poor_woman_count"] == 4
    assert v["charity.gifts_to_pupil_value_vnd"] == 700_000
    assert v["charity.beneficiaries_reached"] == 2


def test_a_branch_sees_only_its_own_gifts(gifts):
    v = _values(gifts.branch_a1)
    assert v["charity.gifts_count"] == 1
    assert v["charity.parcels"] == 15


def test_support_received(world):
    w = world
    f.make_support(w.commune_a, START, 2_000_000)
    f.make_support(w.branch_a1, END, 1_500_000)
    f.make_support(w.commune_a, date(2021, 12, 31), 9_000_000)
    f.make_support(w.commune_a, date(2023, 1, 1), 9_000_000)
    f.make_support(w.commune_b, date(2022, 5, 1), 9_000_000)
    _trash(f.make_support(w.commune_a, date(2022, 5, 1), 9_000_000))
    v = _values(w.commune_a)
    assert v["charity.support_received_value_vnd"] == 3_500_000
    assert v["charity.support_received_count"] == 2


def test_sponsorship_indicators(world):
    w = world
    orphans = [
        f.make_beneficiary(w.branch_a1, f"Trẻ {i}", C.ORPHAN, surveyed_on=on)
        for i, on in enumerate([START, END, date(2022, 6, 1), date(2021, 12, 31), date(2023, 1, 1)])
    ]
    single = f.make_beneficiary(
        w.branch_a2, "Con mẹ đơn thân", C.SINGLE_MOTHER_CHILD, surveyed_on=date(2022, 4, 1)
    )
    _trash(f.make_beneficiary(w.branch_a1, "Đã xoá", C.ORPHAN, surveyed_on=date(2022, 4, 1)))
    f.make_beneficiary(w.branch_b1, "Xã khác", C.ORPHAN, surveyed_on=date(2022, 4, 1))
    # Running in 2022: ends on the first day; starts on the last day; union-funded 36 months.
    s1 = f.make_sponsorship(w.commune_a, orphans[0], date(2019, 1, 1), months=36)  # ends 31/12/2021
    s2 = f.make_sponsorship(w.commune_a, orphans[1], date(2019, 1, 2), months=36)  # ends 1/1/2022
    s3 = f.make_sponsorship(w.commune_a, orphans[2], END, months=60, monthly_vnd=600_000)
    s4 = f.make_sponsorship(
        w.commune_a,
        single,
        date(2022, 3, 1),
        months=36,
        sponsor_kind=SponsorKind.UNION,
        sponsor_name="Hội LHPN xã",
    )
    f.make_sponsorship(w.commune_a, orphans[3], date(2023, 1, 1), months=48)  # after
    _trash(f.make_sponsorship(w.commune_a, orphans[4], date(2022, 1, 1), months=12))
    for s, on in (
        (s1, date(2021, 12, 1)),
        (s2, START),
        (s4, date(2022, 3, 1)),
        (s4, END),
        (s4, date(2023, 1, 1)),
    ):
        f.make_payment(s, on)
    _trash(f.make_payment(s4, date(2022, 4, 1)))
    v = _values(w.commune_a)
    assert v["sponsorship.orphans_surveyed"] == 3
    assert v["sponsorship.single_mother_children_surveyed"] == 1
    assert v["sponsorship.children_sponsored"] == 3  # s2, s3, s4
    assert v["sponsorship.sponsorships_count"] == 3
    assert v["sponsorship.monthly_vnd"] == 533_333  # (500k + 600k + 500k) / 3
    assert v["sponsorship.monthly_total_vnd"] == 1_100_000  # at 31/12: s3 and s4
    assert v["sponsorship.committed_vnd"] == 18_000_000 + 36_000_000 + 18_000_000
    assert v["sponsorship.min_years"] == 3
    assert v["sponsorship.max_years"] == 5
    assert v["sponsorship.union_funded"] == 1
    assert v["sponsorship.paid_vnd"] == 1_500_000
    assert s3.end_on == date(2027, 12, 30)


def test_fund_indicators_balance_at_the_as_of_date(world):
    w = world
    money = f.make_fund(w.commune_a, "Quỹ Hội")
    rice = f.make_fund(w.commune_a, "Hũ gạo tình thương", FundKind.GOODS, "kg")
    other = f.make_fund(w.commune_b, "Quỹ xã khác")
    f.make_entry(money, date(2021, 12, 31), 5_000_000)  # before: balance only
    f.make_entry(money, START, 3_000_000)
    f.make_entry(money, END, 1_000_000)
    f.make_entry(money, date(2022, 5, 1), 500_000, EntryDirection.OUT)
    f.make_entry(money, date(2023, 1, 1), 7_000_000)  # after
    _trash(f.make_entry(money, date(2022, 5, 1), 4_000_000))
    f.make_gift(w.commune_a, date(2022, 7, 27), GiftKind.PARCEL, 10, 2_000_000, fund=money)
    f.make_entry(other, date(2022, 5, 1), 99_000_000)
    f.make_entry(rice, date(2022, 2, 1), 100)
    f.make_gift(w.commune_a, date(2022, 2, 2), GiftKind.RICE, 30, 300_000, fund=rice)
    child = f.make_beneficiary(w.branch_a1, "Cháu An", C.ORPHAN)
    s = f.make_sponsorship(w.commune_a, child, date(2022, 1, 1), sponsor_kind=SponsorKind.UNION)
    f.make_payment(s, date(2022, 8, 1), 500_000, fund=money)
    v = _values(w.commune_a)
    assert (
        v["funds.balance_vnd"] == 5_000_000 + 3_000_000 + 1_000_000 - 500_000 - 2_000_000 - 500_000
    )
    assert v["funds.inflow_vnd"] == 4_000_000
    assert v["funds.outflow_vnd"] == 3_000_000
    assert v["funds.rice_balance_kg"] == 70
    assert v["funds.rice_inflow_kg"] == 100
    assert v["funds.rice_outflow_kg"] == 30
    mid = _values(w.commune_a, as_of=date(2022, 6, 30))
    assert mid["funds.balance_vnd"] == 5_000_000 + 3_000_000 - 500_000


def test_a_transfer_inside_the_subtree_is_neither_income_nor_spending(app, world):
    from webapp.charity.services.transfers import TransferData, create_transfer

    w = world
    commune_fund = f.make_fund(w.commune_a, "Quỹ Hội")
    branch_fund = f.make_fund(w.branch_a1, "Quỹ chi hội")
    f.make_entry(commune_fund, date(2022, 3, 1), 5_000_000)
    create_transfer(
        TransferData(commune_fund.id, branch_fund.id, date(2022, 4, 1), 2_000_000), w.staff_a
    )
    db.session.commit()
    commune = _values(w.commune_a)
    assert commune["funds.inflow_vnd"] == 5_000_000
    assert commune["funds.outflow_vnd"] == 0
    assert commune["funds.balance_vnd"] == 5_000_000
    # Seen from the branch, the money came from outside its subtree: income.
    branch = _values(w.branch_a1)
    assert branch["funds.inflow_vnd"] == 2_000_000
    assert branch["funds.balance_vnd"] == 2_000_000


def test_demo_reproduces_the_seed_report_through_the_cli(app):
    runner = app.test_cli_runner()
    seeded = runner.invoke(args=["seed-demo"])
    assert seeded.exit_code == 0, seeded.output
    out = runner.invoke(
        args=[
            "indicators",
            "--unit",
            "Đức Xương",
            "--from",
            "2021-01-01",
            "--to",
            "2023-10-20",
            "--json",
        ]
    )
    assert out.exit_code == 0, out.output
    v = json.loads(out.output)
    # "Trích quỹ khuyến học 4.000.000 Tặng 6 em học sinh"
    assert v["charity.scholarships_count"] == 6
    assert v["charity.scholarships_value_vnd"] == 4_000_000
    # "Tặng 240 kg gạo và 45 suất quà trị giá 14.800.000 Đ"
    assert v["charity.rice_kg"] == 240
    assert v["charity.parcels"] == 45
    assert v["charity.rice_parcels_value_vnd"] == 14_800_000
    assert v["formatted"]["charity.rice_parcels_value_vnd"] == "14.800.000 đồng"
    # "Tặng 2 téc nước trị giá 4.000.000 đồng"
    assert v["charity.water_tanks"] == 2
    assert v["charity.water_tanks_value_vnd"] == 4_000_000
    # "trao 1 mái ấm tình thương trị giá 40.000.000 đồng"
    assert v["charity.houses_count"] == 1
    assert v["charity.houses_value_vnd"] == 40_000_000
    # "25 cháu mồ côi, 9 cháu là con của mẹ đơn thân … 06 cháu … 500.000 đồng/tháng … 03 năm
    # đến 05 năm (… Hội LHPN xã … 01 cháu trong 3 năm)"
    assert v["sponsorship.orphans_surveyed"] == 25
    assert v["sponsorship.single_mother_children_surveyed"] == 9
    assert v["sponsorship.children_sponsored"] == 6
    assert v["sponsorship.monthly_vnd"] == 500_000
    assert v["sponsorship.min_years"] == 3
    assert v["sponsorship.max_years"] == 5
    assert v["sponsorship.union_funded"] == 1
    # "… trị giá 3.500.000 đồng" received for the cemetery and the village hall
    assert v["charity.support_received_value_vnd"] == 3_500_000
    # Funds, derived from their entries and the gifts and payments paid from them.
    assert v["funds.balance_vnd"] == 20_020_000
    assert v["funds.inflow_vnd"] == 56_120_000
    assert v["funds.outflow_vnd"] == 36_100_000
    assert v["funds.rice_balance_kg"] == 145
    assert v["sponsorship.paid_vnd"] == 62_000_000


def test_demo_funds_never_go_below_zero(app):
    from sqlalchemy import select

    from webapp.charity.services.ledger import check_never_negative
    from webapp.models.charity import Fund

    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    for fund in db.session.scalars(select(Fund)):
        check_never_negative(fund, date(2000, 1, 1), "kiểm tra")
