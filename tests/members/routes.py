"""Routes of the members area for the authorization matrix (see tests/routes.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any


def _member(w: Any) -> dict:
    from tests.members.factories import make_member

    return {"member_id": make_member(w.branch_a1, "Đỗ Thị Quyên").id}


def _trashed_member(w: Any) -> dict:
    from tests.members.factories import make_member
    from webapp.extensions import db
    from webapp.trash import move_to_trash

    member = make_member(w.branch_a1, "Vũ Thị Sen")
    move_to_trash(member)
    db.session.commit()
    return {"member_id": member.id}


def _cadre(w: Any) -> dict:
    from tests.members.factories import make_cadre

    return {"cadre_id": make_cadre(w.commune_a).id}


def _policy(w: Any) -> dict:
    from tests.members.factories import make_policy
    from webapp.models.members import InsuranceKind

    return {"policy_id": make_policy(w.branch_a1, InsuranceKind.BHYT, date(2022, 1, 1)).id}


def _referral(w: Any) -> dict:
    from tests.members.factories import make_member, make_referral

    return {"referral_id": make_referral(make_member(w.branch_a1), date(2022, 5, 1)).id}


# endpoint → world → URL arguments of a record of commune A (outside commune B's scope)
RECORD_ARGS: dict[str, Callable[[Any], dict]] = {
    "members.show": _member,
    "members.card": _member,
    "members.edit": _member,
    "members.leave": _member,
    "members.rejoin": _member,
    "members.trash": _member,
    "members.restore": _trashed_member,
    "members.cadre_edit": _cadre,
    "members.cadre_trash": _cadre,
    "members.insurance_end": _policy,
    "members.insurance_trash": _policy,
    "members.party_decide": _referral,
}
