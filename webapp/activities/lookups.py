"""The lists admins extend — activity kinds, tags, output units — and their rules: codes are
stable and unique, built-in entries and entries records use are retired, never deleted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from webapp.activities.common import CODE_PATTERN, CODE_RULE, ActivityError, make_code
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
from webapp.text import nfc


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


def items(spec: LookupSpec) -> list:
    """Every entry, active first, in display order."""
    m = spec.model
    return list(db.session.scalars(select(m).order_by(m.retired, m.sort_order, m.name)))


def by_code(model: type, code: str):
    return db.session.scalar(select(model).where(model.code == code))


def choices_of(model: type, keep: set[int] | None = None) -> list[tuple[int, str]]:
    """(id, name) of the active entries, plus the retired ones in ``keep`` (a record being
    edited keeps the kind it already has)."""
    keep = keep or set()
    rows = db.session.scalars(select(model).order_by(model.sort_order, model.name))
    return [
        (r.id, _("%(name)s (ngừng dùng)", name=r.name) if r.retired else r.name)
        for r in rows
        if not r.retired or r.id in keep
    ]


def _clean_name(name: str | None) -> str:
    name = nfc(name)
    if not name:
        raise ActivityError("name", _("Vui lòng nhập tên."))
    return name


def _check_name_free(spec: LookupSpec, name: str, item_id: int | None = None) -> None:
    m = spec.model
    other = db.session.scalar(select(m.id).where(func.lower(m.name) == name.lower()))
    if other is not None and other != item_id:
        raise ActivityError("name", _("Đã có %(what)s “%(name)s”.", what=spec.singular, name=name))


def add_item(spec: LookupSpec, name: str | None, code: str | None, extra: str | None):
    """Add an entry; the code is made from the name unless given."""
    name = _clean_name(name)
    _check_name_free(spec, name, None)
    code = (code or "").strip().lower() or make_code(name)
    if not CODE_PATTERN.fullmatch(code):
        raise ActivityError("code", CODE_RULE)
    if by_code(spec.model, code) is not None:
        raise ActivityError("code", _("Mã “%(code)s” đã được dùng.", code=code))
    item = spec.model(code=code, name=name, sort_order=1000)
    _set_extra(spec, item, extra)
    db.session.add(item)
    db.session.flush()
    return item


def _set_extra(spec: LookupSpec, item, extra: str | None) -> None:
    if spec.extra == "tag_group":
        try:
            item.tag_group = TagGroup(extra or TagGroup.TOPIC.value)
        except ValueError:
            raise ActivityError("extra", _("Nhóm thẻ không hợp lệ.")) from None
    elif spec.extra == "measure":
        item.measure = nfc(extra)[:40]


def update_item(spec: LookupSpec, item, name: str | None, extra: str | None) -> None:
    """Rename an entry (its code, and so every indicator code, stays the same)."""
    name = _clean_name(name)
    _check_name_free(spec, name, item.id)
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
        raise ActivityError(
            "delete",
            _(
                "“%(name)s” là mục có sẵn mà các chỉ số dùng; chỉ có thể ngừng dùng, không xoá.",
                name=item.name,
            ),
        )
    used = spec.usage(item.id)
    if used:
        raise ActivityError(
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
