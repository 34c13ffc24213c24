"""A distribution recorded by the value of the whole batch, which need not divide evenly."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.charity import factories as f
from webapp.charity.services.gifts import DistributionData, GiftData, create_distribution
from webapp.extensions import db
from webapp.indicators import Period, compute
from webapp.models.charity import BeneficiaryCategory, Gift, GiftKind, GiftSource, Occasion
from webapp.refusals import RecordError


def _batch(world, total: int | None, names: list[str], value: int | None = None):
    gift = GiftData(
        unit_id=world.commune_a.id,
        given_on=date(2023, 7, 27),
        occasion=Occasion.MARTYRS_27_7,
        kind=GiftKind.CASH,
        quantity=1,
        value_vnd=value,
        source=GiftSource.SPONSOR,
        category=BeneficiaryCategory.POOR_WOMAN,
    )
    data = DistributionData("Hỗ trợ 27/7", gift, new_names=names, total_value_vnd=total)
    return create_distribution(data, world.staff_a)


def test_ten_million_for_three_people_is_recorded_to_the_dong(app, world):
    dist = _batch(world, 10_000_000, ["Lê Thị Một", "Lê Thị Hai", "Lê Thị Ba"])
    db.session.commit()
    values = sorted(
        db.session.scalars(select(Gift.value_vnd).where(Gift.distribution_id == dist.id))
    )
    assert values == [3_333_333, 3_333_333, 3_333_334]
    raw = compute(world.commune_a.id, Period(date(2023, 1, 1), date(2023, 12, 31))).raw
    assert raw["charity.cash_value_vnd"] == 10_000_000  # the batch's value, exactly
    assert raw["charity.beneficiaries_reached"] == 3


def test_a_group_gift_counts_its_parcels_and_names_no_one(app, world):
    f.make_gift(world.commune_a, date(2023, 2, 1), GiftKind.PARCEL, quantity=495)
    raw = compute(world.commune_a.id, Period(date(2023, 1, 1), date(2023, 12, 31))).raw
    assert raw["charity.parcels"] == 495 and raw["charity.gifts_count"] == 1
    assert raw["charity.group_gifts_count"] == 1 and raw["charity.beneficiaries_reached"] == 0


def test_a_total_below_one_dong_each_is_refused(app, world):
    with pytest.raises(RecordError) as refused:
        _batch(world, 2, ["Lê Thị Một", "Lê Thị Hai", "Lê Thị Ba"])
    assert refused.value.field == "total_value_vnd"
    db.session.rollback()
    assert db.session.scalar(select(Gift.id)) is None
