"""The one import engine: column map, parse, validate, preview, confirm.

A register (webapp/imports/<register>.py) declares only its columns and its rules:
- ``columns``: what a column holds, its header in the template and the other names banks and
  unions give it (compared without diacritics, case, punctuation or a unit in brackets);
- ``begin(ctx, rows)``: load what the rows will be matched against (one query per table);
- ``plan(ctx, row)``: say what the row creates and what it matched, or why it is refused;
- ``write(ctx, rows)``: write the accepted rows (bulk inserts where there are many).

Reading: the upload passes the shared check (webapp/uploads.py) and openpyxl streams the first
sheet (read-only, declared dimension ignored, every row counted against IMPORT_MAX_ROWS). The
header is the first of the top rows naming the required columns: titles above it are skipped;
a total line below the table ("Tổng cộng", "Cộng") is not a row. CSV (an export of a flat list)
is read the same way.

Preview and confirm: the parsed cells wait as JSON in FILES_DIR/imports/ under a random name tied
to the user (webapp/imports/batches.py). Nothing is written until the confirmation; it first
claims the upload (one ImportBatch row, its token unique: a second confirmation of the same
upload is refused), analyses the rows again against the register as it is then and writes every
accepted row in the caller's one transaction (any refusal rolls all of it back). A row whose
records already exist is "matched" and creates nothing, so importing the same file twice creates
nothing twice. The loan and savings registers share their household columns and the finding,
creating and linking to members of households (webapp/imports/households.py).
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from flask import current_app, g
from flask_babel import gettext
from openpyxl import load_workbook
from openpyxl.worksheet import _reader
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.functions import iterparse
from sqlalchemy import Select, insert, select

from webapp import formatting
from webapp.extensions import db
from webapp.fields import DATE_MAX, DATE_MIN, parse_date
from webapp.imports.batches import Upload
from webapp.models import Unit, UnitKind, User
from webapp.models.base import utcnow
from webapp.models.reports import ReportDraft
from webapp.refusals import RecordError
from webapp.scope import can_see_unit, can_write_unit, subtree_ids
from webapp.spreadsheets import XlsxWriter, read_text, write_csv
from webapp.text import nfc, search_key
from webapp.uploads import NotAZip, UploadRejected, check_zip_upload

HEADER_SEARCH = 15  # rows a title may take above the header
TOTAL_WORDS = ("tong", "cong")  # a sum line under the table: "Tổng cộng", "Cộng", "Tổng số"
MONEY_MAX = 10**15
YES = {"x", "co", "1", "yes", "true", "v", "✓", "✔", "dung"}
NO = {"", "khong", "0", "no", "false"}

NEW, MATCHED, REJECTED = "new", "matched", "rejected"

# search_key of the names a file repeats on every row (its groups, branches, programmes) and
# that each row's checks look up more than once: computed once.
key_of = lru_cache(maxsize=20_000)(search_key)
# The amounts and dates every row's preview message writes: a bank list repeats them.
money = lru_cache(maxsize=20_000)(formatting.money)
day = lru_cache(maxsize=20_000)(formatting.date_short)


def _(string: str, **variables: Any) -> str:
    """gettext for messages said once per row: each message is translated once per request
    (flask_babel looks the catalogue up on every call, a third of a 5.000-row preview)."""
    cache = g.setdefault("import_messages", {})
    text = cache.get(string)
    if text is None:
        text = cache[string] = gettext(string)
    return text % variables if variables else text


class ImportRefused(RecordError):
    """The file as a whole cannot be read (field "file")."""

    def __init__(self, message: object) -> None:
        super().__init__("file", message)


# --- columns and cells ---------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a register's file. ``header`` is the template's (and the export's) name;
    ``aliases`` the other names it is known by; ``kind`` how a cell is read."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    kind: str = "text"  # text | money | date | year | flag | grade
    width: float = 16
    help: str = ""

    @property
    def keys(self) -> set[str]:
        return {header_key(self.header), *(header_key(a) for a in self.aliases)}


def header_key(value: object) -> str:
    """A header as compared: no diacritics, case, punctuation or bracketed unit ("(đồng)")."""
    text = search_key(cell_text(value))
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def cell_text(value: object) -> str:
    """A cell as text: whole numbers without ".0", CSV's formula escape undone, NFC."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return formatting.date_short(value)
    return nfc(read_text(str(value).strip()))


