"""Party referrals: outstanding members recommended to the Party, and the outcome."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from webapp.extensions import db
from webapp.formatting import local_today
from webapp.members.services.picker import picked_member
from webapp.members.services.rules import check_not_future
from webapp.models import User
from webapp.models.members import Member, PartyReferral, ReferralOutcome
from webapp.refusals import Problems, RecordError, check_version
from webapp.scope import scoped
from webapp.text import nfc


def referral_list(user: User, outcome: str = "") -> Select:
    """Referrals in scope, newest first; ``outcome`` (a ReferralOutcome value) narrows them."""
    stmt = scoped(select(PartyReferral), PartyReferral.unit_id, user)
    if outcome in {o.value for o in ReferralOutcome}:
        stmt = stmt.where(PartyReferral.outcome == ReferralOutcome(outcome))
    return stmt.options(joinedload(PartyReferral.member), joinedload(PartyReferral.unit)).order_by(
        PartyReferral.referred_on.desc(), PartyReferral.id.desc()
    )


def _check_outcome(
    referred_on: date, outcome: ReferralOutcome, decided_on: date | None, today: date
) -> None:
    if outcome is ReferralOutcome.PENDING:
        if decided_on is not None:
            raise RecordError("decided_on", _("Đang xem xét thì chưa có ngày có kết quả."))
        return
    if decided_on is None:
        raise RecordError("decided_on", _("Vui lòng nhập ngày có kết quả."))
    if decided_on < referred_on:
        raise RecordError("decided_on", _("Ngày có kết quả phải sau ngày giới thiệu."))
    check_not_future(decided_on, "decided_on", _("Ngày có kết quả"), today)


def check_referral(
    member_id: int | None,
    referred_on: date | None,
    outcome: ReferralOutcome,
    decided_on: date | None,
    user: User,
    today: date | None = None,
) -> Member:
    """Every rule of a new referral at once; returns the member recommended."""
    today = today or local_today()
    problems = Problems()
    member = picked_member(user, member_id)
    if member is None:
        problems.add("member_id", _("Không tìm thấy hội viên này trong phạm vi của bạn."))
    if referred_on is None:
        problems.add("referred_on", _("Vui lòng nhập ngày giới thiệu."))
    else:
        problems.check(check_not_future, referred_on, "referred_on", _("Ngày giới thiệu"), today)
        problems.check(_check_outcome, referred_on, outcome, decided_on, today)
    problems.raise_any()
    assert member is not None
    return member


def create_referral(
    member_id: int | None,
    referred_on: date | None,
    outcome: ReferralOutcome,
    decided_on: date | None,
    note: str,
    user: User,
    today: date | None = None,
) -> PartyReferral:
    """Recommend a member (of the user's scope) to the Party."""
    member = check_referral(member_id, referred_on, outcome, decided_on, user, today)
    referral = PartyReferral(
        unit_id=member.unit_id,
        member_id=member.id,
        referred_on=referred_on,
        outcome=outcome,
        decided_on=decided_on,
        note=nfc(note)[:300],
    )
    db.session.add(referral)
    db.session.flush()
    return referral


def decide_referral(
    referral: PartyReferral,
    outcome: ReferralOutcome,
    decided_on: date | None,
    version: int | None,
    today: date | None = None,
) -> None:
    """Record what came of a referral."""
    check_version(referral, version)
    _check_outcome(referral.referred_on, outcome, decided_on, today or local_today())
    referral.outcome = outcome
    referral.decided_on = decided_on
    db.session.flush()
