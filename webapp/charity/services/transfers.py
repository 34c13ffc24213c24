"""Transfers between two of our funds ("Chuyển quỹ"): typed once, written as two linked ledger
entries (out of the source fund, into the target fund) in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from webapp.charity.services.checks import optional_text, positive, required_date
from webapp.charity.services.ledger import check_never_negative, check_outflow, fund_amount
from webapp.extensions import db
from webapp.models import User
from webapp.models.charity import EntryDirection, EntryKind, Fund, FundEntry
from webapp.refusals import Problems
from webapp.scope import get_scoped_or_404, require_write
from webapp.trash import move_to_trash


@dataclass
class TransferData:
    """What the transfer form gives (amount parsed, in the funds' measure)."""

    from_fund_id: int | None
    to_fund_id: int | None
    entry_date: date | None
    amount: int | None
    note: str = ""


def _lock_funds(*funds: Fund) -> None:
    # Always in id order, so two opposite transfers at the same time cannot deadlock.
    ids = sorted(f.id for f in funds)
    db.session.execute(select(Fund.id).where(Fund.id.in_(ids)).order_by(Fund.id).with_for_update())


def check_transfer(data: TransferData, user: User) -> tuple[Fund, Fund, date, int]:
    """Every rule of a transfer at once: two different funds of the same measure the user may
    write, a day, an amount above zero, a short note. (Whether the source can cover it is
    checked once both entries are written.)"""
    problems = Problems()
    if data.from_fund_id is None:
        problems.add("from_fund_id", _("Vui lòng chọn quỹ chuyển đi."))
    if data.to_fund_id is None:
        problems.add("to_fund_id", _("Vui lòng chọn quỹ nhận."))
    source = get_scoped_or_404(Fund, data.from_fund_id, user) if data.from_fund_id else None
    target = get_scoped_or_404(Fund, data.to_fund_id, user) if data.to_fund_id else None
    for fund in (source, target):
        if fund is not None:
            require_write(user, fund.unit_id)
    if source is not None and target is not None:
        if source.id == target.id:
            problems.add("to_fund_id", _("Quỹ nhận phải khác quỹ chuyển đi."))
        elif source.kind is not target.kind or source.measure.lower() != target.measure.lower():
            problems.add(
                "to_fund_id",
                _(
                    "Không thể chuyển giữa %(a)s (tính bằng %(am)s) và %(b)s (tính bằng %(bm)s).",
                    a=source.name,
                    am=source.measure,
                    b=target.name,
                    bm=target.measure,
                ),
            )
    on = problems.check(required_date, data.entry_date, "entry_date")
    message = (
        _("Số lượng phải là số nguyên lớn hơn 0.")
        if source is not None and not source.is_money
        else _("Số tiền phải là số nguyên lớn hơn 0.")
    )
    amount = problems.check(positive, data.amount, "amount", message)
    problems.check(optional_text, data.note, "note", 2000)
    problems.raise_any()
    assert source is not None and target is not None
    return source, target, on, amount


def create_transfer(data: TransferData, user: User) -> tuple[FundEntry, FundEntry]:
    """Move ``amount`` from one fund to another at a date: an outflow of the source and an
    inflow of the target, each pointing at the other. Refused (the caller rolls back) when the
    source cannot cover it, between funds of different measures, or to the same fund."""
    source, target, on, amount = check_transfer(data, user)
    note = optional_text(data.note, "note", 2000)
    _lock_funds(source, target)
    out = FundEntry(
        unit_id=source.unit_id,
        fund_id=source.id,
        entry_date=on,
        direction=EntryDirection.OUT,
        kind=EntryKind.TRANSFER,
        amount=amount,
        counterparty=target.name,
        note=note,
    )
    into = FundEntry(
        unit_id=target.unit_id,
        fund_id=target.id,
        entry_date=on,
        direction=EntryDirection.IN,
        kind=EntryKind.TRANSFER,
        amount=amount,
        counterparty=source.name,
        note=note,
    )
    db.session.add_all([out, into])
    db.session.flush()
    out.counterpart_id = into.id
    into.counterpart_id = out.id
    db.session.flush()
    check_outflow(source, on, amount, "amount")
    return out, into


def counterpart(entry: FundEntry) -> FundEntry | None:
    """The other side of a transfer (None for an ordinary entry)."""
    if entry.counterpart_id is None:
        return None
    return db.session.get(FundEntry, entry.counterpart_id)


def delete_transfer(entry: FundEntry, user: User) -> None:
    """Move both sides of a transfer to the trash; refused when the target fund has already
    spent what it received (its balance would fall below zero)."""
    other = counterpart(entry)
    sides = [entry] + ([other] if other is not None else [])
    for side in sides:
        require_write(user, side.fund.unit_id)
    _lock_funds(*(side.fund for side in sides))
    for side in sides:
        move_to_trash(side)
    db.session.flush()
    for side in sides:
        if side.direction is EntryDirection.IN:
            check_never_negative(
                side.fund,
                side.entry_date,
                _(
                    "xoá khoản chuyển quỹ %(amount)s",
                    amount=fund_amount(side.fund, side.amount),
                ),
            )
