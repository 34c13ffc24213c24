"""Time the member import: build a 5,000-row .xlsx, preview it, confirm it.

    .venv/bin/python scripts/bench_member_import.py [ROWS]

Runs against a throw-away SQLite database in a temporary instance folder (built by the
migrations), so it never touches real data. Prints the time of each step.
"""

from __future__ import annotations

import io
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(rows: int = 5000) -> None:
    from flask_migrate import upgrade
    from openpyxl import Workbook
    from sqlalchemy import func, select

    from webapp import create_app
    from webapp.config import PROJECT_ROOT, Config
    from webapp.extensions import db
    from webapp.members.services.columns import TEMPLATE_HEADERS
    from webapp.members.services.imports import confirm, upload
    from webapp.models import Role, Unit, UnitKind, User
    from webapp.models.members import Member

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Config({"SOHOI_INSTANCE": tmp, "SECRET_KEY": "bench"}))
        with app.app_context():
            upgrade(directory=str(PROJECT_ROOT / "migrations"), revision="heads")
            commune = Unit(name="Đức Xương", kind=UnitKind.COMMUNE)
            db.session.add(commune)
            db.session.flush()
            names = ["An Cư 1", "An Cư 2", "Trung Hà", "Trung Lương"]
            db.session.add_all(
                Unit(name=n, kind=UnitKind.BRANCH, parent_id=commune.id) for n in names
            )
            user = User(
                username="bench",
                full_name="Bench",
                role=Role.STAFF,
                unit_id=commune.id,
                password_hash="!",  # noqa: S106 (no usable hash: nobody logs in)
            )
            db.session.add(user)
            db.session.commit()

            rng = random.Random(5000)
            wb = Workbook()
            ws = wb.active
            ws.append(TEMPLATE_HEADERS)
            for i in range(rows):
                cells = dict.fromkeys(TEMPLATE_HEADERS)
                cells.update(
                    {
                        "STT": i + 1,
                        "Họ và tên": f"Nguyễn Thị Hoa {i}",
                        "Năm sinh": rng.randint(1940, 2004),
                        "Chi hội": rng.choice(names),
                        "Thôn, địa chỉ": "Thôn An Cư",
                        "Ngày vào Hội": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2015",
                        "Nòng cốt": "x" if rng.random() < 0.25 else "",
                    }
                )
                ws.append([cells[h] for h in TEMPLATE_HEADERS])
            buffer = io.BytesIO()
            wb.save(buffer)
            size = len(buffer.getvalue())

            t0 = time.perf_counter()
            buffer.seek(0)
            preview = upload(buffer, "bench.xlsx", user)
            t1 = time.perf_counter()
            count = confirm(preview.token, user, include_duplicates=False)
            db.session.commit()
            t2 = time.perf_counter()
            stored = db.session.scalar(select(func.count()).select_from(Member))
            print(f"file: {rows} rows, {size / 1024:.0f} KiB")
            print(f"preview (read + check every row + duplicates): {t1 - t0:.2f} s")
            print(f"confirm (read again + check + bulk insert + commit): {t2 - t1:.2f} s")
            print(f"total: {t2 - t0:.2f} s; members stored: {stored} (imported {count})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
