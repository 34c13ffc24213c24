"""Fund ledgers: every movement of a fund, derived from the rows that cause it.

A fund's movements are its own entries (inflows, and outflows that are not gifts), the gifts
paid from it and the sponsorship payments paid from it — each counted once, from the row that
holds it, so nothing is ever typed twice. Amounts are in the fund's measure: đồng for a money
fund, the goods' unit (kg) for a goods fund, where a gift's outflow is its quantity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from webapp import formatting
from webapp.extensions import db
from webapp.models.charity import (
    Beneficiary,
    Distribution,
    EntryDirection,
    Fund,
    FundEntry,
    Gift,
    SponsorshipPayment,
    movements_subquery,
)
from webapp.refusals import RecordError


def fund_amount(fund: Fund, amount: int | None) -> str:
    """An amount in the fund's measure: "1.500.000 đồng", "240 kg"."""
    if amount is None:
        return ""
    if fund.is_money:
        return formatting.money(amount)
    return f"{formatting.number(amount)} {fund.measure}"


def balance_at(fund_id: int, on: date | None = None) -> int:
    """The balance of a fund at the end of ``on`` (None: including every movement)."""
    m = movements_subquery()
    stmt = select(func.coalesce(func.sum(m.c.amount), 0)).where(m.c.fund_id == fund_id)
    if on is not None:
        stmt = stmt.where(m.c.on <= on)
    return int(db.session.scalar(stmt) or 0)


def balances(fund_ids: list[int], on: date | None = None) -> dict[int, int]:
    """The balance of each fund (one query for all of them)."""
    if not fund_ids:
        return {}
    m = movements_subquery()
    stmt = (
        select(m.c.fund_id, func.sum(m.c.amount))
        .where(m.c.fund_id.in_(fund_ids))
        .group_by(m.c.fund_id)
    )
    if on is not None:
        stmt = stmt.where(m.c.on <= on)
    found = {fid: int(total or 0) for fid, total in db.session.execute(stmt)}
    return {fid: found.get(fid, 0) for fid in fund_ids}


def lock_fund(fund: Fund) -> None:
    """Serialise changes to one fund's money (PostgreSQL row lock; SQLite serialises writers
    by itself), so two payments checked at the same time cannot both spend the last đồng."""
    db.session.execute(
        select(Fund.id).where(Fund.id == fund.id).with_for_update()
    ).scalar_one_or_none()


def _day_balances(fund_id: int, since: date) -> tuple[int, list[tuple[date, int]]]:
    """The balance before ``since`` and the end-of-day balance of every later day with a
    movement."""
    m = movements_subquery()
    opening = db.session.scalar(
        select(func.coalesce(func.sum(m.c.amount), 0)).where(m.c.fund_id == fund_id, m.c.on < since)
    )
    days = db.session.execute(
        select(m.c.on, func.sum(m.c.amount))
        .where(m.c.fund_id == fund_id, m.c.on >= since)
        .group_by(m.c.on)
        .order_by(m.c.on)
    ).all()
    running = int(opening or 0)
    out: list[tuple[date, int]] = []
    for day, total in days:
        running += int(total or 0)
        out.append((day, running))
    return int(opening or 0), out


def check_outflow(fund: Fund, on: date, amount: int, field: str | None) -> None:
    """After an outflow of ``amount`` dated ``on`` has been flushed: refuse it (the caller
    rolls back) when the fund's balance would fall below zero on that day or any later day,
    saying how much the fund holds."""
    opening, days = _day_balances(fund.id, on)
    at_day = dict(days).get(on, opening)
    lowest_day, lowest = min(days, key=lambda x: x[1]) if days else (on, at_day)
    if lowest >= 0:
        return
    before = at_day + amount
    if at_day < 0:
        raise RecordError(
            field,
            _(
                "Số dư %(fund)s ngày %(day)s là %(balance)s; không đủ để chi %(amount)s.",
                fund=fund.name,
                day=formatting.date_short(on),
                balance=fund_amount(fund, before),
                amount=fund_amount(fund, amount),
            ),
        )
    raise RecordError(
        field,
        _(
            "Số dư %(fund)s ngày %(day)s là %(balance)s, nhưng các khoản chi đến ngày "
            "%(later)s đã dùng đến; chỉ còn chi được %(left)s, không đủ để chi %(amount)s.",
            fund=fund.name,
            day=formatting.date_short(on),
            balance=fund_amount(fund, before),
            later=formatting.date_short(lowest_day),
            left=fund_amount(fund, max(amount + lowest, 0)),
            amount=fund_amount(fund, amount),
        ),
    )


def check_never_negative(fund: Fund, since: date, action: str) -> None:
    """After a change that lowers a fund's inflows (deleting or reducing one) has been flushed:
    refuse it when the balance would fall below zero on some day."""
    days = _day_balances(fund.id, since)[1]
    for day, bal in days:
        if bal < 0:
            raise RecordError(
                None,
                _(
                    "Không thể %(action)s: số dư %(fund)s ngày %(day)s sẽ là %(balance)s (âm).",
                    action=action,
                    fund=fund.name,
                    day=formatting.date_short(day),
                    balance=fund_amount(fund, bal),
                ),
            )


@dataclass
class LedgerLine:
    """One line of a fund ledger (a gift distribution shows as one line)."""

    on: date
    text: str
    kind: str
    inflow: int
    outflow: int
    balance: int = 0
    link: tuple[str, dict] | None = None  # endpoint, url args
    entry_id: int | None = None
    is_transfer: bool = False


