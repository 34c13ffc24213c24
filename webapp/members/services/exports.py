"""Export the filtered member list to .xlsx and CSV, in the columns the import reads back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sqlalchemy import Select

from webapp.extensions import db
from webapp.formatting import date_short, local_today
from webapp.members.services.columns import EXPORT_HEADERS
from webapp.models.members import Gender, LeaveReason
from webapp.spreadsheets import XlsxWriter, write_csv


def export_filename(ext: str, today: date | None = None) -> str:
    """ "hoi-vien-2023-10-20.xlsx" (ASCII: every browser saves it under that name)."""
    return f"hoi-vien-{(today or local_today()).isoformat()}.{ext}"


def _yes(flag: bool) -> str:
    return "x" if flag else ""


def member_rows(stmt: Select) -> Iterator[list]:
    """One list of cell values per member, streamed in batches (50,000 rows stay light).

    Gender and leave reason are written in Vietnamese whatever the user's language: the import
    reads them back."""
    genders = {g: g.label_vi for g in Gender}
    reasons = {r: r.label_vi for r in LeaveReason}
    result = db.session.execute(stmt.execution_options(yield_per=1000)).scalars()
    for number, m in enumerate(result, start=1):
        yield [
            number,
            m.full_name,
            m.birth_year,
            m.birth_date,
            genders[m.gender],
            m.unit.name,
            m.address,
            m.phone,
            m.ethnicity,
            m.religion,
            m.joined_on,
            _yes(m.is_core),
            _yes(m.is_honorary),
            _yes(m.attends_regularly),
            m.left_on,
            reasons[m.leave_reason] if m.leave_reason else "",
            m.note,
            m.id,
        ]


def export_xlsx(stmt: Select) -> bytes:
    """The members of ``stmt`` as an .xlsx workbook (dates as real dates, dd/mm/yyyy; text
    always as text, never a formula: see webapp/spreadsheets.py)."""
    book = XlsxWriter()
    book.add_sheet("Hội viên")  # vi-only
    book.append(EXPORT_HEADERS, bold=True)
    for row in member_rows(stmt):
        book.append(row)
    return book.to_bytes()


def export_csv(stmt: Select) -> str:
    """The members of ``stmt`` as CSV, UTF-8 with a BOM so that Excel shows the accents; text that
    a spreadsheet would take for a formula is escaped."""
    return write_csv(EXPORT_HEADERS, member_rows(stmt), date_format=date_short)
