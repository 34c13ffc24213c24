"""The lists admins extend — activity kinds, tags, output units — and their rules: codes are
stable and unique, built-in entries and entries records use are retired, never deleted.

Shared and per-unit entries: an entry without a unit is shared by every unit and kept by the
admins of the whole tree. A unit's admin may add entries of the unit's own; such an entry is
offered to records of that unit and of the units below it (a province's addition reaches all its
communes, a commune's addition its branches), never to another commune. An admin sees the shared
entries, the additions of the units above theirs (read-only) and those of their own subtree."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, func, or_, select

from webapp.activities.services.codes import CODE_PATTERN, CODE_RULE, make_code
from webapp.extensions import db
from webapp.models.activities import (
    Activity,
    ActivityKind,
    ActivityOutput,
    ActivityTag,
    OutputUnit,
    TagGroup,
    activity_tags,
)
from webapp.models.activity_defaults import KINDS, OUTPUT_UNITS, TAGS
from webapp.models.units import Unit
from webapp.refusals import RecordError
from webapp.scope import can_write_unit, visible_unit_ids
from webapp.text import nfc


def _ancestors(unit_id: int):
    """A SELECT of ``unit_id`` and every unit above it."""
    tree = (
        select(Unit.id, Unit.parent_id)
        .where(Unit.id == unit_id)
        .cte("lookup_ancestors", recursive=True)
    )
    tree = tree.union_all(select(Unit.id, Unit.parent_id).where(Unit.id == tree.c.parent_id))
    return select(tree.c.id)


def offered_to_unit(model: type, unit_id: int | None) -> ColumnElement[bool]:
    """Entries a record of ``unit_id`` may use: shared ones and additions of the unit or a unit
    above it."""
    if unit_id is None:
        return model.unit_id.is_(None)
    return or_(model.unit_id.is_(None), model.unit_id.in_(_ancestors(unit_id)))


def visible_to(model: type, user) -> ColumnElement[bool]:
    """Entries ``user`` sees: shared ones, additions of the user's subtree and of the units above
    the user's unit."""
    conditions = [model.unit_id.is_(None), model.unit_id.in_(visible_unit_ids(user))]
    if user.unit_id is not None:
        conditions.append(model.unit_id.in_(_ancestors(user.unit_id)))
    return or_(*conditions)


def can_manage(user, item) -> bool:
    """Shared entries: admins of the whole tree; a unit's addition: admins who may write there."""
    if item.unit_id is None:
        return user.is_admin and user.unit_id is None
    return user.is_admin and can_write_unit(user, item.unit_id)


def check_usable(unit_id: int, current: set[int], *items) -> None:
    """Refuse an entry that is not offered to ``unit_id`` (another commune's own tag), unless the
    record already had it (``current``: (model name, id) pairs)."""
    for item in items:
        if item.unit_id is None or (type(item).__name__, item.id) in current:
            continue
        usable = db.session.scalar(
            select(func.count())
            .select_from(type(item))
            .where(type(item).id == item.id, offered_to_unit(type(item), unit_id))
        )
        if not usable:
            raise RecordError(
                "tag_ids"
                if isinstance(item, ActivityTag)
                else "kind_id"
                if isinstance(item, ActivityKind)
                else "outputs",
                _("“%(name)s” là mục riêng của đơn vị khác; hãy chọn mục khác.", name=item.name),
            )


def _kind_usage(item_id: int) -> int:
    # Trashed activities count too: restoring one must find its kind again.
    return db.session.scalar(
        select(func.count(Activity.id))
        .where(Activity.kind_id == item_id)
        .execution_options(include_deleted=True)
    )


def _tag_usage(item_id: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(activity_tags).where(activity_tags.c.tag_id == item_id)
    )


def _output_usage(item_id: int) -> int:
    return db.session.scalar(
        select(func.count(ActivityOutput.id)).where(ActivityOutput.output_unit_id == item_id)
    )


@dataclass(frozen=True)
class LookupSpec:
    """One admin-extendable list."""

    slug: str  # URL part and endpoint prefix
    model: type
    title: str  # lazy: shown in the user's language
    singular: str  # lazy
    extra: str | None  # the one field besides the name: "tag_group", "measure" or None
    usage: Callable[[int], int]


LOOKUPS: dict[str, LookupSpec] = {
    spec.slug: spec
    for spec in (
        LookupSpec(
            "kinds",
            ActivityKind,
            _l("Loại hoạt động"),
            _l("loại hoạt động"),
            None,
            _kind_usage,
        ),
        LookupSpec(
            "tags",
            ActivityTag,
            _l("Thẻ phân loại hoạt động"),
            _l("thẻ"),
            "tag_group",
            _tag_usage,
        ),
        LookupSpec(
            "output_units",
            OutputUnit,
            _l("Sản phẩm, kết quả đo đếm"),
            _l("sản phẩm"),
            "measure",
            _output_usage,
        ),
    )
}


def ensure_defaults() -> None:
    """Add any built-in kind, tag or output unit that is missing (by code). Idempotent."""
    present = {
        model: set(db.session.scalars(select(model.code)))
        for model in (ActivityKind, ActivityTag, OutputUnit)
    }
    for order, (code, name) in enumerate(KINDS):
        if code not in present[ActivityKind]:
            db.session.add(ActivityKind(code=code, name=name, builtin=True, sort_order=order))
    for order, (code, name, group) in enumerate(TAGS):
        if code not in present[ActivityTag]:
            db.session.add(
                ActivityTag(
                    code=code, name=name, tag_group=TagGroup(group), builtin=True, sort_order=order
                )
            )
    for order, (code, name, measure) in enumerate(OUTPUT_UNITS):
        if code not in present[OutputUnit]:
            db.session.add(
                OutputUnit(code=code, name=name, measure=measure, builtin=True, sort_order=order)
            )
    db.session.flush()


