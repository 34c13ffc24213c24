"""Routes of the charity area for the authorization matrix (see tests/routes.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from tests.charity import factories as f


def _fund(w) -> dict:
    return {"fund_id": f.make_fund(w.commune_a).id}


def _entry(w) -> dict:
    fund = f.make_fund(w.commune_a, "Quỹ Hội")
    return {"entry_id": f.make_entry(fund, date(2023, 1, 5), 1_000_000).id}


def _gift(w) -> dict:
    b = f.make_beneficiary(w.branch_a1)
    return {"gift_id": f.make_gift(w.commune_a, date(2023, 1, 16), beneficiary=b).id}


def _distribution(w) -> dict:
    return {"distribution_id": f.make_distribution(w.commune_a, date(2023, 7, 27)).id}


def _beneficiary(w) -> dict:
    return {"beneficiary_id": f.make_beneficiary(w.branch_a1).id}


def _sponsorship(w) -> dict:
    from webapp.models.charity import BeneficiaryCategory

    child = f.make_beneficiary(w.branch_a1, "Lê Minh An", BeneficiaryCategory.ORPHAN)
    return {"sponsorship_id": f.make_sponsorship(w.commune_a, child, date(2022, 1, 1)).id}


def _payment(w) -> dict:
    from webapp.extensions import db
    from webapp.models.charity import Sponsorship

    s = db.session.get(Sponsorship, _sponsorship(w)["sponsorship_id"])
    return {"payment_id": f.make_payment(s, date(2022, 1, 1)).id}


def _support(w) -> dict:
    return {"support_id": f.make_support(w.branch_a1, date(2023, 3, 15)).id}


# endpoint → world → URL arguments of a record of commune A (outside commune B's scope)
RECORD_ARGS: dict[str, Callable[[Any], dict]] = {
    "charity.gift_edit": _gift,
    "charity.gift_delete": _gift,
    "charity.distribution_show": _distribution,
    "charity.distribution_delete": _distribution,
    "charity.fund_show": _fund,
    "charity.fund_edit": _fund,
    "charity.fund_delete": _fund,
    "charity.entry_add": _fund,
    "charity.transfer_add": _fund,
    "charity.entry_edit": _entry,
    "charity.entry_delete": _entry,
    "charity.beneficiary_show": _beneficiary,
    "charity.beneficiary_edit": _beneficiary,
    "charity.beneficiary_delete": _beneficiary,
    "charity.sponsorship_show": _sponsorship,
    "charity.sponsorship_edit": _sponsorship,
    "charity.sponsorship_delete": _sponsorship,
    "charity.payment_add": _sponsorship,
    "charity.payment_delete": _payment,
    "charity.support_edit": _support,
    "charity.support_delete": _support,
}
