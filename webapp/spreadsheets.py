"""The one place spreadsheets are written (and their text read back): every .xlsx and CSV export.

Values typed by users can look like formulas (``=HYPERLINK(…)``): a spreadsheet program would run
them when the file is opened. So:
- in .xlsx every text value is written as a string cell, never a formula;
- in CSV a text value starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a
  leading apostrophe (OWASP, "CSV injection"); numbers are written as numbers;
- control characters that the .xlsx format cannot hold (openpyxl refuses them and the whole
  export failed for everyone) are dropped.
:func:`read_text` undoes the CSV escape, so an exported file imports back as the same text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain
from operator import attrgetter
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlalchemy import Select

if TYPE_CHECKING:
    from flask import Blueprint, Response

# What openpyxl refuses in a cell (XML 1.0 forbids them): C0 controls except tab, LF, CR.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# First characters a spreadsheet program reads as the start of a formula (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_ESCAPE = "'"


def clean_text(value: str) -> str:
    """``value`` without the control characters a spreadsheet cannot hold."""
    return ILLEGAL.sub("", value)


def csv_value(value: object) -> object:
    """A value as a CSV cell: text that could start a formula gets a leading apostrophe.

    Numbers stay numbers (-5 is written -5); only text is escaped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, str):
        text = clean_text(value)
        return CSV_ESCAPE + text if text.startswith(FORMULA_START) else text
    return value


def read_text(value: str) -> str:
    """The text a cell held before :func:`csv_value` escaped it (what the import reads)."""
    if value.startswith(CSV_ESCAPE) and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def write_csv(headers: list[str], rows: Iterable[Iterable[object]], date_format=None) -> str:
    """CSV text, UTF-8 BOM first so that Excel shows the accents; dates via ``date_format``."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([csv_value(h) for h in headers])
    for row in rows:
        writer.writerow(
            [csv_value(date_format(v) if date_format and isinstance(v, date) else v) for v in row]
        )
    return out.getvalue()


PROVENANCE_SHEET = "Thông tin xuất"  # vi-only: imports skip a sheet of this name


def _maker() -> list[tuple[str, object]] | None:
    """Who is making this file, and when, when a user asked for it (else None)."""
    from flask import has_request_context, request
    from flask_login import current_user

    from webapp.formatting import local_now

    if not has_request_context() or not getattr(current_user, "is_authenticated", False):
        return None
    return [
        ("Người xuất", f"{current_user.full_name} ({current_user.username})"),  # vi-only
        ("Thời điểm xuất", local_now().replace(tzinfo=None)),  # vi-only
        ("Trang", request.full_path.rstrip("?")),  # vi-only
        (
            "Lưu ý",  # vi-only
            "Tệp có dữ liệu cá nhân: chỉ dùng cho công việc của Hội, không chia sẻ ra ngoài.",  # vi-only
        ),
    ]


class XlsxWriter:
    """A streaming (write-only) workbook whose cells are always safe: text is text.

    ``add_sheet(title)`` then ``append(values)``; ``to_bytes()`` at the end."""

    DATE_FORMAT = "DD/MM/YYYY"
    DATETIME_FORMAT = "DD/MM/YYYY HH:MM"

    def __init__(self) -> None:
        self.book = Workbook(write_only=True)
        self.sheet = None
        self.widths: dict = {}

    def add_sheet(self, title: str, widths: Iterable[float] = ()) -> None:
        """Start a new sheet; later rows go there. ``widths`` are the first columns' widths."""
        from openpyxl.utils import get_column_letter

        self.sheet = self.book.create_sheet(clean_text(title)[:31])
        for number, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(number)].width = width

    def cell(self, value: object, bold: bool = False) -> WriteOnlyCell:
        """One safe cell: text as a string cell (never a formula), dates formatted."""
        if isinstance(value, str):
            value = clean_text(value)
        elif value is not None and not isinstance(value, int | float | date):
            value = clean_text(str(value))
        cell = WriteOnlyCell(self.sheet, value=value)
        if isinstance(value, str):
            # openpyxl turns text starting with "=" into a formula; this keeps it text.
            cell.data_type = "s"
        elif isinstance(value, datetime):
            cell.number_format = self.DATETIME_FORMAT
        elif isinstance(value, date):
            cell.number_format = self.DATE_FORMAT
        if bold:
            cell.font = Font(bold=True)
        return cell

    def append(self, values: Iterable[object], bold: bool = False) -> None:
        """Add one row to the current sheet."""
        assert self.sheet is not None, "add_sheet() first"
        self.sheet.append([self.cell(v, bold) for v in values])

    def to_bytes(self) -> bytes:
        """The workbook; made for a logged-in user, it ends with a sheet saying who made it
        and when (an export of personal data carries its maker: README "Personal data")."""
        maker = _maker()
        if maker is not None:
            self.add_sheet(PROVENANCE_SHEET, widths=(22, 40))
            for label, value in maker:
                self.append([label, value])
        buffer = io.BytesIO()
        self.book.save(buffer)
        return buffer.getvalue()


