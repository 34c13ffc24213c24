"""Benchmark: a province of commune unions, measured as its users would meet it.

    .venv/bin/python scripts/bench_province.py                 # 20 communes, SQLite
    .venv/bin/python scripts/bench_province.py --small         # 2 communes, short load (CI)
    .venv/bin/python scripts/bench_province.py --database-url postgresql+psycopg://…/db --reset

Builds a throw-away instance (or uses ``--database-url``, whose tables it creates; ``--reset``
first drops its ``public`` schema), adds a province of N communes with the demo's generators
(webapp/demo/province.py, bulk inserts): per commune about 1.400 members and the demo's
2021–2023 records, the previous term's (2018–2020) copied from them, and each activity logged
ten times (``--activity-copies``) as a busy commune does. Then it measures, each beside its
baseline from the same run:

- member list and search, server time (in process, full WSGI stack) and client time over HTTP
  against gunicorn, vs a bare Flask app serving the same bytes under the same gunicorn settings;
- the dashboard of a commune and of the province (cache cleared, and cached);
- ``compute()`` of every indicator for a commune and for the province, with statement counts;
- the mid-term report: context build + docxtpl render vs the docxtpl render alone of the same
  context (end to end in process, no queue);
- statements per page (lists, dashboard, report context);
- a mixed load: N users (list, search, detail, htmx edit + save, report request) for D seconds
  against gunicorn on 127.0.0.1 — requests/s, p50/p95/p99 and errors.

Prints a table and writes a JSON file (``--json``, default bench-province.json) to compare
commits. Loopback only; every loop is bounded by a count or a deadline.
"""

from __future__ import annotations

import argparse
import html.parser
import http.client
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AS_OF = date(2023, 10, 20)
PERIOD = (date(2021, 1, 1), AS_OF)
PASSWORD = "bench-Passw0rd!"  # noqa: S105 (throw-away accounts of a throw-away instance)
SEARCHES = ["nguyen thi hoa", "tran lan", "le thi mai", "pham huong", "hoang", "thi yen", "ngo"]
# Workers x threads as `make run` (embedded SQLite) and docker-compose (PostgreSQL) use them.
DEFAULT_GUNICORN = {"sqlite": "1x8", "postgresql": "2x4"}


# --- a bare Flask app: the baseline (gunicorn imports it from this module) ---------------------


def _bare_app():
    from flask import Flask

    bodies = json.loads(Path(os.environ["BENCH_BARE_BODIES"]).read_text())
    bare = Flask("bare")

    @bare.get("/<name>")
    def page(name: str):
        return bodies[name], 200, {"Content-Type": "text/html; charset=utf-8"}

    return bare


if os.environ.get("BENCH_BARE_BODIES"):
    bare_app = _bare_app()


# --- measuring ---------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) of ``values`` (nearest rank), in the values' unit."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def timed(action: Callable[[], object], runs: int) -> list[float]:
    """Milliseconds of each of ``runs`` calls (after one warm-up call)."""
    action()
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        action()
        out.append((time.perf_counter() - t0) * 1000)
    return out


@contextmanager
def counting(engine):
    """Collect the statements ``engine`` sends while the block runs."""
    from sqlalchemy import event

    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


# --- HTTP over loopback -------------------------------------------------------------------------


