"""Unit tree rules: each level under the levels it fits (a commune under a province or, as before
2025, a district; docs/STRUCTURE.md), dated moves, no cycles,
retiring only a unit with no active units below it, and who may reshape which part of the tree.

An admin of the whole tree (no unit) may do anything. An admin scoped to a unit manages what lies
*below* that unit: they add units inside their subtree, and move, retire or restore units strictly
below their scope unit, to parents inside their subtree. They may not put a unit at the root or
outside their subtree, and may not move, retire or restore their own scope unit: it hangs in the
tree of the admins above them, whose figures and reports count it. Renaming it stays allowed (a
correction of its own name moves nobody's records)."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.formatting import local_today
from webapp.models import Unit, UnitKind, User
from webapp.models.units import UnitParentLink, strip_kind_word
from webapp.refusals import Problems, RecordError
from webapp.scope import can_see_unit, subtree_ids
from webapp.text import nfc


def _outside_scope() -> RecordError:
    return RecordError(
        "parent_id",
        _(
            "Chỉ quản trị toàn hệ thống mới được đặt đơn vị ở cấp gốc hoặc ngoài phạm vi bạn "
            "quản lý."
        ),
    )


def _check_may_place_under(acting: User | None, parent: Unit | None) -> None:
    """A scoped admin places units only under a unit of their own subtree (never at the root)."""
    if acting is None or acting.unit_id is None:
        return  # the command line, or an admin of the whole tree
    if parent is None or not can_see_unit(acting, parent.id):
        raise _outside_scope()


def _check_may_reshape(acting: User | None, unit: Unit, field: str) -> None:
    """A scoped admin moves, retires or restores only units strictly below their scope unit."""
    if acting is None or acting.unit_id is None:
        return
    if unit.id == acting.unit_id or not can_see_unit(acting, unit.id):
        raise RecordError(
            field,
            _(
                "Bạn chỉ được thay đổi các đơn vị trực thuộc đơn vị mình quản lý; đơn vị "
                "%(name)s do quản trị cấp trên quản lý.",
                name=unit.full_name,
            ),
        )


def _clean_name(name: str) -> str:
    name = nfc(name)
    if not name:
        raise RecordError("name", _("Vui lòng nhập tên đơn vị."))
    return name


def _check_parent(kind: UnitKind, parent: Unit | None, unit: Unit | None = None) -> None:
    if parent is None:
        return  # an install may start at any level (a district, or a single commune)
    if parent.is_retired:
        raise RecordError("parent_id", _("Đơn vị cấp trên đã ngừng hoạt động."))
    if parent.kind not in kind.parent_kinds:
        # A commune-level union may sit under a province (since 2025) or a district (before).
        expected = (
            " / ".join(str(k.label).lower() for k in kind.parent_kinds)
            if kind.parent_kinds
            else _("không có").lower()
        )
        raise RecordError(
            "parent_id",
            _("%(kind)s phải trực thuộc cấp %(parent)s.", kind=kind.label, parent=expected),
        )
    if unit is not None and parent.id in db.session.scalars(subtree_ids(unit.id)).all():
        raise RecordError(
            "parent_id", _("Không thể chuyển một đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.")
        )


def _check_unique(
    name: str,
    parent_id: int | None,
    unit_id: int | None = None,
    kind: UnitKind | None = None,
    field: str = "name",
) -> None:
    same_parent = Unit.parent_id.is_(None) if parent_id is None else Unit.parent_id == parent_id
    # Per level: Xã Đức Thọ may sit beside the historical Huyện Đức Thọ under the province.
    same_level = Unit.kind == kind if kind is not None else Unit.id.is_not(None)
    existing = db.session.scalar(
        select(Unit.id).where(func.lower(Unit.name) == name.lower(), same_parent, same_level)
    )
    if existing is not None and existing != unit_id:
        raise RecordError(field, _("Đã có đơn vị cùng tên ở cấp này."))


def _kind_word(kind: UnitKind, name: str, kind_word: str | None) -> tuple[str, str]:
    """The bare name and the kind word to store ("" for the level's usual word). A name typed
    with its kind word ("Chi hội thôn 1", "Phường Thành Sen") loses it and, when no word was
    chosen, gives it."""
    bare, found = strip_kind_word(name, kind)
    word = nfc(kind_word or "") or found or ""
    if word and word not in kind.words:
        raise RecordError(
            "kind_word",
            _("Cấp này chỉ dùng: %(words)s.", words=", ".join(kind.words)),
        )
    return bare, "" if word == kind.words[0] else word


def check_new_unit(
    name: str,
    kind: UnitKind,
    parent: Unit | None,
    acting: User | None = None,
    kind_word: str | None = None,
) -> tuple[str, str]:
    """Every rule of a new unit at once; returns the bare name and the kind word to store."""
    problems = Problems()
    problems.check(_check_may_place_under, acting, parent)
    problems.check(_check_parent, kind, parent)
    bare, word = "", ""
    try:
        bare, word = _kind_word(kind, _clean_name(name), kind_word)
    except RecordError as exc:
        problems.add(exc.field, exc.message)
    if bare:
        problems.check(_check_unique, bare, parent.id if parent else None, kind=kind)
    problems.raise_any()
    return bare, word


def create_unit(
    name: str,
    kind: UnitKind,
    parent: Unit | None,
    acting: User | None = None,
    kind_word: str | None = None,
) -> Unit:
    """Add a unit under ``parent`` (None: a new root). ``acting`` is the admin doing it (None
    from the command line); a scoped admin adds units only inside their subtree. ``kind_word``
    is the word the unit calls itself by ("Phường"; None: the level's usual word, or the word
    the name was typed with)."""
    name, word = check_new_unit(name, kind, parent, acting, kind_word)
    unit = Unit(name=name, kind=kind, kind_word=word, parent_id=parent.id if parent else None)
    db.session.add(unit)
    db.session.flush()
    return unit


def rename_unit(unit: Unit, name: str) -> None:
    """Give the unit a new name (records keep pointing at it); a kind word typed in front of
    the name is dropped, as when creating it."""
    name = strip_kind_word(_clean_name(name), unit.kind)[0]
    _check_unique(name, unit.parent_id, unit.id, unit.kind)
    unit.name = name
    db.session.flush()


def move_unit(
    unit: Unit, new_parent: Unit | None, acting: User | None = None, on: date | None = None
) -> None:
    """Hang the unit (with its whole subtree and records) under another parent from ``on``
    (default today). A scoped admin moves only units below their scope unit, to a parent inside
    their subtree. The old parent is kept as a dated link: reports of periods before ``on`` roll
    the unit up the way the tree was then."""
    _check_may_reshape(acting, unit, "parent_id")
    _check_may_place_under(acting, new_parent)
    _check_parent(unit.kind, new_parent, unit)
    _check_unique(unit.name, new_parent.id if new_parent else None, unit.id, unit.kind, "parent_id")
    relink_unit(unit, new_parent.id if new_parent else None, on or local_today())
    db.session.flush()


def relink_unit(unit: Unit, parent_id: int | None, on: date) -> None:
    """Set the unit's parent from ``on``, keeping the old one as a past link (no rule checked:
    the callers do). Refused before the unit's last move: history is written forwards."""
    if parent_id == unit.parent_id:
        return
    last = db.session.scalar(
        select(func.max(UnitParentLink.valid_to)).where(UnitParentLink.unit_id == unit.id)
    )
    if last is not None and on < last:
        raise RecordError(
            "on",
            _(
                "Đơn vị đã được chuyển ngày %(d)s; ngày chuyển mới phải từ ngày đó trở đi.",
                d=last.strftime("%d/%m/%Y"),
            ),
        )
    if last != on:  # moved twice on one day: the parent in between never held
        db.session.add(
            UnitParentLink(unit_id=unit.id, parent_id=unit.parent_id, valid_from=last, valid_to=on)
        )
    unit.parent_id = parent_id


def retire_unit(unit: Unit, on: date, acting: User | None = None) -> None:
    """Mark the unit as no longer active; refused while active units remain below it, and for a
    scoped admin's own scope unit."""
    _check_may_reshape(acting, unit, "retired_on")
    active_children = [c.full_name for c in unit.children if not c.is_retired]
    if active_children:
        raise RecordError(
            "retired_on",
            _("Còn đơn vị trực thuộc đang hoạt động: %(units)s.", units=", ".join(active_children)),
        )
    unit.retired_on = on
    db.session.flush()


def restore_unit(unit: Unit, acting: User | None = None) -> None:
    """Bring a retired unit back; refused while its parent is retired, and for a scoped admin's
    own scope unit."""
    _check_may_reshape(acting, unit, "retired_on")
    if unit.parent is not None and unit.parent.is_retired:
        raise RecordError(
            "retired_on", _("Đơn vị cấp trên đang ngừng hoạt động; hãy khôi phục nó trước.")
        )
    unit.retired_on = None
    db.session.flush()
