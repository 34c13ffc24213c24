"""The authorization matrix: walks the app's whole URL map.

- anonymous: every page but the public ones redirects to the login page;
- a non-admin: 403 on every admin page;
- a user outside a record's unit: 403 or 404 on every route that names the record, and the
  record is unchanged;
- a unit-scoped admin: every admin route, aimed at units and accounts outside their subtree, at
  the root and at their own scope unit, is refused or shows nothing from outside, and no unit or
  account changes.
"""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.routing import Rule

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.routes import ADMIN_BLUEPRINTS, PUBLIC, RECORD_ARGS, SCOPED_ADMIN_ATTEMPTS


def _rules(app: Flask) -> list[Rule]:
    return sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint)


def _methods(rule: Rule) -> list[str]:
    return sorted(m for m in (rule.methods or ()) if m in {"GET", "POST", "PUT", "PATCH", "DELETE"})


def _url(app: Flask, rule: Rule, world) -> str:
    args = RECORD_ARGS[rule.endpoint](world) if rule.arguments else {}
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **args)


def _request(client, method: str, url: str):
    if method == "GET":
        return client.get(url)
    return client.open(url, method=method, data={"csrf_token": client.csrf_token()})


def test_every_route_is_registered(app):
    unregistered = [
        r.endpoint
        for r in _rules(app)
        if r.endpoint not in PUBLIC and r.arguments and r.endpoint not in RECORD_ARGS
    ]
    assert not unregistered, f"add these routes to tests/routes.py: {unregistered}"


def test_anonymous_requests_are_sent_to_login(app, world, client):
    checked = 0
    for rule in _rules(app):
        if rule.endpoint in PUBLIC:
            continue
        url = _url(app, rule, world)
        for method in _methods(rule):
            response = _request(client, method, url)
            assert response.status_code == 302, (method, url, response.status_code)
            assert response.location.startswith("/auth/login"), (method, url)
            checked += 1
    assert checked >= 10


@pytest.mark.parametrize("who", ["staff_a", "branch_user_a1", "viewer_district"])
def test_non_admins_get_403_on_admin_pages(app, world, who):
    client = client_for(app, getattr(world, who), PASSWORD)
    for rule in _rules(app):
        if rule.endpoint.split(".")[0] not in ADMIN_BLUEPRINTS:
            continue
        url = _url(app, rule, world)
        for method in _methods(rule):
            response = _request(client, method, url)
            assert response.status_code == 403, (who, method, url, response.status_code)


@pytest.mark.parametrize("who", ["staff_b", "admin_b"])
def test_users_outside_a_records_unit_get_403_or_404(app, world, who):
    from webapp.extensions import db
    from webapp.models import Unit, User

    client = client_for(app, getattr(world, who), PASSWORD)
    before = _snapshot(db, Unit, User)
    checked = 0
    for rule in _rules(app):
        if rule.endpoint in PUBLIC or not rule.arguments:
            continue
        url = _url(app, rule, world)
        for method in _methods(rule):
            response = _request(client, method, url)
            assert response.status_code in (403, 404), (who, method, url, response.status_code)
            checked += 1
    assert checked >= 10
    db.session.expire_all()
    assert _snapshot(db, Unit, User) == before


# Names only commune A, the district or the province show; commune B's admin must see none.
OUTSIDE_NAMES = ("Đức Xương", "An Cư 2", "Trung Hà", "Đức Thọ", "Hà Tĩnh", "canbo_a", "chihoi_a1")


def _visible_text(response) -> str:
    if response.mimetype.endswith("spreadsheetml.sheet"):
        import io

        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(response.data), read_only=True)
        return "\n".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    return response.get_data(as_text=True)


def test_every_admin_route_is_tried_by_a_scoped_admin(app):
    admin_endpoints = {
        r.endpoint for r in _rules(app) if r.endpoint.split(".")[0] in ADMIN_BLUEPRINTS
    }
    missing = admin_endpoints - SCOPED_ADMIN_ATTEMPTS.keys()
    assert not missing, (
        f"add these admin routes to SCOPED_ADMIN_ATTEMPTS in tests/routes.py: {missing}"
    )