def items(spec: LookupSpec, user=None) -> list:
    """Every entry (the user sees), active first, shared before the units' own, in display
    order."""
    m = spec.model
    stmt = select(m)
    if user is not None:
        stmt = stmt.where(visible_to(m, user))
    return list(
        db.session.scalars(stmt.order_by(m.retired, m.unit_id.is_not(None), m.sort_order, m.name))
    )


def by_code(model: type, code: str):
    return db.session.scalar(select(model).where(model.code == code))


def choices_of(
    model: type, keep: set[int] | None = None, user=None, unit_id: int | None = None
) -> list[tuple[int, str]]:
    """(id, name) of the active entries, plus the retired ones in ``keep`` (a record being
    edited keeps the kind it already has). With ``user``: only entries the user sees; with
    ``unit_id``: only entries offered to that unit. A unit's own entry is labelled with the
    unit's name where the user may see several units' entries."""
    keep = keep or set()
    stmt = select(model, Unit.name).outerjoin(Unit, Unit.id == model.unit_id)
    if user is not None:
        stmt = stmt.where(or_(visible_to(model, user), model.id.in_(keep or [0])))
    if unit_id is not None:
        stmt = stmt.where(or_(offered_to_unit(model, unit_id), model.id.in_(keep or [0])))
    rows = db.session.execute(
        stmt.order_by(model.unit_id.is_not(None), model.sort_order, model.name)
    )
    result = []
    for r, unit_name in rows:
        if r.retired and r.id not in keep:
            continue
        name = r.name
        if unit_name and (user is None or r.unit_id != user.unit_id):
            name = f"{name} ({unit_name})"
        result.append((r.id, _("%(name)s (ngừng dùng)", name=name) if r.retired else name))
    return result


def _clean_name(name: str | None) -> str:
    name = nfc(name)
    if not name:
        raise RecordError("name", _("Vui lòng nhập tên."))
    return name


def _check_name_free(spec: LookupSpec, name: str, item_id: int | None, unit_id: int | None) -> None:
    """No two entries a unit is offered share a name: compared with the shared entries and those
    of the same unit (and, for a unit's addition, of the units above it)."""
    m = spec.model
    stmt = select(m.id).where(func.lower(m.name) == name.lower(), offered_to_unit(m, unit_id))
    if unit_id is None:
        stmt = select(m.id).where(func.lower(m.name) == name.lower(), m.unit_id.is_(None))
    for other in db.session.scalars(stmt):
        if other != item_id:
            raise RecordError(
                "name", _("Đã có %(what)s “%(name)s”.", what=spec.singular, name=name)
            )


def _free_code(model: type, code: str) -> str:
    """``code``, or ``code_2``, ``code_3``… when another unit already took it (codes are
    unique: each one names an indicator)."""
    candidate, n = code, 1
    while by_code(model, candidate) is not None:
        n += 1
        candidate = f"{code[:36]}_{n}"
    return candidate


def add_item(
    spec: LookupSpec,
    name: str | None,
    code: str | None,
    extra: str | None,
    unit_id: int | None = None,
):
    """Add an entry (shared, or ``unit_id``'s own); the code is made from the name unless
    given."""
    name = _clean_name(name)
    _check_name_free(spec, name, None, unit_id)
    typed = (code or "").strip().lower()
    code = typed or make_code(name)
    if not CODE_PATTERN.fullmatch(code):
        raise RecordError("code", CODE_RULE)
    if typed and by_code(spec.model, code) is not None:
        raise RecordError("code", _("Mã “%(code)s” đã được dùng.", code=code))
    code = _free_code(spec.model, code)
    item = spec.model(code=code, name=name, sort_order=1000, unit_id=unit_id)
    _set_extra(spec, item, extra)
    db.session.add(item)
    db.session.flush()
    return item


def _set_extra(spec: LookupSpec, item, extra: str | None) -> None:
    if spec.extra == "tag_group":
        try:
            item.tag_group = TagGroup(extra or TagGroup.TOPIC.value)
        except ValueError:
            raise RecordError("extra", _("Nhóm thẻ không hợp lệ.")) from None
    elif spec.extra == "measure":
        item.measure = nfc(extra)[:40]


def update_item(spec: LookupSpec, item, name: str | None, extra: str | None) -> None:
    """Rename an entry (its code, and so every indicator code, stays the same)."""
    name = _clean_name(name)
    _check_name_free(spec, name, item.id, item.unit_id)
    item.name = name
    _set_extra(spec, item, extra)
    db.session.flush()


def set_retired(item, retired: bool) -> None:
    """Retire (leave the pickers, keep the records) or bring back an entry."""
    item.retired = retired
    db.session.flush()


def delete_item(spec: LookupSpec, item) -> None:
    """Delete an unused, non built-in entry; otherwise refuse and suggest retiring it."""
    if item.builtin:
        raise RecordError(
            "delete",
            _(
                "“%(name)s” là mục có sẵn mà các chỉ số dùng; chỉ có thể ngừng dùng, không xoá.",
                name=item.name,
            ),
        )
    used = spec.usage(item.id)
    if used:
        raise RecordError(
            "delete",
            _(
                "Không xoá được “%(name)s”: %(n)s hoạt động đang dùng. "
                "Hãy bấm “Ngừng dùng” thay vì xoá.",
                name=item.name,
                n=used,
            ),
        )
    db.session.delete(item)
    db.session.flush()
