"""Demo records of the members area (see webapp/demo/__init__.py).

The Đức Xương commune of the seed report, half-term 2021-01-01 … 2023-10-20:
1.412 members at 20/10/2023 (1.400 at the start, 37 admitted, 25 left: 9 died, 13 moved away,
3 withdrew), 1.525 women aged 18+ (gathering rate 92,6%), 335 core members (23,7%), 1.200
attending regularly (85%), every member's 2023 dues paid, 12 honorary male members; cadres
7/10 BCH at grade 12/12, 5/10 with basic political theory or higher, 2/4 branch heads at
12/12, 15/15 committee members and branch heads/deputies at the topic study; 512 health
cards and 42 social-insurance books kept, 130 and 12 of them new; 1 Party referral, admitted.
Everything is drawn from random.Random(2023), so the data set is the same on every run.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import insert

from webapp.extensions import db
from webapp.members.services.members import sort_key_of
from webapp.models.base import utcnow
from webapp.models.cadres import (
    Cadre,
    CadrePosition,
    CadreTraining,
    PoliticalTheory,
    TrainingKind,
)
from webapp.models.members import (
    DuesPayment,
    Gender,
    InsuranceKind,
    InsurancePolicy,
    LeaveReason,
    Member,
    MemberEvent,
    MemberEventKind,
    PartyReferral,
    ReferralOutcome,
    WomenPopulation,
)
from webapp.text import search_key

if TYPE_CHECKING:
    from webapp.demo import Demo

START, END = date(2021, 1, 1), date(2023, 10, 20)
BRANCH_MEMBERS = (352, 368, 340, 352)  # active at END, by branch: 1.412
BRANCH_WOMEN = {2021: (376, 395, 364, 375), 2022: (378, 396, 366, 378), 2023: (380, 398, 367, 380)}
ADMITTED, LEFT_BEFORE = 37, 18
LEFT = [LeaveReason.DIED] * 9 + [LeaveReason.MOVED] * 13 + [LeaveReason.WITHDREW] * 3
CORE, REGULAR, HONORARY = 335, 1200, 12
DUES = 12_000
CHAIR_NAME = "Nguyễn Thị Huế"

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Ngô",
    "Dương",
    "Phan",
    "Đinh",
    "Hà",
    "Lương",
    "Trịnh",
]
MIDDLE = ["Thị"] * 17 + ["Thu", "Ngọc", "Thanh", "Hồng", "Kim", "Minh"]
GIVEN = [
    "Huế",
    "Hoa",
    "Lan",
    "Mai",
    "Hương",
    "Hạnh",
    "Hằng",
    "Nga",
    "Ngọc",
    "Thảo",
    "Trang",
    "Yến",
    "Loan",
    "Liên",
    "Nhung",
    "Thủy",
    "Vân",
    "Oanh",
    "Phương",
    "Dung",
    "Hiền",
    "Hòa",
    "Bình",
    "Chi",
    "Duyên",
    "Giang",
    "Hà",
    "Hải",
    "Lệ",
    "Linh",
    "Lụa",
    "Lý",
    "My",
    "Nguyệt",
    "Nhàn",
    "Quyên",
    "Sen",
    "Tâm",
    "Thắm",
    "Thơm",
    "Tuyết",
    "Xuân",
    "Gấm",
    "Huyền",
    "Lương",
    "Thoa",
    "Tươi",
    "Vui",
    "Hậu",
    "Hiên",
]
MEN = [
    "Hùng",
    "Dũng",
    "Tuấn",
    "Minh",
    "Cường",
    "Thắng",
    "Hải",
    "Sơn",
    "Long",
    "Quang",
    "Bình",
    "Tiến",
]


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _woman(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _member(rng, unit, name, born, joined, **extra) -> dict:
    now = utcnow()
    row = {
        "unit_id": unit.id,
        "full_name": name,
        "search_key": search_key(name),
        "sort_key": sort_key_of(name),
        "gender": Gender.FEMALE,
        "birth_year": born,
        "birth_date": None,
        "address": f"Thôn {unit.name}",
        "phone": f"09{rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.4 else "",
        "ethnicity": "Kinh",
        "religion": "",
        "joined_on": joined,
        "left_on": None,
        "leave_reason": None,
        "is_core": False,
        "is_honorary": False,
        "attends_regularly": False,
        "note": "",
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    row.update(extra)
    return row


def _members(rng: random.Random, branches) -> list[dict]:
    """Every member row: the active ones first (in a shuffled branch order), then those who
    left in and before the half-term, then the honorary members."""
    slots = [b for b, n in zip(branches, BRANCH_MEMBERS, strict=True) for _ in range(n)]
    rng.shuffle(slots)
    rows = []
    for i, unit in enumerate(slots):
        if i < ADMITTED:
            born = rng.randint(1975, 2003)
            joined = _day(rng, START, END)
        else:
            born = rng.randint(1945, 2001)
            joined = _day(rng, date(max(1985, born + 18), 1, 1), date(2020, 12, 31))
        rows.append(_member(rng, unit, _woman(rng), born, joined))
    for i in rng.sample(range(len(rows)), CORE):
        rows[i]["is_core"] = True
    for i in rng.sample(range(len(rows)), REGULAR):
        rows[i]["attends_regularly"] = True
    for reason in LEFT:
        born = rng.randint(1935, 1995)
        joined = _day(rng, date(max(1985, born + 18), 1, 1), date(2020, 12, 31))
        rows.append(
            _member(
                rng,
                rng.choice(branches),
                _woman(rng),
                born,
                joined,
                left_on=_day(rng, START, END),
                leave_reason=reason,
            )
        )
    for _ in range(LEFT_BEFORE):
        born = rng.randint(1930, 1990)
        joined = _day(rng, date(max(1985, born + 18), 1, 1), date(2015, 12, 31))
        rows.append(
            _member(
                rng,
                rng.choice(branches),
                _woman(rng),
                born,
                joined,
                left_on=_day(rng, joined + timedelta(days=30), date(2020, 12, 31)),
                leave_reason=rng.choice(list(LeaveReason)),
            )
        )
    for _ in range(HONORARY):
        name = f"{rng.choice(SURNAMES)} Văn {rng.choice(MEN)}"
        rows.append(
            _member(
                rng,
                rng.choice(branches),
                name,
                rng.randint(1955, 1990),
                _day(rng, date(2022, 3, 1), date(2023, 3, 8)),
                gender=Gender.MALE,
                is_honorary=True,
                note="Quyết định công nhận hội viên danh dự",
            )
        )
    return rows


def _insert(model, rows: list[dict]) -> list[int]:
    return list(
        db.session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rows)
    )


def _events(members: list[dict], ids: list[int]) -> None:
    now = utcnow()
    events = []
    for member_id, m in zip(ids, members, strict=True):
        events.append(
            {
                "member_id": member_id,
                "unit_id": m["unit_id"],
                "happened_on": m["joined_on"],
                "kind": MemberEventKind.JOINED,
                "description": "Vào Hội.",
                "user_id": None,
                "created_at": now,
                "updated_at": now,
            }
        )
        if m["left_on"]:
            events.append(
                {
                    **events[-1],
                    "happened_on": m["left_on"],
                    "kind": MemberEventKind.LEFT,
                    "description": f"{m['leave_reason'].label}.",
                }
            )
    db.session.execute(insert(MemberEvent), events)


def _active_in(m: dict, year: int) -> bool:
    return m["joined_on"] <= date(year, 12, 31) and (
        m["left_on"] is None or m["left_on"] >= date(year, 1, 1)
    )


def _dues(rng: random.Random, members: list[dict], ids: list[int]) -> None:
    now = utcnow()
    rows = []
    for member_id, m in zip(ids, members, strict=True):
        if m["is_honorary"]:
            continue
        for year in (2021, 2022, 2023):
            if not _active_in(m, year):
                continue
            # 2023: everybody still a member on 20/10/2023 has paid (the seed's 100%).
            paid = (m["left_on"] is None) if year == 2023 else rng.random() < 0.97
            rows.append(
                {
                    "unit_id": m["unit_id"],
                    "member_id": member_id,
                    "year": year,
                    "paid": paid,
                    "amount": DUES if paid else 0,
                    "paid_on": date(year, 6, 30) if paid else None,
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
    db.session.execute(insert(DuesPayment), rows)


def _population(demo: Demo) -> None:
    now = utcnow()
    db.session.execute(
        insert(WomenPopulation),
        [
            {
                "unit_id": unit.id,
                "year": year,
                "women_18plus": women,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            for year, figures in BRANCH_WOMEN.items()
            for unit, women in zip(demo.branches, figures, strict=True)
        ],
    )


def _cadres(rng: random.Random, demo: Demo, members: list[dict]) -> None:
    """The committee (10), branch heads (4) and deputies (4): 15 people, 3 of the heads and
    deputies sitting in the committee."""
    active = [i for i, m in enumerate(members) if m["left_on"] is None and not m["is_honorary"]]
    used: set[int] = set()

    def person(unit=None) -> int:
        pool = [
            i
            for i in active
            if i not in used and (unit is None or members[i]["unit_id"] == unit.id)
        ]
        i = rng.choice(pool)
        used.add(i)
        return i

    B = demo.branches
    P, T = CadrePosition, PoliticalTheory
    # (unit, position, in_bch, in_btv, grade, theory)
    table = [
        (demo.commune, P.CHAIR, True, True, 12, T.INTERMEDIATE),
        (demo.commune, P.VICE_CHAIR, True, True, 12, T.BASIC),
        (demo.commune, P.COMMITTEE, True, True, 12, T.BASIC),
        (demo.commune, P.COMMITTEE, True, False, 12, T.BASIC),
        (demo.commune, P.COMMITTEE, True, False, 12, T.BASIC),
        (demo.commune, P.COMMITTEE, True, False, 12, T.NONE),
        (demo.commune, P.COMMITTEE, True, False, 9, T.NONE),
        (B[0], P.BRANCH_HEAD, True, False, 12, T.NONE),
        (B[1], P.BRANCH_HEAD, True, False, 9, T.NONE),
        (B[2], P.BRANCH_HEAD, False, False, 12, T.NONE),
        (B[3], P.BRANCH_HEAD, False, False, 8, T.NONE),
        (B[0], P.BRANCH_DEPUTY, False, False, 12, T.NONE),
        (B[1], P.BRANCH_DEPUTY, False, False, 12, T.NONE),
        (B[2], P.BRANCH_DEPUTY, True, False, 9, T.NONE),
        (B[3], P.BRANCH_DEPUTY, False, False, 9, T.NONE),
    ]
    now = utcnow()
    rows = []
    for n, (unit, position, bch, btv, grade, theory) in enumerate(table):
        i = person(None if unit is demo.commune else unit)
        if n == 0:
            # The chair signs the report: she is the seed's Nguyễn Thị Huế.
            members[i]["full_name"] = CHAIR_NAME
            members[i]["search_key"] = search_key(CHAIR_NAME)
            members[i]["sort_key"] = sort_key_of(CHAIR_NAME)
        rows.append(
            {
                "unit_id": unit.id,
                "member_id": i,  # replaced by the real id once the members are inserted
                "full_name": members[i]["full_name"],
                "search_key": members[i]["search_key"],
                "birth_year": members[i]["birth_year"],
                "position": position,
                "in_bch": bch,
                "in_btv": btv,
                "term": "2021–2026",
                "started_on": date(2021, 3, 18),
                "ended_on": None,
                "education_grade": grade,
                "qualification": "Đại học" if n == 0 else "",
                "political_theory": theory,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
    # A committee member of the previous term, no longer serving: she counts nowhere.
    former = dict(rows[5], started_on=date(2016, 3, 20), ended_on=date(2021, 3, 18))
    former.update(member_id=None, full_name="Phạm Thị Nhàn", search_key="pham thi nhan")
    former.update(term="2016–2021", education_grade=12, political_theory=T.BASIC)
    rows.append(former)
    demo.extra["_cadre_rows"] = rows


def _insert_cadres(demo: Demo, ids: list[int]) -> None:
    rows = demo.extra.pop("_cadre_rows")
    for row in rows:
        if row["member_id"] is not None:
            row["member_id"] = ids[row["member_id"]]
    cadre_ids = _insert(Cadre, rows)
    now = utcnow()
    trainings = []
    for cadre_id, row in zip(cadre_ids, rows, strict=True):
        if row["ended_on"] is not None:
            continue
        for title, kind, on in (
            ("Học tập chuyên đề quý III/2023", TrainingKind.TOPIC_STUDY, date(2023, 8, 15)),
            ("Bồi dưỡng nghiệp vụ công tác Hội", TrainingKind.TRAINING, date(2022, 5, 12)),
        ):
            trainings.append(
                {
                    "unit_id": row["unit_id"],
                    "cadre_id": cadre_id,
                    "title": title,
                    "kind": kind,
                    "attended_on": on,
                    "organiser": "Hội LHPN huyện",
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
    db.session.execute(insert(CadreTraining), trainings)


def _insurance(rng: random.Random, members: list[dict], ids: list[int]) -> None:
    """512 health cards (130 new in the half-term) and 42 books (12 new) kept on 20/10/2023,
    and a few that ended before it."""
    active = [i for i, m in enumerate(members) if m["left_on"] is None and not m["is_honorary"]]
    now = utcnow()
    plan = [
        (InsuranceKind.BHYT, 382, (date(2015, 1, 1), date(2020, 12, 31)), None),
        (InsuranceKind.BHYT, 130, (START, END), None),
        (InsuranceKind.BHYT, 20, (date(2016, 1, 1), date(2019, 12, 31)), (2020, 2022)),
        (InsuranceKind.BHXH, 30, (date(2017, 1, 1), date(2020, 12, 31)), None),
        (InsuranceKind.BHXH, 12, (START, END), None),
        (InsuranceKind.BHXH, 3, (date(2017, 1, 1), date(2019, 12, 31)), (2020, 2021)),
    ]
    rows = []
    for kind, count, (first, last), ended in plan:
        for _ in range(count):
            i = rng.choice(active)
            started = _day(rng, first, last)
            rows.append(
                {
                    "unit_id": members[i]["unit_id"],
                    "member_id": ids[i],
                    "holder_name": members[i]["full_name"],
                    "search_key": members[i]["search_key"],
                    "kind": kind,
                    "number": f"{'HN' if kind is InsuranceKind.BHYT else 'XH'}{rng.randint(10**9, 10**10 - 1)}",
                    "started_on": started,
                    "ended_on": _day(rng, date(ended[0], 1, 1), date(ended[1], 12, 31))
                    if ended
                    else None,
                    "note": "",
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
    db.session.execute(insert(InsurancePolicy), rows)


def seed(demo: Demo) -> None:
    """Add the members records of the demo commune."""
    rng = random.Random(2023)  # noqa: S311 (a fixed seed: the demo is the same every time)
    members = _members(rng, demo.branches)
    _cadres(rng, demo, members)  # picks (and names) the cadres before the insert
    ids = _insert(Member, members)
    _events(members, ids)
    _insert_cadres(demo, ids)
    _dues(rng, members, ids)
    _population(demo)
    _insurance(rng, members, ids)
    core_in_an_cu_2 = next(
        i
        for i, m in enumerate(members)
        if m["is_core"] and m["unit_id"] == demo.branches[1].id and m["left_on"] is None
    )
    db.session.add(
        PartyReferral(
            unit_id=demo.branches[1].id,
            member_id=ids[core_in_an_cu_2],
            referred_on=date(2022, 5, 10),
            outcome=ReferralOutcome.ADMITTED,
            decided_on=date(2023, 2, 3),
            note="Kết nạp đảng viên nữ chi bộ nông thôn",
        )
    )
    db.session.flush()
    # Members later areas may link to (borrowers, beneficiaries…): active, not honorary,
    # a few from every branch.
    by_branch: dict[int, list[int]] = {}
    for member_id, m in zip(ids, members, strict=True):
        if m["left_on"] is None and not m["is_honorary"]:
            by_branch.setdefault(m["unit_id"], []).append(member_id)
    demo.extra["members"] = [i for branch in demo.branches for i in by_branch[branch.id][:10]]
    demo.extra["members_by_branch"] = {b.id: by_branch[b.id] for b in demo.branches}