def test_a_scoped_admin_changes_nothing_outside_their_subtree_or_at_the_root(app, world):
    from datetime import date

    from flask import url_for

    from webapp.extensions import db
    from webapp.models import Unit, User

    # With nothing active below it, retiring commune B is refused only for being the admin's scope.
    world.branch_b1.retired_on = date(2024, 1, 1)
    db.session.commit()
    client = client_for(app, world.admin_b, PASSWORD)
    before = _snapshot(db, Unit, User)
    tried = 0
    for rule in _rules(app):
        if rule.endpoint.split(".")[0] not in ADMIN_BLUEPRINTS:
            continue
        for method, args, data, expect in SCOPED_ADMIN_ATTEMPTS[rule.endpoint](world):
            assert method in _methods(rule), (rule.endpoint, method)
            with app.test_request_context():
                url = url_for(rule.endpoint, **args)
            what = (rule.endpoint, method, url, data)
            if method == "GET":
                response = client.get(url)
            else:
                form = {
                    k: [str(x) for x in v] if isinstance(v, list) else str(v)
                    for k, v in (data or {}).items()
                }
                response = client.post_form(url, form)
            if expect == "refused":
                # 302: a plain form post refused with a flashed message (the rows are compared).
                assert response.status_code in (200, 302, 403, 404, 422), (
                    *what,
                    response.status_code,
                )
                if method == "POST" and response.status_code == 200:
                    # A form shown again: no redirect, no "saved" page, an error next to a field.
                    assert 'class="error' in response.get_data(as_text=True), what
            else:
                assert response.status_code in (200, 302), (*what, response.status_code)
                text = _visible_text(response)
                leaked = [name for name in OUTSIDE_NAMES if name in text]
                assert not leaked, (*what, leaked)
            tried += 1
            db.session.expire_all()
            assert _snapshot(db, Unit, User) == before, what
    assert tried >= 60


def test_a_district_admin_reorganises_inside_the_district_but_not_at_the_root(app, world):
    from datetime import date

    from tests.factories import make_user
    from webapp.extensions import db
    from webapp.models import Role, Unit, UnitKind
    from webapp.refusals import RecordError
    from webapp.units.services.units import create_unit, move_unit, retire_unit

    district_admin = make_user(Role.ADMIN, world.district, "admin_huyen")
    client = client_for(app, district_admin, PASSWORD)
    moved = client.post_form(
        f"/admin/units/{world.branch_a1.id}/move", {"parent_id": str(world.commune_b.id)}, htmx=True
    )
    assert moved.status_code == 204
    created = client.post_form(
        "/admin/units/",
        {"name": "Đức Lạng", "kind": "commune", "parent_id": str(world.district.id)},
    )
    assert created.status_code == 302
    # The forms do not offer the root to a scoped admin; the service refuses it all the same.
    assert "đơn vị gốc" not in client.get("/admin/units/").get_data(as_text=True)
    with pytest.raises(RecordError, match="quản trị toàn hệ thống"):
        move_unit(world.commune_a, None, acting=district_admin)
    with pytest.raises(RecordError, match="quản trị toàn hệ thống"):
        create_unit("Hà Nam", UnitKind.PROVINCE, None, acting=district_admin)
    with pytest.raises(RecordError, match="do quản trị cấp trên quản lý"):
        move_unit(world.district, world.province, acting=district_admin)
    with pytest.raises(RecordError, match="do quản trị cấp trên quản lý"):
        retire_unit(world.district, date.today(), acting=district_admin)
    db.session.rollback()
    db.session.expire_all()
    assert db.session.get(Unit, world.branch_a1.id).parent_id == world.commune_b.id
    assert db.session.get(Unit, world.commune_a.id).parent_id == world.district.id
    assert db.session.get(Unit, world.district.id).parent_id == world.province.id
    # The whole-tree admin still may.
    admin = client_for(app, world.admin, PASSWORD)
    assert (
        admin.post_form(
            f"/admin/units/{world.commune_a.id}/move", {"parent_id": ""}, htmx=True
        ).status_code
        == 204
    )


def _snapshot(db, *models) -> list:
    rows = []
    for model in models:
        for obj in db.session.query(model).order_by(model.id):
            rows.append(
                {
                    c.key: getattr(obj, c.key)
                    for c in model.__table__.columns
                    if c.key not in ("updated_at", "last_login_at", "session_token")
                }
            )
    return rows


def test_a_viewer_may_queue_report_renders_but_only_so_many(app, world):
    """Decision (README): viewers may generate reports (the district rolls communes up), every
    user at most REPORT_GENERATE_RATE renders per window."""
    from tests.reports.factories import make_draft
    from webapp.extensions import db
    from webapp.models import Job

    app.config["REPORT_GENERATE_RATE"] = "3 per hour"
    draft = make_draft(world.commune_a)
    viewer = client_for(app, world.viewer_district, PASSWORD)
    url = f"/reports/{draft.id}/generate"
    codes = [viewer.post_form(url).status_code for _ in range(3)]
    assert codes == [302, 302, 302]
    refused = viewer.post_form(url, htmx=True)
    assert refused.status_code == 429
    text = refused.get_data(as_text=True)
    assert "Mỗi người được xuất tối đa 3 báo cáo trong 60 phút" in text
    assert viewer.post_form(url).status_code == 429
    db.session.expire_all()
    assert db.session.query(Job).count() == 3
    # The ration is per user: the commune's staff still generate.
    staff = client_for(app, world.staff_a, PASSWORD)
    assert staff.post_form(url).status_code == 302
