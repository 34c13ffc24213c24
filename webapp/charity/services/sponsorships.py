"""The "Mẹ đỡ đầu" programme: surveyed children, sponsorships and their payments."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from webapp.charity.services.beneficiaries import CHILD_CATEGORIES
from webapp.charity.services.checks import (
    add_filled,
    optional_text,
    positive,
    refill,
    required_date,
    required_text,
    value_of,
)
from webapp.charity.services.ledger import check_outflow, lock_fund
from webapp.extensions import db
from webapp.formatting import local_today
from webapp.models import User
from webapp.models.charity import (
    Beneficiary,
    Fund,
    FundKind,
    SponsorKind,
    Sponsorship,
    SponsorshipPayment,
)
from webapp.refusals import Problems, RecordError
from webapp.scope import can_see_unit, can_write_unit, require_write, scoped
from webapp.trash import move_to_trash

MAX_MONTHS = 240


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole months, the day clamped to the month's length (31/1 + 1 → 28/2)."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    day = min(d.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def end_for(start: date, months: int) -> date:
    """The last day covered by ``months`` months from ``start``."""
    return add_months(start, months) - timedelta(days=1)


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` inclusive, at least 1 (a part month counts)."""
    months = 0
    while end_for(start, months + 1) <= end and months < MAX_MONTHS:
        months += 1
    return months if end_for(start, months) >= end else months + 1


@dataclass
class SponsorshipData:
    """What a sponsorship form gives (amounts parsed)."""

    unit_id: int
    child_id: int | None
    sponsor_kind: SponsorKind
    sponsor_name: str
    monthly_vnd: int | None
    start_on: date | None
    months: int | None = None
    end_on: date | None = None
    note: str = ""


@dataclass
class PaymentData:
    """What a payment form gives (amount parsed)."""

    paid_on: date | None
    amount_vnd: int | None
    fund_id: int | None = None
    note: str = ""


def _period(data: SponsorshipData) -> tuple[date, int, date]:
    """The start, the number of months and the end: months or an end date, agreeing."""
    start = required_date(data.start_on, "start_on", _("Vui lòng nhập ngày bắt đầu."))
    if data.months is None and data.end_on is None:
        raise RecordError("months", _("Hãy nhập số tháng đỡ đầu hoặc ngày kết thúc."))
    if data.end_on is not None and data.end_on < start:
        raise RecordError("end_on", _("Ngày kết thúc phải sau ngày bắt đầu."))
    if data.months is not None:
        months = positive(data.months, "months", _("Số tháng phải là số nguyên lớn hơn 0."))
        if months > MAX_MONTHS:
            raise RecordError("months", _("Tối đa %(n)s tháng.", n=MAX_MONTHS))
        end = end_for(start, months)
        if data.end_on is not None and data.end_on != end:
            raise RecordError(
                "end_on",
                _("Số tháng và ngày kết thúc không khớp nhau; chỉ cần nhập một trong hai."),
            )
    else:
        assert data.end_on is not None
        months = months_between(start, data.end_on)
        if months > MAX_MONTHS:
            raise RecordError("end_on", _("Tối đa %(n)s tháng.", n=MAX_MONTHS))
        end = data.end_on
    return start, months, end


def check_sponsorship(
    data: SponsorshipData, user: User
) -> tuple[Beneficiary, date, int, date, str]:
    """Every rule of a sponsorship at once: a child the user may see, a sponsor, a monthly
    amount above zero, months or an end date that agree. Returns what ``_fill`` stores."""
    problems = Problems()
    child = None
    if data.child_id is None:
        problems.add("child_id", _("Hãy chọn cháu được đỡ đầu."))
    else:
        child = db.session.get(Beneficiary, data.child_id)
        if child is None or not can_see_unit(user, child.unit_id):
            problems.add("child_id", _("Không tìm thấy cháu này."))
    name = value_of(
        problems, required_text, data.sponsor_name, "sponsor_name", _("Vui lòng nhập người đỡ đầu.")
    )
    value_of(
        problems,
        positive,
        data.monthly_vnd,
        "monthly_vnd",
        _("Mức hỗ trợ phải là số đồng nguyên lớn hơn 0."),
    )
    period = value_of(problems, _period, data)
    value_of(problems, optional_text, data.note, "note", 2000)
    problems.raise_any()
    assert child is not None and name is not None and period is not None
    return child, *period, name


