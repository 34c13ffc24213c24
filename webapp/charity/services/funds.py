"""Funds and their own entries (inflows; outflows that are not gifts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from webapp.charity.services.checks import (
    optional_text,
    positive,
    required_date,
    required_text,
    value_of,
)
from webapp.charity.services.ledger import (
    balances,
    check_never_negative,
    check_outflow,
    fund_amount,
    lock_fund,
)
from webapp.charity.services.transfers import delete_transfer
from webapp.extensions import db
from webapp.models import User
from webapp.models.charity import (
    EntryDirection,
    EntryKind,
    Fund,
    FundEntry,
    FundKind,
    Gift,
    SponsorshipPayment,
)
from webapp.refusals import Problems, RecordError, check_version
from webapp.scope import can_write_unit, require_write, scoped
from webapp.text import search_key
from webapp.trash import move_to_trash


@dataclass
class FundData:
    """What a fund form gives."""

    unit_id: int
    name: str
    kind: FundKind
    measure: str
    purpose: str = ""


@dataclass
class EntryData:
    """What an entry form gives (amount parsed, in the fund's measure)."""

    entry_date: date | None
    direction: EntryDirection
    kind: EntryKind
    amount: int | None
    counterparty: str = ""
    note: str = ""


def visible_funds(user: User) -> list[Fund]:
    """Every fund the user may see, by name."""
    return list(db.session.scalars(scoped(select(Fund), Fund.unit_id, user).order_by(Fund.name)))


def funds_with_balances(user: User, on: date | None = None) -> list[tuple[Fund, int]]:
    """Every fund the user may see with its balance (today, or at ``on``)."""
    funds = visible_funds(user)
    bal = balances([f.id for f in funds], on)
    return [(f, bal[f.id]) for f in funds]


def writable_fund_choices(user: User, kind: FundKind | None = None) -> list[tuple[int, str]]:
    """(id, label) of the funds the user may pay from."""
    return [
        (f.id, f"{f.name} ({f.unit.full_name})")
        for f in visible_funds(user)
        if can_write_unit(user, f.unit_id) and (kind is None or f.kind is kind)
    ]


def check_fund(data: FundData, fund: Fund | None = None) -> tuple[str, str]:
    """Every rule of a fund at once: a name unique in its unit, a unit of measure for goods
    (not đồng), a purpose of reasonable length. Returns the name and the measure."""
    problems = Problems()
    name = value_of(problems, required_text, data.name, "name", _("Vui lòng nhập tên quỹ."), 120)
    if name:
        clash = db.session.scalar(
            select(Fund.id).where(Fund.unit_id == data.unit_id, Fund.search_key == search_key(name))
        )
        if clash is not None and (fund is None or clash != fund.id):
            problems.add("name", _("Đơn vị này đã có một quỹ cùng tên."))
    measure = "đồng"  # vi-only: the stored measure of a money fund
    if data.kind is not FundKind.MONEY:
        measure = value_of(
            problems,
            required_text,
            data.measure,
            "measure",
            _("Quỹ hiện vật cần đơn vị tính (ví dụ: kg)."),
            20,
        )
        if measure and measure.lower() in ("đ", "đồng", "vnd", "vnđ"):  # vi-only: typed for đồng
            problems.add("measure", _("Quỹ tiền hãy chọn loại “Tiền (đồng)”."))
    value_of(problems, optional_text, data.purpose, "purpose", 2000)
    problems.raise_any()
    assert name is not None and measure is not None
    return name, measure


def create_fund(data: FundData, user: User) -> Fund:
    """Add a fund to a unit the user may write."""
    require_write(user, data.unit_id)
    name, measure = check_fund(data)
    fund = Fund(
        unit_id=data.unit_id,
        name=name,
        search_key=search_key(name),
        kind=data.kind,
        measure=measure,
        purpose=optional_text(data.purpose, "purpose", 2000),
    )
    db.session.add(fund)
    db.session.flush()
    return fund


def _movement_count(fund: Fund) -> tuple[int, int, int]:
    entries = db.session.scalar(
        select(func.count(FundEntry.id)).where(FundEntry.fund_id == fund.id)
    )
    gifts = db.session.scalar(select(func.count(Gift.id)).where(Gift.fund_id == fund.id))
    payments = db.session.scalar(
        select(func.count(SponsorshipPayment.id)).where(SponsorshipPayment.fund_id == fund.id)
    )
    return entries or 0, gifts or 0, payments or 0


def update_fund(fund: Fund, data: FundData, user: User, version: int | None) -> None:
    """Rename a fund or change its purpose; its kind and unit are fixed once it has entries."""
    require_write(user, fund.unit_id)
    require_write(user, data.unit_id)
    check_version(fund, version)
    if (data.kind is not fund.kind or data.unit_id != fund.unit_id) and any(_movement_count(fund)):
        raise RecordError("kind", _("Quỹ đã có thu chi: không đổi được loại quỹ hay đơn vị."))
    name, measure = check_fund(data, fund)
    if measure != fund.measure and any(_movement_count(fund)):
        raise RecordError("measure", _("Quỹ đã có thu chi: không đổi được đơn vị tính."))
    fund.unit_id = data.unit_id
    fund.name = name
    fund.search_key = search_key(name)
    fund.kind = data.kind
    fund.measure = measure
    fund.purpose = optional_text(data.purpose, "purpose", 2000)
    db.session.flush()


def delete_fund(fund: Fund, user: User) -> None:
    """Move a fund with no movements to the trash; refuse one that has any."""
    require_write(user, fund.unit_id)
    entries, gifts, payments = _movement_count(fund)
    if entries or gifts or payments:
        parts = [
            what
            for n, what in (
                (entries, _("%(n)s khoản thu chi", n=entries)),
                (gifts, _("%(n)s quà tặng", n=gifts)),
                (payments, _("%(n)s lần chi đỡ đầu", n=payments)),
            )
            if n
        ]
        raise RecordError(
            None,
            _("Không thể xoá %(name)s: quỹ còn %(what)s.", name=fund.name, what=", ".join(parts)),
        )
    move_to_trash(fund)
    db.session.flush()


def check_entry(fund: Fund, data: EntryData) -> tuple[date, int]:
    """Every rule of a ledger entry at once: a day, an amount above zero, a kind that fits
    the direction, texts of reasonable length. Returns the day and the amount."""
    problems = Problems()
    on = value_of(problems, required_date, data.entry_date, "entry_date")
    message = (
        _("Số tiền phải là số nguyên lớn hơn 0.")
        if fund.is_money
        else _("Số lượng phải là số nguyên lớn hơn 0.")
    )
    amount = value_of(problems, positive, data.amount, "amount", message)
    if data.direction is EntryDirection.IN and data.kind is EntryKind.EXPENSE:
        problems.add("kind", _("Khoản thu không thể là “Chi khác”."))
    if data.direction is EntryDirection.OUT and data.kind in (
        EntryKind.CONTRIBUTION,
        EntryKind.DONATION,
        EntryKind.OPENING,
    ):
        problems.add("kind", _("Loại này chỉ dùng cho khoản thu."))
    value_of(problems, optional_text, data.counterparty, "counterparty")
    value_of(problems, optional_text, data.note, "note", 2000)
    problems.raise_any()
    assert on is not None and amount is not None
    return on, amount


def add_entry(fund: Fund, data: EntryData, user: User) -> FundEntry:
    """Record an inflow or a non-gift outflow; an outflow larger than the balance is refused."""
    require_write(user, fund.unit_id)
    on, amount = check_entry(fund, data)
    lock_fund(fund)
    entry = FundEntry(
        unit_id=fund.unit_id,
        fund_id=fund.id,
        entry_date=on,
        direction=data.direction,
        kind=data.kind,
        amount=amount,
        counterparty=optional_text(data.counterparty, "counterparty"),
        note=optional_text(data.note, "note", 2000),
    )
    db.session.add(entry)
    db.session.flush()
    if data.direction is EntryDirection.OUT:
        check_outflow(fund, on, amount, "amount")
    return entry


def update_entry(entry: FundEntry, data: EntryData, user: User, version: int | None) -> None:
    """Correct an entry; the fund's balance must stay at or above zero on every day."""
    fund = entry.fund
    require_write(user, fund.unit_id)
    check_version(entry, version)
    if entry.is_transfer:
        raise RecordError(
            None, _("Khoản chuyển quỹ không sửa được; hãy xoá (cả hai quỹ) rồi ghi lại.")
        )
    on, amount = check_entry(fund, data)
    lock_fund(fund)
    earliest = min(on, entry.entry_date)
    entry.entry_date = on
    entry.direction = data.direction
    entry.kind = data.kind
    entry.amount = amount
    entry.counterparty = optional_text(data.counterparty, "counterparty")
    entry.note = optional_text(data.note, "note", 2000)
    db.session.flush()
    if data.direction is EntryDirection.OUT:
        check_outflow(fund, on, amount, "amount")
    check_never_negative(fund, earliest, _("sửa khoản này"))


def delete_entry(entry: FundEntry, user: User) -> None:
    """Move an entry to the trash (both sides of a transfer); refused when removing an inflow
    leaves the fund negative."""
    if entry.is_transfer:
        delete_transfer(entry, user)
        return
    fund = entry.fund
    require_write(user, fund.unit_id)
    lock_fund(fund)
    move_to_trash(entry)
    db.session.flush()
    check_never_negative(
        fund,
        entry.entry_date,
        _("xoá khoản thu %(amount)s", amount=fund_amount(fund, entry.amount)),
    )