@dataclass
class Ledger:
    """A fund's ledger for a period, with opening and closing balances."""

    fund: Fund
    start: date | None
    end: date | None
    opening: int
    lines: list[LedgerLine]

    @property
    def inflow(self) -> int:
        return sum(line.inflow for line in self.lines)

    @property
    def outflow(self) -> int:
        return sum(line.outflow for line in self.lines)

    @property
    def closing(self) -> int:
        return self.opening + self.inflow - self.outflow


def _in_period(stmt: Select, column, start: date | None, end: date | None) -> Select:
    if start is not None:
        stmt = stmt.where(column >= start)
    if end is not None:
        stmt = stmt.where(column <= end)
    return stmt


def _entry_lines(fund: Fund, start: date | None, end: date | None) -> list[LedgerLine]:
    entries = db.session.scalars(
        _in_period(
            select(FundEntry).where(FundEntry.fund_id == fund.id), FundEntry.entry_date, start, end
        )
    ).all()
    other_funds = _transfer_funds([e.counterpart_id for e in entries if e.counterpart_id])
    lines = []
    for e in entries:
        is_in = e.direction is EntryDirection.IN
        link = None
        if e.counterpart_id in other_funds:
            # One transfer, shown on both ledgers with the fund on the other side.
            other_id, other_name = other_funds[e.counterpart_id]
            where = (
                _("Chuyển quỹ nhận từ %(fund)s", fund=other_name)
                if is_in
                else _("Chuyển quỹ sang %(fund)s", fund=other_name)
            )
            text = " — ".join(x for x in (where, e.note) if x)
            link = ("charity.fund_show", {"fund_id": other_id})
        else:
            text = " — ".join(x for x in (e.kind.label, e.counterparty, e.note) if x)
        lines.append(
            LedgerLine(
                e.entry_date,
                text,
                e.direction.label,
                e.amount if is_in else 0,
                0 if is_in else e.amount,
                link=link,
                entry_id=e.id,
                is_transfer=e.counterpart_id is not None,
            )
        )
    return lines


def _transfer_funds(entry_ids: list[int]) -> dict[int, tuple[int, str]]:
    """For the other sides of transfers: entry id → (fund id, fund name), in one query."""
    if not entry_ids:
        return {}
    rows = db.session.execute(
        select(FundEntry.id, Fund.id, Fund.name)
        .join(Fund, Fund.id == FundEntry.fund_id)
        .where(FundEntry.id.in_(entry_ids))
    )
    return {entry_id: (fund_id, name) for entry_id, fund_id, name in rows}


def _gift_lines(fund: Fund, start: date | None, end: date | None) -> list[LedgerLine]:
    """Gifts paid from the fund: one line each, or one per distribution."""
    amount = (Gift.value_vnd if fund.is_money else Gift.quantity).label("amount")
    single = db.session.execute(
        _in_period(
            select(
                Gift.id,
                Gift.given_on,
                Gift.kind,
                Gift.quantity,
                Gift.measure,
                amount,
                Beneficiary.full_name,
                Gift.recipient_label,
            )
            .outerjoin(Beneficiary, Beneficiary.id == Gift.beneficiary_id)
            .where(Gift.fund_id == fund.id, Gift.distribution_id.is_(None)),
            Gift.given_on,
            start,
            end,
        )
    ).all()
    lines = [
        LedgerLine(
            g.given_on,
            f"{g.kind.label} {formatting.number(g.quantity)} {g.measure} — "
            f"{g.full_name or g.recipient_label}",
            _("Chi (quà tặng)"),
            0,
            int(g.amount),
            link=("charity.gift_edit", {"gift_id": g.id}),
        )
        for g in single
    ]
    grouped = db.session.execute(
        _in_period(
            select(
                Distribution.id,
                Distribution.title,
                Gift.given_on,
                func.count(Gift.id),
                func.sum(amount),
            )
            .select_from(Gift)
            .join(Distribution, Distribution.id == Gift.distribution_id)
            .where(Gift.fund_id == fund.id)
            .group_by(Distribution.id, Distribution.title, Gift.given_on),
            Gift.given_on,
            start,
            end,
        )
    ).all()
    lines += [
        LedgerLine(
            on,
            _("%(title)s — %(n)s người nhận", title=title, n=formatting.number(count)),
            _("Chi (đợt trao)"),
            0,
            int(total or 0),
            link=("charity.distribution_show", {"distribution_id": dist_id}),
        )
        for dist_id, title, on, count, total in grouped
    ]
    return lines


def _payment_lines(fund: Fund, start: date | None, end: date | None) -> list[LedgerLine]:
    payments = db.session.scalars(
        _in_period(
            select(SponsorshipPayment).where(SponsorshipPayment.fund_id == fund.id),
            SponsorshipPayment.paid_on,
            start,
            end,
        )
    ).all()
    return [
        LedgerLine(
            p.paid_on,
            _("Đỡ đầu cháu %(name)s", name=p.sponsorship.child.full_name)
            + (f" — {p.note}" if p.note else ""),
            _("Chi (đỡ đầu)"),
            0,
            p.amount_vnd,
            link=("charity.sponsorship_show", {"sponsorship_id": p.sponsorship_id}),
        )
        for p in payments
    ]


def ledger(fund: Fund, start: date | None = None, end: date | None = None) -> Ledger:
    """The fund's ledger for a period: opening balance, each movement with the running
    balance, closing balance. Gifts of one distribution make one line."""
    opening = balance_at(fund.id, start - timedelta(days=1)) if start else 0
    lines = _entry_lines(fund, start, end) + _gift_lines(fund, start, end)
    lines += _payment_lines(fund, start, end)
    # Inflows before outflows on the same day, so a day's running balance never dips for show.
    lines.sort(key=lambda line: (line.on, line.outflow > 0))
    running = opening
    for line in lines:
        running += line.inflow - line.outflow
        line.balance = running
    return Ledger(fund, start, end, opening, lines)
