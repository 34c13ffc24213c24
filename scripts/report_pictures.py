"""Pictures of the first page of the annual and the mid-term report of the demo commune, for
the README: docs/bao-cao-nam.png and docs/bao-cao-giua-nhiem-ky.png.

    .venv/bin/python scripts/report_pictures.py

Builds the demo in a throw-away instance (SQLite in a temporary folder; your own database is
not touched), renders both reports with the default templates through the command line
(`flask report render`, exactly what the worker makes), prints them to PDF with LibreOffice
(Debian: libreoffice-writer-nogui; fonts-liberation2 stands in for Times New Roman) and turns
the first page into a PNG with poppler's pdftoppm.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
FLASK = [sys.executable, "-m", "flask", "--app", "wsgi"]
# name → (kind, from, to): the demo's annual report for 2022 and the seed's mid-term report.
REPORTS = {
    "bao-cao-nam": ("annual", "2022-01-01", "2022-12-31"),
    "bao-cao-giua-nhiem-ky": ("mid-term", "2021-01-01", "2023-10-20"),
}
RESOLUTION = 80  # dots per inch: an A4 page 661 × 935 pixels, readable on a README


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")


def main() -> None:
    """Render, print and picture the two reports into docs/."""
    missing = [tool for tool in ("soffice", "pdftoppm") if not shutil.which(tool)]
    if missing:
        sys.exit(
            f"{', '.join(missing)} not found: apt-get install libreoffice-writer-nogui "
            "poppler-utils fonts-liberation2"
        )
    with tempfile.TemporaryDirectory(prefix="report-pictures-") as tmp:
        work = Path(tmp)
        env = {
            **os.environ,
            "SOHOI_INSTANCE": str(work / "instance"),
            "DATABASE_URL": f"sqlite:///{work / 'demo.sqlite3'}",
            "CELERY_BROKER_URL": f"sqla+sqlite:///{work / 'broker.sqlite3'}",
            "HOME": str(work),
        }
        _run([*FLASK, "db", "upgrade", "heads"], env)
        _run([*FLASK, "seed-demo"], env)
        documents = []
        for name, (kind, start, end) in REPORTS.items():
            out = work / f"{name}.docx"
            _run(
                [
                    *FLASK,
                    "report",
                    "render",
                    "--unit",
                    "Đức Xương",
                    "--kind",
                    kind,
                    "--from",
                    start,
                    "--to",
                    end,
                    "--out",
                    str(out),
                ],
                env,
            )
            documents.append(out)
        _run(
            [
                "soffice",
                f"-env:UserInstallation=file://{work}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                *map(str, documents),
            ],
            env,
        )
        DOCS.mkdir(exist_ok=True)
        for document in documents:
            target = DOCS / document.stem
            _run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    str(RESOLUTION),
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(document.with_suffix(".pdf")),
                    str(target),
                ],
                env,
            )
            print(f"wrote {target.with_suffix('.png').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
