"""A viewer (read-only role) is shown no form or button that changes a record.

Walks every GET page of the route registry a viewer may open, with the URL arguments of records
of commune A (inside the district viewer's scope), and looks for forms that post and for htmx
attributes that send a changing request. The only ones a viewer may use: log out, the language
switch, their own password, and "Xuất báo cáo" (every role may generate a report).
"""

from __future__ import annotations

from flask import Flask, url_for
from lxml import html
from werkzeug.exceptions import HTTPException

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.routes import ADMIN_BLUEPRINTS, html_pages

# Endpoints a viewer may post to (their own session, language, password; report generation).
VIEWER_MAY_POST = {
    "auth.logout",
    "auth.set_language",
    "auth.change_password",
    "reports.generate",
}
CHANGING = ("hx-post", "hx-put", "hx-patch", "hx-delete")


def _viewer_actions(app: Flask) -> set[str]:
    with app.test_request_context():
        urls = set()
        for endpoint in VIEWER_MAY_POST:
            rule = next((r for r in app.url_map.iter_rules() if r.endpoint == endpoint), None)
            if rule is not None and not rule.arguments:
                urls.add(url_for(endpoint))
        return urls


def _may_post(action: str, allowed: set[str]) -> bool:
    if action in allowed or action.startswith("/auth/language"):
        return True
    if action.endswith("/grid-totals"):
        return True  # sums what the grid shows; saves nothing
    return action.startswith("/reports/") and action.endswith("/generate")


def _usable(form) -> bool:
    """A form a user can send: a submit button, or a field they can type into (Enter sends)."""
    if form.xpath(".//button[not(@type) or @type='submit'][not(@disabled)]"):
        return True
    if form.xpath(".//input[@type='submit' or @type='image'][not(@disabled)]"):
        return True
    fields = form.xpath(
        ".//input[not(@type='hidden') and not(@disabled) and not(@readonly)]"
        " | .//textarea[not(@disabled) and not(@readonly) and not(@hidden)]"
        " | .//select[not(@disabled)] | .//*[@contenteditable='true']"
    )
    fields = [f for f in fields if not f.xpath("ancestor::fieldset[@disabled]")]
    return bool(fields)


def _changing_controls(page: str, url: str, allowed: set[str]) -> list[str]:
    """What on ``page`` offers to change something a viewer may not change."""
    if not page.strip():
        return []
    tree = html.fromstring(page)
    found = []
    for form in tree.iter("form"):
        action = (form.get("hx-post") or form.get("action") or url).split("?")[0]
        posts = (form.get("method") or "get").lower() == "post" or any(
            form.get(a) is not None for a in CHANGING
        )
        if posts and not _may_post(action, allowed) and _usable(form):
            found.append(f"form {action}")
    for link in tree.iter("a"):
        path = (link.get("href") or "").split("?")[0]
        if path.endswith(("/new", "/edit")):
            found.append(f"link to {path}")  # a page only for writing (refused to a viewer)
    for element in tree.iter():
        if element.tag == "form" or element.get("disabled") is not None:
            continue
        for attr in CHANGING:
            target = element.get(attr)
            if target is not None and not _may_post(target.split("?")[0], allowed):
                found.append(f"{element.tag} {attr} {target}")
    return found


def _in_an_admin_area(endpoint: str) -> bool:
    return endpoint.split(".")[0] in ADMIN_BLUEPRINTS


def test_a_viewer_sees_no_form_or_button_they_may_not_use(app, world):
    client = client_for(app, world.viewer_district, PASSWORD)
    allowed = _viewer_actions(app)
    problems: dict[str, list[str]] = {}
    opened = 0
    for url, page in html_pages(app, client, world, skip=_in_an_admin_area):
        opened += 1
        found = _changing_controls(page, url, allowed)
        if found:
            problems[url] = found
    assert opened >= 25
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())


def _admin_only(app: Flask, path: str) -> bool:
    """Whether ``path`` (a form's action) is an address of the admin-only areas."""
    adapter = app.url_map.bind("localhost")
    for method in ("POST", "GET"):
        try:
            endpoint, _args = adapter.match(path, method=method)
        except HTTPException:  # another method, a redirect (RequestRedirect) or no route
            continue
        return endpoint.split(".")[0] in ADMIN_BLUEPRINTS
    return False


def test_staff_and_branch_users_see_no_form_of_the_admin_areas(app, world):
    """The other half of "forms only for those who may use them": commune staff and a branch
    user open every page of theirs and find no form or button that sends to an area only
    admins may use (accounts, units, system, audit)."""
    with app.test_request_context():
        assert _admin_only(app, url_for("accounts.index"))  # the matcher knows an admin address
        assert not _admin_only(app, url_for("members.index"))
    problems: dict[str, list[str]] = {}
    for user in (world.staff_a, world.branch_user_a1):
        client = client_for(app, user, PASSWORD)
        opened = 0
        for url, page in html_pages(app, client, world):
            opened += 1
            if not page.strip():
                continue
            tree = html.fromstring(page)
            targets = [
                (form.get("hx-post") or form.get("action") or url).split("?")[0]
                for form in tree.iter("form")
                if (form.get("method") or "get").lower() == "post" and _usable(form)
            ]
            targets += [
                element.get(attr).split("?")[0]
                for element in tree.iter()
                for attr in CHANGING
                if element.get(attr) is not None
            ]
            found = sorted({t for t in targets if _admin_only(app, t)})
            if found:
                problems[f"{user.username} {url}"] = found
        assert opened >= 25, user.username
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())
