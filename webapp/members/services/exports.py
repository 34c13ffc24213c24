"""Export the filtered member list to .xlsx and CSV, in the columns the import reads back."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlalchemy import Select

from webapp.extensions import db
from webapp.formatting import date_short
from webapp.members.services.columns import EXPORT_HEADERS
from webapp.models.members import Gender, LeaveReason


def export_filename(ext: str, today: date | None = None) -> str:
    """ "hoi-vien-2023-10-20.xlsx" (ASCII: every browser saves it under that name)."""
    return f"hoi-vien-{(today or date.today()).isoformat()}.{ext}"


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
    """The members of ``stmt`` as an .xlsx workbook (dates as real dates, dd/mm/yyyy)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Hội viên")  # vi-only
    header = []
    for title in EXPORT_HEADERS:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for row in member_rows(stmt):
        cells = []
        for value in row:
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
            cells.append(cell)
        ws.append(cells)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def export_csv(stmt: Select) -> str:
    """The members of ``stmt`` as CSV, UTF-8 with a BOM so that Excel shows the accents."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(EXPORT_HEADERS)
    for row in member_rows(stmt):
        writer.writerow(
            [date_short(v) if isinstance(v, date) else ("" if v is None else v) for v in row]
        )
    return out.getvalue()
