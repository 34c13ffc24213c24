"""Every page of the route registry in a real browser, as each role, at phone and desktop width.

One browser walks every page each role may open — the whole-tree admin, commune A's staff, a
branch user of commune A and the district viewer — with URL arguments from the route registry's
records (tests/routes.py), and checks what that user would meet:

- at 390 px the page itself never scrolls sideways (wide tables scroll inside their own box);
- the browser logs no Content-Security-Policy violation and no script error;
- axe-core (npm, served from webapp/static/vendor like htmx) finds no serious or critical
  accessibility violation, at 390 px and at 1366 px;
- a viewer is shown no submit button of a form they may not use (tests/test_viewer_forms.py
  checks the served markup; this checks the page after app.js and htmx have run).

Each page is loaded once per role: checked at 390 px, then resized in place to 1366 px. The
walk's time is printed (``-s``): some 300 page loads, 4–5 minutes on a loaded 2-core machine
(December 2026). It checks what the pages show, which the database behind them does not change,
so it runs in the SQLite run only: CI's PostgreSQL + Redis run skips it.
"""

from __future__ import annotations

import time

import pytest
from flask import Flask, url_for

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.routes import PUBLIC, RECORD_ARGS
from tests.test_viewer_forms import _may_post, _viewer_actions
from webapp.config import PROJECT_ROOT

pytestmark = pytest.mark.browser

PHONE, DESKTOP = 390, 1366
ROLES = ("admin", "staff_a", "branch_user_a1", "viewer_district")
# Pages that are files or fragments, not pages a user reads.
NOT_PAGES = ("export", "download", ".xlsx", ".csv", ".docx", ".pdf", ".zip", "healthz", "csrf")

# Every table sits in its scrolling box (app.js wraps them once the page or an htmx swap settles).
WRAPPED = (
    "() => [...document.querySelectorAll('main table')].every(t => t.closest('.table-scroll'))"
)

# The WCAG A/AA rules and axe's best practices: every rule that can report a serious or
# critical violation (the experimental ones stay off, as in axe's default run).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Resizing changes no element and no attribute, only the layout: at 1366 px the rules that
# measure the layout run on every page, all rules on the first page of each area.
LAYOUT_RULES = ["color-contrast", "target-size", "scrollable-region-focusable"]
AXE = """async ({only, tags}) => {
  const result = await axe.run(document, {
    resultTypes: ["violations"],
    runOnly: only.length ? {type: "rule", values: only} : {type: "tag", values: tags},
  });
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
}"""
AXE_SCRIPT = PROJECT_ROOT / "webapp" / "static" / "vendor" / "axe.min.js"
# What loading the page at desktop width does (app.js folds the menu on a phone only).
DESKTOP_MENU = "() => { const m = document.querySelector('details.menu'); if (m) m.open = true; }"

# Submit buttons a user can press, with the address their form sends to.
SUBMITS = """() => [...document.querySelectorAll(
    "button:not([type]), button[type=submit], input[type=submit], input[type=image]")]
  .filter(b => !b.disabled && !b.closest("fieldset[disabled]") && b.offsetParent !== null)
  .map(b => {
    const form = b.form;
    const action = b.getAttribute("hx-post") || (form && (form.getAttribute("hx-post")
      || form.getAttribute("action"))) || location.pathname;
    const method = form ? (form.getAttribute("method") || "get").toLowerCase() : "get";
    const changing = method === "post" || !!(form && ["hx-post", "hx-put", "hx-patch", "hx-delete"]
      .some(a => form.hasAttribute(a))) || b.hasAttribute("hx-post");
    return {action: action.split("?")[0], changing, text: b.textContent.trim()};
  })"""


def _pages(app: Flask, user, args: dict[str, dict]) -> list[str]:
    """URLs of the full pages ``user`` opens (200, HTML, a whole document)."""
    client = client_for(app, user, PASSWORD)
    urls = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if rule.endpoint in PUBLIC or "GET" not in (rule.methods or ()):
            continue
        if any(word in rule.rule or word in rule.endpoint for word in NOT_PAGES):
            continue
        if rule.arguments and rule.endpoint not in args:
            continue
        with app.test_request_context():
            url = url_for(rule.endpoint, **(args[rule.endpoint] if rule.arguments else {}))
        response = client.get(url)
        assert response.status_code < 500, (user.username, url)  # never skipped unseen
        body = response.get_data(as_text=True)
        whole = body.lstrip().lower().startswith("<!doctype html>")
        if response.status_code == 200 and response.mimetype == "text/html" and whole:
            urls.append(url)
    return list(dict.fromkeys(urls))  # each page once


def _login(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/auth/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: url.endswith("/"))


def _walk(
    page, urls: list[str], errors: list[str], viewer_may: set[str] | None
) -> dict[str, list[str]]:
    """Each page once: at 390 px (width, axe), resized to 1366 px (axe), console throughout;
    for a viewer (``viewer_may``: the addresses they may post to), the submit buttons."""
    problems: dict[str, list[str]] = {}
    areas: set[str] = set()
    for url in urls:
        errors.clear()
        page.set_viewport_size({"width": PHONE, "height": 800})
        page.goto(url)
        page.wait_for_function(WRAPPED)
        found = []
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > PHONE:
            found.append(f"page is {scroll} px wide at {PHONE} px")
        found += [f"{PHONE} px: {v}" for v in page.evaluate(AXE, {"only": [], "tags": TAGS})]
        page.set_viewport_size({"width": DESKTOP, "height": 900})
        page.evaluate(DESKTOP_MENU)
        area = url.strip("/").split("/")[0]
        only = [] if area not in areas else LAYOUT_RULES
        areas.add(area)
        found += [f"{DESKTOP} px: {v}" for v in page.evaluate(AXE, {"only": only, "tags": TAGS})]
        if viewer_may is not None:
            found += [
                f"viewer sees “{b['text']}” → {b['action']}"
                for b in page.evaluate(SUBMITS)
                if b["changing"] and not _may_post(b["action"], viewer_may)
            ]
        found += [f"console: {e}" for e in errors]
        if found:
            problems[url] = found
    return problems


def test_every_page_as_every_role_fits_a_phone_without_csp_errors_or_axe_violations(
    backend, app, world, page
):
    if backend.name != "sqlite":
        pytest.skip("the browser walk runs in the SQLite run only (see the module's docstring)")
    # One set of records for every role: those of commune A (inside each role's scope).
    args = {
        endpoint: make(world) for endpoint, make in RECORD_ARGS.items() if endpoint != "jobs.retry"
    }
    problems: dict[str, list[str]] = {}
    timings = []
    errors: list[str] = []  # the browser's console errors (CSP violations, script errors)
    # axe-core in every page before its own scripts (no request, no CSP exception needed).
    page.context.add_init_script(path=str(AXE_SCRIPT))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    for role in ROLES:
        user = getattr(world, role)
        urls = _pages(app, user, args)
        assert len(urls) >= (60 if role == "admin" else 25), (role, urls)
        started = time.monotonic()
        _login(page, user.username)
        viewer_may = _viewer_actions(app) if role == "viewer_district" else None
        for url, found in _walk(page, urls, errors, viewer_may).items():
            problems[f"{role} {url}"] = found
        timings.append(f"{role}: {len(urls)} pages in {time.monotonic() - started:.0f} s")
    print("browser walk:", "; ".join(timings))
    assert not problems, "\n".join(f"{where}: {found}" for where, found in problems.items())
