"""What the other registers hold about one member (for her detail page)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from webapp.extensions import db
from webapp.models.cadres import Cadre
from webapp.models.members import DuesPayment, InsurancePolicy, Member, PartyReferral


@dataclass
class MemberRegisters:
    dues: list[DuesPayment]
    insurance: list[InsurancePolicy]
    referrals: list[PartyReferral]
    cadre_roles: list[Cadre]


def member_registers(member: Member) -> MemberRegisters:
    """Her dues by year (newest first), insurance cards/books, Party referrals, cadre roles."""

    def rows(stmt):
        return list(db.session.scalars(stmt))

    return MemberRegisters(
        dues=rows(
            select(DuesPayment)
            .where(DuesPayment.member_id == member.id)
            .order_by(DuesPayment.year.desc())
        ),
        insurance=rows(
            select(InsurancePolicy)
            .where(InsurancePolicy.member_id == member.id)
            .order_by(InsurancePolicy.started_on.desc())
        ),
        referrals=rows(
            select(PartyReferral)
            .where(PartyReferral.member_id == member.id)
            .order_by(PartyReferral.referred_on.desc())
        ),
        cadre_roles=rows(
            select(Cadre).where(Cadre.member_id == member.id).order_by(Cadre.started_on.desc())
        ),
    )
