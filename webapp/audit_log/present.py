"""The audit trail as a ledger a person reads: labels, names and values as the forms show them.

The trail stores raw column values (``webapp/audit.py``); this module turns one entry into lines
"Field label: before → after" — field labels taken from the forms that edit the column, ids
replaced by the name of the record they point to, enums by their labels, booleans as Có/Không,
dates as dd/mm/yyyy, times in the union's time zone, money as the forms show it, and a narrative
(rich text kept as a dict of sections) as a short diff of its words. Secrets never appear, not
even hashed: a changed password reads "Mật khẩu: đã đổi".
"""

from __future__ import annotations

import difflib
import enum
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from html import unescape
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Enum as SqlEnum
from sqlalchemy import inspect

from webapp import formatting
from webapp.extensions import db

# Never shown, not even as "***" (a hash is a secret too); a changed password is said in words.
SECRET_FIELDS = {"password_hash", "session_token"}
SAID_IN_WORDS = {"password_hash": _l("Mật khẩu")}
# Bookkeeping the app derives itself (search keys, the entry's own time): not shown.
DERIVED_FIELDS = {"id", "search_key", "sort_key", "created_at", "token", "version", "updated_at"}

AREA_LABELS = {
    "members": _l("Hội viên"),
    "cadres": _l("Cán bộ"),
    "activities": _l("Hoạt động"),
    "targets": _l("Chỉ tiêu"),
    "loans": _l("Vốn vay"),
    "charity": _l("Từ thiện"),
    "reports": _l("Báo cáo"),
    "accounts": _l("Tài khoản"),
    "units": _l("Đơn vị"),
    "privacy": _l("Dữ liệu cá nhân"),
}

JOB_KIND_LABELS = {
    "system.selftest": _l("Kiểm tra hàng đợi"),
    "report.render": _l("Xuất báo cáo"),
    "demo.load": _l("Nạp dữ liệu mẫu"),
}

# Columns no form edits, or edits under another name.
COMMON_LABELS = {
    "unit_id": _l("Đơn vị"),
    "parent_id": _l("Đơn vị cấp trên"),
    "member_id": _l("Hội viên"),
    "user_id": _l("Tài khoản"),
    "created_by_id": _l("Người tạo"),
    "created_at": _l("Tạo lúc"),
    "deleted_at": _l("Xoá lúc"),
    "deleted_by_id": _l("Người xoá"),
    "active": _l("Đang hoạt động"),
    "full_name": _l("Họ và tên"),
    "username": _l("Tên đăng nhập"),
    "role": _l("Vai trò"),
    "name": _l("Tên"),
    "title": _l("Tiêu đề"),
    "note": _l("Ghi chú"),
    "narrative": _l("Nội dung báo cáo"),
    "sent_at": _l("Gửi lúc"),
    "must_change_password": _l("Phải đổi mật khẩu"),
    "locale": _l("Ngôn ngữ"),
    "kind": _l("Loại"),
    "rows": _l("Số dòng"),
    "columns": _l("Trường"),
}

BULK_ACTIONS = {
    "bulk-create": _l("Thêm hàng loạt"),
    "bulk-update": _l("Sửa hàng loạt"),
    "bulk-delete": _l("Xoá hàng loạt"),
}

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
TAG = re.compile(r"<[^>]+>")
DIFF_WORDS = 12  # words shown of each removed or added run


@dataclass
class Line:
    """One change: a label, the value before and after (text), or a word diff of a long text."""

    label: str
    before: str = ""
    after: str = ""
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    said: str = ""  # a change said in words only ("đã đổi")

    @property
    def is_diff(self) -> bool:
        return bool(self.removed or self.added)


def area_label(area: str | None) -> str:
    """The area of a record as the menu names it ("Hội viên"), not its module name."""
    if not area:
        return ""
    return str(AREA_LABELS.get(area, area))