def read_money(value: object) -> int | None:
    """Whole đồng: a number cell must be whole; text is read the Vietnamese way."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(_("không phải là số tiền"))
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError(_("phải là số nguyên đồng"))
        amount = int(value)
    else:
        text = cell_text(value)
        if text in ("-", "–"):
            return 0  # banks print a dash for nothing owed
        try:
            amount = formatting.parse_number(text)
        except ValueError:
            raise ValueError(_("“%(value)s” không phải là số tiền", value=text)) from None
    if amount < 0:
        raise ValueError(_("không được âm"))
    if amount > MONEY_MAX:
        raise ValueError(_("quá lớn"))
    return amount


def read_date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if not DATE_MIN <= value <= DATE_MAX:
            return parse_date(value.isoformat())  # refused with the window in its message
        return value
    text = cell_text(value)
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        raise ValueError(_("“%(value)s” không phải là ngày (ngày/tháng/năm)", value=text)) from None


def read_year(value: object) -> int | None:
    if isinstance(value, datetime | date):
        return (value.date() if isinstance(value, datetime) else value).year
    text = cell_text(value)
    if not text:
        return None
    if not re.fullmatch(r"\d{4}", text) or not 1900 <= int(text) <= formatting.local_today().year:
        raise ValueError(_("“%(value)s” không phải là năm sinh", value=text))
    return int(text)


def read_flag(value: object) -> bool:
    key = search_key(cell_text(value))
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueError(_("ghi x nếu có, để trống nếu không (đang ghi “%(value)s”)", value=key))


def read_grade(value: object) -> int | None:
    """Years of schooling: "12/12", "12", "9/12"."""
    text = cell_text(value)
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2})(\s*/\s*(10|12))?", text)
    if not match or not 1 <= int(match.group(1)) <= 12:
        raise ValueError(_("“%(value)s” không phải là trình độ văn hoá (ví dụ 12/12)", value=text))
    return int(match.group(1))


READERS: dict[str, Callable[[object], Any]] = {
    "text": lambda v: cell_text(v),
    "money": read_money,
    "date": read_date,
    "year": read_year,
    "flag": read_flag,
    "grade": read_grade,
}

# Columns several registers share.
STT = Column("stt", "STT", ("số thứ tự", "tt"), width=6)  # vi-only
BIRTH_YEAR = Column(
    "birth_year",
    "Năm sinh",  # vi-only
    ("sinh năm",),  # vi-only
    kind="year",
    width=10,
    help="Không bắt buộc; giúp phân biệt người trùng tên.",  # vi-only
)
ADDRESS = Column(
    "address",
    "Địa chỉ",  # vi-only
    ("thôn", "xóm", "thôn xóm", "thôn/xóm", "địa chỉ thôn xóm"),  # vi-only
    width=20,  # vi-only
)
UNIT = Column(
    "unit",
    "Chi hội",  # vi-only
    ("đơn vị", "tên chi hội", "hội cơ sở"),  # vi-only
    width=16,
    help="Chi hội (hoặc xã); để trống: đơn vị đã chọn khi nhập.",  # vi-only
)


# --- rows, preview, context ----------------------------------------------------------------


@dataclass
class Row:
    """One line of the file and what the import will do with it."""

    line: int
    values: dict[str, Any]
    status: str = NEW
    errors: list[str] = field(default_factory=list)
    creates: list[str] = field(default_factory=list)
    matches: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    plan: dict[str, Any] = field(default_factory=dict)
    link: str = ""  # a new household and a member: "linked" | "ambiguous" (see households.py)

    def refuse(self, message: str) -> None:
        if message not in self.errors:
            self.errors.append(message)
        self.status = REJECTED

    @property
    def label(self) -> str:
        """What the row names (its first text values), for the preview."""
        return " · ".join(
            str(v) for k, v in self.values.items() if isinstance(v, str) and v and k != "stt"
        )[:160]


@dataclass
class Preview:
    """What an import would do, row by row; ``token`` names the stored upload."""

    register: str
    token: str
    rows: list[Row]
    unit: Unit
    as_of: date | None
    filename: str = ""
    context: Any = None

    def of(self, status: str) -> list[Row]:
        return [r for r in self.rows if r.status == status]

    @property
    def counts(self) -> dict[str, int]:
        return {s: len(self.of(s)) for s in (NEW, MATCHED, REJECTED)}

    @property
    def accepted(self) -> list[Row]:
        return [r for r in self.rows if r.status != REJECTED]

    @property
    def links(self) -> dict[str, int]:
        """Rows written whose new household will be linked to a member, and those left unlinked
        because several members bear the name."""
        written = self.of(NEW)
        return {k: sum(1 for r in written if r.link == k) for k in ("linked", "ambiguous")}

    @property
    def ambiguous_lines(self) -> str:
        """The lines of the rows whose household is left unlinked, for the preview."""
        return ", ".join(str(r.line) for r in self.of(NEW) if r.link == "ambiguous")


def unit_ids(user: User, unit: Unit) -> list[int]:
    """The ids of ``unit`` and the units below it, when the user may see ``unit`` (her scope is
    a subtree: then she sees all of them); none otherwise."""
    if not can_see_unit(user, unit.id):
        return []
    return list(db.session.scalars(subtree_ids(unit.id)))


class UnitLookup:
    """The units of the import's subtree the user may write, by name (with or without "chi
    hội", with its commune in brackets, without diacritics)."""

    def __init__(self, user: User, unit: Unit) -> None:
        self.unit = unit
        self.above: list[int] = []  # the units above ``unit``, nearest first
        parent = unit.parent
        while parent is not None:
            self.above.append(parent.id)
            parent = parent.parent
        units = db.session.scalars(select(Unit).where(Unit.id.in_(unit_ids(user, unit)))).all()
        self.by_id = {u.id: u for u in units}
        self.by_key: dict[str, list[Unit]] = {}
        for u in units:
            if u.is_retired or not user.role.can_write:
                continue
            parent = self.by_id.get(u.parent_id)  # type: ignore[arg-type]
            keys = {search_key(u.name), search_key(u.full_name)}
            if parent is not None:
                keys |= {
                    search_key(f"{u.name} ({parent.name})"),
                    search_key(f"{u.name} - {parent.name}"),
                }
            for key in keys:
                bucket = self.by_key.setdefault(key, [])
                if u not in bucket:
                    bucket.append(u)

    def find(self, name: str) -> Unit:
        """The unit named ``name`` (the import's own unit when empty); ValueError otherwise."""
        if not name:
            return self.unit
        found = self.by_key.get(key_of(name), [])
        if not found:
            raise ValueError(
                _(
                    "Không có đơn vị “%(name)s” trong %(unit)s (hoặc bạn không được ghi).",
                    name=name,
                    unit=self.unit.full_name,
                )
            )
        if len(found) > 1:
            raise ValueError(
                _("Có %(n)s đơn vị tên “%(name)s”; hãy ghi kèm tên xã.", n=len(found), name=name)
            )
        return found[0]

    def ancestors(self, unit_id: int) -> list[int]:
        """The unit and the units above it inside the import's subtree."""
        chain = []
        current: int | None = unit_id
        while current is not None and current in self.by_id:
            chain.append(current)
            if current == self.unit.id:
                break
            current = self.by_id[current].parent_id
        return chain

    def line(self, unit_id: int) -> list[int]:
        """The unit and every unit above it (where its groups and banks may be kept)."""
        return self.ancestors(unit_id) + self.above


