"""Every kind of report as LibreOffice prints it (the way most offices open it): the closing
block ("Nơi nhận" and the signature) stays whole on one page with the body's last lines, and
page 2 carries its number. CI installs LibreOffice (.ci/run): there these tests never skip."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from webapp.documents.produce import produce
from webapp.documents.requests import request_for_unit
from webapp.extensions import db
from webapp.indicators import Period
from webapp.models import Unit
from webapp.models.reports import ReportKind
from webapp.reports.services.sections import BY_KIND

PERIODS = {
    ReportKind.MONTHLY: Period(date(2023, 5, 1), date(2023, 5, 31)),
    ReportKind.QUARTERLY: Period(date(2023, 4, 1), date(2023, 6, 30)),
    ReportKind.HALF_YEAR: Period(date(2023, 1, 1), date(2023, 6, 30)),
    ReportKind.ANNUAL: Period(date(2022, 1, 1), date(2022, 12, 31)),
    ReportKind.MID_TERM: Period(date(2021, 1, 1), date(2023, 10, 20)),
    ReportKind.END_TERM: Period(date(2021, 1, 1), date(2023, 12, 31)),
}
SIGNATORY = "Nguyễn Thị Huế"  # the demo commune's chair
# The annual report again with 0, 2, … 14 paragraphs (about 3 lines each) more in its last
# section: the end of the body walks down a whole page in steps shorter than the closing block,
# so one variant puts it right where an unprotected closing block would split.
EXTRA = range(0, 16, 2)


def _tools() -> None:
    missing = [tool for tool in ("soffice", "pdftotext") if not shutil.which(tool)]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{', '.join(missing)} missing: .ci/run installs LibreOffice and poppler")
        pytest.skip(f"{', '.join(missing)} not installed")


def _paragraphs(key: str, count: int) -> str:
    return "".join(
        f"<p>Mục {key}, đoạn {i + 1}: cán bộ, hội viên phụ nữ trong xã tích cực tham gia các "
        "phong trào thi đua, cuộc vận động do Hội phát động; đời sống vật chất, tinh thần của "
        "hội viên từng bước được nâng lên.</p>"
        for i in range(count)
    )


def _last_words(extra: int) -> str:
    return f"Đoạn kết thúc số {extra}."


def _convert(paths: list[Path], out: Path) -> None:
    """One LibreOffice run for all files, with its own profile (no clash with another one)."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{out}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, paths),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, "HOME": str(out)},
    )


@pytest.fixture(scope="module")
def printed(demo_app, tmp_path_factory) -> dict[str, list[str]]:
    """name → the text of each page of its PDF, for every kind and the annual variants."""
    _tools()
    out = tmp_path_factory.mktemp("pdf")
    docs: list[Path] = []
    with demo_app.app_context():
        unit = db.session.scalar(db.select(Unit).where(Unit.name == "Đức Xương"))
        jobs = [(kind.value, kind, 2, 0) for kind in ReportKind]
        jobs += [(f"annual-{n}", ReportKind.ANNUAL, 1, n) for n in EXTRA]
        for name, kind, count, extra in jobs:
            req = request_for_unit(unit, kind, PERIODS[kind])
            keys = BY_KIND[kind]
            req.narrative = {key: _paragraphs(key, count) for key in keys}
            req.narrative[keys[-1]] += _paragraphs("cuối", extra) + f"<p>{_last_words(extra)}</p>"
            path = out / f"{name}.docx"
            path.write_bytes(produce(req, kind).data)
            docs.append(path)
        db.session.remove()
    _convert(docs, out)
    pages = {}
    for path in docs:
        text = subprocess.run(
            ["pdftotext", "-layout", str(path.with_suffix(".pdf")), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        pages[path.stem] = text.split("\f")[:-1]
    return pages


def _page_of(pages: list[str], text: str) -> int:
    found = [i for i, page in enumerate(pages) if text in page]
    assert len(found) == 1, (text, found)
    return found[0]


def _closing_block_is_whole(pages: list[str]) -> None:
    page = _page_of(pages, SIGNATORY)
    for line in ("Nơi nhận:", "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "- Lưu VP."):
        assert line in pages[page], (line, page)
    # With the body's last lines (a paragraph or a table's last row), never alone.
    above = pages[page].split("Nơi nhận:")[0].strip().splitlines()[1:]  # less the page number
    assert [line for line in above if line.strip()], pages[page]


@pytest.mark.parametrize("kind", [k.value for k in ReportKind])
def test_every_kind_prints_its_closing_block_whole_and_numbers_page_2(printed, kind):
    pages = printed[kind]
    assert len(pages) >= 2
    _closing_block_is_whole(pages)
    first_lines = [page.strip().splitlines()[0].strip() for page in pages]
    assert first_lines[1] == "2"  # centred in the top margin
    assert first_lines[0] != "1"  # none on the first page
    assert "***" not in pages[0]


def test_the_closing_block_never_splits_wherever_the_body_ends(printed):
    lengths = set()
    for n in EXTRA:
        pages = printed[f"annual-{n}"]
        _closing_block_is_whole(pages)
        lengths.add(len(pages))
    assert len(lengths) > 1  # the variants did cross a page boundary
