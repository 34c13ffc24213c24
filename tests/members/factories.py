"""Factories of the members area: saved rows with sensible defaults."""

from __future__ import annotations

from datetime import date

from webapp.extensions import db
from webapp.members.services.members import sort_key_of
from webapp.models.cadres import Cadre, CadrePosition, CadreTraining, PoliticalTheory, TrainingKind
from webapp.models.members import (
    DuesPayment,
    Gender,
    InsuranceKind,
    InsurancePolicy,
    Member,
    PartyReferral,
    ReferralOutcome,
    WomenPopulation,
)
from webapp.text import search_key


def make_member(unit, full_name: str = "Nguyễn Thị Hoa", **fields) -> Member:
    fields.setdefault("birth_year", 1980)
    fields.setdefault("joined_on", date(2015, 3, 8))
    member = Member(
        unit_id=unit.id,
        full_name=full_name,
        search_key=search_key(full_name),
        sort_key=sort_key_of(full_name),
        gender=fields.pop("gender", Gender.FEMALE),
        **fields,
    )
    db.session.add(member)
    db.session.commit()
    return member


def make_dues(member: Member, year: int, paid: bool = True, amount: int = 12_000) -> DuesPayment:
    row = DuesPayment(
        unit_id=member.unit_id, member_id=member.id, year=year, paid=paid, amount=amount
    )
    db.session.add(row)
    db.session.commit()
    return row


def make_population(unit, year: int, women: int) -> WomenPopulation:
    row = WomenPopulation(unit_id=unit.id, year=year, women_18plus=women)
    db.session.add(row)
    db.session.commit()
    return row


def make_cadre(
    unit,
    full_name: str = "Trần Thị Lan",
    position: CadrePosition = CadrePosition.COMMITTEE,
    **fields,
) -> Cadre:
    fields.setdefault("started_on", date(2021, 3, 18))
    fields.setdefault(
        "in_bch",
        position in (CadrePosition.CHAIR, CadrePosition.VICE_CHAIR, CadrePosition.COMMITTEE),
    )
    fields.setdefault("political_theory", PoliticalTheory.NONE)
    cadre = Cadre(
        unit_id=unit.id,
        full_name=full_name,
        search_key=search_key(full_name),
        position=position,
        **fields,
    )
    db.session.add(cadre)
    db.session.commit()
    return cadre


def make_training(cadre: Cadre, attended_on: date, title: str = "Chuyên đề") -> CadreTraining:
    row = CadreTraining(
        unit_id=cadre.unit_id,
        cadre_id=cadre.id,
        title=title,
        kind=TrainingKind.TOPIC_STUDY,
        attended_on=attended_on,
    )
    db.session.add(row)
    db.session.commit()
    return row


def make_policy(
    unit, kind: InsuranceKind, started_on: date, ended_on: date | None = None, **fields
) -> InsurancePolicy:
    name = fields.pop("holder_name", "Lê Thị Mai")
    row = InsurancePolicy(
        unit_id=unit.id,
        kind=kind,
        holder_name=name,
        search_key=search_key(name),
        started_on=started_on,
        ended_on=ended_on,
        **fields,
    )
    db.session.add(row)
    db.session.commit()
    return row


def make_referral(member: Member, referred_on: date, **fields) -> PartyReferral:
    fields.setdefault("outcome", ReferralOutcome.PENDING)
    row = PartyReferral(
        unit_id=member.unit_id, member_id=member.id, referred_on=referred_on, **fields
    )
    db.session.add(row)
    db.session.commit()
    return row
