"""One sample record per audited table, for the audit-trail test (tests/test_audit.py).

Each entry makes a record of commune A and returns it with a change to apply. A new register
(a RecordMixin model) fails test_every_register_has_an_audit_sample until it is added here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Sample = Callable[[Any], tuple[object, Callable[[object], None]]]


def _unit(world: Any):
    from tests.factories import make_unit
    from webapp.models import UnitKind

    unit = make_unit("Thôn Mới", UnitKind.BRANCH, world.commune_a)
    return unit, lambda u: setattr(u, "name", "Thôn Mới 2")


def _user(world: Any):
    from tests.factories import make_user
    from webapp.models import Role

    user = make_user(Role.STAFF, world.commune_a, "moi")
    return user, lambda u: setattr(u, "full_name", "Tên mới")


def _draft(world: Any):
    from tests.reports.factories import make_draft

    return make_draft(world.commune_a), lambda d: setattr(d, "title", "Tiêu đề mới")


SAMPLES: dict[str, Sample] = {
    "units": _unit,
    "users": _user,
    "report_drafts": _draft,
}


def _merge_area_samples() -> None:
    from tests.members import audit as members

    for area in (members,):
        overlap = SAMPLES.keys() & area.SAMPLES.keys()
        assert not overlap, overlap
        SAMPLES.update(area.SAMPLES)


_merge_area_samples()
