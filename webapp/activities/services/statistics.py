"""Manual statistics: figures no register holds (the commune's poverty rate), defined once by an
admin of the whole system and entered per unit and date by staff. Each one becomes the
indicators ``stats.<code>`` and ``stats.<code>_start`` (webapp/indicators/activities.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.activities.services.codes import CODE_PATTERN, CODE_RULE, make_code
from webapp.activities.services.store import flush
from webapp.extensions import db
from webapp.formatting import local_today
from webapp.models import User
from webapp.models.activities import ManualStatistic, StatisticValue
from webapp.refusals import Problems, RecordError, check_version
from webapp.scope import require_write, scoped
from webapp.text import nfc
from webapp.trash import move_to_trash


@dataclass
class StatisticDefinition:
    """A statistic's definition as typed (``code`` empty: made from the label)."""

    label: str | None
    code: str | None
    kind: str  # "percent", "count", "number" or "money"
    measure: str | None
    decimals: int | None
    combine: str  # "own" or "sum"


@dataclass
class ValueData:
    """A statistic's value for a unit from a date, as typed (the number in the typed scale)."""

    statistic_id: int | None
    unit_id: int | None
    valid_from: date | None
    value: Decimal | None
    note: str | None = ""


def statistics(include_retired: bool = True) -> list[ManualStatistic]:
    stmt = select(ManualStatistic).order_by(ManualStatistic.label)
    if not include_retired:
        stmt = stmt.where(ManualStatistic.retired.is_(False))
    return list(db.session.scalars(stmt))


def check_statistic(
    stat: ManualStatistic, data: StatisticDefinition
) -> tuple[str, str | None, int]:
    """Every rule of a statistic's definition at once: a label, a well-formed code not used yet
    (a new statistic only: None for one that exists), at most four decimals."""
    problems = Problems()
    label = nfc(data.label)
    if not label:
        problems.add("label", _("Vui lòng nhập tên chỉ số."))
    code = None
    if stat.id is None:
        code = (data.code or "").strip().lower() or (make_code(label) if label else "")
        if not CODE_PATTERN.fullmatch(code):
            if data.code or label:
                problems.add("code", CODE_RULE)
        elif db.session.scalar(select(ManualStatistic.id).where(ManualStatistic.code == code)):
            problems.add("code", _("Mã “%(code)s” đã được dùng.", code=code))
    decimals = data.decimals if data.decimals is not None else 1
    if decimals > 4:
        problems.add("decimals", _("Tối đa 4 chữ số thập phân."))
    problems.raise_any()
    return label, code, decimals


def define_statistic(stat: ManualStatistic, data: StatisticDefinition) -> None:
    """Create or change a statistic's definition (its code never changes once created)."""
    label, code, decimals = check_statistic(stat, data)
    if code is not None:
        stat.code = code
        db.session.add(stat)
    stat.label, stat.measure = label, nfc(data.measure)
    stat.kind, stat.decimals, stat.combine = data.kind, decimals, data.combine
    db.session.flush()


def set_retired(stat: ManualStatistic, retired: bool) -> None:
    """Retire a statistic (it leaves the pickers; its values stay) or bring it back."""
    stat.retired = retired
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
        raise RecordError("value", _("Giá trị phải là số nguyên."))
    return typed


def typed_value(stat: ManualStatistic, stored: Decimal) -> Decimal:
    return stored * 100 if stat.kind == "percent" else stored


def check_value(
    record: StatisticValue, data: ValueData
) -> tuple[ManualStatistic, int, date, Decimal]:
    """Every rule of a statistic's value at once: a unit, a statistic in use, a day not after
    today, a value not below zero in the statistic's scale, not a second value of the unit on
    that day. Returns the statistic, unit, day and the value as stored."""
    problems = Problems()
    if data.unit_id is None:
        problems.add("unit_id", _("Vui lòng chọn đơn vị."))
    stat = db.session.get(ManualStatistic, data.statistic_id or 0)
    if stat is None:
        problems.add("statistic_id", _("Vui lòng chọn chỉ số."))
    elif stat.retired and stat.id != record.statistic_id:
        problems.add("statistic_id", _("Chỉ số này đã ngừng dùng."))
    valid_from = data.valid_from
    if valid_from is None:
        problems.add("valid_from", _("Vui lòng nhập ngày."))
    elif valid_from > local_today():
        problems.add("valid_from", _("Ngày không được sau ngày hôm nay."))
    value = None
    if data.value is None:
        problems.add("value", _("Vui lòng nhập giá trị."))
    elif data.value < 0:
        problems.add("value", _("Giá trị không được âm."))
    elif stat is not None:
        value = problems.check(stored_value, stat, data.value)
    if stat is not None and data.unit_id is not None and valid_from is not None:
        twin = db.session.scalar(
            select(StatisticValue.id).where(
                StatisticValue.statistic_id == stat.id,
                StatisticValue.unit_id == data.unit_id,
                StatisticValue.valid_from == valid_from,
            )
        )
        if twin is not None and twin != record.id:
            message = _("Đơn vị này đã có giá trị của chỉ số vào ngày này.")
            problems.add("valid_from", message)
    problems.raise_any()
    assert stat is not None and data.unit_id is not None and valid_from is not None
    assert value is not None
    return stat, data.unit_id, valid_from, value


def save_value(
    record: StatisticValue, data: ValueData, user: User, version: int | None = None
) -> None:
    """Create or update a value (version-checked), for a unit the user may change."""
    if data.unit_id is not None:
        require_write(user, data.unit_id)
    if record.id is not None:
        require_write(user, record.unit_id)
        check_version(record, version)
    stat, unit_id, valid_from, value = check_value(record, data)
    record.statistic_id, record.unit_id, record.valid_from = stat.id, unit_id, valid_from
    record.value, record.note = value, nfc(data.note)
    if record.id is None:
        db.session.add(record)
    flush("valid_from")


def delete_value(record: StatisticValue, user: User) -> None:
    require_write(user, record.unit_id)
    move_to_trash(record)
    db.session.flush()