class Locks:
    """Sent reports of the import's unit, the units above and below it: a record dated in a
    period sent for its unit (or a unit above) is refused, as the session hook would."""

    def __init__(self, units: UnitLookup) -> None:
        above = [units.unit.id, *units.above]
        self.above = above
        self.units = units
        rows = db.session.execute(
            select(ReportDraft.unit_id, ReportDraft.period_start, ReportDraft.period_end).where(
                ReportDraft.sent_at.is_not(None),
                ReportDraft.unit_id.in_([*above, *units.by_id]),
            )
        ).all()
        self.reports: dict[int, list[tuple[date, date]]] = {}
        for unit_id, start, end in rows:
            self.reports.setdefault(unit_id, []).append((start, end))

    def check(self, unit_id: int, day: date | None) -> None:
        """Raise ValueError when ``day`` lies in a sent period of ``unit_id``."""
        if day is None or not self.reports:
            return
        for owner in {*self.units.ancestors(unit_id), *self.above}:
            for start, end in self.reports.get(owner, ()):
                if start <= day <= end:
                    raise ValueError(
                        _(
                            "Kỳ báo cáo %(start)s – %(end)s đã gửi; không thể thêm bản ghi "
                            "ngày %(day)s.",
                            start=formatting.date_short(start),
                            end=formatting.date_short(end),
                            day=formatting.date_short(day),
                        )
                    )


