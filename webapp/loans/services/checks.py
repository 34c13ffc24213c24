"""Small checks the loans rules share: amounts in whole đồng above zero, who may save a record
where, what every kind of group has (a unit, a name, a founding day, a leader), the search of a
list by name, and counting the records that still depend on one before it may go to the
trash."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from webapp.extensions import db
from webapp.models import User
from webapp.refusals import Problems, RecordError, check_version
from webapp.scope import require_write, scoped
from webapp.text import nfc, search_key
from webapp.trash import move_to_trash


def whole_dong(value: object, field: str) -> int:
    """``value`` as whole đồng; floats and text are refused (money is never a float)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(field, _("Số tiền phải là số nguyên đồng."))
    return value


def positive(value: int | None, field: str) -> int:
    """A required amount that must be above zero."""
    if value is None:
        raise RecordError(field, _("Vui lòng nhập số tiền."))
    value = whole_dong(value, field)
    if value <= 0:
        raise RecordError(field, _("Số tiền phải lớn hơn 0."))
    return value


def count_where(model, *conditions) -> int:
    """How many (untrashed) ``model`` rows match."""
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0


def may_save(user: User, unit_id: int | None, record, version: int | None) -> None:
    """``user`` may write the unit a record goes to and, for an existing ``record``, the unit
    it is in now; the record is still the version the form was loaded with."""
    if unit_id is not None:
        require_write(user, unit_id)
    if record is not None:
        require_write(user, record.unit_id)
        check_version(record, version)


@dataclass(kw_only=True)
class GroupBasics:
    """What a savings-and-loan group's form and a rotating group's form both give."""

    name: str
    unit_id: int | None
    leader_name: str
    founded_on: date | None
    dissolved_on: date | None


def named_stmt(model, user: User, q: str = "") -> Select:
    """The user's ``model`` rows (a kind of group), filtered by name (diacritics ignored)."""
    stmt = scoped(select(model), model.unit_id, user)
    if q.strip():
        stmt = stmt.where(model.search_key.contains(search_key(q)))
    return stmt


def check_group_basics(problems: Problems, data: GroupBasics, unit_message: str) -> str:
    """What a savings-and-loan group and a rotating group both need: a unit, a name, a
    founding day and no dissolution before it. Adds what is missing to ``problems``; returns
    the name as stored."""
    if data.unit_id is None:
        problems.add("unit_id", unit_message)
    name = nfc(data.name)
    if not name:
        problems.add("name", _("Vui lòng nhập tên tổ."))
    if data.founded_on is None:
        problems.add("founded_on", _("Vui lòng chọn ngày thành lập."))
    elif data.dissolved_on is not None and data.dissolved_on < data.founded_on:
        problems.add("dissolved_on", _("Ngày giải thể không được trước ngày thành lập."))
    return name


def fill_group_basics(group, data: GroupBasics, name: str) -> None:
    """Copy what every kind of group has from the checked ``data`` onto ``group``."""
    group.unit_id = data.unit_id
    group.name = name
    group.search_key = search_key(name)
    group.leader_name = nfc(data.leader_name)
    group.founded_on = data.founded_on
    group.dissolved_on = data.dissolved_on


def trash_unless_used(user: User, record, field: str, refusal: str | None) -> None:
    """Move ``record`` to the trash (the user must write its unit), or refuse with ``refusal``
    when records still depend on it (None: nothing does)."""
    require_write(user, record.unit_id)
    if refusal:
        raise RecordError(field, refusal)
    move_to_trash(record)
    db.session.flush()