def job_kind_label(kind: str | None) -> str:
    """A background job's kind in words ("Xuất báo cáo"), not its task name."""
    if not kind:
        return ""
    return str(JOB_KIND_LABELS.get(kind, kind))


def action_label(entry: Any) -> str:
    """The action of an entry; bulk statements too."""
    if entry.action in BULK_ACTIONS:
        return str(BULK_ACTIONS[entry.action])
    return entry.action_label


@cache
def _models_by_table() -> dict[str, type]:
    return {m.local_table.name: m.class_ for m in db.Model.registry.mappers}


def _all_forms() -> list[type]:
    from webapp.fields import BaseForm

    found: list[type] = []
    stack = [BaseForm]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            found.append(sub)
            stack.append(sub)
    return found


@cache
def _form_fields() -> dict[str | None, dict[str, tuple[object, type]]]:
    """Field name → (label, field class) of every form, per area (the form's package) and for
    all areas together (None): the label a user knows a column by is its form's label."""
    from wtforms.fields.core import UnboundField

    by_area: dict[str | None, dict[str, tuple[object, type]]] = {None: {}}
    for form in _all_forms():
        parts = form.__module__.split(".")
        area = parts[1] if len(parts) > 1 and parts[0] == "webapp" else None
        for name in dir(form):
            value = getattr(form, name, None)
            if not isinstance(value, UnboundField):
                continue
            label = value.args[0] if value.args else value.kwargs.get("label")
            if not label:
                continue
            pair = (label, value.field_class)
            by_area.setdefault(area, {}).setdefault(name, pair)
            by_area[None].setdefault(name, pair)
    return by_area


def _form_field(area: str | None, name: str, anywhere: bool = True) -> tuple[object, type] | None:
    fields = _form_fields()
    keys = [area, "members" if area == "cadres" else "activities" if area == "targets" else area]
    if anywhere:
        keys.append(None)
    for key in keys:
        if key in fields and name in fields[key]:
            return fields[key][name]
    return None


def field_label(area: str | None, table: str | None, name: str) -> str:
    """The label a form shows for a column; a column no form edits keeps a common label."""
    if name in SAID_IN_WORDS:
        return str(SAID_IN_WORDS[name])
    # The area's own forms first, then the common names, then any form that has the column.
    for anywhere in (False, True):
        found = _form_field(area, name, anywhere)
        if found is None and name.endswith("_id"):
            found = _form_field(area, name[:-3], anywhere)
        if found is not None:
            return str(found[0])
        if not anywhere and name in COMMON_LABELS:
            return str(COMMON_LABELS[name])
    return name.replace("_", " ").capitalize()


def _column(table: str | None, name: str):
    model = _models_by_table().get(table or "")
    if model is None:
        return None
    try:
        return inspect(model).columns[name]
    except KeyError:
        return None


def _record_name(target_table: str, record_id: Any, names: dict) -> str:
    from webapp.audit import _label

    key = (target_table, record_id)
    if key not in names:
        model = _models_by_table().get(target_table)
        record = None
        if model is not None and isinstance(record_id, int):
            with db.session.no_autoflush:
                record = db.session.get(model, record_id)
        label = _label(record) if record is not None else ""
        if target_table == "units" and record is not None:
            label = getattr(record, "full_name", None) or label
        names[key] = label or f"#{record_id}"
    return names[key]


def _is_money(area: str | None, name: str) -> bool:
    from webapp.fields import MoneyField

    found = _form_field(area, name)
    return found is not None and issubclass(found[1], MoneyField)


