"""Every page of the route registry in a real browser, at phone and desktop width.

One logged-in browser walks every page an admin may open (URL arguments from the route
registry's records, tests/routes.py) and checks what a user would meet:

- at 390 px the page itself never scrolls sideways (wide tables scroll inside their own box);
- the browser logs no Content-Security-Policy violation and no script error;
- axe-core (npm, served from webapp/static/vendor like htmx) finds no serious or critical
  accessibility violation, at 390 px and at 1366 px.
"""

from __future__ import annotations

import os

import pytest
from flask import Flask, url_for

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.routes import PUBLIC, RECORD_ARGS

pytestmark = pytest.mark.browser

PHONE, DESKTOP = 390, 1366
# Pages that are files or fragments, not pages a user reads.
NOT_PAGES = ("export", "download", ".xlsx", ".csv", ".docx", ".pdf", ".zip", "healthz", "csrf")

# Every table sits in its scrolling box (app.js wraps them once the page or an htmx swap settles).
WRAPPED = (
    "() => [...document.querySelectorAll('main table')].every(t => t.closest('.table-scroll'))"
)

AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
}"""


def _pages(app: Flask, world) -> list[str]:
    """URLs of the full pages the admin opens (200, HTML, a whole document)."""
    client = client_for(app, world.admin, PASSWORD)
    urls = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if rule.endpoint in PUBLIC or "GET" not in (rule.methods or ()):
            continue
        if any(word in rule.rule or word in rule.endpoint for word in NOT_PAGES):
            continue
        if rule.arguments and rule.endpoint not in RECORD_ARGS:
            continue
        args = RECORD_ARGS[rule.endpoint](world) if rule.arguments else {}
        with app.test_request_context():
            url = url_for(rule.endpoint, **args)
        response = client.get(url)
        body = response.get_data(as_text=True)
        whole = body.lstrip().lower().startswith("<!doctype html>")
        if response.status_code == 200 and response.mimetype == "text/html" and whole:
            urls.append(url)
    return list(dict.fromkeys(urls))  # each page once


def _login(page) -> None:
    page.goto("/auth/login")
    page.get_by_label("Tên đăng nhập").fill("admin")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: url.endswith("/"))


def _representative(urls: list[str]) -> list[str]:
    """Every page without a record in its URL (lists, forms, admin pages) and the first record
    page of each area: axe runs on these at both widths (every page with SOHOI_AXE_ALL=1)."""
    if os.environ.get("SOHOI_AXE_ALL"):
        return urls
    chosen, areas = [], set()
    for url in urls:
        area = url.strip("/").split("/")[0]
        if not any(part.isdigit() for part in url.split("/")) or area not in areas:
            chosen.append(url)
            areas.add(area)
    return chosen


def _walk(page, urls: list[str], axe_on: set[str]) -> dict[str, list[str]]:
    """Each page at 390 px (width, console, axe) then, for the axe set, at 1366 px."""
    problems: dict[str, list[str]] = {}
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    for url in urls:
        errors.clear()
        page.set_viewport_size({"width": PHONE, "height": 800})
        page.goto(url)
        page.wait_for_load_state("load")
        page.wait_for_function(WRAPPED)
        found = []
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > PHONE:
            found.append(f"page is {scroll} px wide at {PHONE} px")
        if url in axe_on:
            page.add_script_tag(url="/static/vendor/axe.min.js")
            found += [f"{PHONE} px: {v}" for v in page.evaluate(AXE)]
            page.set_viewport_size({"width": DESKTOP, "height": 900})
            found += [f"{DESKTOP} px: {v}" for v in page.evaluate(AXE)]
        found += [f"console: {e}" for e in errors]
        if found:
            problems[url] = found
    return problems


def _report(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{url}: {found}" for url, found in problems.items())


def test_every_page_fits_a_phone_without_csp_errors_or_serious_axe_violations(app, world, page):
    urls = _pages(app, world)
    assert len(urls) >= 60, urls
    axe_on = set(_representative(urls))
    assert len(axe_on) >= 30
    _login(page)
    problems = _walk(page, urls, axe_on)
    assert not problems, _report(problems)
