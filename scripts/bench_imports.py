"""Time the loan portfolio import: a bank list of N households with one loan each (default
5.000, in groups of 50), its preview, its confirmation, and the same file again (all matched).

    .venv/bin/python scripts/bench_imports.py [--rows N] [--small] [--profile]

Runs against a throw-away SQLite database in a temporary instance folder (built by the
migrations), so it never touches real data. Prints the time of each step and checks the
outstanding balance the loans page would show. ``--small`` (200 rows) is the smoke size the
suite runs (tests/test_imports_bench.py), asserting figures, never times. Goal (issue 14):
preview ≤ 3 s, confirm ≤ 5 s for 5.000 households. The machine may be shared: each step also
prints the CPU time this process spent (less sensitive to other loads than the wall clock), and
``--profile`` prints where the preview spends it (cProfile, the 25 costliest functions).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

AS_OF = date(2024, 12, 31)
BRANCHES = ["An Cư 1", "An Cư 2", "Trung Hà", "Trung Lương"]
HEADER = [
    "STT",
    "Tổ TK&VV",
    "Chủ hộ",
    "Địa chỉ",
    "Chi hội",
    "Chương trình",
    "Ngày vay",  # vi-only
    "Số tiền vay",
    "Hạn trả",
    "Dư nợ",
    "Nợ quá hạn",  # vi-only
]


def bank_list(rows: int, seed: int = 5000) -> tuple[bytes, int]:
    """A bank list of ``rows`` households (a title line above, a total line below) and its
    total outstanding balance."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách vay vốn")  # vi-only
    sheet.append(["DANH SÁCH HỘ VAY VỐN NHCSXH"])  # vi-only
    sheet.append(HEADER)
    total = 0
    for i in range(rows):
        amount = rng.choice([20, 30, 40, 50, 80, 100]) * 1_000_000
        year = rng.randint(2019, 2024)
        outstanding = amount - rng.randint(0, amount // 1_000_000) * 1_000_000
        due = date(year + 3, 6, 1)
        overdue = outstanding if due < AS_OF else 0
        total += outstanding
        sheet.append(
            [
                i + 1,
                f"Tổ TK&VV số {i // 50 + 1}",  # vi-only
                f"Nguyễn Thị Hoa {i}",  # vi-only
                f"Xóm {i % 12 + 1}",  # vi-only
                BRANCHES[i % len(BRANCHES)],
                "Cho vay hộ nghèo" if i % 3 else "Nước sạch và VSMT",  # vi-only
                date(year, rng.randint(1, 12), rng.randint(1, 28)),
                amount,
                due,
                outstanding,
                overdue,
            ]
        )
    sheet.append(["", "Tổng cộng", "", "", "", "", "", "", "", total, ""])  # vi-only
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), total


def run(rows: int, quiet: bool = False, profile: bool = False) -> dict:
    """Build the commune, import the list twice; return the figures and times."""
    from flask_migrate import upgrade

    from webapp import create_app
    from webapp.config import PROJECT_ROOT, Config
    from webapp.extensions import db
    from webapp.imports import engine
    from webapp.imports.registry import register_of
    from webapp.indicators import Period, compute
    from webapp.models import Bank, LoanProgramme, Role, Unit, UnitKind, User

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Config({"SOHOI_INSTANCE": tmp, "SECRET_KEY": "bench"}))
        with app.app_context(), app.test_request_context():
            upgrade(directory=str(PROJECT_ROOT / "migrations"), revision="heads")
            commune = Unit(name="Đức Xương", kind=UnitKind.COMMUNE)  # vi-only
            db.session.add(commune)
            db.session.flush()
            db.session.add_all(
                Unit(name=n, kind=UnitKind.BRANCH, parent_id=commune.id) for n in BRANCHES
            )
            bank = Bank(
                code="nhcsxh", name="Ngân hàng Chính sách xã hội", short_name="NHCSXH"
            )  # vi-only
            db.session.add(bank)
            db.session.flush()
            for name in ("Cho vay hộ nghèo", "Nước sạch và VSMT"):  # vi-only
                db.session.add(LoanProgramme(bank_id=bank.id, name=name))
            user = User(
                username="bench",
                full_name="Bench",
                role=Role.STAFF,
                unit_id=commune.id,
                password_hash="!",  # noqa: S106 (no usable hash: nobody logs in)
            )
            db.session.add(user)
            db.session.commit()

            data, total = bank_list(rows)
            register = register_of("loans")
            profiler = cProfile.Profile() if profile else None
            t0, c0 = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            preview = engine.upload(
                register, user, io.BytesIO(data), "bench.xlsx", commune.id, AS_OF
            )
            if profiler:
                profiler.disable()
            t1, c1 = time.perf_counter(), time.process_time()
            count = engine.confirm(register, user, preview.token)
            db.session.commit()
            t2, c2 = time.perf_counter(), time.process_time()
            again = engine.upload(register, user, io.BytesIO(data), "bench.xlsx", commune.id, AS_OF)
            t3, c3 = time.perf_counter(), time.process_time()
            values = compute(commune.id, Period(date(2024, 1, 1), AS_OF), {"loans.outstanding_vnd"})
            result = {
                "rows": rows,
                "kib": len(data) / 1024,
                "preview_s": t1 - t0,
                "confirm_s": t2 - t1,
                "second_preview_s": t3 - t2,
                "preview_cpu_s": c1 - c0,
                "confirm_cpu_s": c2 - c1,
                "second_preview_cpu_s": c3 - c2,
                "created": count,
                "counts": preview.counts,
                "again": again.counts,
                "file_total": total,
                "outstanding": values["loans.outstanding_vnd"],
            }
    if profiler:
        for sort in ("cumulative", "tottime"):
            pstats.Stats(profiler).sort_stats(sort).print_stats(25)
    if not quiet:
        cpu = {k: result[f"{k}_cpu_s"] for k in ("preview", "confirm", "second_preview")}
        print(f"file: {rows} households with one loan each, {result['kib']:.0f} KiB")
        print(
            f"preview (read + match + check every row): {result['preview_s']:.2f} s "
            f"(CPU {cpu['preview']:.2f} s; goal ≤ 3 s)"
        )
        print(
            f"confirm (read again + check + groups, households, loans, opening balances + commit):"
            f" {result['confirm_s']:.2f} s (CPU {cpu['confirm']:.2f} s; goal ≤ 5 s)"
        )
        print(
            f"same file again (every row matched): {result['second_preview_s']:.2f} s "
            f"(CPU {cpu['second_preview']:.2f} s)"
        )
        print(
            f"loans created: {count}; outstanding {result['outstanding']:,} = file total "
            f"{total:,}: {result['outstanding'] == total}"
        )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--small", action="store_true", help="200 rows (the suite's smoke size)")
    parser.add_argument("--profile", action="store_true", help="profile the preview (cProfile)")
    args = parser.parse_args()
    run(200 if args.small else args.rows, profile=args.profile)


if __name__ == "__main__":
    main()
