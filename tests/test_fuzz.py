"""Hostile input on every route (issue 11 §2): no 500, and a refused request changes nothing.

The test walks the same route registry as the authorization test (``tests/routes.py`` and
``tests/<area>/routes.py``): every GET/POST endpoint of the URL map, with the URL arguments of a
record of commune A. It finds the fields of each endpoint by rendering the app's own pages as
the admin and parsing their ``<form>`` elements, htmx attributes and links (``html.parser``):
that is what a browser — or an attacker — would send, including the inputs no WTForms class
declares (``beneficiary_ids``, the grid's ``principal-<id>``, ``unpaid``, ``pick_category``) and
the query parameters of filter forms and pagination links. Introspecting the WTForms classes
would miss those and would not say which form a route reads.

Hypothesis then sends, as the admin and as a branch user, forms and query strings in which a
few fields carry hostile values (integers ≥ 2^63, 0, negatives, NUL and other control
characters, very long strings, 0001-01-01 and 9999-12-31, unknown enum values, garbage) and the
others stay valid, so that a hostile value gets past the other checks and reaches the services
and the database. One app and one world serve every example of a test; ``FUZZ_EXAMPLES``
sets the number of examples (1.000 by default; more for a longer local run) and ``FUZZ_RANDOM=1``
draws new ones instead of CI's reproducible set.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.exceptions import HTTPException

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.routes import RECORD_ARGS

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "1000"))

# Endpoints left out, and why: logging out or in, changing the password or the language would
# change the fuzzing user itself; loading the demo, restoring a backup and installing a
# province rebuild the database; queueing jobs needs a worker; sending a report locks its
# period (every later change would be 423); the export endpoints are slow and read only.
SKIPPED = {
    "static",
    "auth.logout",
    "auth.login",
    "auth.change_password",
    "auth.set_language",
    "main.load_demo",
    "system.backup_restore",
    "system.backup_download",
    "system.selftest",
    "units.install_province",
    "reports.generate",
    "reports.send",
    "reports.override",
    "jobs.retry",
}
# Tables written by the machinery, not by a request's records.
SKIPPED_TABLES = {"worker_heartbeats"}
# Query parameters every list may read, besides those its own pages show.
COMMON_ARGS = (
    "page",
    "unit_id",
    "kind",
    "kind_id",
    "statistic_id",
    "fund_id",
    "user_id",
    "member_id",
    "category",
    "year",
    "month",
    "part",
    "term",
    "q",
    "from",
    "to",
)

HUGE = [str(2**63), str(2**64 + 7), str(-(2**63) - 1), "9" * 40, str(2**31), str(2**31 - 1)]
HOSTILE_TEXT = [
    "",
    " ",
    "0",
    "-1",
    "1e400",
    "NaN",
    "None",
    "null",
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "2101-01-01",
    "31/02/2023",
    "00/00/0000",
    "2023-13-45",
    "\x00",
    "Hoa\x00",
    "\x1b[31mđỏ",
    "\x0c\x0b\x7f\x85\x9b",
    "a\r\nb",
    "x" * 5000,
    '=HYPERLINK("http://evil.example/","x")',
    "<script>alert(1)</script>",
    "'; DROP TABLE members; --",
    "１２３",
    "1.500.000.000.000.000.000.000",
    "-0",
    "+5",
    "0x10",
    "[]",
    "{}",
    "../../etc/passwd",
    "x",
    "khong_co",
]
HOSTILE = st.one_of(
    st.sampled_from(HUGE + HOSTILE_TEXT),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=20),
)


@dataclass
class Endpoint:
    """What the pages show of one endpoint: its fields with sample values."""

    fields: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    kinds: dict[str, str] = field(default_factory=dict)


class _PageParser(HTMLParser):
    """Collects forms (with their inputs), htmx requests and links of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.requests: list[tuple[str, str, dict[str, list[str]], dict[str, str]]] = []
        self._form: tuple[str, str, dict[str, list[str]], dict[str, str]] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            method = "post" if a.get("hx-post") or a.get("method", "").lower() == "post" else "get"
            action = a.get("hx-post") or a.get("hx-get") or a.get("action") or ""
            self._form = (method, action, defaultdict(list), {})
            return
        name = a.get("name")
        if tag == "a" and "?" in a.get("href", ""):
            self.requests.append(("get", a["href"], defaultdict(list), {}))
        for verb in ("hx-get", "hx-post"):
            if a.get(verb) and tag != "form":
                extra: dict[str, list[str]] = defaultdict(list)
                if name:
                    extra[name].append(a.get("value", ""))
                self.requests.append((verb[3:], a[verb], extra, {}))
        if self._form is None or not name:
            return
        _method, _action, fields, kinds = self._form
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind == "file":
                return
            kinds[name] = "numeric" if a.get("inputmode") == "numeric" else kind
            fields[name].append(a.get("value", ""))
        elif tag == "button" and a.get("value"):
            fields[name].append(a["value"])
        elif tag == "textarea":
            kinds[name] = "textarea"
            fields[name].append("")
        elif tag == "select":
            kinds[name] = "select"
            self._select = name
            fields.setdefault(name, [])
        elif tag == "option" and self._select:
            fields[self._select].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            self.requests.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None


