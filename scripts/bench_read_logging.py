"""Benchmark: what logging reads of personal data (webapp/privacy) costs the pages users open.

    .venv/bin/python scripts/bench_read_logging.py            # demo commune, 400 rounds
    .venv/bin/python scripts/bench_read_logging.py --rounds 50
    .venv/bin/python scripts/bench_read_logging.py --province 5 --rounds 50   # province scale

Builds a throw-away instance with the demo commune, logs in as the staff of a member's commune, and times the member
list (page 1 and a search) and a member's record page, in process through the full WSGI stack.
Each round requests every page twice, once with the privacy hooks (the access check before the
request, the read log after it) and once without them, in alternating order, so that both
sides meet the same machine load; it prints the medians and the change. The issue's goal: list
pages no more than 10% slower. A record page pays for one INSERT and commit by design.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=400)
    parser.add_argument(
        "--province",
        type=int,
        default=0,
        metavar="COMMUNES",
        help="a province of this many demo communes (webapp/demo/province.py, as "
        "scripts/bench_province.py builds it), timed by province staff and a province viewer",
    )
    args = parser.parse_args(argv)

    from flask_migrate import upgrade
    from sqlalchemy import select

    from tests.conftest import AppClient
    from tests.factories import PASSWORD, password_hash
    from webapp import create_app
    from webapp.config import PROJECT_ROOT, Config
    from webapp.demo import seed_demo
    from webapp.extensions import db
    from webapp.models import Member, Role, User
    from webapp.privacy import access, reads

    folder = Path(tempfile.mkdtemp(prefix="sohoi-bench-reads-"))
    app = create_app(Config({"SOHOI_INSTANCE": str(folder), "DASHBOARD_CACHE_SECONDS": "0"}))
    app.test_client_class = AppClient
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"), revision="heads")
        if args.province:
            from webapp.demo.province import seed_province

            top = seed_province(args.province).province.id
        else:
            seed_demo()
        member = db.session.scalars(select(Member).order_by(Member.id.desc()).limit(1)).one()
        # Province scale: the province's staff (every commune's members) and a viewer placed at
        # the province (names only, the access check refuses the record page); otherwise the
        # staff of the member's commune.
        accounts = {"staff": (Role.STAFF, top if args.province else member.unit.parent_id)}
        if args.province:
            accounts["viewer"] = (Role.VIEWER, top)
        for name, (role, unit_id) in accounts.items():
            db.session.add(
                User(
                    username=f"bench_{name}",
                    full_name="Bench",
                    password_hash=password_hash(PASSWORD),
                    role=role,
                    unit_id=unit_id,
                )
            )
        db.session.commit()
        member_id = member.id
    clients = {}
    for name in accounts:
        clients[name] = app.test_client()
        assert clients[name].login(f"bench_{name}", PASSWORD).status_code == 302

    pages = {
        "member list": ("staff", "/members/", 200),
        "member search": ("staff", "/members/?q=nguyen+thi", 200),
        "member record": ("staff", f"/members/{member_id}", 200),
    }
    if args.province:
        pages |= {
            "viewer list": ("viewer", "/members/", 200),
            "viewer search": ("viewer", "/members/?q=nguyen+thi", 200),
        }
    hooks = (access._guard, reads._after_request)
    before = app.before_request_funcs.setdefault(None, [])
    after = app.after_request_funcs.setdefault(None, [])

    def set_hooks(on: bool) -> None:
        for fn, funcs in zip(hooks, (before, after), strict=True):
            if on and fn not in funcs:
                funcs.append(fn)
            if not on and fn in funcs:
                funcs.remove(fn)

    timings: dict[tuple[str, bool], list[float]] = {
        (p, on): [] for p in pages for on in (True, False)
    }
    for who, url, _status in pages.values():  # warm up
        clients[who].get(url)
    for round_number in range(args.rounds):
        order = (True, False) if round_number % 2 else (False, True)
        for name, (who, url, status) in pages.items():
            for on in order:
                set_hooks(on)
                start = time.perf_counter()
                response = clients[who].get(url)
                timings[(name, on)].append(time.perf_counter() - start)
                assert response.status_code == status, (url, response.status_code)
    set_hooks(True)

    print(f"{'page':<16} {'without (ms)':>13} {'with (ms)':>10} {'change':>8}")
    for name in pages:
        off = statistics.median(timings[(name, False)]) * 1000
        on = statistics.median(timings[(name, True)]) * 1000
        print(f"{name:<16} {off:>13.2f} {on:>10.2f} {100 * (on - off) / off:>+7.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
