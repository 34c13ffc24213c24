"""Benchmark: the mid-term report of the demo commune, end to end and in parts.

    .venv/bin/python scripts/bench_report.py            # embedded broker (SQLite)
    .venv/bin/python scripts/bench_report.py --redis redis://127.0.0.1:6379/14

Builds a throw-away instance with the demo data, starts a real worker, and measures:
  - context build alone (all indicators, lists, charts) and docxtpl render alone;
  - enqueue → file ready through the queue (the user's wait), over N runs.
Prints the median and the worst of each.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--redis", help="broker URL (default: the embedded SQLite broker)")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="sohoi-bench-"))
    env = {
        "SOHOI_INSTANCE": str(tmp),
        "SECRET_KEY": "bench",
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "CELERY_BROKER_URL": args.redis or f"sqla+sqlite:///{tmp / 'broker.sqlite3'}",
        "WORKER_HEARTBEAT_SECONDS": "1",
        "REPORT_PDF": "0",  # the .docx the user waits for; the PDF is measured apart
    }
    os.environ.update(env)
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade", "heads"], cwd=ROOT, check=True, capture_output=True)
    subprocess.run([*flask, "seed-demo"], cwd=ROOT, check=True, capture_output=True)

    from docxtpl import DocxTemplate

    from tasks.names import RENDER_REPORT
    from webapp import create_app
    from webapp.documents.context import build_context
    from webapp.documents.requests import request_for_unit
    from webapp.documents.sandbox import make_env
    from webapp.documents.templates import active_template
    from webapp.extensions import db
    from webapp.indicators import Period
    from webapp.jobs.services import create_job
    from webapp.models import Job, JobState, Unit
    from webapp.models.reports import ReportDraft, ReportKind

    app = create_app()
    with app.app_context():
        unit = db.session.scalars(db.select(Unit).filter_by(name="Đức Xương")).one()
        period = Period(date(2021, 1, 1), date(2023, 10, 20))
        req = request_for_unit(unit, ReportKind.MID_TERM, period)
        path = active_template(ReportKind.MID_TERM).path

        contexts, renders = [], []
        for _ in range(args.runs):
            tpl = DocxTemplate(path)
            t0 = time.perf_counter()
            context, _ = build_context(req, tpl)
            t1 = time.perf_counter()
            tpl.render(context, jinja_env=make_env(), autoescape=True)
            tpl.save(io.BytesIO())
            t2 = time.perf_counter()
            contexts.append(t1 - t0)
            renders.append(t2 - t1)
        _report("context build (indicators, lists, charts)", contexts)
        _report("render (docxtpl, context given)", renders)

        draft = ReportDraft(
            unit_id=unit.id,
            kind=ReportKind.MID_TERM,
            period_start=period.start,
            period_end=period.end,
            number=9,
            place=unit.name,
            issued_on=date(2023, 10, 20),
            title="Bench",
            recipients="",
            narrative={},
        )
        db.session.add(draft)
        db.session.commit()

        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "wsgi.celery",
                "worker",
                "--concurrency=1",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env={**os.environ},
        )
        try:
            # One warm-up job (the pool process imports the renderer on its first job).
            waits = []
            for i in range(args.runs + 1):
                t0 = time.perf_counter()
                job = create_job(RENDER_REPORT, {"draft_id": draft.id}, None, unit.id)
                db.session.commit()
                while True:
                    db.session.expire_all()
                    state = db.session.get(Job, job.id).state
                    if state.finished:
                        break
                    time.sleep(0.01)
                assert state is JobState.DONE, db.session.get(Job, job.id).message
                if i:
                    waits.append(time.perf_counter() - t0)
            broker = "Redis" if args.redis else "embedded SQLite broker"
            _report(f"enqueue → file ready ({broker})", waits)
        finally:
            worker.terminate()
            worker.wait(timeout=30)


def _report(what: str, seconds: list[float]) -> None:
    print(
        f"{what:<48} median {statistics.median(seconds) * 1000:7.0f} ms   "
        f"worst {max(seconds) * 1000:7.0f} ms   (n={len(seconds)})"
    )


if __name__ == "__main__":
    main()