@dataclass
class Context:
    """What one analysis knows: who imports, into which unit, as of which date."""

    user: User
    units: UnitLookup
    locks: Locks
    as_of: date | None
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def unit(self) -> Unit:
        return self.units.unit

    @property
    def today(self) -> date:
        return formatting.local_today()

    def unit_of(self, row: Row, name: str) -> Unit | None:
        """The unit a row names (the import's own when empty); None, the row refused, when
        there is none the user may write."""
        try:
            return self.units.find(name)
        except ValueError as exc:
            row.refuse(str(exc))
            return None

    def unlocked(self, row: Row, unit_id: int, *days: date | None) -> bool:
        """Whether records of ``unit_id`` dated ``days`` may be written (else the row is
        refused: a report covering one of them was sent)."""
        try:
            for day in days:
                self.locks.check(unit_id, day)
        except ValueError as exc:
            row.refuse(str(exc))
            return False
        return True

    def once(self, row: Row, key: object) -> bool:
        """Whether ``key`` is met the first time in the file (else the row is refused as a
        repeat of the earlier line)."""
        seen = self.state.setdefault("seen", {})
        if key in seen:
            row.refuse(_("Trùng với dòng %(line)s của tệp.", line=seen[key]))
            return False
        seen[key] = row.line
        return True


class Register:
    """A register's import: its columns and rules (subclasses in this package)."""

    key = ""
    title = ""
    sheet = ""
    filename = ""
    columns: tuple[Column, ...] = ()
    notes: tuple[str, ...] = ()
    needs_as_of = False
    done_endpoint = "imports.index"

    def begin(self, ctx: Context, rows: list[Row]) -> None:
        """Load what the rows are matched against."""

    def plan(self, ctx: Context, row: Row) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def write(self, ctx: Context, rows: list[Row]) -> int:  # pragma: no cover - overridden
        raise NotImplementedError

    def export_rows(self, user: User, unit: Unit, at: date) -> Iterable[list[object]]:
        raise NotImplementedError  # pragma: no cover - overridden

    def total_row(self, rows: list[list[object]]) -> list[object] | None:
        """The "Tổng cộng" line under an export (None: no total)."""
        money = [i for i, c in enumerate(self.columns) if c.kind == "money"]
        if not money:
            return None
        total: list[object] = [""] * len(self.columns)
        total[1] = "Tổng cộng"  # vi-only: part of the file format
        for i in money:
            total[i] = sum(int(r[i] or 0) for r in rows)
        return total


