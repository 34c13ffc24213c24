"""The route registry the authorization test walks.

Every endpoint of the app must be listed here once: public ones in PUBLIC, admin areas in
ADMIN_BLUEPRINTS, and every endpoint whose URL names a record in RECORD_ARGS, with the URL
arguments of a record that lies *outside* the scope of the "outsider" users of the test world
(commune B's staff and admin). A new route that is not registered fails the test.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PUBLIC = {"static", "auth.login", "auth.set_language", "main.healthz"}

ADMIN_BLUEPRINTS = {"accounts", "units", "system", "audit_log"}


def _own_job(world: Any) -> dict:
    from webapp.extensions import db
    from webapp.models import Job

    job = Job(
        kind="system.selftest",
        params={},
        created_by_id=world.staff_a.id,
        unit_id=world.commune_a.id,
        sent_at=None,
    )
    db.session.add(job)
    db.session.commit()
    return {"job_id": job.id}


# endpoint → world → URL arguments of a record of commune A (outside commune B's scope).
# Each area keeps its own entries in tests/<area>/routes.py; they are merged below.
RECORD_ARGS: dict[str, Callable[[Any], dict]] = {
    "auth.set_language": lambda w: {"code": "en"},
    "units.rename": lambda w: {"unit_id": w.branch_a1.id},
    "units.move": lambda w: {"unit_id": w.branch_a1.id},
    "units.retire": lambda w: {"unit_id": w.branch_a1.id},
    "units.row": lambda w: {"unit_id": w.branch_a1.id},
    "accounts.edit": lambda w: {"user_id": w.staff_a.id},
    "accounts.toggle_active": lambda w: {"user_id": w.staff_a.id},
    "accounts.reset": lambda w: {"user_id": w.staff_a.id},
    "jobs.show": _own_job,
    "jobs.retry": _own_job,
}


def _merge_area_routes() -> None:
    from tests.activities import routes as activities
    from tests.charity import routes as charity
    from tests.loans import routes as loans
    from tests.members import routes as members
    from tests.reports import routes as reports

    for area in (members, activities, loans, charity, reports):
        overlap = RECORD_ARGS.keys() & area.RECORD_ARGS.keys()
        assert not overlap, overlap
        RECORD_ARGS.update(area.RECORD_ARGS)


_merge_area_routes()
