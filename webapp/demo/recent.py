"""The demo after its seed period: a living union from 21/10/2023 up to today.

The seed (members, loans, charity, activities, the 2025 merge) reproduces the mid-term report of
20/10/2023 exactly; nothing here is dated on or before that day, so those figures stay the
seed's. From the day after, up to today in the union's time zone, the branches keep meeting
and working every month, borrowers repay what falls due and the bank lends again, and the union
gives its Tết and mid-autumn gifts: the home page, the loans page and the charts of a freshly
loaded demo show the current year, not a union that stopped in October 2023.

Drawn from random.Random(2026): the same records for the same "today".
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, insert, select

from webapp.demo import HALF_TERM_END, Demo
from webapp.extensions import db
from webapp.models.charity import Beneficiary, Gift, GiftKind, GiftSource, Occasion
from webapp.models.loans import Loan, LoanRepayment

START = HALF_TERM_END + timedelta(days=1)
M = 1_000_000
MERGED_ON = date(2025, 7, 1)

# Monthly branch meetings and the commune's recurring work: (kind code, topic, people, tags).
BRANCH_WORK = (
    ("propaganda", "Sinh hoạt chi hội tháng {m}/{y}: tuyên truyền pháp luật", 35, ("task_1",)),
    ("cleanup", "Ra quân vệ sinh đường làng, trồng cây tháng {m}/{y}", 28, ("campaign_5c3s",)),
    (
        "propaganda",
        "Tuyên truyền BHYT hộ gia đình, BHXH tự nguyện tháng {m}/{y}",
        30,
        ("insurance",),
    ),
    ("visit", "Thăm hỏi hội viên ốm đau, hoàn cảnh khó khăn tháng {m}/{y}", 12, ()),
)
COMMUNE_WORK = (
    (3, "conference", "Hội nghị kỷ niệm ngày Quốc tế Phụ nữ 8/3/{y}", 150, ("task_3",)),
    (6, "training", "Tập huấn chuyển giao kỹ thuật chăn nuôi năm {y}", 60, ("task_1",)),
    (10, "conference", "Kỷ niệm ngày thành lập Hội LHPN Việt Nam 20/10/{y}", 180, ("task_3",)),
    (12, "topic_study", "Học tập chuyên đề cuối năm {y}", 15, ("breakthrough_base",)),
)


def _months(start: date, end: date):
    """(year, month) of every month from start's to end's, both included."""
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def _day_in(rng: random.Random, year: int, month: int, start: date, today: date) -> date | None:
    """A day of the month inside [start, today], or None when the month has none."""
    first = max(date(year, month, 1), start)
    last = min(date(year, month, 28), today)
    if first > last:
        return None
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _activities(demo: Demo, rng: random.Random, today: date) -> None:
    from webapp.demo.activities import _codes, _Log
    from webapp.models.activities import ActivityKind, ActivityTag, OutputUnit

    log = _Log(_codes(ActivityKind), _codes(ActivityTag), _codes(OutputUnit))
    merged = demo.extra.get("merged_into")
    for year, month in _months(START, today):
        for branch in demo.branches:
            for kind, topic, people, tags in rng.sample(BRANCH_WORK, 2):
                held = _day_in(rng, year, month, START, today)
                if held is None:
                    continue
                outputs = (("trees", rng.randint(10, 60)),) if kind == "cleanup" else ()
                log.add(
                    branch.id,
                    held,
                    kind,
                    topic.format(m=month, y=year),
                    people + rng.randint(-8, 12),
                    tags=tags,
                    outputs=outputs,
                )
        for on_month, kind, topic, people, tags in COMMUNE_WORK:
            held = _day_in(rng, year, month, START, today) if month == on_month else None
            if held is None:
                continue
            commune = merged if merged is not None and held >= MERGED_ON else demo.commune
            log.add(commune.id, held, kind, topic.format(y=year), people, tags=tags)
    if log.rows:
        log.insert()


def _loans(demo: Demo, rng: random.Random, today: date) -> None:
    """Borrowers repay: a loan due after the seed period is settled by its due day (a few days
    early), a loan due later pays a share each year; the three overdue loans of the seed stay
    overdue. Most borrowers who settled borrow again, and those new loans are repaid the same
    way (a loan lent in 2023 falls due from 2026 on: the demo loaded years later has no overdue
    loan of its own making)."""
    handled_up_to = 0
    while True:
        rows = _open_loans(after_id=handled_up_to)
        if not rows:
            return
        handled_up_to = rows[-1][0].id
        payments: list[dict] = []
        new_loans: list[dict] = []
        for loan, balance in rows:
            if loan.due_on <= HALF_TERM_END:
                continue  # one of the seed's overdue loans
            if loan.due_on <= today:
                on = max(START, loan.disbursed_on, loan.due_on - timedelta(days=rng.randint(0, 20)))
                payments.append(_payment(loan, on, balance))
                if rng.random() < 0.8:
                    again = loan.due_on + timedelta(days=rng.randint(10, 40))
                    if again <= today:
                        # Group (NHCSXH) loans are small; Agribank lends more, without a group.
                        tens = rng.randint(4, 10) if loan.group_id else rng.randint(15, 50)
                        new_loans.append(_loan(loan, again, tens * 10 * M, rng))
                continue
            payments.extend(_yearly_shares(loan, balance, today))
        if new_loans:
            db.session.execute(insert(Loan), new_loans)
        if payments:
            db.session.execute(insert(LoanRepayment), payments)


def _open_loans(after_id: int) -> list[tuple[Loan, int]]:
    """Loans numbered after ``after_id`` that still owe something, with what they owe."""
    repaid = (
        select(LoanRepayment.loan_id, func.coalesce(func.sum(LoanRepayment.principal), 0))
        .group_by(LoanRepayment.loan_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Loan, func.coalesce(repaid.c[1], 0))
        .outerjoin(repaid, repaid.c.loan_id == Loan.id)
        .where(Loan.id > after_id)
        .order_by(Loan.id)
    ).all()
    return [(loan, loan.amount - int(paid)) for loan, paid in rows if loan.amount > int(paid)]


def _yearly_shares(loan: Loan, balance: int, today: date) -> list[dict]:
    """A running loan pays a share on each anniversary after the seed period (and after it was
    lent), so that it is paid off by its due day."""
    payments = []
    anniversary = date(START.year, loan.disbursed_on.month, min(loan.disbursed_on.day, 28))
    while anniversary <= today and balance > M:
        if anniversary >= START and anniversary > loan.disbursed_on:
            share = max(M, balance // max(2, (loan.due_on - anniversary).days // 365 + 1))
            share = share // M * M
            payments.append(_payment(loan, anniversary, share))
            balance -= share
        anniversary = anniversary.replace(year=anniversary.year + 1)
    return payments


def _payment(loan: Loan, on: date, principal: int) -> dict:
    return {
        "unit_id": loan.unit_id,
        "loan_id": loan.id,
        "paid_on": on,
        "principal": principal,
        "interest": principal // 100 * 8,
    }


def _loan(old: Loan, on: date, amount: int, rng: random.Random) -> dict:
    return {
        "unit_id": old.unit_id,
        "household_id": old.household_id,
        "group_id": old.group_id,
        "programme_id": old.programme_id,
        "disbursed_on": on,
        "amount": amount,
        "due_on": on.replace(year=on.year + rng.choice((3, 4, 5)), day=min(on.day, 28)),
        "purpose": old.purpose,
        "contract_no": f"{on.year}/T{old.id:04d}",
    }


def _gifts(demo: Demo, rng: random.Random, today: date) -> None:
    """Tết and mid-autumn gifts of the district union and sponsors (not from the commune's own
    funds, whose ledgers stay the seed's) to the beneficiaries of the commune."""
    people = db.session.execute(
        select(Beneficiary.id, Beneficiary.category, Beneficiary.unit_id).order_by(Beneficiary.id)
    ).all()
    if not people:
        return
    rows = []
    for year in range(START.year, today.year + 1):
        for on, occasion, kind, value, source, name in (
            (
                date(year, 1, 20),
                Occasion.TET,
                GiftKind.PARCEL,
                500_000,
                GiftSource.DISTRICT_UNION,
                "",
            ),
            (
                date(year, 9, 15),
                Occasion.MID_AUTUMN,
                GiftKind.GOODS,
                200_000,
                GiftSource.SPONSOR,
                "Doanh nghiệp Tâm An",
            ),
        ):
            if not START <= on <= today:
                continue
            for pid, category, unit_id in rng.sample(people, min(len(people), 25)):
                rows.append(
                    {
                        "unit_id": unit_id,
                        "given_on": on,
                        "occasion": occasion,
                        "kind": kind,
                        "beneficiary_id": pid,
                        "recipient_label": "",
                        "category": category,
                        "quantity": 1,
                        "measure": kind.default_measure,
                        "value_vnd": value,
                        "source": source,
                        "fund_id": None,
                        "source_name": name,
                        "partner": "",
                    }
                )
    if rows:
        db.session.execute(insert(Gift), rows)


def seed(demo: Demo, today: date) -> None:
    """Continue the demo from the day after the seed period up to ``today`` (the caller
    commits). Records dated after today are never written."""
    if today < START:
        return
    rng = random.Random(2026)  # noqa: S311 (a fixed seed: the same demo for the same day)
    _activities(demo, rng, today)
    _loans(demo, rng, today)
    _gifts(demo, rng, today)