def _fill(s: Sponsorship, data: SponsorshipData, user: User) -> None:
    require_write(user, data.unit_id)
    child, start, months, end, name = check_sponsorship(data, user)
    s.unit_id = data.unit_id
    s.child_id = child.id
    s.sponsor_kind = data.sponsor_kind
    s.sponsor_name = name
    s.monthly_vnd = data.monthly_vnd  # type: ignore[assignment]  (checked positive)
    s.start_on = start
    s.months = months
    s.end_on = end
    s.note = optional_text(data.note, "note", 2000)


def create_sponsorship(data: SponsorshipData, user: User) -> Sponsorship:
    """Record that a sponsor takes a child on for a number of months."""
    return add_filled(Sponsorship(), _fill, data, user)


def update_sponsorship(s: Sponsorship, data: SponsorshipData, user: User, version: int | None):
    """Correct a sponsorship (optimistic lock on ``version``)."""
    refill(s, _fill, data, user, version)


def _payment_count(s: Sponsorship) -> int:
    return (
        db.session.scalar(
            select(func.count(SponsorshipPayment.id)).where(
                SponsorshipPayment.sponsorship_id == s.id
            )
        )
        or 0
    )


def delete_sponsorship(s: Sponsorship, user: User) -> None:
    """Trash a sponsorship without payments; refuse one that has some."""
    require_write(user, s.unit_id)
    n = _payment_count(s)
    if n:
        raise RecordError(
            None,
            _(
                "Không thể xoá: khoản đỡ đầu đã có %(n)s lần chi trả; hãy xoá các lần chi trước.",
                n=n,
            ),
        )
    move_to_trash(s)
    db.session.flush()


def _payment_fund(data: PaymentData, user: User) -> Fund | None:
    if data.fund_id is None:
        return None
    fund = db.session.get(Fund, data.fund_id)
    if fund is None or not can_see_unit(user, fund.unit_id):
        raise RecordError("fund_id", _("Không tìm thấy quỹ này."))
    if not can_write_unit(user, fund.unit_id):
        raise RecordError("fund_id", _("Bạn không có quyền chi từ %(fund)s.", fund=fund.name))
    if fund.kind is not FundKind.MONEY:
        raise RecordError(
            "fund_id", _("%(fund)s là quỹ hiện vật, không chi tiền được.", fund=fund.name)
        )
    return fund


def check_payment(
    s: Sponsorship, data: PaymentData, user: User
) -> tuple[date, int, Fund | None, str]:
    """Every rule of a payment at once: a day between the sponsorship's start and today, an
    amount above zero, a money fund the user may pay from. Returns what is stored."""
    problems = Problems()
    paid_on = value_of(
        problems, required_date, data.paid_on, "paid_on", _("Vui lòng nhập ngày chi.")
    )
    if paid_on is not None and paid_on < s.start_on:
        problems.add("paid_on", _("Ngày chi trước ngày bắt đầu đỡ đầu."))
    elif paid_on is not None and paid_on > local_today():
        problems.add("paid_on", _("Ngày chi không thể ở tương lai."))
    amount = value_of(
        problems,
        positive,
        data.amount_vnd,
        "amount_vnd",
        _("Số tiền phải là số đồng nguyên lớn hơn 0."),
    )
    fund = value_of(problems, _payment_fund, data, user)
    note = value_of(problems, optional_text, data.note, "note")
    problems.raise_any()
    assert paid_on is not None and amount is not None and note is not None
    return paid_on, amount, fund, note


