"""Received support: goods and money the union receives for the community."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from webapp.charity.services.checks import (
    add_filled,
    optional_text,
    positive,
    refill,
    required_date,
    required_text,
    value_of,
)
from webapp.extensions import db
from webapp.formatting import local_today
from webapp.models import User
from webapp.models.charity import ReceivedSupport
from webapp.refusals import Problems
from webapp.scope import require_write, scoped
from webapp.trash import move_to_trash


@dataclass
class SupportData:
    """What a received-support form gives (amounts parsed)."""

    unit_id: int
    received_on: date | None
    donor: str
    description: str
    quantity: int | None
    measure: str
    value_vnd: int | None
    purpose: str = ""


def support_stmt(user: User, start: date | None = None, end: date | None = None) -> Select:
    """The received support the user may see in [start, end], newest first."""
    stmt = scoped(select(ReceivedSupport), ReceivedSupport.unit_id, user)
    if start is not None:
        stmt = stmt.where(ReceivedSupport.received_on >= start)
    if end is not None:
        stmt = stmt.where(ReceivedSupport.received_on <= end)
    return stmt.order_by(ReceivedSupport.received_on.desc(), ReceivedSupport.id.desc())


def support_total(user: User, start: date | None = None, end: date | None = None) -> int:
    """The value of the received support the user may see in [start, end]."""
    stmt = support_stmt(user, start, end).order_by(None).subquery()
    return int(db.session.scalar(select(func.coalesce(func.sum(stmt.c.value_vnd), 0))) or 0)


@dataclass
class _Checked:
    received_on: date
    donor: str
    description: str
    quantity: int
    measure: str
    value_vnd: int
    purpose: str


def check_support(data: SupportData) -> _Checked:
    """Every rule of received support at once: a day not in the future, a donor, what was
    received, a quantity and a value above zero, a unit of measure."""
    problems = Problems()
    on = value_of(
        problems, required_date, data.received_on, "received_on", _("Vui lòng nhập ngày nhận.")
    )
    if on is not None and on > local_today():
        problems.add("received_on", _("Ngày nhận không thể ở tương lai."))
    checked = _Checked(
        received_on=on,  # type: ignore[arg-type]  (None only when refused below)
        donor=value_of(
            problems, required_text, data.donor, "donor", _("Vui lòng nhập đơn vị, cá nhân hỗ trợ.")
        ),  # type: ignore[arg-type]
        description=value_of(
            problems,
            required_text,
            data.description,
            "description",
            _("Vui lòng nhập nội dung hỗ trợ."),
            300,
        ),  # type: ignore[arg-type]
        quantity=value_of(
            problems,
            positive,
            data.quantity,
            "quantity",
            _("Số lượng phải là số nguyên lớn hơn 0."),
        ),  # type: ignore[arg-type]
        measure=value_of(
            problems, required_text, data.measure, "measure", _("Vui lòng nhập đơn vị tính."), 20
        ),  # type: ignore[arg-type]
        value_vnd=value_of(
            problems,
            positive,
            data.value_vnd,
            "value_vnd",
            _("Trị giá phải là số đồng nguyên lớn hơn 0."),
        ),  # type: ignore[arg-type]
        purpose=value_of(problems, optional_text, data.purpose, "purpose", 300),  # type: ignore[arg-type]
    )
    problems.raise_any()
    return checked


def _fill(r: ReceivedSupport, data: SupportData, user: User) -> None:
    require_write(user, data.unit_id)
    checked = check_support(data)
    r.unit_id = data.unit_id
    r.received_on = checked.received_on
    r.donor = checked.donor
    r.description = checked.description
    r.quantity = checked.quantity
    r.measure = checked.measure
    r.value_vnd = checked.value_vnd
    r.purpose = checked.purpose


def create_support(data: SupportData, user: User) -> ReceivedSupport:
    """Record support received by a unit the user may write."""
    return add_filled(ReceivedSupport(), _fill, data, user)


def update_support(r: ReceivedSupport, data: SupportData, user: User, version: int | None):
    """Correct a record of received support (optimistic lock on ``version``)."""
    refill(r, _fill, data, user, version)


def delete_support(r: ReceivedSupport, user: User) -> None:
    """Move a record of received support to the trash."""
    require_write(user, r.unit_id)
    move_to_trash(r)
    db.session.flush()
