"""Run the test suite (or part of it) and print the process's memory after each test module.

    .venv/bin/python scripts/test_memory.py [--objects] [--tracemalloc] [pytest arguments...]

e.g. ``.venv/bin/python scripts/test_memory.py -q -p no:cacheprovider tests/members``
(with ``SOHOI_TEST_BACKEND=services TEST_DATABASE_URL=… TEST_BROKER_URL=…`` for PostgreSQL and
Redis). After each module one line: the resident set now (VmRSS) and its peak (VmHWM), in MB.

``--objects`` also counts the Flask apps, Celery apps, SQLAlchemy engines and sessions still
alive after a garbage collection (apps that outlive their test are what a leak looks like).
``--tracemalloc`` compares the top allocation sites (by line) between the first module and the
last (slow: Python allocations are traced from the start).

Not a pytest plugin of the default run: it only exists for measuring.
"""

from __future__ import annotations

import gc
import sys
import tracemalloc
import weakref
from pathlib import Path

import pytest


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _alive() -> str:
    from celery import Celery
    from flask import Flask
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session

    gc.collect()
    counts = {"flask": 0, "celery": 0, "engine": 0, "session": 0}
    for obj in gc.get_objects():
        if isinstance(obj, weakref.ProxyTypes):  # a weak proxy passes for what it points to
            continue
        if isinstance(obj, Flask):
            counts["flask"] += 1
        elif isinstance(obj, Celery):
            counts["celery"] += 1
        elif isinstance(obj, Engine):
            counts["engine"] += 1
        elif isinstance(obj, Session):
            counts["session"] += 1
    return " ".join(f"{k}={v}" for k, v in counts.items())


class MemoryReport:
    def __init__(self, objects: bool, trace: bool) -> None:
        self.objects = objects
        self.trace = trace
        self.module: str | None = None
        self.first: tracemalloc.Snapshot | None = None
        self.lines: list[str] = []

    def _report(self) -> None:
        if self.module is None:
            return
        line = (
            f"[memory] {self.module}: rss={_status_mb('VmRSS'):.0f} MB "
            f"peak={_status_mb('VmHWM'):.0f} MB"
        )
        if self.objects:
            line += " " + _alive()
        if self.trace:
            snapshot = tracemalloc.take_snapshot()
            if self.first is None:
                self.first = snapshot
            line += f" traced={tracemalloc.get_traced_memory()[0] / 2**20:.0f} MB"
        self.lines.append(line)
        print("\n" + line, file=sys.stderr, flush=True)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item, nextitem):
        module = item.nodeid.split("::")[0]
        if module != self.module:
            self._report()
            self.module = module

    def pytest_sessionfinish(self, session):
        # After the session fixtures are torn down: what is left is what leaked.
        self._report()

    def pytest_unconfigure(self, config):
        print("\n".join(["", "== memory per module ==", *self.lines]), file=sys.stderr)
        if self.trace and self.first is not None:
            last = tracemalloc.take_snapshot()
            print("== top growth since the first module (by line) ==", file=sys.stderr)
            for stat in last.compare_to(self.first, "lineno")[:25]:
                print(stat, file=sys.stderr)
            print("== top growth (by traceback, 8 frames) ==", file=sys.stderr)
            for stat in last.compare_to(self.first, "traceback")[:8]:
                print(stat, file=sys.stderr)
                for frame in stat.traceback.format()[-16:]:
                    print("   ", frame, file=sys.stderr)


def main(argv: list[str]) -> int:
    objects = "--objects" in argv
    trace = "--tracemalloc" in argv
    args = [a for a in argv if a not in ("--objects", "--tracemalloc")]
    if trace:
        tracemalloc.start(8)
    return pytest.main(args, plugins=[MemoryReport(objects, trace)])


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    raise SystemExit(main(sys.argv[1:]))