def format_value(area: str | None, table: str | None, name: str, value: Any, names=None) -> str:
    """One stored value as the forms show it."""
    names = {} if names is None else names
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_l("Có") if value else _l("Không"))
    column = _column(table, name)
    if column is not None and column.foreign_keys and isinstance(value, int):
        target = next(iter(column.foreign_keys)).column.table.name
        return _record_name(target, value, names)
    if column is not None and isinstance(column.type, SqlEnum) and column.type.enum_class:
        try:
            member = column.type.enum_class(value)
        except ValueError:
            return str(value)
        label = getattr(member, "label", None)
        return str(label) if label is not None else str(value)
    if isinstance(value, int):
        if _is_money(area, name):
            return formatting.money(value)
        if "year" in name:
            return str(value)  # 1980, not 1.980
        return formatting.number(value)
    if isinstance(value, list):
        return ", ".join(format_value(area, table, name, v, names) for v in value)
    if isinstance(value, dict):
        return _plain_text(" ".join(str(v) for v in value.values()))[:200]
    if isinstance(value, str):
        if ISO_DATE.match(value):
            return formatting.date_short(date.fromisoformat(value))
        if ISO_DATETIME.match(value):
            try:
                return formatting.local_datetime(datetime.fromisoformat(value))
            except ValueError:
                return value
        return _plain_text(value) if "<" in value else value
    return str(value)


def _plain_text(text: str) -> str:
    return " ".join(unescape(TAG.sub(" ", text)).split())


def _shorten(words: list[str]) -> str:
    if len(words) <= DIFF_WORDS:
        return " ".join(words)
    half = DIFF_WORDS // 2
    return " ".join(words[:half]) + " … " + " ".join(words[-half:])


def text_diff(before: str, after: str) -> tuple[list[str], list[str]]:
    """The words removed and added between two texts (HTML tags dropped), each run shortened."""
    old, new = _plain_text(before or "").split(), _plain_text(after or "").split()
    removed, added = [], []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("replace", "delete"):
            removed.append(_shorten(old[i1:i2]))
        if op in ("replace", "insert"):
            added.append(_shorten(new[j1:j2]))
    return removed, added


def _section_label(key: str) -> str:
    try:
        from webapp.reports.services import sections

        return str(sections.label(key))
    except (ImportError, KeyError, AttributeError):
        return key


def describe(entry: Any, names: dict | None = None) -> list[Line]:
    """The changes of one entry as lines a person reads, secrets left out."""
    names = {} if names is None else names
    area, table = entry.area, entry.table_name
    changes = entry.changes or {}
    if entry.action in BULK_ACTIONS:
        rows = (changes.get("rows") or [None, None])[1]
        columns = (changes.get("columns") or [None, []])[1] or []
        labels = [field_label(area, table, c) for c in columns if c not in SECRET_FIELDS]
        lines = [Line(str(COMMON_LABELS["rows"]), after=formatting.number(rows or 0))]
        if labels:
            lines.append(Line(str(COMMON_LABELS["columns"]), after=", ".join(labels)))
        return lines
    lines = []
    for name, pair in changes.items():
        before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        if name in DERIVED_FIELDS:
            continue
        if name in SECRET_FIELDS:
            if name in SAID_IN_WORDS and entry.action == "update":
                lines.append(Line(field_label(area, table, name), said=str(_l("đã đổi"))))
            continue
        label = field_label(area, table, name)
        if isinstance(before, dict) or isinstance(after, dict):
            old, new = before or {}, after or {}
            for key in sorted(set(old) | set(new)):
                if old.get(key) == new.get(key):
                    continue
                removed, added = text_diff(str(old.get(key) or ""), str(new.get(key) or ""))
                if removed or added:
                    lines.append(
                        Line(f"{label} · {_section_label(key)}", removed=removed, added=added)
                    )
            continue
        if isinstance(before, str) and isinstance(after, str) and len(before) + len(after) > 160:
            removed, added = text_diff(before, after)
            lines.append(Line(label, removed=removed, added=added))
            continue
        lines.append(
            Line(
                label,
                before=format_value(area, table, name, before, names) if before is not None else "",
                after=format_value(area, table, name, after, names),
            )
        )
    return lines


def enum_label(value: Any) -> str:
    """An enum member's label, or the value itself."""
    if isinstance(value, enum.Enum):
        return str(getattr(value, "label", value.value))
    return str(value)
