"""Audit-trail samples of the members area (see tests/audit_samples.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.members import factories as f
from webapp.models import CadrePosition, InsuranceKind


def _member(w: Any):
    return f.make_member(w.branch_a1, "Trần Thị Mẫu"), lambda m: setattr(m, "phone", "0912345678")


def _dues(w: Any):
    return f.make_dues(f.make_member(w.branch_a1), 2023), lambda d: setattr(d, "amount", 24_000)


def _population(w: Any):
    return f.make_population(w.branch_a1, 2023, 300), lambda p: setattr(p, "women_18plus", 310)


def _cadre(w: Any):
    return f.make_cadre(w.commune_a, position=CadrePosition.COMMITTEE), lambda c: setattr(
        c, "education_grade", 12
    )


def _training(w: Any):
    return f.make_training(f.make_cadre(w.commune_a), date(2022, 5, 1)), lambda t: setattr(
        t, "title", "Chuyên đề mới"
    )


def _policy(w: Any):
    return f.make_policy(w.branch_a1, InsuranceKind.BHYT, date(2022, 1, 1)), lambda p: setattr(
        p, "ended_on", date(2023, 1, 1)
    )


def _referral(w: Any):
    return f.make_referral(f.make_member(w.branch_a1), date(2022, 6, 1)), lambda r: setattr(
        r, "note", "Ưu tú"
    )


SAMPLES = {
    "members": _member,
    "dues_payments": _dues,
    "women_population": _population,
    "cadres": _cadre,
    "cadre_trainings": _training,
    "insurance_policies": _policy,
    "party_referrals": _referral,
}