def bulk_insert(model: type, records: list[dict], key: tuple[str, ...] = ()) -> dict[tuple, int]:
    """Insert register records in one statement, stamped as the session would stamp them
    (times, version 1). With ``key``, columns whose values tell the records apart: {those
    values: the new record's id}. (Ids matched by value, not by position: RETURNING in the
    order of the parameters costs SQLite one statement a row.)"""
    if not records:
        return {}
    now = utcnow()
    for record in records:
        record.update(created_at=now, updated_at=now, version=1)
    if not key:
        db.session.execute(insert(model), records)
        return {}
    columns = [getattr(model, k) for k in key]
    inserted = db.session.execute(insert(model).returning(model.id, *columns), records)
    ids = {tuple(r[1:]): r[0] for r in inserted}
    if len(ids) != len(records):  # pragma: no cover - the callers' keys are unique
        raise AssertionError(f"{model.__name__}: {key} does not tell the new records apart")
    return ids


def listed(model: type, user: User, unit: Unit) -> Select:
    """The records of ``model`` in ``unit``'s subtree the user sees, each with its unit's name
    (the export's "Chi hội" column)."""
    return (
        select(model, Unit.name)
        .join(Unit, Unit.id == model.unit_id)
        .where(model.unit_id.in_(unit_ids(user, unit)))
    )


# --- reading a file ------------------------------------------------------------------------


def _unreadable() -> ImportRefused:
    return ImportRefused(_("Không đọc được tệp. Hãy chọn tệp Excel .xlsx (dùng mẫu tải về)."))


def _map_header(register: Register, values: tuple) -> dict[int, str] | None:
    """{column index: key} when ``values`` is the header row (names every required column)."""
    lookup = {k: c.key for c in register.columns for k in c.keys}
    found: dict[int, str] = {}
    for i, value in enumerate(values):
        key = lookup.get(header_key(value))
        if key and key not in found.values():
            found[i] = key
    required = {c.key for c in register.columns if c.required}
    return found if required <= set(found.values()) else None


def _is_total(values: Iterable[object]) -> bool:
    """A sum line: its first text cell starts with "tổng" or "cộng"."""
    for value in values:
        if isinstance(value, str) and value.strip():
            return key_of(value.strip()[:4]).startswith(TOTAL_WORDS)
    return False


def _dimensions_before_the_rows(parser: WorkSheetParser) -> tuple | None:
    """openpyxl's ``WorkSheetParser.parse_dimensions``, stopping where the rows begin. The
    original waits for the *end* of <sheetData>, so opening a sheet that declares no
    <dimension> (openpyxl's write-only files, some banks' exports) parsed all of it once just to
    learn that: two thirds of a 5.000-row preview. Same answer, read up to the first row."""
    for _event, element in iterparse(parser.source, events=("start",)):
        if element.tag == _reader.DIMENSION_TAG:
            return SheetDimension.from_tree(element).boundaries
        if element.tag == _reader.DATA_TAG:
            return None
    return None


WorkSheetParser.parse_dimensions = _dimensions_before_the_rows  # type: ignore[method-assign]


def _iter_sheet(data: bytes) -> Iterator[tuple]:
    try:
        check_zip_upload(data)
    except NotAZip:
        raise _unreadable() from None
    except UploadRejected as exc:
        raise ImportRefused(str(exc)) from None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise _unreadable() from None
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # a huge declared dimension must cost nothing
        yield from sheet.iter_rows(values_only=True)
    finally:
        book.close()


def _iter_csv(data: bytes) -> Iterator[tuple]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(_("Tệp CSV phải ở dạng UTF-8 (như tệp xuất ra).")) from None
    for values in csv.reader(io.StringIO(text)):
        yield tuple(values)


