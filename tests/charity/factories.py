"""Factories of the charity area: saved rows with sensible defaults."""

from __future__ import annotations

from datetime import date

from webapp.extensions import db
from webapp.models.charity import (
    Beneficiary,
    BeneficiaryCategory,
    Distribution,
    EntryDirection,
    EntryKind,
    Fund,
    FundEntry,
    FundKind,
    Gift,
    GiftKind,
    GiftSource,
    Occasion,
    ReceivedSupport,
    SponsorKind,
    Sponsorship,
    SponsorshipPayment,
)
from webapp.text import search_key


def _save(row):
    db.session.add(row)
    db.session.commit()
    return row


def make_fund(unit, name="Quỹ khuyến học", kind=FundKind.MONEY, measure=None, **fields) -> Fund:
    return _save(
        Fund(
            unit_id=unit.id,
            name=name,
            search_key=search_key(name),
            kind=kind,
            measure=measure or ("đồng" if kind is FundKind.MONEY else "kg"),
            purpose=fields.pop("purpose", ""),
            **fields,
        )
    )


def make_entry(
    fund: Fund,
    on: date,
    amount: int,
    direction=EntryDirection.IN,
    kind: EntryKind | None = None,
    **fields,
) -> FundEntry:
    kind = kind or (EntryKind.DONATION if direction is EntryDirection.IN else EntryKind.EXPENSE)
    return _save(
        FundEntry(
            unit_id=fund.unit_id,
            fund_id=fund.id,
            entry_date=on,
            direction=direction,
            kind=kind,
            amount=amount,
            **fields,
        )
    )


def make_beneficiary(
    unit, full_name="Nguyễn Thị Huế", category=BeneficiaryCategory.POOR_WOMAN, **fields
) -> Beneficiary:
    return _save(
        Beneficiary(
            unit_id=unit.id,
            full_name=full_name,
            search_key=search_key(full_name),
            category=category,
            **fields,
        )
    )


def make_gift(
    unit,
    on: date,
    kind=GiftKind.PARCEL,
    quantity=1,
    value_vnd=300_000,
    beneficiary: Beneficiary | None = None,
    fund: Fund | None = None,
    occasion=Occasion.TET,
    category: BeneficiaryCategory | None = None,
    **fields,
) -> Gift:
    return _save(
        Gift(
            unit_id=unit.id,
            given_on=on,
            occasion=occasion,
            kind=kind,
            beneficiary_id=beneficiary.id if beneficiary else None,
            recipient_label="" if beneficiary else fields.pop("recipient_label", "Nhóm hộ nghèo"),
            category=category
            or (beneficiary.category if beneficiary else BeneficiaryCategory.OTHER),
            quantity=quantity,
            measure=fields.pop("measure", kind.default_measure),
            value_vnd=value_vnd,
            source=GiftSource.FUND if fund else fields.pop("source", GiftSource.SPONSOR),
            fund_id=fund.id if fund else None,
            **fields,
        )
    )


def make_distribution(unit, on: date, title="Tặng quà 27/7") -> Distribution:
    return _save(Distribution(unit_id=unit.id, given_on=on, title=title))


def make_sponsorship(
    unit,
    child: Beneficiary,
    start: date,
    months=36,
    monthly_vnd=500_000,
    sponsor_kind=SponsorKind.PERSON,
    **fields,
) -> Sponsorship:
    from webapp.charity.services.sponsorships import end_for

    return _save(
        Sponsorship(
            unit_id=unit.id,
            child_id=child.id,
            sponsor_kind=sponsor_kind,
            sponsor_name=fields.pop("sponsor_name", "Bà Trần Thị Minh"),
            monthly_vnd=monthly_vnd,
            start_on=start,
            months=months,
            end_on=end_for(start, months),
            **fields,
        )
    )


def make_payment(s: Sponsorship, on: date, amount=500_000, fund: Fund | None = None):
    return _save(
        SponsorshipPayment(
            unit_id=s.unit_id,
            sponsorship_id=s.id,
            paid_on=on,
            amount_vnd=amount,
            fund_id=fund.id if fund else None,
        )
    )


def make_support(unit, on: date, value_vnd=1_500_000, **fields) -> ReceivedSupport:
    return _save(
        ReceivedSupport(
            unit_id=unit.id,
            received_on=on,
            donor=fields.pop("donor", "Nhà hảo tâm"),
            description=fields.pop("description", "Ghế đá"),
            quantity=fields.pop("quantity", 3),
            measure=fields.pop("measure", "chiếc"),
            value_vnd=value_vnd,
            **fields,
        )
    )
