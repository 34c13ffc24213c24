"""Membership dues (hội phí): a branch's sheet for a year, and "mark the whole branch as paid
for the year, except the ticked members" in one save."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import insert, or_, select

from webapp.extensions import db
from webapp.formatting import local_today
from webapp.members.services.rules import check_not_future
from webapp.models import Unit, UnitKind
from webapp.models.base import utcnow
from webapp.models.members import DuesPayment, Member
from webapp.refusals import Problems, RecordError

DEFAULT_AMOUNT = 12_000  # đồng a year; the form lets the union change it


@dataclass
class DuesLine:
    member: Member
    payment: DuesPayment | None

    @property
    def paid(self) -> bool:
        return bool(self.payment and self.payment.paid)


def check_year(year: int | None, today: date | None = None) -> int:
    today = today or local_today()
    if year is None:
        raise RecordError("year", _("Vui lòng nhập năm."))
    if not 1990 <= year <= today.year + 1:
        raise RecordError("year", _("Năm phải từ 1990 đến %(last)s.", last=today.year + 1))
    return year


def members_of_year(unit_id: int, year: int) -> list[Member]:
    """Members (not honorary) of the branch at some point of ``year``, by name."""
    return list(
        db.session.scalars(
            select(Member)
            .where(
                Member.unit_id == unit_id,
                Member.is_honorary.is_(False),
                or_(Member.joined_on.is_(None), Member.joined_on <= date(year, 12, 31)),
                or_(Member.left_on.is_(None), Member.left_on >= date(year, 1, 1)),
            )
            .order_by(Member.sort_key, Member.id)
        )
    )


def dues_sheet(unit_id: int, year: int) -> list[DuesLine]:
    """Each member of the branch in ``year`` with her dues record (None: nothing recorded)."""
    members = members_of_year(unit_id, year)
    payments = {
        p.member_id: p
        for p in db.session.scalars(
            select(DuesPayment).where(
                DuesPayment.member_id.in_([m.id for m in members]), DuesPayment.year == year
            )
        )
    }
    return [DuesLine(m, payments.get(m.id)) for m in members]


def check_dues(
    unit: Unit | None,
    year: int | None,
    amount: int | None,
    paid_on: date | None,
    today: date | None = None,
) -> None:
    """Every rule of a dues sheet's save at once: a branch, a year, an amount, a date not in
    the future."""
    today = today or local_today()
    problems = Problems()
    if unit is None or unit.kind is not UnitKind.BRANCH:
        problems.add("unit_id", _("Vui lòng chọn một chi hội."))
    problems.check(check_year, year, today)
    if amount is None:
        problems.add("amount", _("Vui lòng nhập mức hội phí."))
    elif amount < 0:
        problems.add("amount", _("Số tiền không được âm."))
    problems.check(check_not_future, paid_on, "paid_on", _("Ngày thu"), today)
    problems.raise_any()


def mark_branch_paid(
    unit: Unit,
    year: int | None,
    amount: int | None,
    paid_on: date | None,
    unpaid_ids: set[int],
    today: date | None = None,
) -> tuple[int, int]:
    """Every member of the branch in ``year`` has paid ``amount`` đồng, except those in
    ``unpaid_ids`` (recorded as not paid). Returns (paid, not paid)."""
    today = today or local_today()
    check_dues(unit, year, amount, paid_on, today)
    assert year is not None and amount is not None
    lines = dues_sheet(unit.id, year)
    now = utcnow()
    new_rows = []
    for line in lines:
        paid = line.member.id not in unpaid_ids
        values = {
            "paid": paid,
            "amount": amount if paid else 0,
            "paid_on": (paid_on or today) if paid else None,
        }
        if line.payment is None:
            new_rows.append(
                {
                    "unit_id": unit.id,
                    "member_id": line.member.id,
                    "year": year,
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                    **values,
                }
            )
            continue
        if line.payment.paid and paid:
            continue  # already paid: keep the amount and date recorded then
        for key, value in values.items():
            setattr(line.payment, key, value)
    if new_rows:
        db.session.execute(insert(DuesPayment), new_rows)
    db.session.flush()
    unpaid = sum(1 for line in lines if line.member.id in unpaid_ids)
    return len(lines) - unpaid, unpaid