def read_cells(register: Register, data: bytes, filename: str) -> list[tuple[int, dict]]:
    """(line number, {column key: cell}) for every row of the table under the header."""
    max_rows = current_app.config["IMPORT_MAX_ROWS"]
    rows = _iter_csv(data) if filename.lower().endswith(".csv") else _iter_sheet(data)
    header: dict[int, str] | None = None
    result: list[tuple[int, dict]] = []
    line = 0
    try:
        for line, values in enumerate(rows, start=1):
            if header is None:
                header = _map_header(register, values)
                if header is None and line >= HEADER_SEARCH:
                    break
                if header is not None:
                    start = line
                continue
            if line - start > max_rows:
                limit = formatting.number(max_rows)
                raise ImportRefused(_("Tệp có quá %(n)s dòng; hãy chia thành nhiều tệp.", n=limit))
            cells = {key: values[i] for i, key in header.items() if i < len(values)}
            if all(cell_text(v) == "" for k, v in cells.items() if k != "stt"):
                continue
            if _is_total(values):
                continue
            result.append((line, cells))
    except RecordError:
        raise
    except Exception:  # a malformed sheet (a shared-string index out of range, …)
        raise _unreadable() from None
    if header is None:
        names = ", ".join(f"“{c.header}”" for c in register.columns if c.required)
        raise ImportRefused(
            _(
                "Không tìm thấy dòng tiêu đề có các cột %(names)s trong %(n)s dòng đầu của trang "
                "tính đầu tiên.",
                names=names,
                n=HEADER_SEARCH,
            )
        )
    if not result:
        raise ImportRefused(_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
    return result


def parse_row(register: Register, line: int, cells: dict) -> Row:
    """A row's cells read by their column's kind; a cell that cannot be read is an error."""
    row = Row(line, {})
    for column in register.columns:
        raw = cells.get(column.key)
        try:
            value = READERS[column.kind](raw)
        except ValueError as exc:
            row.refuse(f"{column.header}: {exc}")
            continue
        if column.required and value in (None, ""):
            row.refuse(_("Thiếu %(column)s.", column=column.header))
        row.values[column.key] = value
    return row


# --- preview and confirm -------------------------------------------------------------------


@contextlib.contextmanager
def _without_gc_pauses() -> Iterator[None]:
    """The cyclic garbage collector off while a file's rows are read and checked. They are tens
    of thousands of small objects, and every few hundred of them made the collector walk all
    the app's objects again: a 5.000-row preview took up to twice as long, unevenly. Nothing
    they make needs it (no cycles to free); it is on again afterwards."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def import_unit(user: User, unit_id: int | None) -> Unit:
    """The unit an import goes into: one the user may write (her own unit by default)."""
    unit_id = unit_id or user.unit_id
    unit = db.session.get(Unit, unit_id) if unit_id else None
    if unit is None or not can_write_unit(user, unit.id):
        raise RecordError("unit_id", _("Vui lòng chọn một đơn vị bạn được ghi."))
    if unit.kind in (UnitKind.PROVINCE, UnitKind.DISTRICT):
        raise RecordError("unit_id", _("Hãy chọn xã (hoặc chi hội) để nhập."))
    return unit


def analyse(
    register: Register,
    user: User,
    cells: list[tuple[int, dict]],
    unit: Unit,
    as_of: date | None,
    token: str = "",
    filename: str = "",
) -> Preview:
    """Say, row by row, what importing ``cells`` would do. Writes nothing."""
    if register.needs_as_of and as_of is None:
        raise RecordError("as_of", _("Vui lòng chọn ngày chốt số liệu."))
    if as_of is not None and as_of > formatting.local_today():
        raise RecordError("as_of", _("Ngày chốt số liệu không được sau ngày hôm nay."))
    units = UnitLookup(user, unit)
    ctx = Context(user, units, Locks(units), as_of)
    with _without_gc_pauses():
        rows = [parse_row(register, line, c) for line, c in cells]
        register.begin(ctx, rows)
        for row in rows:
            if row.status != REJECTED:
                register.plan(ctx, row)
            if row.status != REJECTED and not row.creates:
                row.status = MATCHED
    return Preview(register.key, token, rows, unit, as_of, filename, ctx)


def upload(
    register: Register,
    user: User,
    stream: io.BufferedIOBase | None,
    filename: str,
    unit_id: int | None,
    as_of: date | None,
) -> Preview:
    """Read an uploaded file, keep its cells until the confirmation, return its preview."""
    unit = import_unit(user, unit_id)
    if stream is None or not filename:
        raise ImportRefused(_("Vui lòng chọn tệp Excel (.xlsx)."))
    if not filename.lower().endswith((".xlsx", ".csv")):
        raise ImportRefused(_("Chỉ nhận tệp Excel .xlsx (hoặc .csv xuất từ Sổ Hội)."))
    kept = Upload.new(register.key, user)
    with _without_gc_pauses():
        cells = read_cells(register, stream.read(), filename)
    preview = analyse(register, user, cells, unit, as_of, kept.token, nfc(filename)[:200])
    kept.keep(
        cells,
        unit_id=unit.id,
        as_of=as_of.isoformat() if as_of else None,
        filename=preview.filename,
    )
    return preview


def preview_of(register: Register, user: User, token: str) -> Preview:
    """The preview of a file the same user uploaded earlier, from its stored cells."""
    cells, payload = Upload(register.key, user, token).stored()
    as_of = date.fromisoformat(payload["as_of"]) if payload.get("as_of") else None
    unit = import_unit(user, payload.get("unit_id"))
    return analyse(register, user, cells, unit, as_of, token, payload.get("filename", ""))


def confirm(register: Register, user: User, token: str) -> int:
    """Write every accepted row; return how many rows created something. The caller commits
    (webapp.form_helpers.save): all of it lands or none. The upload is claimed first
    (webapp/imports/batches.py): a second confirmation of it is refused."""
    kept = Upload(register.key, user, token)
    batch = kept.claim()
    preview = preview_of(register, user, token)
    rows = [r for r in preview.rows if r.status == NEW]
    if not rows:
        raise RecordError(
            None, _("Không có dòng nào cần ghi: mọi dòng đã có trong sổ hoặc bị từ chối.")
        )
    register.write(preview.context, rows)
    batch.unit_id, batch.filename, batch.rows = preview.unit.id, preview.filename, len(rows)
    db.session.flush()
    kept.forget()
    return len(rows)


def forget(user: User, token: str) -> None:
    """Drop an upload the user cancelled."""
    with contextlib.suppress(RecordError):
        Upload("register", user, token).forget()  # the registers' uploads share one naming


# --- templates and exports -----------------------------------------------------------------


def template_xlsx(register: Register, user: User) -> bytes:
    """The blank template: the register's columns and a "Hướng dẫn" sheet."""
    book = XlsxWriter()
    book.add_sheet(register.sheet, widths=[c.width for c in register.columns])
    book.append([c.header for c in register.columns], bold=True)
    book.add_sheet("Hướng dẫn", widths=(28, 90))  # vi-only: part of the file format
    book.append(["Cột", "Cách ghi"], bold=True)  # vi-only
    for column in register.columns:
        need = "bắt buộc" if column.required else "không bắt buộc"  # vi-only
        other = ""
        if column.aliases:
            other = " Cũng nhận tên cột: " + ", ".join(column.aliases) + "."  # vi-only
        book.append([column.header, f"({need}) {column.help}{other}".strip()])
    book.append([])
    for note in register.notes:
        book.append(["", note])
    return book.to_bytes()


def export_xlsx(register: Register, user: User, unit: Unit, at: date) -> bytes:
    """The register as the import reads it back: a title line, the header, the rows, a total."""
    rows = [list(r) for r in register.export_rows(user, unit, at)]
    book = XlsxWriter()
    book.add_sheet(register.sheet, widths=[c.width for c in register.columns])
    # vi-only: the title line of the file (the import skips it)
    book.append(
        [f"{register.sheet} — {unit.full_name} — đến ngày {formatting.date_short(at)}"]  # vi-only
    )  # vi-only
    book.append([c.header for c in register.columns], bold=True)
    for row in rows:
        book.append(row)
    total = register.total_row(rows)
    if total is not None and rows:
        book.append(total, bold=True)
    return book.to_bytes()


def export_csv(register: Register, user: User, unit: Unit, at: date) -> str:
    """The same rows as CSV (no title, no total: a flat list)."""
    return write_csv(
        [c.header for c in register.columns],
        register.export_rows(user, unit, at),
        date_format=formatting.date_short,
    )
