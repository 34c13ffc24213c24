"""Hostile uploads are refused fast and light: time and extra memory of each refusal.

    .venv/bin/python scripts/bench_hostile_upload.py [CASE ...]

Builds the shapes of issue 11 §4 (and a few more) in a temporary folder, then hands each to the
real service (member import, template check, bank statement import, backup restore) in a fresh
child process with a throw-away SQLite instance, and prints, per case: the outcome, the
wall time of the call, the extra resident memory during the call (RSS sampled every 2 ms, minus
the RSS just before; the upload's own bytes are already in memory, as in a request) and the
peak of Python allocations (tracemalloc, in a second, untimed call). The target: every hostile
file refused in ≤ 1 s with ≤ 50 MB extra.
"""

from __future__ import annotations

import io
import json
import os
import random
import struct
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MiB = 1024 * 1024

# --- building the files ----------------------------------------------------------------------------


def _zip(parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _workbook_parts(rows: list[list] | None = None) -> dict[str, bytes]:
    from openpyxl import Workbook

    from webapp.members.services.columns import TEMPLATE_HEADERS

    book = Workbook()
    book.active.append(TEMPLATE_HEADERS)
    for row in rows or []:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def _sheet(body: bytes, dimension: str = "A1:B2") -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="'
        + dimension.encode()
        + b'"/><sheetData>'
        + body
        + b"</sheetData></worksheet>"
    )


SST = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
HEADER = (
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>Chi h\xe1\xbb\x99i</t></is></c></row>'
)


