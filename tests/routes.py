"""The route registry the authorization test walks.

Every endpoint of the app must be listed here once: public ones in PUBLIC, admin areas in
ADMIN_BLUEPRINTS, and every endpoint whose URL names a record in RECORD_ARGS, with the URL
arguments of a record that lies *outside* the scope of the "outsider" users of the test world
(commune B's staff and admin). A new route that is not registered fails the test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from tasks.names import SELFTEST

PUBLIC = {"static", "auth.login", "auth.set_language", "main.healthz"}

ADMIN_BLUEPRINTS = {"accounts", "units", "system", "audit_log"}


def _own_job(world: Any) -> dict:
    from webapp.extensions import db
    from webapp.models import Job

    job = Job(
        kind=SELFTEST,
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
    "units.children": lambda w: {"unit_id": w.commune_a.id},
    "accounts.edit": lambda w: {"user_id": w.staff_a.id},
    "accounts.toggle_active": lambda w: {"user_id": w.staff_a.id},
    "accounts.reset": lambda w: {"user_id": w.staff_a.id},
    "jobs.show": _own_job,
    "jobs.retry": _own_job,
    "privacy.member_basis": lambda w: _privacy_member(w),
    "privacy.member_data": lambda w: {**_privacy_member(w), "fmt": "json"},
    "privacy.member_anonymise": lambda w: _privacy_member(w),
    "privacy.request_edit": lambda w: _privacy_request(w),
}


def _privacy_member(w: Any) -> dict:
    from tests.members.factories import make_member

    return {"member_id": make_member(w.branch_a1, "Đinh Thị Riêng").id}


def _privacy_request(w: Any) -> dict:
    from datetime import date

    from webapp.extensions import db
    from webapp.models.privacy import DataSubjectRequest, RequestKind

    request = DataSubjectRequest(
        unit_id=w.commune_a.id,
        requester_name="Đinh Thị Riêng",
        kind=RequestKind.ACCESS,
        received_on=date(2026, 1, 5),
        due_on=date(2026, 1, 8),
    )
    db.session.add(request)
    db.session.commit()
    return {"request_id": request.id}


# A unit-scoped admin (commune B's admin) tries every admin endpoint against units and accounts
# outside their subtree, against the root and against their own scope unit: endpoint → world →
# attempts (method, URL arguments, form data, expectation). "refused": 403/404 or the form shown
# again with an error; "page": the page opens but shows nothing from outside the subtree. Either
# way no unit or account changes. Every admin endpoint must be listed (tests/test_authorization.py).
def _outside_units(w: Any) -> list:
    return [w.branch_a1, w.commune_a, w.district, w.province]


def _outside_accounts(w: Any) -> list:
    return [w.staff_a, w.viewer_district, w.admin]


def _unit_attempts(method: str, data: dict | None = None) -> Callable[[Any], list]:
    return lambda w: [(method, {"unit_id": u.id}, data, "refused") for u in _outside_units(w)]


def _account_attempts(method: str, data: Callable[[Any], dict] | None = None):
    return lambda w: [
        (method, {"user_id": u.id}, data(w) if data else None, "refused")
        for u in _outside_accounts(w)
    ]


def _account(w: Any, role: str, unit: Any, username: str = "quantri_moi") -> dict:
    return {
        "username": username,
        "full_name": "Người mới",
        "role": role,
        "unit_id": str(unit.id) if unit else "",
    }


SCOPED_ADMIN_ATTEMPTS: dict[str, Callable[[Any], list]] = {
    "units.index": lambda w: [("GET", {}, None, "page")],
    "units.create": lambda w: [
        ("POST", {}, {"name": "Tỉnh Mới", "kind": "province", "parent_id": ""}, "refused"),
        ("POST", {}, {"name": "Xã Mới", "kind": "commune", "parent_id": ""}, "refused"),
        (
            "POST",
            {},
            {"name": "Huyện Mới", "kind": "district", "parent_id": w.province.id},
            "refused",
        ),
        ("POST", {}, {"name": "Xã Mới", "kind": "commune", "parent_id": w.district.id}, "refused"),
        ("POST", {}, {"name": "Chi Mới", "kind": "branch", "parent_id": w.commune_a.id}, "refused"),
    ],
    "units.row": _unit_attempts("GET"),
    "units.children": _unit_attempts("GET"),
    "units.rename": lambda w: [
        *_unit_attempts("GET")(w),
        *_unit_attempts("POST", {"name": "Đổi Tên"})(w),
    ],
    "units.move": lambda w: [
        *_unit_attempts("GET")(w),
        *_unit_attempts("POST", {"parent_id": str(w.commune_b.id)})(w),
        *_unit_attempts("POST", {"parent_id": ""})(w),
        # Their own scope unit: to the root, or anywhere, would leave the district's tree.
        ("POST", {"unit_id": w.commune_b.id}, {"parent_id": ""}, "refused"),
        ("POST", {"unit_id": w.branch_b1.id}, {"parent_id": ""}, "refused"),
        ("POST", {"unit_id": w.branch_b1.id}, {"parent_id": str(w.commune_a.id)}, "refused"),
    ],
    "units.retire": lambda w: [
        *_unit_attempts("POST", {"restore": "0"})(w),
        ("POST", {"unit_id": w.commune_b.id}, {"restore": "0"}, "refused"),
    ],
    # Installing a whole province: admins of the whole tree only.
    "units.install_province": lambda w: [
        ("GET", {}, None, "refused"),
        ("POST", {}, {"province_name": "Hà Tĩnh", "province_word": "Tỉnh"}, "refused"),
    ],
    "units.merge": lambda w: [
        ("GET", {}, None, "page"),
        *(
            ("POST", {}, {"step": "confirm", "on": "2025-07-01", **plan}, "refused")
            for plan in (
                # Communes outside, a successor outside, a new commune under the district.
                {"communes": [w.commune_a.id, w.commune_b.id], "into": "", "new_name": "Mới"},
                {"communes": [w.commune_b.id], "into": w.commune_a.id},
                {"communes": [w.commune_b.id], "new_name": "Mới", "new_parent": w.district.id},
            )
        ),
    ],
    "accounts.index": lambda w: [("GET", {}, None, "page")],
    "accounts.create": lambda w: [
        ("GET", {}, None, "page"),
        ("POST", {}, _account(w, "admin", None), "refused"),
        ("POST", {}, _account(w, "admin", w.district), "refused"),
        ("POST", {}, _account(w, "staff", w.commune_a), "refused"),
        ("POST", {}, _account(w, "viewer", w.province), "refused"),
    ],
    "accounts.edit": lambda w: [
        *_account_attempts("GET")(w),
        *_account_attempts("POST", lambda w: _account(w, "admin", w.commune_b, "doi_ten"))(w),
        # Accounts they do manage, raised to the root or above their subtree; themselves too.
        ("POST", {"user_id": w.staff_b.id}, _account(w, "admin", None, "canbo_b"), "refused"),
        ("POST", {"user_id": w.staff_b.id}, _account(w, "admin", w.district, "canbo_b"), "refused"),
        ("POST", {"user_id": w.admin_b.id}, _account(w, "admin", None, "admin_b"), "refused"),
        ("POST", {"user_id": w.admin_b.id}, _account(w, "admin", w.province, "admin_b"), "refused"),
    ],
    "accounts.toggle_active": _account_attempts("POST", lambda w: {"active": "0"}),
    "accounts.reset": _account_attempts("POST"),
    "system.health": lambda w: [("GET", {}, None, "page")],
    "system.selftest": lambda w: [("POST", {}, None, "page")],
    "system.backup_page": lambda w: [("GET", {}, None, "refused")],
    "system.backup_download": lambda w: [("GET", {}, None, "refused")],
    "system.backup_restore": lambda w: [("POST", {}, None, "refused")],
    "audit_log.index": lambda w: [
        ("GET", {"unit_id": w.commune_a.id}, None, "page"),
        ("GET", {"user_id": w.staff_a.id}, None, "page"),
        ("GET", {"unit_id": w.province.id, "area": "units"}, None, "page"),
    ],
    "audit_log.export": lambda w: [
        ("GET", {}, None, "page"),
        ("GET", {"unit_id": w.commune_a.id}, None, "page"),
    ],
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


def html_pages(
    app: Any, client: Any, world: Any, skip: Callable[[str], bool] = lambda endpoint: False
) -> Iterator[tuple[str, str]]:
    """(url, body) of every GET page of the registry ``client`` opens with 200 and HTML, with
    the URL arguments of RECORD_ARGS; endpoints for which ``skip(endpoint)`` is true are left
    out (as are public ones and those with arguments no record gives)."""
    from flask import url_for

    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if rule.endpoint in PUBLIC or "GET" not in (rule.methods or ()) or skip(rule.endpoint):
            continue
        if rule.arguments and rule.endpoint not in RECORD_ARGS:
            continue
        args = RECORD_ARGS[rule.endpoint](world) if rule.arguments else {}
        with app.test_request_context():
            url = url_for(rule.endpoint, **args)
        response = client.get(url)
        if response.status_code == 200 and response.mimetype == "text/html":
            yield url, response.get_data(as_text=True)