def _valid(name: str, kind: str, samples: list[str]) -> str | list[str]:
    """A value the form accepts, as far as one can tell from the page."""
    chosen = [s for s in samples if s]
    if kind == "checkbox":
        return chosen[:2]
    if chosen:
        return chosen[0] if kind not in ("select",) or len(chosen) == 1 else chosen[1]
    if kind == "date" or name.endswith(("_on", "_date", "_start", "_end")):
        return "2023-05-10"
    if kind in ("numeric", "number") or name.endswith(("amount", "_vnd", "year", "quantity")):
        return "2023" if name.endswith("year") else "100.000"
    return "Thử nghiệm"


@dataclass
class Target:
    endpoint: str
    method: str
    url: str
    fields: dict[str, str | list[str]]

    def __repr__(self) -> str:
        return f"{self.method} {self.url} ({self.endpoint})"


def _discover(app, world, admin) -> list[Target]:
    """Every fuzzable (endpoint, method) with its URL and the valid values of its fields."""
    from flask import url_for

    adapter = app.url_map.bind("localhost")
    urls: dict[str, str] = {}
    rules = sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint)
    for rule in rules:
        if rule.endpoint in SKIPPED or rule.endpoint in urls:
            continue
        args = RECORD_ARGS[rule.endpoint](world) if rule.arguments else {}
        with app.test_request_context():
            urls[rule.endpoint] = url_for(rule.endpoint, **args)

    seen: dict[tuple[str, str], Endpoint] = defaultdict(Endpoint)
    for rule in rules:
        if rule.endpoint not in urls or "GET" not in (rule.methods or ()):
            continue
        page_url = urls[rule.endpoint]
        for headers in ({}, {"HX-Request": "true"}):
            response = admin.get(page_url, headers=headers)
            if response.status_code != 200 or "html" not in response.content_type:
                continue
            parser = _PageParser()
            parser.feed(response.get_data(as_text=True))
            for method, action, fields, kinds in parser.requests:
                parts = urlsplit(action or page_url)
                try:
                    endpoint, _args = adapter.match(parts.path or urlsplit(page_url).path, method)
                except HTTPException:
                    continue
                found = seen[(endpoint, method.upper())]
                for name, value in parse_qsl(parts.query, keep_blank_values=True):
                    found.fields[name].append(value)
                for name, values in fields.items():
                    found.fields[name].extend(values)
                    found.kinds.setdefault(name, kinds.get(name, "text"))

    targets = []
    for rule in rules:
        if rule.endpoint not in urls:
            continue
        for method in ("GET", "POST"):
            if method not in (rule.methods or ()):
                continue
            found = seen.get((rule.endpoint, method), Endpoint())
            names = dict(found.fields)
            names.pop("csrf_token", None)
            values = {n: _valid(n, found.kinds.get(n, "text"), v) for n, v in names.items()}
            targets.append(Target(rule.endpoint, method, urls[rule.endpoint], values))
    return targets


_SNAPSHOT: list = []


