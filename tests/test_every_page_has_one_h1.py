"""Every page says what it is in one <h1> (issue 16: "Thêm hội viên" was an <h2> on a page with
no <h1>). axe reports a missing <h1> as a moderate problem only, which the browser walk
(tests/test_browser_every_page.py) lets pass: this walks the route registry for it, as each role."""

from __future__ import annotations

import pytest
from flask import url_for
from lxml import html

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.routes import PUBLIC, RECORD_ARGS


@pytest.mark.parametrize("role", ["admin", "staff_a", "viewer_district"])
def test_every_page_has_exactly_one_h1(app, world, role):
    client = client_for(app, getattr(world, role), PASSWORD)
    problems, opened = [], 0
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if rule.endpoint in PUBLIC or "GET" not in (rule.methods or ()):
            continue
        if rule.arguments and (rule.endpoint not in RECORD_ARGS or rule.endpoint == "jobs.retry"):
            continue
        args = RECORD_ARGS[rule.endpoint](world) if rule.arguments else {}
        with app.test_request_context():
            url = url_for(rule.endpoint, **args)
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        body = response.get_data(as_text=True)
        if not body.lstrip().lower().startswith("<!doctype html>"):
            continue  # an htmx fragment, shown inside a page
        opened += 1
        headings = [" ".join(h.text_content().split()) for h in html.fromstring(body).iter("h1")]
        if len(headings) != 1:
            problems.append(f"{url}: {headings}")
    assert opened >= 25
    assert not problems, "\n".join(problems)