def add_payment(s: Sponsorship, data: PaymentData, user: User) -> SponsorshipPayment:
    """Record money paid for the child; from one of our funds it is refused when the fund
    cannot cover it."""
    require_write(user, s.unit_id)
    paid_on, amount, fund, note = check_payment(s, data, user)
    if fund is not None:
        lock_fund(fund)
    payment = SponsorshipPayment(
        unit_id=s.unit_id,
        sponsorship_id=s.id,
        paid_on=paid_on,
        amount_vnd=amount,
        fund_id=fund.id if fund else None,
        note=note,
    )
    db.session.add(payment)
    db.session.flush()
    if fund is not None:
        check_outflow(fund, paid_on, amount, "amount_vnd")
    return payment


def delete_payment(p: SponsorshipPayment, user: User) -> None:
    """Trash a payment (a fund it came from gets the amount back)."""
    require_write(user, p.unit_id)
    move_to_trash(p)
    db.session.flush()


def months_in(s: Sponsorship, start: date, end: date) -> int:
    """How many of the sponsorship's months begin within [start, end]."""
    return sum(1 for k in range(s.months) if start <= add_months(s.start_on, k) <= end)


@dataclass
class ProgrammeRow:
    """A surveyed child and the sponsorships running for them."""

    child: Beneficiary
    sponsorships: list[Sponsorship]


@dataclass
class Programme:
    """The programme page: surveyed children and sponsorships, totals for a period."""

    start: date
    end: date
    children: list[ProgrammeRow]
    sponsorships: list[Sponsorship]
    paid: dict[int, int]  # sponsorship id → paid in the period
    committed_in_period: int
    paid_in_period: int

    @property
    def surveyed_orphans(self) -> int:
        return sum(
            1
            for r in self.children
            if r.child.category is CHILD_CATEGORIES[0] and r.child.surveyed_on
        )

    @property
    def surveyed_single_mother(self) -> int:
        return sum(
            1
            for r in self.children
            if r.child.category is CHILD_CATEGORIES[1] and r.child.surveyed_on
        )

    @property
    def sponsored_children(self) -> int:
        return len({s.child_id for s in self.sponsorships})


def programme(user: User, start: date, end: date) -> Programme:
    """Children surveyed and sponsorships running during [start, end], with what was committed
    and paid in it."""
    children = db.session.scalars(
        scoped(select(Beneficiary), Beneficiary.unit_id, user)
        .where(Beneficiary.category.in_(CHILD_CATEGORIES))
        .order_by(Beneficiary.category, Beneficiary.search_key)
    ).all()
    sponsorships = db.session.scalars(
        scoped(select(Sponsorship), Sponsorship.unit_id, user)
        .where(Sponsorship.start_on <= end, Sponsorship.end_on >= start)
        .order_by(Sponsorship.start_on, Sponsorship.id)
    ).all()
    paid = dict(
        db.session.execute(
            scoped(
                select(SponsorshipPayment.sponsorship_id, func.sum(SponsorshipPayment.amount_vnd)),
                SponsorshipPayment.unit_id,
                user,
            )
            .where(SponsorshipPayment.paid_on.between(start, end))
            .group_by(SponsorshipPayment.sponsorship_id)
        ).all()
    )
    paid = {k: int(v or 0) for k, v in paid.items()}
    by_child: dict[int, list[Sponsorship]] = {}
    for s in sponsorships:
        by_child.setdefault(s.child_id, []).append(s)
    rows = [ProgrammeRow(c, by_child.get(c.id, [])) for c in children]
    # Sponsored children of other categories still belong on the page.
    listed = {c.id for c in children}
    rows += [ProgrammeRow(s[0].child, s) for cid, s in by_child.items() if cid not in listed]
    return Programme(
        start,
        end,
        rows,
        list(sponsorships),
        paid,
        committed_in_period=sum(s.monthly_vnd * months_in(s, start, end) for s in sponsorships),
        paid_in_period=sum(paid.values()),
    )
