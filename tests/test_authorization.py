"""The authorization matrix: walks the app's whole URL map.

- anonymous: every page but the public ones redirects to the login page;
- a non-admin: 403 on every admin page;
- a user outside a record's unit: 403 or 404 on every route that names the record, and the
  record is unchanged.
"""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.routing import Rule

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.routes import ADMIN_BLUEPRINTS, PUBLIC, RECORD_ARGS


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
