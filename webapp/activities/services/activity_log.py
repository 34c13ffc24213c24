"""Rules of the activity log: what an activity must hold, who may record it, how it is listed.

Every rule is checked before any is applied, so a form shows all its mistakes in one answer
(``check_activity``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, extract, func, select
from sqlalchemy.orm import selectinload

from webapp.activities.services.lookups import check_usable
from webapp.activities.services.store import flush
from webapp.extensions import db
from webapp.formatting import local_today
from webapp.models import User
from webapp.models.activities import Activity, ActivityKind, ActivityOutput, ActivityTag, OutputUnit
from webapp.models.base import utcnow
from webapp.refusals import Problems, RecordError, check_version
from webapp.scope import require_write, scoped
from webapp.text import nfc, search_key
from webapp.trash import move_to_trash


@dataclass
class ActivityData:
    """An activity as typed in the form (counts already parsed: None when left empty)."""

    held_on: date | None
    unit_id: int | None
    kind_id: int | None
    topic: str | None
    sessions: int | None = 1
    participants: int | None = 0
    partners: str | None = ""
    tag_ids: list[int] = field(default_factory=list)
    outputs: list[tuple[int | None, int | None]] = field(default_factory=list)
    reach_branches: int | None = None
    reach_branches_total: int | None = None
    reach_members_percent: int | None = None
    reach_cadres: int | None = None
    reach_cadres_total: int | None = None
    notes: str | None = ""


@dataclass
class ActivityFilters:
    q: str = ""
    kind_id: int | None = None
    unit_id: int | None = None
    year: int | None = None
    month: int | None = None


def _filtered(stmt: Select, user: User, f: ActivityFilters) -> Select:
    stmt = scoped(stmt, Activity.unit_id, user)
    if f.q.strip():
        stmt = stmt.where(Activity.search_key.contains(search_key(f.q), autoescape=True))
    if f.kind_id:
        stmt = stmt.where(Activity.kind_id == f.kind_id)
    if f.unit_id:
        stmt = stmt.where(Activity.unit_id == f.unit_id)
    if f.year:
        stmt = stmt.where(extract("year", Activity.held_on) == f.year)
        if f.month:
            stmt = stmt.where(extract("month", Activity.held_on) == f.month)
    return stmt


def activities_stmt(user: User, f: ActivityFilters) -> Select:
    """The activities the user may see that match ``f``, newest first (the list and its export)."""
    stmt = _filtered(select(Activity), user, f).options(
        selectinload(Activity.kind),
        selectinload(Activity.unit),
        selectinload(Activity.tags),
        selectinload(Activity.outputs).selectinload(ActivityOutput.output_unit),
    )
    return stmt.order_by(Activity.held_on.desc(), Activity.id.desc())


def list_activities(user: User, f: ActivityFilters, page: int, per_page: int):
    """One page of the activities the user may see, newest first."""
    return db.paginate(activities_stmt(user, f), page=page, per_page=per_page, error_out=False)


def list_totals(user: User, f: ActivityFilters) -> tuple[int, int, int]:
    """(activities, sessions, participant-turns) of the whole filtered list."""
    stmt = select(
        func.count(Activity.id),
        func.coalesce(func.sum(Activity.sessions), 0),
        func.coalesce(func.sum(Activity.participants), 0),
    )
    count, sessions, participants = db.session.execute(_filtered(stmt, user, f)).one()
    return int(count), int(sessions), int(participants)


def _lookup(model: type, item_id: int | None, current: set[int], field_name: str, missing: str):
    item = db.session.get(model, item_id) if item_id else None
    if item is None:
        raise RecordError(field_name, missing)
    if item.retired and item.id not in current:
        raise RecordError(
            field_name, _("“%(name)s” đã ngừng dùng; hãy chọn mục khác.", name=item.name)
        )
    return item


def _outputs(data: ActivityData, current: set[int]) -> list[tuple[OutputUnit, int]]:
    rows: list[tuple[OutputUnit, int]] = []
    seen: set[int] = set()
    for unit_id, quantity in data.outputs:
        if unit_id is None and quantity is None:
            continue
        if unit_id is None:
            raise RecordError("outputs", _("Chọn sản phẩm, kết quả cho số lượng đã nhập."))
        unit = _lookup(
            OutputUnit, unit_id, current, "outputs", _l("Vui lòng chọn sản phẩm, kết quả.")
        )
        if quantity is None:
            raise RecordError("outputs", _("Nhập số lượng cho “%(name)s”.", name=unit.name))
        if unit.id in seen:
            raise RecordError(
                "outputs", _("“%(name)s” được nhập hai lần; gộp vào một dòng.", name=unit.name)
            )
        seen.add(unit.id)
        rows.append((unit, quantity))
    return rows


def _check_reach(data: ActivityData, problems: Problems) -> None:
    pairs = (
        (
            "reach_branches",
            data.reach_branches,
            data.reach_branches_total,
            _l("Số chi hội tham gia không được lớn hơn tổng số chi hội."),
            _l("Nhập tổng số chi hội để tính tỷ lệ."),
        ),
        (
            "reach_cadres",
            data.reach_cadres,
            data.reach_cadres_total,
            _l("Số cán bộ tham gia không được lớn hơn tổng số cán bộ."),
            _l("Nhập tổng số cán bộ để tính tỷ lệ."),
        ),
    )
    for name, part, whole, too_many, no_total in pairs:
        if part is not None and whole is not None and part > whole:
            problems.add(name, too_many)
        if part is not None and whole is None:
            problems.add(f"{name}_total", no_total)
    if data.reach_members_percent is not None and data.reach_members_percent > 100:
        problems.add("reach_members_percent", _("Tỷ lệ không được lớn hơn 100%."))


@dataclass
class _Checked:
    """What the checks resolved, for ``_apply`` to store."""

    topic: str
    kind: ActivityKind
    tags: list[ActivityTag]
    outputs: list[tuple[OutputUnit, int]]


def _collect(problems: Problems, rule, *args):
    """``rule(*args)``, or None with its refusal added to ``problems``."""
    try:
        return rule(*args)
    except RecordError as exc:
        for field_name, message in exc.all:
            problems.add(field_name, message)
        return None


def _check(activity: Activity, data: ActivityData, user: User, version: int | None) -> _Checked:
    """Every rule at once: raises one RecordError carrying all the refusals."""
    problems = Problems()
    if activity.id is not None:
        require_write(user, activity.unit_id)
        problems.check(check_version, activity, version)
    if data.unit_id is None:
        problems.add("unit_id", _("Vui lòng chọn đơn vị."))
    else:
        require_write(user, data.unit_id)
    if data.held_on is None:
        problems.add("held_on", _("Vui lòng nhập ngày tổ chức."))
    elif data.held_on > local_today():
        problems.add("held_on", _("Ngày tổ chức không được sau ngày hôm nay."))
    topic = nfc(data.topic)
    if not topic:
        problems.add("topic", _("Vui lòng nhập nội dung, chủ đề."))
    if data.sessions is None:
        problems.add("sessions", _("Vui lòng nhập số buổi."))
    kind = _collect(
        problems,
        _lookup,
        ActivityKind,
        data.kind_id,
        {activity.kind_id} if activity.kind_id else set(),
        "kind_id",
        _l("Vui lòng chọn loại hoạt động."),
    )
    current_tags = {t.id for t in activity.tags}
    no_tag = _l("Vui lòng chọn thẻ.")
    tags = [
        _collect(problems, _lookup, ActivityTag, i, current_tags, "tag_ids", no_tag)
        for i in data.tag_ids
    ]
    outputs = _collect(problems, _outputs, data, {o.output_unit_id for o in activity.outputs})
    if data.unit_id is not None:
        # Another unit's own kind, tag or output is not offered to this unit (services/lookups).
        had = {("ActivityKind", activity.kind_id), *(("ActivityTag", t) for t in current_tags)}
        had |= {("OutputUnit", o.output_unit_id) for o in activity.outputs}
        chosen = [kind, *tags, *(unit for unit, _q in outputs or [])]
        problems.check(check_usable, data.unit_id, had, *(c for c in chosen if c is not None))
    _check_reach(data, problems)
    problems.raise_any()
    return _Checked(topic, kind, tags, outputs or [])  # type: ignore[arg-type]


def check_activity(
    activity: Activity | None, data: ActivityData, user: User, version: int | None = None
) -> None:
    """Refuse ``data`` with every reason at once (nothing is changed): the view runs it on a
    form whose fields were already refused, so that the user sees all mistakes together."""
    _check(activity or Activity(), data, user, version)


def _apply(activity: Activity, data: ActivityData, checked: _Checked) -> None:
    activity.unit_id = data.unit_id
    activity.held_on = data.held_on
    activity.kind = checked.kind
    activity.topic = checked.topic
    activity.search_key = search_key(checked.topic)
    activity.sessions = data.sessions
    activity.participants = data.participants or 0
    activity.partners = nfc(data.partners)
    activity.tags = checked.tags
    by_unit = {o.output_unit_id: o for o in activity.outputs}
    kept = []
    for unit, quantity in checked.outputs:
        row = by_unit.get(unit.id) or ActivityOutput(output_unit=unit)
        row.quantity = quantity
        kept.append(row)
    activity.outputs = kept
    activity.reach_branches = data.reach_branches
    activity.reach_branches_total = data.reach_branches_total
    activity.reach_members_percent = data.reach_members_percent
    activity.reach_cadres = data.reach_cadres
    activity.reach_cadres_total = data.reach_cadres_total
    activity.notes = (data.notes or "").strip()
    # Tags and outputs live in other tables: touch the row so its version moves with them.
    activity.updated_at = utcnow()


def create_activity(data: ActivityData, user: User) -> Activity:
    """Record an activity (403 when the unit is outside what the user may change)."""
    activity = Activity()
    _apply(activity, data, _check(activity, data, user, None))
    db.session.add(activity)
    flush("held_on")
    return activity


def update_activity(
    activity: Activity, data: ActivityData, user: User, version: int | None
) -> None:
    """Save an edit based on ``version``; refused when somebody saved in between."""
    _apply(activity, data, _check(activity, data, user, version))
    flush("held_on")


def delete_activity(activity: Activity, user: User) -> None:
    """Move the activity to the trash (it leaves lists and indicators; it can be restored)."""
    require_write(user, activity.unit_id)
    move_to_trash(activity)
    db.session.flush()
