"""Every page says what it is in one <h1> (issue 16: "Thêm hội viên" was an <h2> on a page with
no <h1>). axe reports a missing <h1> as a moderate problem only, which the browser walk
(tests/test_browser_every_page.py) lets pass: this walks the route registry for it, as each role."""

from __future__ import annotations

import pytest
from lxml import html

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.routes import html_pages


@pytest.mark.parametrize("role", ["admin", "staff_a", "viewer_district"])
def test_every_page_has_exactly_one_h1(app, world, role):
    client = client_for(app, getattr(world, role), PASSWORD)
    problems, opened = [], 0
    for url, body in html_pages(app, client, world, skip=lambda e: e == "jobs.retry"):
        if not body.lstrip().lower().startswith("<!doctype html>"):
            continue  # an htmx fragment, shown inside a page
        opened += 1
        headings = [" ".join(h.text_content().split()) for h in html.fromstring(body).iter("h1")]
        if len(headings) != 1:
            problems.append(f"{url}: {headings}")
    assert opened >= 25
    assert not problems, "\n".join(problems)
