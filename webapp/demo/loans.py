"""Demo records of the loans area (see webapp/demo/__init__.py).

For Đức Xương and the half-term 2021-01-01 … 2023-10-20 the indicators reproduce the seed
report: 36,8 tỷ đồng outstanding to 356 families through NHCSXH and Agribank (6,6 tỷ disbursed
in 134 loan turns), 4 savings-and-loan groups with 177 households saving 100.000 đ/month (320
million), 18 rotating groups of 76 members who borrowed 890.000.000 đ, the interest-free fund
of 215.000.000 đ lent in 20 turns, the 11 million overdue loan settled, and an overdue ratio of
0,23%. Everything is drawn from random.Random(2023), so the data is the same on every run.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import insert

from webapp.extensions import db
from webapp.models import (
    Bank,
    BankOffice,
    Household,
    Loan,
    LoanGroup,
    LoanProgramme,
    LoanRepayment,
    RotatingContribution,
    RotatingGroup,
    RotatingKind,
    RotatingLoan,
    RotatingMember,
    RotatingRepayment,
    SavingsDeposit,
)
from webapp.text import search_key

if TYPE_CHECKING:
    from webapp.demo import Demo

START = date(2021, 1, 1)
AS_OF = date(2023, 10, 20)
M = 1_000_000

OUTSTANDING = 36_800_000_000
PERIOD_DISBURSED = 6_600_000_000
PERIOD_TURNS = 134
BORROWERS = 356
NHCSXH_BORROWERS = 200  # in the 4 savings-and-loan groups; the others borrow from Agribank
SAVERS = 177
SAVINGS_TOTAL = 320_000_000
MONTHLY_DEPOSIT = 100_000
OVERDUE_BALANCES = (30_000_000, 28_640_000, 26_000_000)  # 84,64 tr = 0,23% of 36,8 tỷ
SETTLED_HOUSEHOLDS = 30
ROTATING_GROUPS = 18
ROTATING_MEMBERS = 76
ROTATING_LENT = 890_000_000
FUND_CONTRIBUTORS = 43
FUND_CAPITAL_EACH = 5_000_000  # 43 × 5 tr = 215.000.000 đ
FUND_TURNS = 20

NHCSXH_PROGRAMMES = (
    "Cho vay hộ nghèo",
    "Cho vay hộ cận nghèo",
    "Cho vay hộ mới thoát nghèo",
    "Cho vay học sinh sinh viên",
    "Cho vay nước sạch và vệ sinh môi trường",
    "Cho vay giải quyết việc làm",
    "Cho vay nhà ở hộ nghèo",
)
AGRIBANK_PROGRAMMES = (
    "Cho vay phát triển sản xuất nông nghiệp",
    "Cho vay kinh doanh hộ gia đình",
)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Đinh", "Phan")
# fmt: off
GIVEN = (
    "Lan", "Hoa", "Huệ", "Mai", "Hương", "Thu", "Hạnh", "Nga", "Liên", "Hằng", "Dung", "Yến",
    "Oanh", "Thủy", "Loan", "Ngọc", "Nhung", "Tuyết", "Phượng", "Xuân", "Hiền", "Thanh", "Vân", "Hồng",
    "Bích", "Cúc", "Đào", "Gấm", "Lụa", "Nụ",
)
# fmt: on
PURPOSES = ("Chăn nuôi lợn", "Trồng rau màu", "Buôn bán nhỏ", "Chăn nuôi gà", "Sửa nhà", "Học phí")


def split_total(total: int, n: int, rng: random.Random, lo: int, hi: int, step: int) -> list[int]:
    """``n`` amounts in [lo, hi], multiples of ``step`` except the last, summing to ``total``."""
    base = total // n // step * step
    amounts = [base] * n
    for _ in range(n * 4):  # shuffle value between pairs, keeping the sum and the bounds
        i, j = rng.randrange(n), rng.randrange(n)
        d = rng.randrange(1, 6) * step
        if i != j and amounts[i] + d <= hi and amounts[j] - d >= lo:
            amounts[i] += d
            amounts[j] -= d
    amounts[-1] += total - sum(amounts)
    assert all(a > 0 for a in amounts) and sum(amounts) == total
    return amounts


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    return date(d.year + y, m + 1, min(d.day, 28))


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} Thị {rng.choice(GIVEN)}"


def _ids(model, rows: list[dict]) -> list[int]:
    """Bulk insert, returning the new ids in the order of ``rows``."""
    if not rows:
        return []
    result = db.session.execute(
        insert(model).returning(model.id, sort_by_parameter_order=True), rows
    )
    return list(result.scalars())


class _Loans:
    """Collects loan rows and, beside each, the rows of its repayments."""

    def __init__(self) -> None:
        self.loans: list[dict] = []
        self.repayments: list[list[dict]] = []

    def add(
        self,
        household: dict,
        programme: int,
        disbursed_on: date,
        amount: int,
        due_on: date,
        payments: list[tuple[date, int, int]],
        rng: random.Random,
    ) -> None:
        self.loans.append(
            {
                "unit_id": household["unit_id"],
                "household": household,
                "group_id": household["group_id"],
                "programme_id": programme,
                "disbursed_on": disbursed_on,
                "amount": amount,
                "due_on": due_on,
                "purpose": rng.choice(PURPOSES),
                "contract_no": f"{disbursed_on.year}/{len(self.loans) + 1:04d}",
            }
        )
        self.repayments.append(
            [
                {"paid_on": d, "principal": p, "interest": i, "unit_id": household["unit_id"]}
                for d, p, i in payments
            ]
        )


def _installments(
    rng: random.Random, disbursed_on: date, due_on: date, repaid: int, last: date = AS_OF
) -> list[tuple[date, int, int]]:
    """Repayments of ``repaid`` in a few installments between disbursement and min(due, last)."""
    if repaid <= 0:
        return []
    end = min(due_on, last)
    days = (end - disbursed_on).days
    count = max(1, min(4, repaid // (5 * M)))
    parts = split_total(repaid, count, rng, M, repaid, M) if count > 1 else [repaid]
    dates = sorted(disbursed_on + timedelta(days=rng.randint(30, max(31, days))) for _ in parts)
    return [(min(d, end), p, p // 100 * 8) for d, p in zip(dates, parts, strict=True)]


def seed(demo: Demo) -> None:
    """Add the loans records of the demo commune."""
    rng = random.Random(2023)  # noqa: S311 (demo data, not secrets)
    commune, branches = demo.commune, demo.branches

    # Banks and programmes are shared reference data (no unit): every commune uses the same rows.
    banks = {
        "nhcsxh": Bank(
            unit_id=None,
            code="nhcsxh",
            short_name="NHCSXH",
            name="Ngân hàng Chính sách xã hội",
        ),
        "agribank": Bank(
            unit_id=None,
            code="agribank",
            short_name="Agribank",
            name="Ngân hàng Nông nghiệp và Phát triển nông thôn",
        ),
    }
    db.session.add_all(banks.values())
    db.session.flush()
    db.session.add(
        BankOffice(
            unit_id=commune.id,
            bank_id=banks["nhcsxh"].id,
            name="Phòng giao dịch NHCSXH huyện Đức Thọ",
        )
    )
    nh_progs = _ids(
        LoanProgramme,
        [{"unit_id": None, "bank_id": banks["nhcsxh"].id, "name": n} for n in NHCSXH_PROGRAMMES],
    )
    ag_progs = _ids(
        LoanProgramme,
        [
            {"unit_id": None, "bank_id": banks["agribank"].id, "name": n}
            for n in AGRIBANK_PROGRAMMES
        ],
    )
    housing = nh_progs[NHCSXH_PROGRAMMES.index("Cho vay nhà ở hộ nghèo")]

    group_ids = _ids(
        LoanGroup,
        [
            {
                "unit_id": b.id,
                "bank_id": banks["nhcsxh"].id,
                "name": f"Tổ TK&VV thôn {b.name}",
                "search_key": search_key(f"Tổ TK&VV thôn {b.name}"),
                "leader_name": _name(rng),
                "founded_on": date(2010 + i, 3, 15),
            }
            for i, b in enumerate(branches)
        ],
    )

    # Households: the borrowers (NHCSXH ones in their branch's group, Agribank ones without a
    # group), then households whose loans are all repaid.
    households: list[dict] = []
    for i in range(BORROWERS + SETTLED_HOUSEHOLDS + 1):
        b = i % len(branches)
        in_group = i < NHCSXH_BORROWERS or (i >= BORROWERS and i % 2 == 0)
        name = _name(rng)
        households.append(
            {
                "unit_id": branches[b].id,
                "group_id": group_ids[b] if in_group else None,
                "head_name": name,
                "search_key": search_key(name),
                "address": f"Thôn {branches[b].name}",
            }
        )
    for row, hid in zip(households, _ids(Household, households), strict=True):
        row["id"] = hid
    borrowers, settled = households[:BORROWERS], households[BORROWERS:]

    def programme(h: dict) -> int:
        return rng.choice(nh_progs[:-1]) if h["group_id"] else rng.choice(ag_progs)

    loans = _Loans()
    period_balance = 0
    # 134 loan turns in the half-term, to 134 different borrowers, 6,6 tỷ in all.
    period_households = rng.sample(range(BORROWERS), PERIOD_TURNS)
    amounts = split_total(PERIOD_DISBURSED, PERIOD_TURNS, rng, 20 * M, 100 * M, 5 * M)
    for idx, amount in zip(period_households, amounts, strict=True):
        h = borrowers[idx]
        on = START + timedelta(days=rng.randrange((AS_OF - START).days - 30))
        due = _add_months(on, rng.choice((36, 48, 60)))
        repaid = amount // 10 * rng.randint(0, 3) // M * M
        loans.add(h, programme(h), on, amount, due, _installments(rng, on, due, repaid), rng)
        period_balance += amount - repaid

    # Older loans of the other borrowers: three are overdue, the rest make up 36,8 tỷ.
    others = [i for i in range(BORROWERS) if i not in set(period_households)]
    overdue = [others.pop(0), others.pop(), others.pop(len(others) // 2)]
    for idx, balance in zip(overdue, OVERDUE_BALANCES, strict=True):
        h = borrowers[idx]
        on = date(2018, rng.randint(1, 12), 10)
        due = _add_months(on, 48)
        amount = balance + 10 * M
        loans.add(h, programme(h), on, amount, due, _installments(rng, on, due, 10 * M), rng)
    rest = OUTSTANDING - period_balance - sum(OVERDUE_BALANCES)
    nh_rest = [i for i in others if borrowers[i]["group_id"]]
    ag_rest = [i for i in others if not borrowers[i]["group_id"]]
    nh_total = len(nh_rest) * 45 * M
    shares = split_total(nh_total, len(nh_rest), rng, 10 * M, 90 * M, M) + split_total(
        rest - nh_total, len(ag_rest), rng, 100 * M, 600 * M, 10 * M
    )
    for idx, balance in zip(nh_rest + ag_rest, shares, strict=True):
        h = borrowers[idx]
        on = date(rng.randint(2017, 2020), rng.randint(1, 12), rng.randint(1, 28))
        due = _add_months(on, rng.choice((48, 60, 72, 84)))
        if due <= AS_OF:
            due = _add_months(AS_OF, rng.randint(3, 30))
        repaid = balance // 4 // M * M
        loans.add(
            h, programme(h), on, balance + repaid, due, _installments(rng, on, due, repaid), rng
        )

    # Households whose loans were repaid in full, on time.
    for h in settled[:-1]:
        on = date(rng.randint(2015, 2019), rng.randint(1, 12), 5)
        due = _add_months(on, 36)
        amount = rng.randint(2, 8) * 10 * M
        loans.add(
            h, programme(h), on, amount, due, _installments(rng, on, due, amount, last=due), rng
        )
    # The housing loan of 2010, long overdue, settled in the half-term: 9 tr + 2 tr interest.
    h = settled[-1]
    loans.add(
        h,
        housing,
        date(2010, 5, 10),
        10 * M,
        date(2018, 5, 10),
        [(date(2014, 6, 15), M, 400_000), (date(2021, 9, 20), 9 * M, 2 * M)],
        rng,
    )

    rows = [{k: v for k, v in row.items() if k != "household"} for row in loans.loans]
    for row, loan in zip(rows, loans.loans, strict=True):
        row["household_id"] = loan["household"]["id"]
    loan_ids = _ids(Loan, rows)
    repayments = [
        {**payment, "loan_id": loan_id}
        for loan_id, payments in zip(loan_ids, loans.repayments, strict=True)
        for payment in payments
    ]
    db.session.execute(insert(LoanRepayment), repayments)

    _seed_savings(rng, [h for h in borrowers if h["group_id"]])
    _seed_rotating(rng, demo)
    demo.extra["loan_group_ids"] = group_ids


def _seed_savings(rng: random.Random, group_households: list[dict]) -> None:
    """177 borrowers of the groups save 100.000 đ on the 15th of each month up to October 2023;
    their months add up to 320 million."""
    savers = rng.sample(group_households, SAVERS)
    months = split_total(SAVINGS_TOTAL // MONTHLY_DEPOSIT, SAVERS, rng, 6, 34, 1)
    rows = []
    for h, count in zip(savers, months, strict=True):
        for back in range(count):
            rows.append(
                {
                    "unit_id": h["unit_id"],
                    "household_id": h["id"],
                    "deposited_on": _add_months(date(2023, 10, 15), -back),
                    "amount": MONTHLY_DEPOSIT,
                    "source": "grid",
                }
            )
    db.session.execute(insert(SavingsDeposit), rows)


def _seed_rotating(rng: random.Random, demo: Demo) -> None:
    """18 rotating groups with 76 members, each member borrowing once in the half-term (890
    million in all), and the commune's interest-free fund (215 million, 20 loan turns)."""
    branches = demo.branches
    groups = [
        {
            "unit_id": branches[i % len(branches)].id,
            "kind": RotatingKind.GROUP,
            "name": f"Tổ góp vốn luân chuyển số {i + 1}",
            "search_key": search_key(f"Tổ góp vốn luân chuyển số {i + 1}"),
            "leader_name": _name(rng),
            "founded_on": date(rng.randint(2017, 2020), rng.randint(1, 12), 1),
        }
        for i in range(ROTATING_GROUPS)
    ]
    groups.append(
        {
            "unit_id": demo.commune.id,
            "kind": RotatingKind.FUND,
            "name": "Quỹ quay vòng không lãi suất Hội LHPN xã",
            "search_key": search_key("Quỹ quay vòng không lãi suất Hội LHPN xã"),
            "leader_name": "Nguyễn Thị Huế",
            "founded_on": date(2020, 10, 20),
        }
    )
    group_ids = _ids(RotatingGroup, groups)
    members = []
    for i in range(ROTATING_MEMBERS):
        g = i % ROTATING_GROUPS
        name = _name(rng)
        members.append(
            {
                "unit_id": groups[g]["unit_id"],
                "group_id": group_ids[g],
                "full_name": name,
                "search_key": search_key(name),
                "joined_on": groups[g]["founded_on"],
            }
        )
    fund = len(groups) - 1
    for _ in range(FUND_CONTRIBUTORS):
        name = _name(rng)
        members.append(
            {
                "unit_id": demo.commune.id,
                "group_id": group_ids[fund],
                "full_name": name,
                "search_key": search_key(name),
                "joined_on": groups[fund]["founded_on"],
            }
        )
    member_ids = _ids(RotatingMember, members)
    for row, mid in zip(members, member_ids, strict=True):
        row["id"] = mid

    contributions = [
        {
            "unit_id": m["unit_id"],
            "group_id": m["group_id"],
            "rotating_member_id": m["id"],
            "paid_on": m["joined_on"],
            "amount": FUND_CAPITAL_EACH if m["group_id"] == group_ids[fund] else 10 * M,
        }
        for m in members
    ]
    db.session.execute(insert(RotatingContribution), contributions)

    group_members, fund_members = members[:ROTATING_MEMBERS], members[ROTATING_MEMBERS:]
    lent = split_total(ROTATING_LENT, ROTATING_MEMBERS, rng, 5 * M, 20 * M, M)
    loans = []
    for m, amount in zip(group_members, lent, strict=True):
        on = START + timedelta(days=rng.randrange((AS_OF - START).days))
        loans.append((m, on, amount))
    for m in rng.sample(fund_members, FUND_TURNS):
        on = START + timedelta(days=rng.randrange((AS_OF - START).days))
        loans.append((m, on, rng.choice((10, 10, 12)) * M))
    loan_ids = _ids(
        RotatingLoan,
        [
            {
                "unit_id": m["unit_id"],
                "group_id": m["group_id"],
                "rotating_member_id": m["id"],
                "lent_on": on,
                "amount": amount,
                "due_on": _add_months(on, 12),
            }
            for m, on, amount in loans
        ],
    )
    repayments = [
        {"unit_id": m["unit_id"], "loan_id": lid, "paid_on": _add_months(on, 12), "amount": amount}
        for lid, (m, on, amount) in zip(loan_ids, loans, strict=True)
        if _add_months(on, 12) <= AS_OF
    ]
    if repayments:
        db.session.execute(insert(RotatingRepayment), repayments)