# --- list pages exported as they show -----------------------------------------------------------

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")  # Excel refuses these in a sheet's name
MONEY_FORMAT = "#,##0"  # integer đồng; the reader's Excel shows its own thousands separator


# What a column shows of a record: an attribute (dotted) or a function of the record.
Value = str | Callable[[object], object]


@dataclass(frozen=True)
class Column:
    """One column of a list export: its header (the page's), how its cells are written and,
    for :func:`records_response`, what each record shows in it.

    ``kind``: "text", "date" (dd/mm/yyyy), "money" (integer đồng, number format) or
    "number". ``value``: an attribute of the record (dotted: ``"unit.full_name"``) or a
    function of it."""

    title: object
    kind: str = "text"
    width: float = 16
    value: Value | None = None

    def of(self, record: object) -> object:
        """This column's cell of ``record``."""
        if callable(self.value):
            return self.value(record)
        if self.value is None:
            raise TypeError(f"column {self.title!s} says nothing of what it shows")
        return attrgetter(self.value)(record)

    @classmethod
    def text(cls, title: object, value: Value, width: float = 24) -> Column:
        """A text column (a name, a label, a note)."""
        return cls(title, "text", width, value)

    @classmethod
    def date(cls, title: object, value: Value) -> Column:
        """A date column, dd/mm/yyyy."""
        return cls(title, "date", 12, value)

    @classmethod
    def money(cls, title: object, value: Value, width: float = 16) -> Column:
        """An amount in đồng, with the reader's thousands separator."""
        return cls(title, "money", width, value)

    @classmethod
    def number(cls, title: object, value: Value, width: float = 10) -> Column:
        """A whole number (a count, a year)."""
        return cls(title, "number", width, value)


def list_workbook(
    title: object,
    columns: Sequence[Column],
    rows: Iterable[Sequence],
    footer: Sequence | None = None,
) -> bytes:
    """A list page as an .xlsx: one sheet (header row, then one row per record, as the page
    shows them, then the page's total line ``footer`` in bold when it has one), then the
    provenance sheet (who, when, which page with its filters)."""
    book = XlsxWriter()
    book.add_sheet(SHEET_TITLE_FORBIDDEN.sub("-", str(title)), widths=[c.width for c in columns])
    book.append([str(c.title) for c in columns], bold=True)
    lines = ((row, False) for row in rows)
    if footer is not None:
        lines = chain(lines, [(footer, True)])
    for row, bold in lines:
        cells = []
        for column, value in zip(columns, row, strict=True):
            cell = book.cell(value, bold)
            if column.kind == "money" and isinstance(value, int | float):
                cell.number_format = MONEY_FORMAT
            cells.append(cell)
        book.sheet.append(cells)
    return book.to_bytes()


def list_response(
    title: object,
    columns: Sequence[Column],
    rows: Iterable[Sequence],
    filename: str,
    footer: Sequence | None = None,
) -> Response:
    """The download of a list page, named ``<filename>-<today>.xlsx`` (ASCII): the workbook of
    :func:`list_workbook`, or flat CSV (dates dd/mm/yyyy) when the address ends in ``.csv``
    (the twin route :func:`list_export` adds)."""
    from flask import Response, request

    from webapp.formatting import date_short, local_today

    stem = f"{filename}-{local_today().isoformat()}"
    if request.path.endswith(".csv"):
        lines = chain(rows, [footer] if footer is not None else [])
        body = write_csv([str(c.title) for c in columns], lines, date_format=date_short)
        return Response(
            body,
            mimetype="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{stem}.csv"'},
        )
    return Response(
        list_workbook(title, columns, rows, footer),
        mimetype=XLSX_MIMETYPE,
        headers={"Content-Disposition": f'attachment; filename="{stem}.xlsx"'},
    )


def records_response(
    title: object,
    columns: Sequence[Column],
    records: Iterable[object] | Select,
    filename: str,
    footer: Sequence | None = None,
) -> Response:
    """:func:`list_response` of ``records`` (or of the records a ``select`` of the page's own
    query gives, every page of it), each row read off them by the columns (``Column.value``)."""
    if isinstance(records, Select):
        from webapp.extensions import db

        records = db.session.execute(records).scalars()
    rows = ([column.of(record) for column in columns] for record in records)
    return list_response(title, columns, rows, filename, footer)


def list_export(bp: Blueprint, rule: str) -> Callable:
    """Register a list export view at ``rule`` (``…/export.xlsx``) and at its CSV twin
    (``…/export.csv``, endpoint ``<view>_csv``); the view ends with :func:`list_response`."""

    def register(view: Callable) -> Callable:
        bp.add_url_rule(rule, view_func=view, methods=["GET"])
        twin = rule.removesuffix(".xlsx") + ".csv"
        bp.add_url_rule(twin, endpoint=f"{view.__name__}_csv", view_func=view, methods=["GET"])
        return view

    return register