def _deflated_member(name: str, pattern: bytes, size: int) -> bytes:
    """A zip whose one part is ``pattern`` repeated to ``size`` bytes, compressed as it goes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(name, "w", force_zip64=True) as part,
    ):
        block = pattern * (MiB // len(pattern))
        written = 0
        while written < size:
            part.write(block[: size - written])
            written += len(block)
    return out.getvalue()


def _with(parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    """A workbook with ``parts`` replaced; a shared-strings part is declared so openpyxl reads it."""
    base = _workbook_parts()
    if "xl/sharedStrings.xml" in parts:
        base["[Content_Types].xml"] = base["[Content_Types].xml"].replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
    return _zip({**base, **parts}, compression)


def _lie(data: bytes, name: bytes, size: int) -> bytes:
    """Patch the uncompressed size of part ``name`` in both headers to ``size``."""
    out = bytearray(data)
    for signature, name_at, size_at, header in (
        (b"PK\x03\x04", 26, 22, 30),
        (b"PK\x01\x02", 28, 24, 46),
    ):
        at = out.find(signature)
        while at >= 0:
            length = struct.unpack_from("<H", out, at + name_at)[0]
            if out[at + header : at + header + length] == name:
                struct.pack_into("<I", out, at + size_at, size)
            at = out.find(signature, at + 4)
    return bytes(out)


def build(folder: Path) -> dict[str, tuple[str, Path]]:
    """case → (service, file)."""
    rng = random.Random(11)
    sst_bomb = SST + b"<si><t>" + b"A" * (300 * MiB) + b"</t></si></sst>"
    cases: dict[str, tuple[str, bytes]] = {}
    shared_strings_bomb = _with({"xl/sharedStrings.xml": sst_bomb})
    cases["shared-strings bomb (issue: 304 KB → 300 MB)"] = ("members", shared_strings_bomb)
    padding = rng.randbytes(20 * MiB - len(shared_strings_bomb) - 4096)
    cases["20 MiB: random padding + shared-strings bomb"] = (
        "members",
        _with({"xl/sharedStrings.xml": sst_bomb, "xl/media/image1.png": padding}),
    )
    cases["20 MiB: bomb whose headers lie about its size"] = (
        "members",
        _lie(
            _with({"xl/sharedStrings.xml": sst_bomb, "xl/media/image1.png": padding}),
            b"xl/sharedStrings.xml",
            1000,
        ),
    )
    empty_rows = _sheet(HEADER + b"<row/>" * (442 * 1024 * 60 // 6))
    cases["empty <row/> (issue: 442 KB deflated)"] = (
        "members",
        _with({"xl/worksheets/sheet1.xml": empty_rows}),
    )
    stored_rows = _sheet(HEADER + b"<row/>" * (19 * MiB // 6))
    cases["19 MiB of <row/> stored (no compression)"] = (
        "members",
        _with({"xl/worksheets/sheet1.xml": stored_rows}, zipfile.ZIP_STORED),
    )
    numbered = b"".join(b'<row r="%d"/>' % n for n in range(2, 200_002))
    cases["200.000 numbered empty rows (inside the size caps)"] = (
        "members",
        _with({"xl/worksheets/sheet1.xml": _sheet(HEADER + numbered)}),
    )
    for count, label in ((700_000, "700.000"), (49_000, "49.000")):
        tiny = b"".join(b"<si><t>%x</t></si>" % n for n in range(count))
        cases[f"{label} tiny shared strings (cap 50.000)"] = (
            "members",
            _with({"xl/sharedStrings.xml": SST + tiny + b"</sst>"}),
        )
    member = (
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>Tr\xe1\xba\xa7n Th\xe1\xbb\x8b Lan</t></is></c>'
        b'<c r="B2" t="inlineStr"><is><t>An C\xc6\xb0 2</t></is></c></row>'
    )
    cases["huge <dimension> A1:XFD1048576 (issue: 5 KB, was 4–6 s)"] = (
        "members",
        _with({"xl/worksheets/sheet1.xml": _sheet(HEADER + member, "A1:XFD1048576")}),
    )
    utf16 = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY a{i} "{"&a;" * 10}">' for i in range(8))
        + "]><w>&a7;</w>"
    ).encode("utf-16")
    cases["docx template, UTF-16 entity bomb"] = (
        "template",
        _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": utf16}),
    )
    cases["bank statement, 19 MiB of <row/>"] = (
        "statement",
        _with({"xl/worksheets/sheet1.xml": stored_rows}, zipfile.ZIP_STORED),
    )
    files: dict[str, tuple[str, Path]] = {}
    for n, (case, (service, data)) in enumerate(cases.items()):
        path = folder / f"case{n}.bin"
        path.write_bytes(data)
        files[case] = (service, path)
    backup = folder / "backup-bomb.zip"
    backup.write_bytes(_deflated_member("data/units.jsonl", b"\n", 1024 * MiB))
    files["backup with a 1 GiB member"] = ("backup", backup)
    return files


# --- running one case (child process) -------------------------------------------------------------


def _rss() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def run_case(service: str, path: Path) -> dict:
    from flask_migrate import upgrade

    from webapp import create_app
    from webapp.config import PROJECT_ROOT, Config
    from webapp.extensions import db
    from webapp.models import Role, Unit, UnitKind, User

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Config({"SOHOI_INSTANCE": tmp, "SECRET_KEY": "bench"}))
        with app.app_context(), app.test_request_context():
            upgrade(directory=str(PROJECT_ROOT / "migrations"), revision="heads")
            commune = Unit(name="Đức Xương", kind=UnitKind.COMMUNE)
            db.session.add(commune)
            db.session.flush()
            db.session.add(Unit(name="An Cư 2", kind=UnitKind.BRANCH, parent_id=commune.id))
            user = User(
                username="bench",
                full_name="Bench",
                role=Role.STAFF,
                unit_id=commune.id,
                password_hash="!",  # noqa: S106 (nobody logs in)
            )
            db.session.add(user)
            db.session.commit()
            data = path.read_bytes()
            # Warm up imports and caches with a harmless file of the same kind, untimed (the
            # hostile file itself would leave freed memory behind that hides its growth).
            _service(service, _harmless(service, Path(tmp)), Path(tmp) / "ok.zip", user)()
            call = _service(service, data, path, user)
            db.session.rollback()
            outcome, seconds, extra = _measured(call)
            db.session.rollback()
            tracemalloc.start()
            call()
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            return {
                "outcome": outcome,
                "seconds": seconds,
                "rss_mb": extra / MiB,
                "traced_mb": peak / MiB,
                "size_kb": len(data) / 1024,
            }


def _harmless(service: str, folder: Path) -> bytes:
    if service == "template":
        from docx import Document

        out = io.BytesIO()
        Document().save(out)
        return out.getvalue()
    if service == "backup":
        (folder / "ok.zip").write_bytes(_zip({"manifest.json": b"{}"}))
        return b""
    return _zip(_workbook_parts([[1, "Trần Thị Lan", 1980, None, None, "An Cư 2"]]))


def _service(service: str, data: bytes, path: Path, user):
    def call() -> str:
        try:
            if service == "members":
                from webapp.members.services.imports import upload

                preview = upload(io.BytesIO(data), "hostile.xlsx", user)
                return f"accepted: {len(preview.rows)} row(s)"
            if service == "template":
                from webapp.documents.templates import check_jinja, check_zip

                check_zip(data)
                check_jinja(data)
                return "accepted"
            if service == "statement":
                from webapp.loans.services.statements import read_statement

                read_statement(io.BytesIO(data))
                return "accepted"
            from webapp.backup import restore_backup

            restore_backup(path)
            return "accepted"
        except Exception as exc:  # the refusal is the result
            message = getattr(exc, "message", None) or str(exc)
            return f"refused: {message}"

    return call


def _measured(call) -> tuple[str, float, int]:
    base = _rss()
    peak = [base]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], _rss())
            time.sleep(0.002)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    t0 = time.perf_counter()
    outcome = call()
    seconds = time.perf_counter() - t0
    stop.set()
    sampler.join()
    peak[0] = max(peak[0], _rss())
    return outcome, seconds, peak[0] - base


# --- main -------------------------------------------------------------------------------------------


def main(selected: list[str]) -> int:
    if selected and selected[0] == "--child":
        print(json.dumps(run_case(selected[1], Path(selected[2]))))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        files = build(Path(tmp))
        print(f"built {len(files)} files in {time.perf_counter() - t0:.1f} s")
        print(f"{'case':58} {'size':>9} {'time':>7} {'+RSS':>8} {'traced':>8}  outcome")
        worst = 0.0
        for case, (service, path) in files.items():
            if selected and not any(s in case for s in selected):
                continue
            done = subprocess.run(
                [sys.executable, __file__, "--child", service, str(path)],
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode:
                print(f"{case}: child failed\n{done.stderr[-2000:]}")
                return 1
            r = json.loads(done.stdout.strip().splitlines()[-1])
            worst = max(worst, r["seconds"])
            print(
                f"{case:58} {r['size_kb']:>7.0f}KB {r['seconds']:>6.3f}s "
                f"{r['rss_mb']:>6.1f}MB {r['traced_mb']:>6.1f}MB  {r['outcome'][:90]}"
            )
        print(f"slowest: {worst:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
