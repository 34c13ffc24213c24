"""Demo records of the activities area (see webapp/demo/__init__.py).

For Đức Xương and the half-term 2021-01-01 … 2023-10-20 the indicators give the seed report's
figures: 6 technical-transfer sessions / 340 participant-turns, 4 job-counselling sessions,
2 insurance conferences, 12 population sessions, 300+ clean-up participant-turns, 300 acacia
trees (branch An Cư 2), 320 stoves, 1.400 LED bulbs, 8 tonnes of fertiliser, a dialogue with 13
opinions, 9 club exchanges, 4 dance clubs with 200+ members, 16 mediations, 16 households with
all 8 criteria, 4/4 branches excellent, the commune excellent 2 years running, reach 100% of
branches / 85% of members / 15/15 cadres, poverty rate 3,9% → 1,28%, and the 8 targets of
term XXVI.

The seed is inconsistent about job counselling ("87 lao động nữ" in one paragraph, "280 người
tham gia" in another). One set of records gives both without contradiction: the 4 sessions had
280 participant-turns, and 87 women were referred to jobs (output ``job_referrals``).

A few records lie just outside the half-term (2020) so that the period visibly matters.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select

from webapp.activities.services.lookups import ensure_defaults
from webapp.extensions import db
from webapp.models.activities import (
    CAMPAIGN_CRITERIA,
    Activity,
    ActivityKind,
    ActivityOutput,
    ActivityTag,
    Club,
    ClubKind,
    HouseholdAssessment,
    ManualStatistic,
    MediationCase,
    MediationKind,
    MediationOutcome,
    OutputUnit,
    Rating,
    StatisticValue,
    UnitRating,
    activity_tags,
)
from webapp.models.targets import Counting, GoalKind, Target, Term
from webapp.text import search_key

if TYPE_CHECKING:
    from webapp.demo import Demo

# (position, short name, label, indicator code, goal kind, goal, goal high)
TARGETS: tuple[tuple[int, str, str, str, GoalKind, str, str | None], ...] = (
    (
        1,
        "Phát triển hội viên",
        "Đến cuối nhiệm kỳ toàn xã có 1.378 hội viên phụ nữ.",
        "members.total",
        GoalKind.AT_LEAST,
        "1378",
        None,
    ),
    (
        2,
        "Kết nạp hội viên mới",
        "Kết nạp từ 30 – 40 hội viên mới.",
        "members.admitted",
        GoalKind.RANGE,
        "30",
        "40",
    ),
    (
        3,
        "Phát triển đối tượng tham gia BHYT, BHXH",
        "Vận động tăng mới 325 thẻ BHYT hộ gia đình và sổ BHXH tự nguyện.",
        "insurance.bhyt_new",
        GoalKind.AT_LEAST,
        "325",
        None,
    ),
    (
        4,
        "Kết nạp đảng viên nữ ở chi bộ nông thôn",
        "Giới thiệu 5 hội viên ưu tú để Đảng xem xét kết nạp.",
        "party.referrals",
        GoalKind.AT_LEAST,
        "5",
        None,
    ),
    (
        5,
        "Xây dựng gia đình 5 có 3 sạch",
        "Giúp đỡ 16 hộ gia đình đạt đủ 8 tiêu chí của Cuộc vận động “Xây dựng gia đình 5 có 3 sạch”.",
        "campaign.households_all_criteria",
        GoalKind.AT_LEAST,
        "16",
        None,
    ),
    (
        6,
        "Chi hội hoàn thành xuất sắc nhiệm vụ",
        "100% chi hội hoàn thành xuất sắc nhiệm vụ.",
        "ratings.branches_excellent_ratio",
        GoalKind.AT_LEAST,
        "1",
        None,
    ),
    (
        7,
        "Câu lạc bộ dân vũ",
        "Mỗi chi hội duy trì 1 câu lạc bộ dân vũ (4 câu lạc bộ).",
        "clubs.dance_count",
        GoalKind.AT_LEAST,
        "4",
        None,
    ),
    (
        8,
        "Mái ấm tình thương",
        "Phối hợp trao ít nhất 1 mái ấm tình thương cho hội viên khó khăn.",
        "charity.houses_count",
        GoalKind.AT_LEAST,
        "1",
        None,
    ),
)


class _Log:
    """Activities to insert, with their tags and outputs, then inserted in bulk."""

    def __init__(self, kinds: dict[str, int], tags: dict[str, int], outputs: dict[str, int]):
        self.kinds, self.tags, self.outputs = kinds, tags, outputs
        self.rows: list[dict[str, Any]] = []
        self.links: list[tuple[int, str]] = []
        self.measured: list[tuple[int, str, int]] = []

    def add(
        self,
        unit_id: int,
        held_on: date,
        kind: str,
        topic: str,
        participants: int,
        *,
        sessions: int = 1,
        partners: str = "",
        tags: tuple[str, ...] = (),
        outputs: tuple[tuple[str, int], ...] = (),
        **reach: int,
    ) -> None:
        index = len(self.rows)
        self.rows.append(
            {
                "unit_id": unit_id,
                "held_on": held_on,
                "kind_id": self.kinds[kind],
                "topic": topic,
                "search_key": search_key(topic),
                "sessions": sessions,
                "participants": participants,
                "partners": partners,
                "notes": "",
                **reach,
            }
        )
        self.links += [(index, tag) for tag in tags]
        self.measured += [(index, code, quantity) for code, quantity in outputs]

    def insert(self) -> None:
        ids = db.session.scalars(
            insert(Activity).returning(Activity.id, sort_by_parameter_order=True), self.rows
        ).all()
        if self.links:
            db.session.execute(
                insert(activity_tags),
                [{"activity_id": ids[i], "tag_id": self.tags[t]} for i, t in self.links],
            )
        if self.measured:
            db.session.execute(
                insert(ActivityOutput),
                [
                    {"activity_id": ids[i], "output_unit_id": self.outputs[c], "quantity": q}
                    for i, c, q in self.measured
                ],
            )


def _codes(model: type) -> dict[str, int]:
    return {code: id_ for code, id_ in db.session.execute(select(model.code, model.id))}


def _activities(demo: Demo, rng: random.Random) -> None:
    log = _Log(_codes(ActivityKind), _codes(ActivityTag), _codes(OutputUnit))
    commune, branches = demo.commune.id, [b.id for b in demo.branches]

    def day(start: date, end: date) -> date:
        return start + timedelta(days=rng.randrange((end - start).days + 1))

    # Emulation movement: launched to 100% of branches, 100% of cadres, 85% of members.
    log.add(
        commune,
        date(2021, 4, 10),
        "propaganda",
        "Quán triệt phong trào thi đua “Xây dựng người phụ nữ Đức Xương tự tin, nhân ái, "
        "năng động, sáng tạo, có khát vọng phát triển”",
        1200,
        tags=("movement", "task_1"),
        reach_branches=4,
        reach_branches_total=4,
        reach_members_percent=85,
        reach_cadres=15,
        reach_cadres_total=15,
    )
    # Quarterly topic study of the committee, branch heads and deputies: 15/15.
    for quarter in range(11):
        held = date(2021 + quarter // 4, 3 * (quarter % 4) + 2, 15)
        log.add(
            commune,
            held,
            "topic_study",
            f"Học tập chuyên đề quý {quarter % 4 + 1}/{held.year}",
            15,
            tags=("breakthrough_base",),
            reach_cadres=15,
            reach_cadres_total=15,
        )
    # 6 technical-transfer sessions with Hội Nông dân: 340 participant-turns.
    for held, people in zip(
        (
            date(2021, 3, 12),
            date(2021, 8, 20),
            date(2022, 2, 25),
            date(2022, 7, 22),
            date(2023, 2, 17),
            date(2023, 7, 14),
        ),
        (55, 60, 52, 58, 60, 55),
        strict=True,
    ):
        log.add(
            commune,
            held,
            "training",
            "Chuyển giao KHKT: quy trình chăm sóc lúa và cây rau màu xen vụ",
            people,
            partners="Hội Nông dân xã",
            tags=("task_1",),
        )
    # 4 job-counselling sessions: 280 participant-turns, 87 women referred to jobs.
    for held, people, referred in zip(
        (date(2021, 10, 8), date(2022, 4, 15), date(2022, 11, 11), date(2023, 5, 12)),
        (70, 65, 75, 70),
        (20, 22, 25, 20),
        strict=True,
    ):
        log.add(
            commune,
            held,
            "job_counselling",
            "Tư vấn, giới thiệu việc làm cho lao động nữ",
            people,
            partners="Công ty Hahe, Công ty Blazo",
            tags=("programme_939", "task_1"),
            outputs=(("job_referrals", referred),),
        )
    # 2 conferences on household health insurance and voluntary social insurance.
    for held, people in ((date(2021, 9, 24), 80), (date(2022, 9, 23), 95)):
        log.add(
            commune,
            held,
            "conference",
            "Hội nghị tuyên truyền chính sách BHYT hộ gia đình, BHXH tự nguyện",
            people,
            partners="BHXH huyện",
            tags=("insurance", "task_1"),
        )
    # 12 sessions on population and family planning, 4 per year.
    for i in range(12):
        year = 2021 + i // 4
        held = day(date(year, 1 + 3 * (i % 4), 1), date(year, 3 + 3 * (i % 4), 28))
        if held > date(2023, 10, 20):
            held = date(2023, 10, 2)
        log.add(
            branches[i % 4],
            held,
            "propaganda",
            "Tuyên truyền kiến thức dân số – KHHGĐ, chăm sóc sức khoẻ sinh sản",
            rng.randrange(35, 60),
            partners="Trạm Y tế xã",
            tags=("population", "task_1"),
        )
    # Đề án 938: food safety.
    for i, held in enumerate((date(2021, 6, 5), date(2022, 6, 4), date(2023, 6, 3))):
        log.add(
            branches[i],
            held,
            "propaganda",
            "Phụ nữ thực hiện an toàn thực phẩm",
            rng.randrange(40, 70),
            tags=("programme_938", "food_safety"),
        )
    # Clean-up days: 326 participant-turns; acacia planting by An Cư 2 (25 more).
    for i, people in enumerate((40, 45, 38, 42, 41, 39, 43, 38)):
        log.add(
            branches[i % 4],
            date(2021 + i // 3, 3 + 3 * (i % 3), 26),
            "cleanup",
            "Ra quân dọn vệ sinh đường làng ngõ xóm, khơi thông cống rãnh",
            people,
            tags=("campaign_5c3s",),
        )
    log.add(
        branches[1],
        date(2022, 2, 12),
        "cleanup",
        "Trồng cây keo trên các tuyến đường thôn",
        25,
        tags=("campaign_5c3s",),
        outputs=(("trees", 300),),
    )
    # Stoves, LED bulbs and fertiliser handed out.
    log.add(
        commune,
        date(2021, 11, 19),
        "distribution",
        "Cấp phát bếp đun củi cải tiến và bóng đèn LED cho hộ nghèo, cận nghèo",
        180,
        outputs=(("stoves", 180), ("led_bulbs", 800)),
    )
    log.add(
        commune,
        date(2022, 10, 14),
        "distribution",
        "Cấp phát bếp đun củi cải tiến và bóng đèn LED (đợt 2)",
        140,
        outputs=(("stoves", 140), ("led_bulbs", 600)),
    )
    for held, tonnes in ((date(2022, 3, 4), 5), (date(2023, 2, 24), 3)):
        log.add(
            commune,
            held,
            "distribution",
            "Cung ứng phân bón cho gia đình hội viên",
            rng.randrange(60, 90),
            partners="Công ty phân bón Bắc Giang",
            tags=("task_1",),
            outputs=(("fertiliser_tonnes", tonnes),),
        )
    # The dialogue with the Party deputy secretary and the chair of the commune: 13 opinions.
    log.add(
        commune,
        date(2023, 5, 18),
        "dialogue",
        "Hội nghị đối thoại giữa Phó Bí thư Đảng uỷ, Chủ tịch UBND xã với cán bộ, hội viên",
        60,
        partners="Đảng uỷ, UBND xã",
        tags=("task_2",),
        outputs=(("opinions", 13),),
    )
    # 9 folk-dance exchanges.
    for i in range(9):
        log.add(
            branches[i % 4],
            day(date(2022, 1, 1), date(2023, 9, 30)),
            "club_exchange",
            "Giao lưu dân vũ",
            rng.randrange(30, 60),
            tags=("task_1",),
        )
    # Online contests.
    for held, topic in (
        (date(2021, 11, 5), "Cuộc thi “Lực lượng vũ trang tỉnh Hải Dương – 75 năm”"),
        (date(2022, 5, 20), "Cuộc thi tìm hiểu Nghị quyết Đại hội Phụ nữ tỉnh lần thứ XVII"),
        (date(2023, 4, 14), "Cuộc thi trắc nghiệm phòng chống xâm hại trẻ em"),
    ):
        log.add(commune, held, "contest", topic, rng.randrange(100, 200), tags=("task_2",))
    # Just before the half-term: must not count.
    log.add(commune, date(2020, 11, 13), "training", "Tập huấn kỹ thuật chăn nuôi", 50)
    log.add(branches[0], date(2020, 12, 31), "cleanup", "Tổng vệ sinh cuối năm", 30)
    log.insert()


def _clubs(demo: Demo) -> None:
    rows: list[dict[str, Any]] = []
    for branch, members, founded in zip(
        demo.branches,
        (52, 49, 55, 51),
        (date(2021, 3, 8), date(2021, 3, 20), date(2021, 10, 20), date(2022, 3, 8)),
        strict=True,
    ):
        name = f"CLB dân vũ chi hội {branch.name}"
        rows.append(
            {
                "unit_id": branch.id,
                "name": name,
                "search_key": search_key(name),
                "kind": ClubKind.DANCE,
                "members_count": members,
                "founded_on": founded,
                "notes": "",
            }
        )
        name = f"Địa chỉ tin cậy thôn {branch.name}"
        rows.append(
            {
                "unit_id": branch.id,
                "name": name,
                "search_key": search_key(name),
                "kind": ClubKind.TRUSTED_ADDRESS,
                "members_count": 0,
                "founded_on": date(2019, 5, 1),
                "notes": "",
            }
        )
    name = "Tổ thêu ren An Cư 1"
    rows.append(
        {
            "unit_id": demo.branches[0].id,
            "name": name,
            "search_key": search_key(name),
            "kind": ClubKind.INTEREST,
            "members_count": 12,
            "founded_on": date(2018, 4, 1),
            "dissolved_on": date(2021, 6, 30),
            "notes": "",
        }
    )
    db.session.execute(insert(Club), rows)


def _mediations(demo: Demo, rng: random.Random) -> None:
    kinds = (
        [MediationKind.NEIGHBOURHOOD] * 7 + [MediationKind.LAND] * 5 + [MediationKind.FAMILY] * 4
    )
    outcomes = [MediationOutcome.RESOLVED] * 14 + [
        MediationOutcome.UNRESOLVED,
        MediationOutcome.REFERRED,
    ]
    rows = [
        {
            "unit_id": demo.branches[i % 4].id,
            "held_on": date(2021, 2, 1) + timedelta(days=60 * i + rng.randrange(20)),
            "kind": kind,
            "outcome": outcome,
            "summary": kind.label,
        }
        for i, (kind, outcome) in enumerate(zip(kinds, outcomes, strict=True))
    ]
    rows.append(
        {
            "unit_id": demo.commune.id,
            "held_on": date(2020, 10, 5),
            "kind": MediationKind.LAND,
            "outcome": MediationOutcome.RESOLVED,
            "summary": "Tranh chấp ranh giới đất (trước nửa nhiệm kỳ)",
        }
    )
    db.session.execute(insert(MediationCase), rows)


FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Vũ", "Đỗ", "Hoàng", "Bùi", "Đặng", "Ngô")
GIVEN_NAMES = ("Văn An", "Văn Bình", "Văn Cường", "Văn Dũng", "Văn Hải", "Văn Hùng", "Văn Long")


def _households(demo: Demo, rng: random.Random) -> None:
    criteria = [key for key, _ in CAMPAIGN_CRITERIA]
    rows: list[dict[str, Any]] = []

    def assess(index: int, year: int, all_met: bool) -> None:
        name = f"{FAMILY_NAMES[index % 10]} {GIVEN_NAMES[index % 7]} ({index + 1})"
        met = dict.fromkeys(criteria, True)
        if not all_met:
            for key in rng.sample(criteria, rng.randrange(1, 4)):
                met[key] = False
        rows.append(
            {
                "unit_id": demo.branches[index % 4].id,
                "year": year,
                "household": name,
                "search_key": search_key(name),
                **met,
            }
        )

    # 16 households met all 8 criteria (some in two years: they count once).
    for i in range(16):
        assess(i, 2023 if i < 10 else 2022, True)
        if i < 5:
            assess(i, 2022, True)
    # 24 more were assessed and still miss a criterion or more.
    for i in range(16, 40):
        for year in (2021, 2022, 2023):
            assess(i, year, False)
    # Before the half-term.
    assess(20, 2020, True)
    db.session.execute(insert(HouseholdAssessment), rows)


def _ratings(demo: Demo) -> None:
    rows = [
        {"unit_id": demo.commune.id, "year": 2020, "rating": Rating.GOOD, "notes": ""},
        {"unit_id": demo.commune.id, "year": 2021, "rating": Rating.EXCELLENT, "notes": ""},
        {"unit_id": demo.commune.id, "year": 2022, "rating": Rating.EXCELLENT, "notes": ""},
    ]
    for i, branch in enumerate(demo.branches):
        first = Rating.GOOD if i == 3 else Rating.EXCELLENT
        rows.append({"unit_id": branch.id, "year": 2021, "rating": first, "notes": ""})
        rows.append({"unit_id": branch.id, "year": 2022, "rating": Rating.EXCELLENT, "notes": ""})
    db.session.execute(insert(UnitRating), rows)


def _statistics(demo: Demo) -> None:
    poverty = ManualStatistic(
        code="poverty_rate",
        label="Tỷ lệ hộ nghèo của xã",
        measure="",
        kind="percent",
        decimals=2,
        combine="own",
    )
    db.session.add(poverty)
    db.session.flush()
    db.session.execute(
        insert(StatisticValue),
        [
            {
                "unit_id": demo.commune.id,
                "statistic_id": poverty.id,
                "valid_from": on,
                "value": Decimal(value),
                "note": "Kết quả rà soát hộ nghèo của UBND xã",
            }
            for on, value in (
                (date(2021, 1, 1), "0.039"),
                (date(2022, 1, 1), "0.025"),
                (date(2023, 1, 1), "0.0128"),
            )
        ],
    )


def _targets(demo: Demo) -> Term:
    term = Term(
        unit_id=demo.commune.id,
        congress_number=26,
        start_on=date(2021, 1, 1),
        end_on=date(2026, 12, 31),
    )
    db.session.add(term)
    db.session.flush()
    db.session.execute(
        insert(Target),
        [
            {
                "unit_id": demo.commune.id,
                "term_id": term.id,
                "position": position,
                "short_name": short,
                "label": label,
                "indicator_code": code,
                "goal_kind": kind,
                "goal": Decimal(goal),
                "goal_high": Decimal(high) if high else None,
                "counting": Counting.TERM,
            }
            for position, short, label, code, kind, goal, high in TARGETS
        ],
    )
    return term


def seed(demo: Demo) -> None:
    """Add the activities records of the demo commune."""
    rng = random.Random(2023)  # noqa: S311 (demo data, deterministic on purpose)
    ensure_defaults()
    _activities(demo, rng)
    _clubs(demo)
    _mediations(demo, rng)
    _households(demo, rng)
    _ratings(demo)
    _statistics(demo)
    demo.extra["term"] = _targets(demo)