class Browser:
    """One user's keep-alive connection with its cookies (loopback only)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def request(self, method: str, path: str, form: dict | list | None = None, htmx=False):
        headers = {"Connection": "keep-alive"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if htmx:
            headers["HX-Request"] = "true"
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            if self.csrf:
                headers["X-CSRFToken"] = self.csrf
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        text = data.decode("utf-8", "replace")
        found = re.search(r'name="csrf-token" content="([^"]+)"', text)
        if found:
            self.csrf = found.group(1)
        return response.status, text

    def login(self, username: str) -> None:
        status, page = self.request("GET", "/auth/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        assert token, "no CSRF token on the login page"
        form = {"csrf_token": token.group(1), "username": username, "password": PASSWORD}
        status, _ = self.request("POST", "/auth/login", form)
        assert status in (302, 303), f"login of {username} failed: {status}"
        status, _ = self.request("GET", "/members/")
        assert status == 200, status


class FormFields(html.parser.HTMLParser):
    """The fields a browser would send back from a form (inputs, checked boxes, selects)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_value: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((name, a.get("value") or ("y" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._select_value, self._first_option = name, None, None
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self._select_value = value
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            value = self._select_value if self._select_value is not None else self._first_option
            self.fields.append((self._select, value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, self._text))
            self._textarea = None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(app_spec: str, workers: int, threads: int, env: dict, cwd: Path):
    """A gunicorn on a free loopback port, stopped (by its own pid) when the block ends."""
    port = free_port()
    cmd = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--log-level",
        "warning",
        app_spec,
    ]
    proc = subprocess.Popen(cmd, cwd=cwd, env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(f"gunicorn {app_spec} exited") from None
                time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def client_times(port: int, paths: list[str], runs: int, login: str | None = None) -> list[float]:
    """Milliseconds of ``runs`` sequential GETs (cycling through ``paths``) on one connection."""
    browser = Browser(port)
    if login:
        browser.login(login)
    browser.request("GET", paths[0])
    out = []
    for i in range(runs):
        t0 = time.perf_counter()
        status, _ = browser.request("GET", paths[i % len(paths)])
        out.append((time.perf_counter() - t0) * 1000)
        assert status == 200, (paths[i % len(paths)], status)
    return out


# --- the mixed load ----------------------------------------------------------------------------


def mixed_load(port: int, users: list[dict], seconds: float, seed: int = 1) -> dict:
    """Each user logs in, then until the deadline: list 30%, search 25%, detail 20%, htmx edit
    and save 20%, report request 5%. Latency of every request, errors (5xx, refused, or a save
    that did not save)."""
    latencies: list[float] = []
    counts: dict[str, int] = {}
    errors: list[str] = []
    kind_times: dict[str, list[float]] = {}
    lock = threading.Lock()
    start_line = threading.Barrier(len(users) + 1)

    def one_user(i: int, user: dict) -> None:
        rng = random.Random(seed + i)
        browser = Browser(port)
        try:
            browser.login(user["username"])
        except Exception as exc:  # reported as an error of the run, never hidden
            with lock:
                errors.append(f"login {user['username']}: {exc}")
            start_line.wait()
            return
        start_line.wait()
        mine: list[float] = []
        done: dict[str, int] = {}
        per_kind: dict[str, list[float]] = {}
        bad: list[str] = []
        deadline = time.monotonic() + seconds  # everybody starts together

        def hit(kind: str, method: str, path: str, form=None, htmx=False, ok=(200,)):
            t0 = time.perf_counter()
            try:
                status, text = browser.request(method, path, form, htmx)
            except Exception as exc:
                bad.append(f"{kind} {path}: {exc}")
                return None
            ms = (time.perf_counter() - t0) * 1000
            mine.append(ms)
            done[kind] = done.get(kind, 0) + 1
            per_kind.setdefault(kind, []).append(ms)
            if status not in ok:
                bad.append(f"{kind} {path}: {status}")
                return None
            return text

        while time.monotonic() < deadline:
            roll = rng.random()
            member = rng.choice(user["members"])
            if roll < 0.30:
                hit("list", "GET", f"/members/?page={rng.randint(1, 20)}")
            elif roll < 0.55:
                q = urllib.parse.quote(rng.choice(SEARCHES))
                hit("search", "GET", f"/members/?q={q}")
            elif roll < 0.75:
                hit("detail", "GET", f"/members/{member}")
            elif roll < 0.95:
                form_html = hit("edit", "GET", f"/members/{member}/edit", htmx=True)
                if form_html is None:
                    continue
                parser = FormFields()
                parser.feed(form_html)
                fields = [(k, v) for k, v in parser.fields if k != "allow_duplicate"]
                fields = [
                    (k, f"Ghi chú {rng.randint(1, 999)}" if k == "note" else v) for k, v in fields
                ]
                saved = hit("save", "POST", f"/members/{member}/edit", fields, htmx=True)
                if saved is not None and 'class="error"' in saved:
                    bad.append(f"save {member}: refused")
            else:
                hit(
                    "report",
                    "POST",
                    f"/reports/{user['draft']}/generate",
                    [("csrf_token", browser.csrf)],
                    htmx=True,
                )
        with lock:
            latencies.extend(mine)
            errors.extend(bad)
            for k, v in done.items():
                counts[k] = counts.get(k, 0) + v
            for k, v in per_kind.items():
                kind_times.setdefault(k, []).extend(v)

    threads = [
        threading.Thread(target=one_user, args=(i, u), daemon=True) for i, u in enumerate(users)
    ]
    for t in threads:
        t.start()
    start_line.wait()
    t0 = time.monotonic()
    for t in threads:
        t.join(timeout=seconds + 120)
    elapsed = time.monotonic() - t0
    return {
        "users": len(users),
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "req_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(pct(latencies, 50), 1),
        "p95_ms": round(pct(latencies, 95), 1),
        "p99_ms": round(pct(latencies, 99), 1),
        "errors": len(errors),
        "error_samples": errors[:10],
        "by_kind": counts,
        "p50_ms_by_kind": {k: round(pct(v, 50), 1) for k, v in sorted(kind_times.items())},
        "p95_ms_by_kind": {k: round(pct(v, 95), 1) for k, v in sorted(kind_times.items())},
    }


def bare_load(port: int, paths: list[str], users: int, seconds: float) -> dict:
    """The same number of users hitting the bare app's pages: its requests/s under the same
    gunicorn settings."""
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def loop(i: int) -> None:
        browser = Browser(port)
        mine = []
        n = i
        while time.monotonic() < deadline:
            t0 = time.perf_counter()
            browser.request("GET", paths[n % len(paths)])
            mine.append((time.perf_counter() - t0) * 1000)
            n += 1
        with lock:
            latencies.extend(mine)

    t0 = time.monotonic()
    threads = [threading.Thread(target=loop, args=(i,), daemon=True) for i in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 60)
    elapsed = time.monotonic() - t0
    return {
        "req_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(pct(latencies, 50), 1),
        "p95_ms": round(pct(latencies, 95), 1),
        "p99_ms": round(pct(latencies, 99), 1),
    }


# --- the run -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communes", type=int, default=20)
    parser.add_argument("--small", action="store_true", help="2 communes, short runs (CI smoke)")
    parser.add_argument("--database-url", help="default: a SQLite file in a temporary folder")
    parser.add_argument("--reset", action="store_true", help="drop the database's tables first")
    parser.add_argument("--runs", type=int, default=200, help="requests per page timing")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--gunicorn",
        default=None,
        help="workers x threads, comma-separated to compare several (e.g. 1x8,2x4,3x2); "
        "default: what make run (SQLite) or compose (PostgreSQL) uses",
    )
    parser.add_argument(
        "--no-history",
        action="store_true",
        help="only the demo's 2021–2023 records (default: 2018–2023, the previous term copied)",
    )
    parser.add_argument(
        "--activity-copies", type=int, default=10, help="each demo activity this many times"
    )
    parser.add_argument(
        "--branches", type=int, default=4, help="branches per commune (a merged commune: up to 40)"
    )
    parser.add_argument(
        "--member-copies",
        type=int,
        default=0,
        help="more copies of each commune's ~1.470 members, spread over its branches",
    )
    parser.add_argument(
        "--real-size",
        action="store_true",
        help="a province as the 2025 structure makes them: 150 communes of 40 branches and "
        "about 4.400 members (use PostgreSQL)",
    )
    parser.add_argument(
        "--load-only", action="store_true", help="only the HTTP timings and the mixed load"
    )
    parser.add_argument("--json", default="bench-province.json")
    parser.add_argument("--keep", action="store_true", help="keep the temporary instance")
    args = parser.parse_args(argv)
    if args.small:
        args.communes, args.runs, args.users, args.seconds = 2, 10, 4, 4
        args.no_history, args.activity_copies = True, 1
    if args.real_size:
        args.communes, args.branches, args.member_copies = 150, 40, 2

    tmp = Path(tempfile.mkdtemp(prefix="sohoi-bench-province-"))
    database_url = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    env = {
        **os.environ,
        "SOHOI_INSTANCE": str(tmp),
        "SECRET_KEY": "bench-province",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": f"sqla+sqlite:///{tmp / 'broker.sqlite3'}",
        "REPORT_PDF": "0",
        # The load's users all log in from 127.0.0.1 and request reports many times a minute.
        "LOGIN_RATE_LIMIT": "10000 per minute",
        "LOGIN_ADDRESS_RATE_LIMIT": "10000 per minute",
        "LOGIN_USERNAME_RATE_LIMIT": "10000 per minute",
        "REPORT_GENERATE_RATE": "100000 per hour",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("BENCH_BARE_BODIES", None)
    os.environ.update(env)
    try:
        return run(args, env, tmp)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def _reset_postgresql(url: str) -> None:
    import sqlalchemy

    engine = sqlalchemy.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sqlalchemy.text("DROP SCHEMA public CASCADE"))
        conn.execute(sqlalchemy.text("CREATE SCHEMA public"))
    engine.dispose()


def run(args, env: dict, tmp: Path) -> int:
    if args.reset and env["DATABASE_URL"].startswith("postgresql"):
        _reset_postgresql(env["DATABASE_URL"])
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    subprocess.run(
        [*flask, "db", "upgrade", "heads"], cwd=ROOT, env=env, check=True, capture_output=True
    )

    from sqlalchemy import func, select

    from tests.factories import make_user, password_hash
    from webapp import create_app
    from webapp.extensions import db
    from webapp.models import (
        Activity,
        Loan,
        LoanRepayment,
        Member,
        Role,
        Unit,
    )

    app = create_app()
    app.config["WTF_CSRF_ENABLED"] = True
    result: dict = {"rows": [], "statements": {}}
    rows = result["rows"]

    def row(what: str, measured: str, baseline: str = "", ratio: str = "", **data) -> None:
        rows.append(
            {"what": what, "measured": measured, "baseline": baseline, "ratio": ratio, **data}
        )
        print(f"  {what:<58} {measured:>24}  {baseline:>18}  {ratio:>8}", flush=True)

    with app.app_context():
        engine = db.engine
        if db.session.scalar(select(func.count()).select_from(Unit)):
            print("the database is not empty: use --reset (PostgreSQL) or an empty one")
            return 2
        from webapp.demo.province import seed_province

        t0 = time.perf_counter()
        province = seed_province(
            args.communes,
            history=not args.no_history,
            activity_copies=args.activity_copies,
            branches_per_commune=args.branches,
            member_copies=args.member_copies,
        )
        db.session.commit()
        seeded = time.perf_counter() - t0
        sizes = {
            name: db.session.scalar(select(func.count()).select_from(model))
            for name, model in (
                ("members", Member),
                ("activities", Activity),
                ("loans", Loan),
                ("repayments", LoanRepayment),
            )
        }
        if engine.dialect.name == "postgresql":
            # What autovacuum does to a table some minutes after a bulk load: statistics, and
            # the visibility map that lets a count be answered from an index alone (without
            # it the member list's count read every row: 13 ms instead of 3 ms).
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        top = province.province
        commune = province.communes[0].commune
        hashed = password_hash(PASSWORD)
        staff_top = make_user(Role.STAFF, unit=top, username="bench-tinh", password_hash=hashed)
        staff_commune = make_user(
            Role.STAFF, unit=commune, username="bench-xa", password_hash=hashed
        )
        load_users = _load_users(args.users, province, hashed)
        result["meta"] = {
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "backend": engine.dialect.name,
            "communes": args.communes,
            "branches_per_commune": args.branches,
            **sizes,
            "seed_seconds": round(seeded, 1),
            "cpus": os.cpu_count(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(),
        }
        print(
            f"{args.communes} communes of {args.branches} branches on {engine.dialect.name}: "
            + ", ".join(f"{v:,} {k}".replace(",", ".") for k, v in sizes.items())
            + f" (built in {seeded:.1f} s); load average {os.getloadavg()[0]:.2f}",
            flush=True,
        )
        print(f"  {'what':<58} {'measured':>24}  {'baseline':>18}  {'ratio':>8}")

        bodies = _in_process(args, app, engine, row, result, staff_top, staff_commune, top, commune)
        db.session.remove()

    bodies_file = tmp / "bare-bodies.json"
    bodies_file.write_text(json.dumps(bodies))
    search_paths = [f"/members/?q={urllib.parse.quote(q)}" for q in SEARCHES]
    list_paths = [f"/members/?page={p}" for p in range(1, 21)]
    backend = "postgresql" if env["DATABASE_URL"].startswith("postgresql") else "sqlite"
    chosen = args.gunicorn or DEFAULT_GUNICORN[backend]
    configs = [tuple(int(x) for x in c.split("x")) for c in chosen.split(",")]
    result["load"] = {}
    for workers, threads in configs:
        label = f"{workers}x{threads}"
        with gunicorn("wsgi:app", workers, threads, env, ROOT) as port:
            if (workers, threads) == configs[0]:
                for name, paths in (("list", list_paths), ("search", search_paths)):
                    times = client_times(port, paths, args.runs, login="bench-tinh")
                    result.setdefault("client", {})[name] = times
            load = mixed_load(port, load_users, args.seconds)
        bare_env = {**env, "BENCH_BARE_BODIES": str(bodies_file)}
        with gunicorn(
            "bench_province:bare_app", workers, threads, bare_env, ROOT / "scripts"
        ) as bp:
            if (workers, threads) == configs[0]:
                for name in ("list", "search"):
                    bare_times = client_times(bp, [f"/{name}"], args.runs)
                    mine = result["client"][name]
                    row(
                        f"member {name}, client p50 / p95 over HTTP ({label})",
                        f"{pct(mine, 50):.1f} / {pct(mine, 95):.1f} ms",
                        f"{pct(bare_times, 50):.1f} / {pct(bare_times, 95):.1f} ms",
                        f"{pct(mine, 50) / pct(bare_times, 50):.1f}×",
                    )
                    result["client"][name] = {
                        "p50_ms": round(pct(mine, 50), 2),
                        "p95_ms": round(pct(mine, 95), 2),
                        "bare_p50_ms": round(pct(bare_times, 50), 2),
                        "bare_p95_ms": round(pct(bare_times, 95), 2),
                    }
            bare = bare_load(bp, ["/list", "/search"], len(load_users), min(args.seconds, 10))
        load["bare"] = bare
        result["load"][label] = load
        row(
            f"{load['users']} users mixed load, {load['seconds']:.0f} s, gunicorn {label}",
            f"{load['req_per_s']} req/s, p50/95/99 {load['p50_ms']:.0f}/{load['p95_ms']:.0f}/"
            f"{load['p99_ms']:.0f} ms, {load['errors']} err",
            f"{bare['req_per_s']} req/s",
            f"1/{bare['req_per_s'] / max(load['req_per_s'], 0.1):.0f}",
        )
        print(
            "    p50 / p95 by kind (ms):",
            ", ".join(
                f"{k} {load['p50_ms_by_kind'][k]:.0f}/{load['p95_ms_by_kind'][k]:.0f}"
                for k in load["p50_ms_by_kind"]
            ),
        )
        if load["errors"]:
            print("    errors:", *load["error_samples"], sep="\n      ")
    result["load"]["errors"] = sum(v["errors"] for v in result["load"].values())
    result["meta"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(f'JSON: {args.json}\n\nFor README\'s "Measured" section:\n')
    print(markdown(result))
    return 0


def markdown(result: dict) -> str:
    """The rows as a Markdown table (README's "Measured" section is pasted from it)."""
    meta = result["meta"]

    def n(value: int) -> str:
        return f"{value:,}".replace(",", ".")

    lines = [
        f"{meta['communes']} communes of {meta.get('branches_per_commune', 4)} branches on "
        f"{meta['backend']}: {n(meta['members'])} members, "
        f"{n(meta['loans'])} loans, {n(meta['repayments'])} repayments, "
        f"{n(meta['activities'])} activities; {meta['date']}, load average "
        f"{meta['load_average_at_start'][0]} at the start on {meta['cpus']} cores",
        "",
        "| what | measured | baseline (same run) | ratio | SQL statements |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in result["rows"]:
        cells = [r["what"], r["measured"], r["baseline"], r["ratio"], str(r.get("statements", ""))]
        lines.append(
            "| " + " | ".join(c.replace(".", ",") if c[:1].isdigit() else c for c in cells) + " |"
        )
    return "\n".join(lines)


def _load_users(n: int, province, hashed: str) -> list[dict]:
    """``n`` staff accounts, one per commune in turn, each with some of its members and a
    draft report to request."""
    from sqlalchemy import select

    from tests.factories import make_user
    from webapp.extensions import db
    from webapp.models import Member, Role
    from webapp.models.reports import ReportKind
    from webapp.reports.services.drafts import DraftData, create_draft

    users = []
    communes = len(province.communes)
    sharing = -(-n // communes)  # users per commune: each edits members of its own
    for i in range(n):
        demo = province.communes[i % communes]
        user = make_user(
            Role.STAFF, unit=demo.commune, username=f"bench-user-{i}", password_hash=hashed
        )
        members = list(
            db.session.scalars(
                select(Member.id)
                .where(Member.unit_id.in_([b.id for b in demo.branches]))
                .order_by(Member.id)
                .limit(400 * sharing)
            )
        )[i // communes :: sharing]
        draft = create_draft(DraftData(demo.commune.id, ReportKind.MID_TERM, *PERIOD), user)
        db.session.commit()
        users.append({"username": user.username, "members": members, "draft": draft.id})
    return users


def _in_process(args, app, engine, row, result, staff_top, staff_commune, top, commune) -> dict:
    """Everything measured inside this process; returns the page bodies for the bare app."""
    import io

    from docxtpl import DocxTemplate
    from flask import Flask

    from tests.conftest import AppClient
    from webapp.documents.context import build_context
    from webapp.documents.requests import request_for_unit
    from webapp.documents.sandbox import make_env
    from webapp.documents.templates import active_template
    from webapp.extensions import db
    from webapp.indicators import Period, compute
    from webapp.main import dashboard
    from webapp.models.reports import ReportKind

    statements = result["statements"]
    period = Period(*PERIOD)
    runs = max(5, args.runs // 20)

    def count(name: str, action: Callable[[], object]) -> int:
        db.session.expire_all()
        with counting(engine) as seen:
            action()
        statements[name] = len(seen)
        return len(seen)

    # Pages, in process: the server's own time (WSGI stack, no network).
    app.test_client_class = AppClient
    client = app.test_client()
    response = client.login("bench-tinh", PASSWORD)
    assert response.status_code == 302, response.status_code
    list_paths = [f"/members/?page={p}" for p in range(1, 21)]
    search_paths = [f"/members/?q={urllib.parse.quote(q)}" for q in SEARCHES]
    bodies = {
        "list": client.get(list_paths[0]).get_data(as_text=True),
        "search": client.get(search_paths[0]).get_data(as_text=True),
    }
    if args.load_only:
        return bodies
    bare = Flask("bare-in-process")

    @bare.get("/<name>")
    def page(name: str):
        return bodies[name], 200, {"Content-Type": "text/html; charset=utf-8"}

    bare_client = bare.test_client()
    for name, paths in (("list", list_paths), ("search", search_paths)):
        cycle = iter(range(10**9))

        def get(paths=paths, cycle=cycle):
            r = client.get(paths[next(cycle) % len(paths)])
            assert r.status_code == 200

        mine = timed(get, args.runs)
        base = timed(lambda n=name: bare_client.get(f"/{n}"), args.runs)
        count(f"members {name}", lambda p=paths[1]: client.get(p))
        row(
            f"member {name}, server p50 / p95 ({len(bodies[name]) // 1024} KiB page)",
            f"{pct(mine, 50):.1f} / {pct(mine, 95):.1f} ms",
            f"{pct(base, 50):.2f} / {pct(base, 95):.2f} ms",
            f"{pct(mine, 95) / pct(base, 95):.0f}×",
            p50_ms=round(pct(mine, 50), 2),
            p95_ms=round(pct(mine, 95), 2),
        )

    # The same pages for a commune's staff: the scope is 1/N of the province's members.
    commune_client = app.test_client()
    response = commune_client.login("bench-xa", PASSWORD)
    assert response.status_code == 302, response.status_code
    for name, paths in (("list", list_paths[:5]), ("search", search_paths)):
        cycle = iter(range(10**9))

        def get_commune(paths=paths, cycle=cycle):
            r = commune_client.get(paths[next(cycle) % len(paths)])
            assert r.status_code == 200

        mine = timed(get_commune, args.runs)
        row(
            f"member {name}, one commune's staff, server p50 / p95",
            f"{pct(mine, 50):.1f} / {pct(mine, 95):.1f} ms",
            "",
            "",
            p50_ms=round(pct(mine, 50), 2),
            p95_ms=round(pct(mine, 95), 2),
        )

    other_pages = {
        "loans portfolio (overdue list)": f"/loans/?at={AS_OF.isoformat()}",
        "gift list": "/charity/",
        "household list": "/loans/households",
        "home page (dashboard)": "/",
    }
    for name, path in other_pages.items():
        client.get(path)
        n = count(name, lambda p=path: client.get(p))
        times = timed(lambda p=path: client.get(p), runs)
        row(
            f"{name}, province, server p50",
            f"{pct(times, 50):.0f} ms",
            "",
            "",
            statements=n,
            p50_ms=round(pct(times, 50), 1),
        )

    # The dashboard per level: computed (cache cleared) and cached.
    for level, user in (("commune", staff_commune), ("province", staff_top)):
        with app.test_request_context():

            def cold(user=user):
                dashboard.clear_cache()
                dashboard.build_dashboard(user, AS_OF)

            n = count(f"dashboard {level}", cold)
            cold_times = timed(cold, runs)
            warm_times = timed(lambda user=user: dashboard.build_dashboard(user, AS_OF), runs)
        row(
            f"dashboard, {level}: computed / cached (p50)",
            f"{pct(cold_times, 50):.0f} / {pct(warm_times, 50):.1f} ms",
            "",
            "",
            statements=n,
            p50_ms=round(pct(cold_times, 50), 1),
            cached_p50_ms=round(pct(warm_times, 50), 2),
        )

    # compute() of every indicator.
    for level, unit in (("commune", commune), ("province", top)):
        n = count(f"compute {level}", lambda u=unit: compute(u.id, period))
        times = timed(lambda u=unit: compute(u.id, period), runs)
        row(
            f"compute() every indicator, {level} (p50)",
            f"{pct(times, 50):.0f} ms",
            f"{n} statements",
            "",
            statements=n,
            p50_ms=round(pct(times, 50), 1),
        )

    # The mid-term report: context + render vs the render alone of the same context.
    path = active_template(ReportKind.MID_TERM).path
    for level, unit in (("commune", commune), ("province", top)):
        req = request_for_unit(unit, ReportKind.MID_TERM, period)
        count(f"report context {level}", lambda r=req: build_context(r, DocxTemplate(path)))
        whole, raw = [], []
        context = None
        for _ in range(max(3, runs // 2)):
            tpl = DocxTemplate(path)
            t0 = time.perf_counter()
            context, _figures = build_context(req, tpl)
            tpl.render(context, jinja_env=make_env(), autoescape=True)
            tpl.save(io.BytesIO())
            whole.append((time.perf_counter() - t0) * 1000)
            tpl = DocxTemplate(path)
            t0 = time.perf_counter()
            tpl.render(context, jinja_env=make_env(), autoescape=True)
            tpl.save(io.BytesIO())
            raw.append((time.perf_counter() - t0) * 1000)
        row(
            f"mid-term report {level}: context + render vs render alone",
            f"{statistics.median(whole):.0f} ms",
            f"{statistics.median(raw):.0f} ms",
            f"{statistics.median(whole) / statistics.median(raw):.1f}×",
            statements=statements[f"report context {level}"],
            p50_ms=round(statistics.median(whole), 1),
            raw_p50_ms=round(statistics.median(raw), 1),
        )
    print("  statements:", json.dumps(statements, ensure_ascii=False), flush=True)
    return bodies


if __name__ == "__main__":
    sys.exit(main())
