"""Import a member list from .xlsx: a blank template, a row-by-row preview (new, likely
duplicate, rejected and why), then — only when the user confirms — every accepted row written
in one transaction with bulk inserts (5,000 rows take about a second).

The uploaded file passes the shared upload check (webapp/uploads.py), is parsed once, and
its cells wait as JSON in FILES_DIR/imports/ under a random name tied to the user between the
preview and the confirmation: showing the preview again never re-reads the .xlsx. The rows are
checked again at confirmation, so what is written is checked against the register as it is at
that moment.
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app
from flask_babel import gettext as _
from openpyxl import load_workbook
from sqlalchemy import insert, select

from webapp.extensions import db
from webapp.fields import parse_date
from webapp.formatting import date_short, local_today
from webapp.imports.batches import Upload
from webapp.members.services.columns import REQUIRED, TEMPLATE_HEADERS, column_key
from webapp.members.services.members import MemberData, clean, sort_key_of
from webapp.models import Unit, UnitKind, User
from webapp.models.base import utcnow
from webapp.models.members import Gender, LeaveReason, Member, MemberEvent, MemberEventKind
from webapp.refusals import RecordError
from webapp.scope import can_write_unit, visible_unit_ids
from webapp.spreadsheets import XlsxWriter, read_text
from webapp.text import nfc, search_key
from webapp.uploads import NotAZip, UploadRejected, check_zip_upload

YES = {"x", "co", "1", "yes", "true", "v", "✓", "✔", "dung"}
NO = {"", "khong", "0", "no", "false"}
REASONS = {
    "qua doi": LeaveReason.DIED,
    "chet": LeaveReason.DIED,
    "mat": LeaveReason.DIED,
    "tu tran": LeaveReason.DIED,
    "chuyen di": LeaveReason.MOVED,
    "chuyen di noi khac": LeaveReason.MOVED,
    "chuyen": LeaveReason.MOVED,
    "xin ra": LeaveReason.WITHDREW,
    "xin ra khoi hoi": LeaveReason.WITHDREW,
    "ra hoi": LeaveReason.WITHDREW,
}


class ImportRefused(RecordError):
    """The file as a whole cannot be read."""


@dataclass
class ImportRow:
    """One line of the file and what the import will do with it."""

    line: int
    full_name: str
    unit_name: str
    data: MemberData | None = None
    left_on: date | None = None
    leave_reason: LeaveReason | None = None
    status: str = "new"  # new | duplicate | rejected
    messages: list[str] = field(default_factory=list)


@dataclass
class Preview:
    token: str
    rows: list[ImportRow]

    def of(self, status: str) -> list[ImportRow]:
        return [r for r in self.rows if r.status == status]

    @property
    def counts(self) -> dict[str, int]:
        return {s: len(self.of(s)) for s in ("new", "duplicate", "rejected")}


# --- the blank template -----------------------------------------------------------------------


def template_xlsx(user: User) -> bytes:
    """A workbook with the expected columns and a sheet of instructions naming the user's
    branches."""
    book = XlsxWriter()
    # The template is part of the file format (its headers are read back): Vietnamese only.
    book.add_sheet("Danh sách hội viên", widths=(6, 28, 10, 12, 9, 16, 24, 14))  # vi-only
    book.append(TEMPLATE_HEADERS, bold=True)
    book.add_sheet("Hướng dẫn", widths=(90,))  # vi-only
    for line in (
        "Điền mỗi hội viên một dòng ở trang “Danh sách hội viên”; giữ nguyên dòng tiêu đề.",  # vi-only
        "Bắt buộc: Họ và tên, Chi hội. Năm sinh hoặc Ngày sinh nên có để phát hiện trùng.",  # vi-only
        "Ngày ghi theo dạng ngày/tháng/năm, ví dụ 20/10/2023.",  # vi-only
        "Giới tính: Nữ (mặc định) hoặc Nam — nam giới chỉ là hội viên danh dự.",  # vi-only
        "Nòng cốt, Danh dự, Sinh hoạt thường xuyên: ghi x nếu có, để trống nếu không.",  # vi-only
        "Lý do ra (khi có Ngày ra): Qua đời, Chuyển đi, Xin ra.",  # vi-only
        "",
        "Tên chi hội bạn được nhập:",  # vi-only
    ):
        book.append([line])
    for unit in _writable_branches(user):
        book.append([unit.name])
    return book.to_bytes()


# --- reading a file ---------------------------------------------------------------------------


def _writable_branches(user: User) -> list[Unit]:
    units = db.session.scalars(
        select(Unit)
        .where(Unit.id.in_(visible_unit_ids(user)), Unit.kind == UnitKind.BRANCH)
        .order_by(Unit.name)
    ).all()
    return [u for u in units if not u.is_retired and can_write_unit(user, u.id)]


def _branch_lookup(user: User) -> dict[str, list[Unit]]:
    """search key of a branch name (alone, with "chi hội", and with its commune) → branches."""
    lookup: dict[str, list[Unit]] = {}
    for unit in _writable_branches(user):
        parent = unit.parent.name if unit.parent else ""
        keys = {search_key(unit.name), search_key(unit.full_name)}
        if parent:
            keys |= {search_key(f"{unit.name} ({parent})"), search_key(f"{unit.name} - {parent}")}
        for key in keys:
            lookup.setdefault(key, []).append(unit)
    return lookup


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        # A CSV export escaped text that looks like a formula ('=…): read back the same text.
        return read_text(value.strip()).strip()
    return str(value).strip()


def _date(value: object, what: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return parse_date(_text(value))
    except ValueError:
        raise ValueError(
            _("%(what)s “%(value)s” không hợp lệ (ngày/tháng/năm).", what=what, value=_text(value))
        ) from None


def _year(value: object) -> int | None:
    text = _text(value)
    if not text:
        return None
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(_("Năm sinh “%(value)s” không hợp lệ.", value=text))
    return int(text)


def _flag(value: object, what: str) -> bool:
    key = search_key(_text(value))
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueError(
        _(
            "%(what)s: ghi x nếu có, để trống nếu không (đang ghi “%(value)s”).",
            what=what,
            value=_text(value),
        )
    )


def _gender(value: object) -> Gender:
    key = search_key(_text(value))
    if key in ("", "nu"):
        return Gender.FEMALE
    if key == "nam":
        return Gender.MALE
    raise ValueError(_("Giới tính “%(value)s” không hợp lệ (Nữ hoặc Nam).", value=_text(value)))


def _unreadable() -> ImportRefused:
    return ImportRefused(
        "file", _("Không đọc được tệp. Hãy chọn tệp Excel .xlsx (dùng mẫu tải về).")
    )


def read_cells(data: bytes) -> list[tuple[int, dict[str, object]]]:
    """(line number, {column key: cell value}) for every non-empty row under the header.

    The file passes the shared upload check first; then openpyxl streams it (read-only mode,
    the sheet's declared dimension ignored) and every row it yields counts towards
    IMPORT_MAX_ROWS, empty ones included, so neither a file of empty rows nor a huge
    dimension can hold the request."""
    try:
        check_zip_upload(data)
    except NotAZip:
        raise _unreadable() from None
    except UploadRejected as exc:
        raise ImportRefused("file", str(exc)) from None
    max_rows = current_app.config["IMPORT_MAX_ROWS"]
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise _unreadable() from None
    try:
        ws = wb.worksheets[0]
        ws.reset_dimensions()
        rows = ws.iter_rows(values_only=True)
        header: dict[int, str] = {}
        line = 0
        for line, values in enumerate(rows, start=1):
            keys = {i: column_key(v) for i, v in enumerate(values)}
            if "full_name" in keys.values():
                header = {i: k for i, k in keys.items() if k}
                break
            if line >= 10:
                break
        missing = [k for k in REQUIRED if k not in header.values()]
        if not header or missing:
            raise ImportRefused(
                "file",
                _(
                    "Không tìm thấy dòng tiêu đề có cột “Họ và tên” và “Chi hội” trong 10 dòng "
                    "đầu của trang tính đầu tiên."
                ),
            )
        result = []
        for number, values in enumerate(rows, start=line + 1):
            if number - line > max_rows:
                limit = f"{max_rows:,}".replace(",", ".")
                raise ImportRefused(
                    "file", _("Tệp có quá %(n)s dòng; hãy chia thành nhiều tệp.", n=limit)
                )
            cells = {key: values[i] for i, key in header.items() if i < len(values)}
            if all(_text(v) == "" for k, v in cells.items() if k != "number"):
                continue
            result.append((number, cells))
        return result
    except RecordError:
        raise
    except Exception:
        # A malformed sheet (a shared-string index out of range, a bad number…) is refused.
        raise _unreadable() from None
    finally:
        wb.close()


def _row(line: int, cells: dict[str, object], branches: dict[str, list[Unit]]) -> ImportRow:
    row = ImportRow(line, _text(cells.get("full_name")), _text(cells.get("unit")))
    if isinstance(cells.get("birth_year"), (date, datetime)):
        # A full date typed in the year column: it is the birth date.
        cells = {**cells, "birth_date": cells.get("birth_date") or cells["birth_year"]}
        cells["birth_year"] = None
    values: dict[str, object] = {}
    parsers = {
        "birth_year": _year,
        "birth_date": lambda v: _date(v, _("Ngày sinh")),
        "joined_on": lambda v: _date(v, _("Ngày vào Hội")),
        "gender": _gender,
        "is_core": lambda v: _flag(v, _("Nòng cốt")),
        "is_honorary": lambda v: _flag(v, _("Danh dự")),
        "attends_regularly": lambda v: _flag(v, _("Sinh hoạt thường xuyên")),
    }
    for key, parse in parsers.items():
        try:
            values[key] = parse(cells.get(key))
        except ValueError as exc:
            row.messages.append(str(exc))
    try:
        row.left_on = _date(cells.get("left_on"), _("Ngày ra"))
    except ValueError as exc:
        row.messages.append(str(exc))
    reason = search_key(_text(cells.get("leave_reason")))
    if reason:
        row.leave_reason = REASONS.get(reason)
        if row.leave_reason is None:
            row.messages.append(_("Lý do ra phải là: Qua đời, Chuyển đi hoặc Xin ra."))
    if row.left_on and not reason:
        row.messages.append(_("Có Ngày ra thì cần ghi Lý do ra."))
    if reason and not row.left_on:
        row.messages.append(_("Có Lý do ra thì cần ghi Ngày ra."))
    if not row.full_name:
        row.messages.append(_("Thiếu họ và tên."))
    unit = None
    if not row.unit_name:
        row.messages.append(_("Thiếu tên chi hội."))
    else:
        found = branches.get(search_key(row.unit_name), [])
        if not found:
            row.messages.append(
                _("Không có chi hội “%(name)s” trong phạm vi của bạn.", name=row.unit_name)
            )
        elif len(found) > 1:
            example = f"{found[0].name} ({found[0].parent.name if found[0].parent else ''})"
            row.messages.append(
                _(
                    "Có %(n)s chi hội tên “%(name)s”; hãy ghi kèm tên xã, ví dụ “%(example)s”.",
                    n=len(found),
                    name=row.unit_name,
                    example=example,
                )
            )
        else:
            unit = found[0]
    if row.messages:
        row.status = "rejected"
        return row
    data = MemberData(
        full_name=row.full_name,
        unit_id=unit.id if unit else None,
        address=_text(cells.get("address")),
        phone=_text(cells.get("phone")),
        ethnicity=_text(cells.get("ethnicity")),
        religion=_text(cells.get("religion")),
        note=_text(cells.get("note")),
        **values,  # type: ignore[arg-type]
    )
    try:
        row.data = clean(data)
    except RecordError as exc:
        row.messages.extend(message for _field, message in exc.all)
        row.status = "rejected"
        return row
    if row.left_on:
        if row.left_on > local_today():
            row.messages.append(_("Ngày ra không được sau ngày hôm nay."))
        elif row.data.joined_on and row.left_on < row.data.joined_on:
            row.messages.append(_("Ngày ra phải sau ngày vào Hội."))
        if row.messages:
            row.status = "rejected"
    return row


def _same_name(a: str, b: str) -> bool:
    """Whether two names (of one diacritic-free key) are the same: compared with their
    diacritics, in NFC and case-folded, so "Yên" and "Yến" are two people. A name typed with
    no diacritics at all cannot tell them apart, so it matches each of them."""
    key_a, key_b = nfc(a).casefold(), nfc(b).casefold()
    return key_a == key_b or key_a == search_key(a) or key_b == search_key(b)


def _mark_duplicates(rows: list[ImportRow]) -> None:
    """Flag rows matching a member already registered, or an earlier row of the file (whose
    line and name the message gives)."""
    unit_ids = {r.data.unit_id for r in rows if r.data}
    # Bucketed by the diacritic-free key (what the database indexes), then compared exactly.
    existing: dict[tuple, list[str]] = {}
    if unit_ids:
        for unit_id, key, year, name in db.session.execute(
            select(Member.unit_id, Member.search_key, Member.birth_year, Member.full_name).where(
                Member.unit_id.in_(unit_ids)
            )
        ):
            existing.setdefault((unit_id, key, year), []).append(name)
    seen: dict[tuple, list[tuple[int, str]]] = {}
    for row in rows:
        if row.data is None:
            continue
        name = nfc(row.data.full_name)
        ident = (row.data.unit_id, search_key(name), row.data.birth_year)
        member = next((n for n in existing.get(ident, ()) if _same_name(n, name)), None)
        earlier = next((s for s in seen.get(ident, ()) if _same_name(s[1], name)), None)
        if member is not None:
            row.status = "duplicate"
            row.messages.append(_("Có thể trùng với hội viên đã có: %(name)s.", name=member))
        elif earlier is not None:
            row.status = "duplicate"
            row.messages.append(
                _("Trùng với dòng %(line)s trong tệp: %(name)s.", line=earlier[0], name=earlier[1])
            )
        else:
            seen.setdefault(ident, []).append((row.line, name))


# --- preview and confirm ----------------------------------------------------------------------


def analyse(cells: list[tuple[int, dict[str, object]]], user: User, token: str = "") -> Preview:
    """Say, row by row, what an import of the parsed ``cells`` would do. Writes nothing."""
    branches = _branch_lookup(user)
    rows = [_row(line, row, branches) for line, row in cells]
    _mark_duplicates(rows)
    if not rows:
        raise ImportRefused("file", _("Tệp không có dòng hội viên nào dưới dòng tiêu đề."))
    return Preview(token, rows)


def upload(stream: io.BufferedIOBase | None, filename: str, user: User) -> Preview:
    """Keep the uploaded file until confirmation and return its preview."""
    if stream is None or not filename:
        raise ImportRefused("file", _("Vui lòng chọn tệp Excel (.xlsx)."))
    if not filename.lower().endswith(".xlsx"):
        raise ImportRefused("file", _("Chỉ nhận tệp Excel .xlsx (dùng mẫu tải về)."))
    kept = Upload.new("members", user)
    cells = read_cells(stream.read())
    preview = analyse(cells, user, kept.token)
    kept.keep(cells)
    return preview


def preview_of(token: str, user: User) -> Preview:
    """The preview of a file uploaded earlier by the same user, from its stored cells."""
    cells, _about = Upload("members", user, token).stored()
    return analyse(cells, user, token)


def confirm(token: str, user: User, include_duplicates: bool) -> int:
    """Write every accepted row (and the likely duplicates when asked) with bulk inserts;
    return how many members were added. The caller commits: all or nothing. The upload is
    claimed first (webapp/imports/batches.py): a second confirmation of it is refused."""
    kept = Upload("members", user, token)
    batch = kept.claim()
    preview = preview_of(token, user)
    rows = preview.of("new") + (preview.of("duplicate") if include_duplicates else [])
    rows.sort(key=lambda r: r.line)
    count = write_rows(rows, user)
    batch.rows = count
    kept.forget()
    return count


def write_rows(rows: list[ImportRow], user: User | None) -> int:
    """Bulk-insert the members of ``rows`` and one history line each."""
    if not rows:
        return 0
    now = utcnow()
    records = []
    for row in rows:
        assert row.data is not None
        values = {f: getattr(row.data, f) for f in row.data.__dataclass_fields__}
        records.append(
            {
                **values,
                "search_key": search_key(row.data.full_name),
                "sort_key": sort_key_of(row.data.full_name),
                "left_on": row.left_on,
                "leave_reason": row.leave_reason,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
    ids = db.session.scalars(
        insert(Member).returning(Member.id, sort_by_parameter_order=True), records
    ).all()
    today = local_today()
    events = []
    for member_id, row, record in zip(ids, rows, records, strict=True):
        # The history line is stored: Vietnamese whatever the user's language.
        joined = ""
        if row.data.joined_on:
            joined = f", vào Hội ngày {date_short(row.data.joined_on)}"  # vi-only
        events.append(
            {
                "member_id": member_id,
                "unit_id": record["unit_id"],
                "happened_on": today,
                "kind": MemberEventKind.IMPORTED,
                "description": f"Nhập từ tệp Excel (dòng {row.line}){joined}.",  # vi-only
                "user_id": user.id if user else None,
                "created_at": now,
                "updated_at": now,
            }
        )
    db.session.execute(insert(MemberEvent), events)
    return len(ids)


def forget(token: str, user: User) -> None:
    """Drop an upload the user cancelled."""
    with contextlib.suppress(RecordError):
        Upload("members", user, token).forget()
