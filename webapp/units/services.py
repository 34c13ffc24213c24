"""Unit tree rules: one level per step (province → district → commune → branch), no cycles,
retiring only a unit with no active units below it."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Unit, UnitKind, User
from webapp.scope import subtree_ids, visible_unit_ids
from webapp.text import nfc


class UnitError(ValueError):
    """A refused change, with the form field it concerns and a Vietnamese message."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def visible_units(user: User) -> list[Unit]:
    """Every unit the user may see, ordered as a tree (parents before their children)."""
    units = db.session.scalars(
        select(Unit).where(Unit.id.in_(visible_unit_ids(user))).order_by(Unit.name)
    ).all()
    by_parent: dict[int | None, list[Unit]] = {}
    ids = {u.id for u in units}
    for unit in units:
        key = unit.parent_id if unit.parent_id in ids else None
        by_parent.setdefault(key, []).append(unit)
    ordered: list[Unit] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for unit in by_parent.get(parent_id, []):
            unit.depth = depth  # type: ignore[attr-defined]  # for indenting, not stored
            ordered.append(unit)
            walk(unit.id, depth + 1)

    walk(None, 0)
    return ordered


def unit_choices(user: User, include_retired: bool = False) -> list[tuple[int, str]]:
    """(id, indented label) pairs for a select box, in tree order."""
    return [
        (u.id, "\u2003" * u.depth + u.full_name)  # type: ignore[attr-defined]
        for u in visible_units(user)
        if include_retired or not u.is_retired
    ]


def _clean_name(name: str) -> str:
    name = nfc(name)
    if not name:
        raise UnitError("name", _("Vui lòng nhập tên đơn vị."))
    return name


def _check_parent(kind: UnitKind, parent: Unit | None, unit: Unit | None = None) -> None:
    if parent is None:
        return  # an install may start at any level (a district, or a single commune)
    if parent.is_retired:
        raise UnitError("parent_id", _("Đơn vị cấp trên đã ngừng hoạt động."))
    if kind.parent_kind is not parent.kind:
        expected = kind.parent_kind.label if kind.parent_kind else _("không có")
        raise UnitError(
            "parent_id",
            _("%(kind)s phải trực thuộc cấp %(parent)s.", kind=kind.label, parent=expected.lower()),
        )
    if unit is not None and parent.id in db.session.scalars(subtree_ids(unit.id)).all():
        raise UnitError(
            "parent_id", _("Không thể chuyển một đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.")
        )


def _check_unique(name: str, parent_id: int | None, unit_id: int | None = None) -> None:
    same_parent = Unit.parent_id.is_(None) if parent_id is None else Unit.parent_id == parent_id
    existing = db.session.scalar(
        select(Unit.id).where(func.lower(Unit.name) == name.lower(), same_parent)
    )
    if existing is not None and existing != unit_id:
        raise UnitError("name", _("Đã có đơn vị cùng tên ở cấp này."))


def create_unit(name: str, kind: UnitKind, parent: Unit | None) -> Unit:
    """Add a unit under ``parent`` (None: a new root)."""
    name = _clean_name(name)
    _check_parent(kind, parent)
    _check_unique(name, parent.id if parent else None)
    unit = Unit(name=name, kind=kind, parent_id=parent.id if parent else None)
    db.session.add(unit)
    db.session.flush()
    return unit


def rename_unit(unit: Unit, name: str) -> None:
    """Give the unit a new name (records keep pointing at it)."""
    name = _clean_name(name)
    _check_unique(name, unit.parent_id, unit.id)
    unit.name = name
    db.session.flush()


def move_unit(unit: Unit, new_parent: Unit | None) -> None:
    """Hang the unit (with its whole subtree and records) under another parent."""
    _check_parent(unit.kind, new_parent, unit)
    _check_unique(unit.name, new_parent.id if new_parent else None, unit.id)
    unit.parent_id = new_parent.id if new_parent else None
    db.session.flush()


def retire_unit(unit: Unit, on: date) -> None:
    """Mark the unit as no longer active; refused while active units remain below it."""
    active_children = [c.full_name for c in unit.children if not c.is_retired]
    if active_children:
        raise UnitError(
            "retired_on",
            _("Còn đơn vị trực thuộc đang hoạt động: %(units)s.", units=", ".join(active_children)),
        )
    unit.retired_on = on
    db.session.flush()


def restore_unit(unit: Unit) -> None:
    """Bring a retired unit back; refused while its parent is retired."""
    if unit.parent is not None and unit.parent.is_retired:
        raise UnitError(
            "retired_on", _("Đơn vị cấp trên đang ngừng hoạt động; hãy khôi phục nó trước.")
        )
    unit.retired_on = None
    db.session.flush()
