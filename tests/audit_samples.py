"""One sample per audited area, for the audit-trail test (tests/test_audit.py).

Each sample makes a record of commune A with that area's factories and returns it with a change
to apply. A new area (a model whose ``__audit_area__`` has no sample here) fails
test_every_area_has_an_audit_sample until one is added.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

Sample = Callable[[Any], tuple[object, Callable[[object], None]]]


def _units(w: Any):
    from tests.factories import make_unit
    from webapp.models import UnitKind

    return make_unit("Thôn Mới", UnitKind.BRANCH, w.commune_a), lambda u: setattr(
        u, "name", "Thôn Mới 2"
    )


def _accounts(w: Any):
    from tests.factories import make_user
    from webapp.models import Role

    return make_user(Role.STAFF, w.commune_a, "moi"), lambda u: setattr(u, "full_name", "Tên mới")


def _reports(w: Any):
    from tests.reports.factories import make_draft

    return make_draft(w.commune_a), lambda d: setattr(d, "title", "Tiêu đề mới")


def _members(w: Any):
    from tests.members.factories import make_member

    return make_member(w.branch_a1, "Trần Thị Mẫu"), lambda m: setattr(m, "phone", "0912345678")


def _cadres(w: Any):
    from tests.members.factories import make_cadre

    return make_cadre(w.commune_a), lambda c: setattr(c, "education_grade", 12)


def _loans(w: Any):
    from tests.loans import factories as f

    bank = f.make_bank(w.commune_a)
    household = f.make_household(w.branch_a1, f.make_group(w.branch_a1, bank))
    loan = f.make_loan(household, f.make_programme(bank))
    return loan, lambda loan: setattr(loan, "purpose", "Trồng rau")


def _charity(w: Any):
    from tests.charity.factories import make_gift

    return make_gift(w.branch_a1, date(2023, 7, 27)), lambda g: setattr(g, "value_vnd", 350_000)


def _activities(w: Any):
    from tests.activities.factories import make_activity

    return make_activity(w.branch_a1), lambda a: setattr(a, "participants", 40)


def _targets(w: Any):
    from tests.activities.factories import make_target, make_term

    target = make_target(make_term(w.commune_a), "Kết nạp hội viên", "30")
    return target, lambda t: setattr(t, "short_name", "Chỉ tiêu đã sửa")


def _privacy(w: Any):
    from tests.members.factories import make_member
    from webapp.extensions import db
    from webapp.models.privacy import DataSubjectRequest, RequestKind

    member = make_member(w.branch_a1, "Trần Thị Mẫu")
    request = DataSubjectRequest(
        unit_id=member.unit_id,
        member_id=member.id,
        requester_name="Trần Thị Mẫu",
        kind=RequestKind.ACCESS,
        received_on=date(2026, 1, 5),
        due_on=date(2026, 1, 8),
    )
    db.session.add(request)
    db.session.commit()
    return request, lambda r: setattr(r, "answer", "Đã gửi bản sao dữ liệu")


SAMPLES: dict[str, Sample] = {
    "units": _units,
    "accounts": _accounts,
    "reports": _reports,
    "members": _members,
    "cadres": _cadres,
    "loans": _loans,
    "charity": _charity,
    "activities": _activities,
    "targets": _targets,
    "privacy": _privacy,
}
