"""Received support: goods and money the union receives for the community."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from webapp.charity.services.common import (
    CharityError,
    check_version,
    flush,
    optional_text,
    positive,
    required_date,
    required_text,
)
from webapp.extensions import db
from webapp.formatting import local_today
from webapp.models import User
from webapp.models.charity import ReceivedSupport
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


def _fill(r: ReceivedSupport, data: SupportData, user: User) -> None:
    require_write(user, data.unit_id)
    on = required_date(data.received_on, "received_on", _("Vui lòng nhập ngày nhận."))
    if on > local_today():
        raise CharityError("received_on", _("Ngày nhận không thể ở tương lai."))
    r.unit_id = data.unit_id
    r.received_on = on
    r.donor = required_text(data.donor, "donor", _("Vui lòng nhập đơn vị, cá nhân hỗ trợ."))
    r.description = required_text(
        data.description, "description", _("Vui lòng nhập nội dung hỗ trợ."), 300
    )
    r.quantity = positive(data.quantity, "quantity", _("Số lượng phải là số nguyên lớn hơn 0."))
    r.measure = required_text(data.measure, "measure", _("Vui lòng nhập đơn vị tính."), 20)
    r.value_vnd = positive(
        data.value_vnd, "value_vnd", _("Trị giá phải là số đồng nguyên lớn hơn 0.")
    )
    r.purpose = optional_text(data.purpose, "purpose", 300)


def create_support(data: SupportData, user: User) -> ReceivedSupport:
    """Record support received by a unit the user may write."""
    r = ReceivedSupport()
    _fill(r, data, user)
    db.session.add(r)
    flush()
    return r


def update_support(r: ReceivedSupport, data: SupportData, user: User, version: int | None):
    """Correct a record of received support (optimistic lock on ``version``)."""
    require_write(user, r.unit_id)
    check_version(r, version)
    _fill(r, data, user)
    flush()


def delete_support(r: ReceivedSupport, user: User) -> None:
    """Move a record of received support to the trash."""
    require_write(user, r.unit_id)
    move_to_trash(r)
    flush()
