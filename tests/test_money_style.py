"""One money style on every page (issue 16): amounts read "1.500.000 đồng", as the reports
write them, never "1.500.000 đ" beside them.

Walks the demo commune's pages as the whole-tree admin: every page of the route registry that
needs no record, and the first record page each of them links to (a household, a member, a
fund, a distribution…), and looks for a page that shows both styles.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask, url_for

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.routes import PUBLIC

SHORT = re.compile(r"\d[\s\u00a0]đ(?!\w)")  # "1.500.000 đ" (not "đồng", not "đơn vị")
LONG = re.compile(r"\d[\s\u00a0](?:(?:nghìn|triệu|tỷ)\s)?đồng")
NOT_PAGES = ("export", "download", "healthz", "csrf", "logout", "language")
LINK = re.compile(r'href="(/[a-z_-]+/[^"#?]*\d[^"#?]*)"')


def _text(body: str) -> str:
    return re.sub(r"<[^>]+>", " ", body)


def _pages(app: Flask, client) -> list[str]:
    """Every page needing no record, then the first record page linked from each."""
    urls = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if rule.endpoint in PUBLIC or "GET" not in (rule.methods or ()) or rule.arguments:
            continue
        if any(word in rule.rule for word in NOT_PAGES):
            continue
        with app.test_request_context():
            urls.append(url_for(rule.endpoint))
    linked: dict[str, str] = {}
    for url in list(urls):
        response = client.get(url)
        if response.mimetype != "text/html":
            continue
        for href in LINK.findall(response.get_data(as_text=True)):
            shape = re.sub(r"\d+", "N", urlsplit(href).path)  # one page per kind of record
            if not any(word in href for word in NOT_PAGES):
                linked.setdefault(shape, href)
    return urls + list(linked.values())


def test_no_page_of_the_demo_mixes_money_styles(demo_app):
    from tests.factories import make_user
    from webapp.extensions import db
    from webapp.models import Role

    with demo_app.app_context():
        admin = make_user(Role.ADMIN, None, "quantri_tien")
        client = client_for(demo_app, admin, PASSWORD)
        mixed, with_money = {}, 0
        for url in _pages(demo_app, client):
            response = client.get(url)
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            text = _text(response.get_data(as_text=True))
            short, long = SHORT.findall(text), LONG.findall(text)
            with_money += bool(short or long)
            if short:
                mixed[url] = short[:3] + long[:3]
        db.session.remove()
    assert with_money >= 15
    assert not mixed, mixed
