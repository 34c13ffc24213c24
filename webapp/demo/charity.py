"""Demo records of the charity area (see webapp/demo/__init__.py).

For Đức Xương and the half-term 2021-01-01 … 2023-10-20 they reproduce the seed report:
scholarship fund 4.000.000 đ to 6 pupils; 240 kg rice and 45 parcels worth 14.800.000 đ;
2 water tanks worth 4.000.000 đ; 1 charity house worth 40.000.000 đ with the district union;
25 orphans and 9 children of single mothers surveyed, 6 sponsored at 500.000 đ/month for 3–5
years, 1 of them by the commune union for 3 years; 3.500.000 đ of support received (2 solar
lamps for the martyrs' cemetery, 3 stone benches for the An Cư 2 village hall).

Every gift paid from a fund is only a gift row (the ledger derives from it), and each fund's
balance stays at or above zero on every day.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import insert, select

from webapp.extensions import db
from webapp.models.charity import (
    Beneficiary,
    BeneficiaryCategory,
    Distribution,
    EntryDirection,
    EntryKind,
    Fund,
    FundEntry,
    FundKind,
    Gift,
    GiftKind,
    GiftSource,
    Occasion,
    ReceivedSupport,
    SponsorKind,
    Sponsorship,
    SponsorshipPayment,
)
from webapp.models.members import Member
from webapp.text import search_key

if TYPE_CHECKING:
    from webapp.demo import Demo

C = BeneficiaryCategory
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đinh")
WOMEN_MIDDLE = ("Thị", "Thị", "Thị", "Thị Thu", "Thị Hồng", "Thị Minh")
WOMEN = ("Hoa", "Lan", "Huệ", "Mai", "Hương", "Hằng", "Nga", "Thủy", "Loan", "Hà", "Liên", "Tâm")
CHILD_MIDDLE = ("Văn", "Thị", "Minh", "Gia", "Bảo", "Ngọc", "Đức", "Khánh")
CHILDREN = ("An", "Bình", "Chi", "Dũng", "Giang", "Hiếu", "Khoa", "Linh", "My", "Nam", "Phúc", "Vy")
MEN_MIDDLE = ("Văn", "Đình", "Xuân", "Hữu", "Quang")
MEN = ("Hùng", "Tuấn", "Cường", "Sơn", "Thắng", "Trung", "Vinh")


def _month_end(d: date) -> date:
    """The last day of ``d``'s month."""
    return date(d.year + d.month // 12, d.month % 12 + 1, 1) - timedelta(days=1)


def seed(demo: Demo) -> None:
    """Add the charity records of the demo commune."""
    _Seeder(demo).run()


class _Seeder:
    def __init__(self, demo: Demo) -> None:
        self.demo = demo
        self.rng = random.Random(2023)  # noqa: S311 (demo data, not security)
        self.commune = demo.commune.id
        self.branches = [b.id for b in demo.branches]
        self.used_names: set[str] = set()

    # --- helpers ---------------------------------------------------------------------------

    def _name(self, middles, givens) -> str:
        while True:
            name = (
                f"{self.rng.choice(SURNAMES)} {self.rng.choice(middles)} {self.rng.choice(givens)}"
            )
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def _people(self, n: int, category: C, middles, givens, born: tuple[int, int], **extra):
        rows = []
        for _ in range(n):
            name = self._name(middles, givens)
            rows.append(
                {
                    "unit_id": self.rng.choice(self.branches),
                    "full_name": name,
                    "search_key": search_key(name),
                    "is_household": False,
                    "category": category,
                    "birth_year": self.rng.randint(*born),
                    "address": "",
                    "note": "",
                    **extra,
                }
            )
        return list(
            db.session.scalars(
                insert(Beneficiary).returning(Beneficiary.id, sort_by_parameter_order=True), rows
            )
        )

    def _fund(self, name: str, kind: FundKind, measure: str, purpose: str) -> int:
        fund = Fund(
            unit_id=self.commune,
            name=name,
            search_key=search_key(name),
            kind=kind,
            measure=measure,
            purpose=purpose,
        )
        db.session.add(fund)
        db.session.flush()
        return fund.id

    def _inflows(self, fund_id: int, rows: list[tuple[date, EntryKind, int, str]]) -> None:
        db.session.execute(
            insert(FundEntry),
            [
                {
                    "unit_id": self.commune,
                    "fund_id": fund_id,
                    "entry_date": on,
                    "direction": EntryDirection.IN,
                    "kind": kind,
                    "amount": amount,
                    "counterparty": who,
                    "note": "",
                }
                for on, kind, amount, who in rows
            ],
        )

    def _distribution(
        self,
        title: str,
        on: date,
        people: list[int],
        categories: dict[int, C],
        occasion: Occasion,
        kind: GiftKind,
        quantity: int,
        value: int,
        source: GiftSource,
        fund_id: int | None = None,
        source_name: str = "",
        partner: str = "",
    ) -> None:
        dist = Distribution(unit_id=self.commune, given_on=on, title=title)
        db.session.add(dist)
        db.session.flush()
        db.session.execute(
            insert(Gift),
            [
                {
                    "unit_id": self.commune,
                    "given_on": on,
                    "occasion": occasion,
                    "kind": kind,
                    "beneficiary_id": pid,
                    "recipient_label": "",
                    "category": categories[pid],
                    "quantity": quantity,
                    "measure": kind.default_measure,
                    "value_vnd": value,
                    "source": source,
                    "fund_id": fund_id,
                    "source_name": source_name,
                    "partner": partner,
                    "distribution_id": dist.id,
                    "note": "",
                }
                for pid in people
            ],
        )

    # --- the data set ----------------------------------------------------------------------

    def run(self) -> None:
        cat: dict[int, C] = {}

        def people(n, category, middles, givens, born, **extra):
            ids = self._people(n, category, middles, givens, born, **extra)
            cat.update(dict.fromkeys(ids, category))
            return ids

        poor = people(16, C.POOR_WOMAN, WOMEN_MIDDLE, WOMEN, (1950, 1985))
        poor += people(8, C.NEAR_POOR_WOMAN, WOMEN_MIDDLE, WOMEN, (1955, 1990))
        martyrs = people(12, C.MARTYR_FAMILY, WOMEN_MIDDLE, WOMEN, (1935, 1955))
        heroic = people(3, C.HEROIC_MOTHER, WOMEN_MIDDLE, WOMEN, (1925, 1935))
        pupils = people(6, C.PUPIL, CHILD_MIDDLE, CHILDREN, (2008, 2015))
        recruits = people(7, C.NEW_RECRUIT, MEN_MIDDLE, MEN, (2002, 2005))
        disabled = people(1, C.DISABLED, WOMEN_MIDDLE, WOMEN, (1975, 1980))
        member_ids = db.session.scalars(
            select(Member.id).where(Member.unit_id.in_(self.branches)).order_by(Member.id).limit(1)
        ).all()
        hardship = people(
            1,
            C.MEMBER_HARDSHIP,
            WOMEN_MIDDLE,
            WOMEN,
            (1970, 1980),
            member_id=member_ids[0] if member_ids else None,
        )
        # The "Mẹ đỡ đầu" survey of spring 2021: 25 orphans, 9 children of single mothers.
        orphans = people(
            25, C.ORPHAN, CHILD_MIDDLE, CHILDREN, (2008, 2019), surveyed_on=date(2021, 4, 15)
        )
        single = people(
            9,
            C.SINGLE_MOTHER_CHILD,
            CHILD_MIDDLE,
            CHILDREN,
            (2008, 2019),
            surveyed_on=date(2021, 5, 10),
        )

        scholarship = self._fund(
            "Quỹ khuyến học", FundKind.MONEY, "đồng", "Tặng học sinh có hoàn cảnh khó khăn"
        )
        rice = self._fund(
            "Hũ gạo tình thương", FundKind.GOODS, "kg", "Hội viên góp gạo giúp phụ nữ nghèo"
        )
        house = self._fund(
            "Quỹ mái ấm tình thương",
            FundKind.MONEY,
            "đồng",
            "Mỗi hội viên tiết kiệm từ 5.000 đồng trở lên",
        )
        union = self._fund("Quỹ Hội", FundKind.MONEY, "đồng", "Thăm hỏi, tặng quà")
        godmother = self._fund(
            "Quỹ Mẹ đỡ đầu", FundKind.MONEY, "đồng", "Nguồn Hội LHPN xã vận động đỡ đầu 01 cháu"
        )

        E = EntryKind
        self._inflows(
            scholarship,
            [
                (date(2021, 3, 8), E.CONTRIBUTION, 2_500_000, "Hội viên các chi hội"),
                (date(2022, 3, 8), E.CONTRIBUTION, 2_000_000, "Hội viên các chi hội"),
                (date(2023, 3, 8), E.DONATION, 1_500_000, "Nhà hảo tâm quê Đức Xương"),
            ],
        )
        # The rice jar: 35 kg collected at the end of every quarter from March 2021.
        quarters = [date(2021 + q // 4, 3 * (q % 4) + 3, 1) for q in range(11)]
        self._inflows(
            rice,
            [(_month_end(d), E.CONTRIBUTION, 35, "Hội viên góp gạo") for d in quarters],
        )
        self._inflows(
            house,
            [
                (date(2021, 10, 20), E.CONTRIBUTION, 7_060_000, "1.412 hội viên × 5.000 đồng"),
                (date(2022, 10, 20), E.CONTRIBUTION, 7_060_000, "1.412 hội viên × 5.000 đồng"),
            ],
        )
        self._inflows(
            union,
            [
                (date(2021, 1, 5), E.OPENING, 8_000_000, "Năm 2020 chuyển sang"),
                (date(2022, 1, 5), E.DONATION, 5_000_000, "Doanh nghiệp trên địa bàn"),
                (date(2023, 1, 5), E.DONATION, 5_000_000, "Doanh nghiệp trên địa bàn"),
            ],
        )
        self._inflows(
            godmother,
            [
                (date(y, 8, 20), E.DONATION, 6_000_000, "Hội LHPN xã vận động")
                for y in (2021, 2022, 2023)
            ],
        )
        # Our share of the charity house built with the district union: a transfer, not a gift.
        db.session.execute(
            insert(FundEntry),
            [
                {
                    "unit_id": self.commune,
                    "fund_id": house,
                    "entry_date": date(2022, 11, 15),
                    "direction": EntryDirection.OUT,
                    "kind": E.TRANSFER,
                    "amount": 10_000_000,
                    "counterparty": "Hội LHPN huyện Đức Thọ",
                    "note": "Góp xây mái ấm tình thương",
                }
            ],
        )

        S, K = GiftSource, GiftKind
        # Scholarships: 6 pupils, 4.000.000 đ from the scholarship fund.
        for year, value in ((2021, 700_000), (2022, 700_000), (2023, 600_000)):
            i = (year - 2021) * 2
            self._distribution(
                f"Học bổng năm học {year}–{year + 1}",
                date(year, 9, 5),
                pupils[i : i + 2],
                cat,
                Occasion.SCHOOL_YEAR,
                K.SCHOLARSHIP,
                1,
                value,
                S.FUND,
                scholarship,
            )
        # Rice: 240 kg from the rice jar, 10 kg (100.000 đ) each to 24 poor women.
        for on, group in ((date(2022, 1, 25), poor[:12]), (date(2023, 1, 16), poor[12:24])):
            self._distribution(
                f"Hũ gạo tình thương Tết {on.year}",
                on,
                group,
                cat,
                Occasion.TET,
                K.RICE,
                10,
                100_000,
                S.FUND,
                rice,
            )
        # Parcels: 20 + 15 + 10 = 45, worth 6.000.000 + 3.000.000 + 3.400.000 = 12.400.000 đ.
        self._distribution(
            "Quà Tết Nhâm Dần cho phụ nữ nghèo",
            date(2022, 1, 25),
            poor[:20],
            cat,
            Occasion.TET,
            K.PARCEL,
            1,
            300_000,
            S.COMPANY,
            source_name="Công ty TNHH Thương mại Hồng Lĩnh",
        )
        self._distribution(
            "Thăm tặng quà mẹ VNAH, mẹ và vợ liệt sĩ 27/7",
            date(2022, 7, 27),
            heroic + martyrs,
            cat,
            Occasion.MARTYRS_27_7,
            K.PARCEL,
            1,
            200_000,
            S.FUND,
            union,
        )
        self._distribution(
            "Quà Tết Quý Mão cho trẻ em có hoàn cảnh khó khăn",
            date(2023, 1, 16),
            orphans[:6] + single[:4],
            cat,
            Occasion.TET,
            K.PARCEL,
            1,
            340_000,
            S.DISTRICT_UNION,
            source_name="Hội LHPN huyện Đức Thọ",
        )
        # New recruits: cash from the union's fund (not part of the seed's figures).
        for on, group in ((date(2022, 2, 10), recruits[:4]), (date(2023, 2, 10), recruits[4:])):
            self._distribution(
                f"Tặng quà tân binh lên đường nhập ngũ {on.year}",
                on,
                group,
                cat,
                Occasion.ENLISTMENT,
                K.CASH,
                1,
                300_000,
                S.FUND,
                union,
            )
        # Two water tanks (2.000.000 đ each) and the charity house, one gift each.
        single_gifts = [
            (date(2022, 6, 10), martyrs[0], K.WATER_TANK, 2_000_000, S.FUND, union, "", ""),
            (date(2023, 5, 20), hardship[0], K.WATER_TANK, 2_000_000, S.FUND, union, "", ""),
            (
                date(2022, 12, 20),
                disabled[0],
                K.HOUSE,
                40_000_000,
                S.DISTRICT_UNION,
                None,
                "Hội LHPN huyện Đức Thọ",
                "Hội LHPN huyện Đức Thọ",
            ),
        ]
        db.session.execute(
            insert(Gift),
            [
                {
                    "unit_id": self.commune,
                    "given_on": on,
                    "occasion": Occasion.OTHER,
                    "kind": kind,
                    "beneficiary_id": pid,
                    "recipient_label": "",
                    "category": cat[pid],
                    "quantity": 1,
                    "measure": kind.default_measure,
                    "value_vnd": value,
                    "source": source,
                    "fund_id": fund_id,
                    "source_name": source_name,
                    "partner": partner,
                    "note": "",
                }
                for on, pid, kind, value, source, fund_id, source_name, partner in single_gifts
            ],
        )
        self._sponsorships(orphans, single, godmother)
        db.session.execute(
            insert(ReceivedSupport),
            [
                {
                    "unit_id": self.commune,
                    "received_on": date(2023, 7, 20),
                    "donor": "Công ty TNHH Năng lượng Xanh Hà Tĩnh",
                    "description": "Bóng đèn năng lượng mặt trời chiếu sáng",
                    "quantity": 2,
                    "measure": "bóng",
                    "value_vnd": 2_000_000,
                    "purpose": "Nghĩa trang liệt sĩ xã",
                },
                {
                    "unit_id": self.branches[1],
                    "received_on": date(2023, 3, 15),
                    "donor": "Con em quê hương An Cư 2 xa quê",
                    "description": "Ghế đá",
                    "quantity": 3,
                    "measure": "chiếc",
                    "value_vnd": 1_500_000,
                    "purpose": "Sân nhà văn hoá thôn An Cư 2",
                },
            ],
        )

    def _sponsorships(self, orphans: list[int], single: list[int], godmother: int) -> None:
        from webapp.charity.services.sponsorships import add_months, end_for

        plans = [
            (orphans[0], SponsorKind.UNION, "Hội LHPN xã Đức Xương", date(2021, 9, 1), 36),
            (orphans[1], SponsorKind.PERSON, "Bà Trần Thị Minh (Hà Nội)", date(2021, 10, 1), 60),
            (orphans[2], SponsorKind.ORGANISATION, "Công ty CP Dệt may Hồng Lam", date(2022, 1, 1), 48),
            (orphans[3], SponsorKind.PERSON, "Ông Nguyễn Văn Tâm (TP HCM)", date(2022, 3, 1), 36),
            (single[0], SponsorKind.PERSON, "Bà Lê Thị Hạnh (Vinh)", date(2022, 6, 1), 60),
            (single[1], SponsorKind.ORGANISATION, "Ngân hàng CSXH huyện Đức Thọ", date(2022, 9, 1), 48),
        ]  # fmt: skip
        monthly = 500_000
        for child, kind, name, start, months in plans:
            s = Sponsorship(
                unit_id=self.commune,
                child_id=child,
                sponsor_kind=kind,
                sponsor_name=name,
                monthly_vnd=monthly,
                start_on=start,
                months=months,
                end_on=end_for(start, months),
                note="Hội LHPN huyện kết nối" if kind is not SponsorKind.UNION else "",
            )
            db.session.add(s)
            db.session.flush()
            paid = []
            for k in range(months):
                on = add_months(start, k)
                if on > date(2023, 10, 20):
                    break
                paid.append(
                    {
                        "unit_id": self.commune,
                        "sponsorship_id": s.id,
                        "paid_on": on,
                        "amount_vnd": monthly,
                        "fund_id": godmother if kind is SponsorKind.UNION else None,
                        "note": f"Tháng {on.month}/{on.year}",
                    }
                )
            db.session.execute(insert(SponsorshipPayment), paid)