def _snapshot(db) -> tuple:
    """Per table: its row count, and the sum of its versions and trash flags where it has them.

    Every record edit bumps ``version`` (SQLAlchemy's optimistic lock) and every change is also
    written to the audit trail, so this single query sees any insert, update or delete that a
    refused request might have let through — at a fraction of the cost of reading every row.
    """
    if _SNAPSHOT:
        with db.engine.connect() as conn:
            return tuple(conn.execute(_SNAPSHOT[0]).one())
    from sqlalchemy import Boolean, case, func, select

    parts = []
    for table in db.metadata.sorted_tables:
        if table.name in SKIPPED_TABLES:
            continue
        parts.append(select(func.count()).select_from(table).scalar_subquery())
        for name in ("version", "deleted_at", "active", "retired", "retired_at"):
            if name not in table.c:
                continue
            column = table.c[name]
            if name == "version":
                value = func.sum(column)
            elif isinstance(column.type, Boolean):
                value = func.sum(case((column.is_(True), 1), else_=0))
            else:
                value = func.count(column)
            parts.append(select(value).select_from(table).scalar_subquery())
    _SNAPSHOT.append(select(*parts))  # built once: SQLAlchemy then reuses its compiled form
    return _snapshot(db)


def _send(client, target: Target, data: dict[str, Any], htmx: bool, token: str):
    headers = {"HX-Request": "true"} if htmx else {}
    if target.method == "GET":
        return client.get(target.url, query_string=data, headers=headers)
    return client.post(target.url, data={**data, "csrf_token": token}, headers=headers)


@st.composite
def _requests(draw, targets: list[Target]):
    """A user, a target, its valid fields with one to three made hostile, htmx or not."""
    who = draw(st.sampled_from(["admin", "branch"]))
    target = draw(st.sampled_from(targets))
    data: dict[str, Any] = {
        n: v for n, v in target.fields.items() if target.method == "POST" and v != []
    }
    names = sorted(target.fields)
    if target.method == "GET":
        names = sorted({*names, *COMMON_ARGS})
    if names:
        for name in draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True)):
            if draw(st.booleans()) and isinstance(target.fields.get(name), list):
                data[name] = draw(st.lists(HOSTILE, min_size=1, max_size=3))
            else:
                data[name] = draw(HOSTILE)
    if draw(st.integers(0, 9)) == 0:
        data[draw(st.sampled_from(COMMON_ARGS))] = draw(HOSTILE)
    return who, target, data, draw(st.booleans())


class _Fuzzer:
    """The logged-in clients; one request checked at a time."""

    def __init__(self, app, world) -> None:
        self.clients = {
            "admin": client_for(app, world.admin, PASSWORD),
            "branch": client_for(app, world.branch_user_a1, PASSWORD),
        }
        self.tokens = {who: c.csrf_token() for who, c in self.clients.items()}
        self.sent = 0

    def check(self, who: str, target: Target, data: dict, htmx: bool) -> None:
        from webapp.extensions import db

        before = _snapshot(db)
        response = _send(self.clients[who], target, data, htmx, self.tokens[who])
        self.sent += 1
        status = response.status_code
        assert status < 500, f"{status} as {who}: {target!r} with {data!r}"
        if status >= 400:
            assert _snapshot(db) == before, f"refused ({status}), changed: {target!r} {data!r}"


def test_no_route_fails_on_hostile_input(app, world):
    """Every field of every route alone at 2^63 (a sweep no random draw can skip), then
    ``EXAMPLES`` hypothesis examples as the admin or the branch user. One world for all."""
    from webapp.extensions import db

    fuzzer = _Fuzzer(app, world)
    targets = _discover(app, world, fuzzer.clients["admin"])
    db.session.remove()
    assert len(targets) > 150, len(targets)
    assert sum(len(t.fields) for t in targets if t.method == "POST") > 300

    failures = []
    for target in targets:
        sweep = target.fields if target.method == "POST" else {**target.fields, "page": ""}
        for name in sweep:
            base = target.fields if target.method == "POST" else {}
            data = {**{k: v for k, v in base.items() if v != []}, name: HUGE[0]}
            try:
                fuzzer.check("admin", target, data, htmx=False)
            except AssertionError as exc:
                failures.append(str(exc).splitlines()[0][:300])
    assert not failures, "\n".join(failures)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=not os.environ.get("FUZZ_RANDOM"),
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(_requests(targets))
    def fuzz(request):
        fuzzer.check(*request)

    swept = fuzzer.sent
    fuzz()
    assert fuzzer.sent - swept >= EXAMPLES
