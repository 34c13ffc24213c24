"""Installing for a whole province (issue 13 §5): the province and its commune-level unions from
an .xlsx list, with the former communes merged into each, and optionally one staff account per
commune with a one-time password.

The list has one commune per row; its columns are found by their header (first row that names
them): "Tên đơn vị" (name), "Loại" (Xã / Phường / Đặc khu / Thị trấn), "Các xã cũ" (former
communes, separated by commas, semicolons or new lines), "Ngày sáp nhập" (dd/mm/yyyy or a date
cell). Every row is checked before anything is written; one bad row refuses the whole file with
every problem listed. Former communes become retired units merged into their successor on the
date (webapp/units/services/merges.py), so their names stay in the history; an existing active commune of
the province with the same name is merged instead of a new one being made.

Passwords are never stored in plain text: they exist in memory until the .xlsx list is sent to
the admin (or written, readable by the owner only, by the command line).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from webapp.accounts.services import AccountData, create_account
from webapp.extensions import db
from webapp.models import Role, Unit, UnitKind, User
from webapp.models.units import strip_kind_word
from webapp.refusals import RecordError
from webapp.spreadsheets import XlsxWriter
from webapp.text import nfc, search_key
from webapp.units.services.merges import MergePlan, merge_communes
from webapp.units.services.units import create_unit

# Header words (without diacritics, lowercase) that name each column.
HEADERS = {
    "name": ("ten don vi", "ten xa", "ten", "don vi"),
    "kind": ("loai", "cap", "loai don vi"),
    "former": ("cac xa cu", "xa cu", "sap nhap tu", "don vi cu", "cac don vi cu"),
    "merged_on": ("ngay sap nhap", "ngay hop nhat", "ngay"),
}
SPLIT = re.compile(r"[,;\n]+")


class InstallError(RecordError):
    """The install is refused: every problem (of the list, by row) in the user's language,
    about the field ``about`` of the install form (the file unless said otherwise)."""

    def __init__(self, problems: list[str], about: str | None = "file") -> None:
        super().__init__(about, problems[0], [(about, p) for p in problems[1:]])
        self.problems = problems


@dataclass
class CommuneLine:
    row: int
    name: str
    kind_word: str
    former: list[str] = field(default_factory=list)
    merged_on: date | None = None


@dataclass
class Installed:
    province: Unit
    communes: list[Unit]
    former: int
    # (commune's full name, username, one-time password): kept in memory only.
    accounts: list[tuple[str, str, str]] = field(default_factory=list)


def max_rows() -> int:
    return int(current_app.config.get("PROVINCE_INSTALL_MAX_ROWS", 1000))


def _date(value: object) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _columns(row: tuple) -> dict[str, int] | None:
    """Column positions if ``row`` is the header (it names at least the unit's name)."""
    found: dict[str, int] = {}
    for i, cell in enumerate(row):
        key = search_key(str(cell)) if cell is not None else ""
        for column, words in HEADERS.items():
            if column not in found and key in words:
                found[column] = i
    return found if "name" in found else None


def read_list(data: bytes) -> list[CommuneLine]:
    """The communes of an uploaded .xlsx list, or InstallError with every problem by row."""
    from openpyxl import load_workbook

    from webapp.uploads import UploadRejected, check_zip_upload

    try:
        check_zip_upload(data)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UploadRejected as exc:
        raise InstallError([str(exc)]) from exc
    except Exception as exc:  # openpyxl raises many kinds of error on a damaged file
        raise InstallError([_("Không đọc được tệp .xlsx.")]) from exc
    try:
        return _parse(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


def _parse(rows) -> list[CommuneLine]:
    limit = max_rows()
    columns: dict[str, int] | None = None
    lines: list[CommuneLine] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    words = UnitKind.COMMUNE.words
    for number, row in enumerate(rows, start=1):
        if number > limit:
            raise InstallError([_("Tệp có quá %(n)s dòng; hãy chia nhỏ danh sách.", n=limit)])
        if columns is None:
            columns = _columns(row)
            continue

        def cell(name: str, row=row, columns=columns) -> object:
            i = columns.get(name)
            return row[i] if i is not None and i < len(row) else None

        raw_name = nfc(str(cell("name") or ""))
        if not raw_name:
            continue
        kind_word = nfc(str(cell("kind") or "")).capitalize() if cell("kind") else ""
        name, typed_word = strip_kind_word(raw_name, UnitKind.COMMUNE)
        kind_word = kind_word or typed_word or words[0]
        match = [w for w in words if search_key(w) == search_key(kind_word)]
        if not match:
            problems.append(
                _(
                    "Dòng %(row)s: loại “%(kind)s” không hợp lệ (chỉ dùng: %(words)s).",
                    row=number,
                    kind=kind_word,
                    words=", ".join(words),
                )
            )
            continue
        key = search_key(name)
        if key in seen:
            problems.append(
                _(
                    "Dòng %(row)s: “%(name)s” trùng với dòng %(other)s.",
                    row=number,
                    name=name,
                    other=seen[key],
                )
            )
            continue
        seen[key] = number
        former = [nfc(f) for f in SPLIT.split(str(cell("former") or "")) if nfc(f)]
        try:
            merged_on = _date(cell("merged_on"))
        except ValueError:
            problems.append(
                _(
                    "Dòng %(row)s: ngày sáp nhập “%(text)s” không hợp lệ (dd/mm/yyyy).",
                    row=number,
                    text=str(cell("merged_on")),
                )
            )
            continue
        if former and merged_on is None:
            problems.append(_("Dòng %(row)s: có các xã cũ nhưng thiếu ngày sáp nhập.", row=number))
            continue
        lines.append(CommuneLine(number, name, match[0], former, merged_on))
    if columns is None:
        problems.append(_("Không thấy dòng tiêu đề có cột “Tên đơn vị”."))
    elif not lines and not problems:
        problems.append(_("Danh sách không có đơn vị nào."))
    if problems:
        raise InstallError(problems)
    return lines


def _username(unit: Unit, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", search_key(unit.full_name)).strip("_")[:56] or "xa"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}_{n}"
    taken.add(candidate)
    return candidate


def install(
    lines: list[CommuneLine],
    province_name: str,
    acting: User | None,
    province_word: str | None = None,
    with_accounts: bool = False,
) -> Installed:
    """Create (or reuse, by name) the province and create its communes, merge the former
    communes into them and, if asked, one staff account each. Admins of the whole tree only
    (``acting`` None: the command line). Refused with InstallError; the caller rolls back."""
    if acting is not None and not (acting.is_admin and acting.unit_id is None):
        raise InstallError([_("Chỉ quản trị toàn hệ thống được cài đặt cho cả tỉnh.")], None)
    bare = strip_kind_word(nfc(province_name), UnitKind.PROVINCE)[0]
    if not bare:
        raise InstallError([_("Vui lòng nhập tên tỉnh / thành phố.")], "province_name")
    province = db.session.scalar(
        select(Unit).where(
            Unit.kind == UnitKind.PROVINCE, Unit.parent_id.is_(None), Unit.name == bare
        )
    )
    problems: list[str] = []
    try:
        if province is None:
            province = create_unit(province_name, UnitKind.PROVINCE, None, acting, province_word)
    except RecordError as exc:
        about = "province_word" if exc.field == "kind_word" else "province_name"
        raise InstallError([exc.message], about) from exc
    existing = {
        search_key(u.name): u
        for u in db.session.scalars(
            select(Unit).where(
                Unit.kind == UnitKind.COMMUNE,
                Unit.retired_on.is_(None),
                Unit.id.in_(_subtree(province.id)),
            )
        )
    }
    communes: list[Unit] = []
    former_count = 0
    for line in lines:
        if search_key(line.name) in existing:
            problems.append(
                _("Dòng %(row)s: %(name)s đã có trong cây đơn vị.", row=line.row, name=line.name)
            )
            continue
        try:
            commune = create_unit(line.name, UnitKind.COMMUNE, province, acting, line.kind_word)
            olds = [_former(name, province, existing) for name in line.former]
            if olds:
                assert line.merged_on is not None
                merge_communes(MergePlan(olds, line.merged_on, into=commune), acting)
        except RecordError as exc:
            problems.append(_("Dòng %(row)s: %(msg)s", row=line.row, msg=exc.message))
            continue
        former_count += len(olds)
        communes.append(commune)
    if problems:
        raise InstallError(problems)
    result = Installed(province, communes, former_count)
    if with_accounts:
        taken = set(db.session.scalars(select(User.username)))
        for commune in communes:
            username = _username(commune, taken)
            full_name = f"Cán bộ Hội LHPN {commune.level_word.lower()} {commune.name}"  # vi-only
            _user, password = create_account(
                AccountData(username, full_name, Role.STAFF, commune.id), acting
            )
            result.accounts.append((commune.full_name, username, password))
    db.session.flush()
    return result


def _subtree(unit_id: int):
    from webapp.scope import subtree_ids

    return subtree_ids(unit_id)


def _former(name: str, province: Unit, existing: dict[str, Unit]) -> Unit:
    """The former commune ``name``: an active commune of the province with that name (it is
    merged), else a new one made only to be merged (its name stays in the history)."""
    bare, word = strip_kind_word(name, UnitKind.COMMUNE)
    unit = existing.pop(search_key(bare), None)
    if unit is not None:
        return unit
    # Not through create_unit: a former commune may share its successor's name (the new commune
    # often keeps one of the old names); it hangs under the province only until the merge date.
    unit = Unit(
        name=bare,
        kind=UnitKind.COMMUNE,
        kind_word="" if word in (None, UnitKind.COMMUNE.words[0]) else word,
        parent_id=province.id,
    )
    db.session.add(unit)
    db.session.flush()
    return unit


def accounts_xlsx(result: Installed) -> bytes:
    """The one-time passwords as a spreadsheet, to hand out (never stored by the app)."""
    out = XlsxWriter()
    out.add_sheet("Tài khoản", widths=(36, 28, 20))  # vi-only
    out.append(["Đơn vị", "Tên đăng nhập", "Mật khẩu dùng một lần"], bold=True)  # vi-only
    for unit_name, username, password in result.accounts:
        out.append([unit_name, username, password])
    out.append([])
    out.append(["Mỗi tài khoản phải đổi mật khẩu ở lần đăng nhập đầu tiên."])  # vi-only
    return out.to_bytes()
