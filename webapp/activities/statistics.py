"""Manual statistics: figures no register holds (the commune's poverty rate), defined once by an
admin of the whole system and entered per unit and date by staff. Each one becomes the
indicators ``stats.<code>`` and ``stats.<code>_start`` (webapp/indicators/activities.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.activities.common import (
    CODE_PATTERN,
    CODE_RULE,
    ActivityError,
    check_version,
    flush,
    local_today,
    make_code,
)
from webapp.activities.forms import StatisticForm, ValueForm
from webapp.extensions import db
from webapp.models import User
from webapp.models.activities import ManualStatistic, StatisticValue
from webapp.scope import require_write, scoped
from webapp.text import nfc
from webapp.trash import move_to_trash


def statistics(include_retired: bool = True) -> list[ManualStatistic]:
    stmt = select(ManualStatistic).order_by(ManualStatistic.label)
    if not include_retired:
        stmt = stmt.where(ManualStatistic.retired.is_(False))
    return list(db.session.scalars(stmt))


def define_statistic(stat: ManualStatistic, form: StatisticForm) -> None:
    """Create or change a statistic's definition (its code never changes once created)."""
    label = nfc(form.label.data)
    if not label:
        raise ActivityError("label", _("Vui lòng nhập tên chỉ số."))
    if stat.id is None:
        code = (form.code.data or "").strip().lower() or make_code(label)
        if not CODE_PATTERN.fullmatch(code):
            raise ActivityError("code", CODE_RULE)
        if db.session.scalar(select(ManualStatistic.id).where(ManualStatistic.code == code)):
            raise ActivityError("code", _("Mã “%(code)s” đã được dùng.", code=code))
        stat.code = code
        db.session.add(stat)
    decimals = form.decimals.data if form.decimals.data is not None else 1
    if decimals > 4:
        raise ActivityError("decimals", _("Tối đa 4 chữ số thập phân."))
    stat.label, stat.measure = label, nfc(form.measure.data)
    stat.kind, stat.decimals, stat.combine = form.kind.data, decimals, form.combine.data
    db.session.flush()


def list_values(user: User, statistic_id: int | None, page: int, per_page: int):
    stmt = scoped(select(StatisticValue), StatisticValue.unit_id, user).options(
        selectinload(StatisticValue.unit), selectinload(StatisticValue.statistic)
    )
    if statistic_id:
        stmt = stmt.where(StatisticValue.statistic_id == statistic_id)
    stmt = stmt.order_by(StatisticValue.valid_from.desc(), StatisticValue.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def stored_value(stat: ManualStatistic, typed: Decimal) -> Decimal:
    """The typed number in the indicator's scale: a percentage typed "3,9" is kept as 0.039."""
    if stat.kind == "percent":
        return typed / 100
    if stat.kind in ("count", "money") and typed != typed.to_integral_value():
        raise ActivityError("value", _("Giá trị phải là số nguyên."))
    return typed


def typed_value(stat: ManualStatistic, stored: Decimal) -> Decimal:
    return stored * 100 if stat.kind == "percent" else stored


def save_value(record: StatisticValue, form: ValueForm, user: User) -> None:
    """Create or update a value (version-checked), for a unit the user may change."""
    unit_id = form.unit_id.data
    if unit_id is None:
        raise ActivityError("unit_id", _("Vui lòng chọn đơn vị."))
    require_write(user, unit_id)
    if record.id is not None:
        require_write(user, record.unit_id)
        check_version(record, form.version.data)
    stat = db.session.get(ManualStatistic, form.statistic_id.data or 0)
    if stat is None:
        raise ActivityError("statistic_id", _("Vui lòng chọn chỉ số."))
    if stat.retired and stat.id != record.statistic_id:
        raise ActivityError("statistic_id", _("Chỉ số này đã ngừng dùng."))
    valid_from: date | None = form.valid_from.data
    if valid_from is None:
        raise ActivityError("valid_from", _("Vui lòng nhập ngày."))
    if valid_from > local_today():
        raise ActivityError("valid_from", _("Ngày không được sau ngày hôm nay."))
    if form.value.data is None:
        raise ActivityError("value", _("Vui lòng nhập giá trị."))
    if form.value.data < 0:
        raise ActivityError("value", _("Giá trị không được âm."))
    value = stored_value(stat, form.value.data)
    twin = db.session.scalar(
        select(StatisticValue.id).where(
            StatisticValue.statistic_id == stat.id,
            StatisticValue.unit_id == unit_id,
            StatisticValue.valid_from == valid_from,
        )
    )
    if twin is not None and twin != record.id:
        raise ActivityError("valid_from", _("Đơn vị này đã có giá trị của chỉ số vào ngày này."))
    record.statistic_id, record.unit_id, record.valid_from = stat.id, unit_id, valid_from
    record.value, record.note = value, nfc(form.note.data)
    if record.id is None:
        db.session.add(record)
    flush("valid_from")


def delete_value(record: StatisticValue, user: User) -> None:
    require_write(user, record.unit_id)
    move_to_trash(record)
    db.session.flush()
