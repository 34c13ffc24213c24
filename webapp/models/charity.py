"""Models of the charity area: funds and their ledgers, beneficiaries, gifts and aid, received
support, and the "Mẹ đỡ đầu" sponsorships.

A fund's ledger is derived, never kept twice: its rows are the fund's own entries
(:class:`FundEntry`: inflows, and outflows that are not gifts), every :class:`Gift` paid from it
and every :class:`SponsorshipPayment` paid from it. The balance at any date is the sum of those
rows up to that date (see webapp/charity/services/ledger.py).
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Integer,
    String,
    Text,
    case,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.base import LabelledEnum, RecordMixin, value_enum
from webapp.models.members import Member
from webapp.models.units import Unit

__all__ = [
    "Beneficiary",
    "BeneficiaryCategory",
    "Distribution",
    "EntryDirection",
    "EntryKind",
    "Fund",
    "FundEntry",
    "FundKind",
    "Gift",
    "GiftKind",
    "GiftSource",
    "Occasion",
    "ReceivedSupport",
    "SponsorKind",
    "Sponsorship",
    "SponsorshipPayment",
]


class FundKind(LabelledEnum):
    """Money in đồng, or goods in their own unit."""

    MONEY = "money"
    GOODS = "goods"


class EntryDirection(LabelledEnum):
    """Inflow or outflow."""

    IN = "in"
    OUT = "out"


class EntryKind(LabelledEnum):
    """What a fund entry is."""

    DONATION = "donation"
    CONTRIBUTION = "contribution"
    TRANSFER = "transfer"
    OPENING = "opening"
    EXPENSE = "expense"
    OTHER = "other"


class BeneficiaryCategory(LabelledEnum):
    """Who a beneficiary is (the report counts gifts by it)."""

    POOR_WOMAN = "poor_woman"
    NEAR_POOR_WOMAN = "near_poor_woman"
    ORPHAN = "orphan"
    SINGLE_MOTHER_CHILD = "single_mother_child"
    MARTYR_FAMILY = "martyr_family"
    HEROIC_MOTHER = "heroic_mother"
    DISABLED = "disabled"
    PUPIL = "pupil"
    NEW_RECRUIT = "new_recruit"
    ELDERLY = "elderly"
    MEMBER_HARDSHIP = "member_hardship"
    OTHER = "other"


class GiftKind(LabelledEnum):
    """What was given."""

    CASH = "cash"
    RICE = "rice"
    PARCEL = "parcel"
    WATER_TANK = "water_tank"
    HOUSE = "house"
    SCHOLARSHIP = "scholarship"
    GOODS = "goods"

    @property
    def default_measure(self) -> str:
        return _DEFAULT_MEASURE[self]


class Occasion(LabelledEnum):
    """When it was given."""

    TET = "tet"
    WOMEN_8_3 = "women_8_3"
    CHILDREN_1_6 = "children_1_6"
    MARTYRS_27_7 = "martyrs_27_7"
    SCHOOL_YEAR = "school_year"
    MID_AUTUMN = "mid_autumn"
    WOMEN_20_10 = "women_20_10"
    ENLISTMENT = "enlistment"
    DISASTER = "disaster"
    OTHER = "other"


class GiftSource(LabelledEnum):
    """Who paid for it."""

    FUND = "fund"
    DISTRICT_UNION = "district_union"
    SPONSOR = "sponsor"
    COMPANY = "company"
    GOVERNMENT = "government"
    OTHER = "other"


class SponsorKind(LabelledEnum):
    """Who sponsors a child."""

    PERSON = "person"
    ORGANISATION = "organisation"
    UNION = "union"


_LABELS: dict[str, dict[str, str]] = {
    "FundKind": {"money": _l("Tiền (đồng)"), "goods": _l("Hiện vật")},
    "EntryDirection": {"in": _l("Thu"), "out": _l("Chi")},
    "EntryKind": {
        "donation": _l("Ủng hộ, tài trợ"),
        "contribution": _l("Hội viên đóng góp"),
        "transfer": _l("Chuyển quỹ"),
        "opening": _l("Số dư chuyển sang"),
        "expense": _l("Chi khác"),
        "other": _l("Khác"),
    },
    "BeneficiaryCategory": {
        "poor_woman": _l("Phụ nữ nghèo"),
        "near_poor_woman": _l("Phụ nữ cận nghèo"),
        "orphan": _l("Trẻ mồ côi"),
        "single_mother_child": _l("Con của mẹ đơn thân"),
        "martyr_family": _l("Vợ, mẹ liệt sĩ"),
        "heroic_mother": _l("Mẹ Việt Nam anh hùng"),
        "disabled": _l("Người khuyết tật"),
        "pupil": _l("Học sinh có hoàn cảnh khó khăn"),
        "new_recruit": _l("Tân binh nhập ngũ"),
        "elderly": _l("Người cao tuổi neo đơn"),
        "member_hardship": _l("Hội viên có hoàn cảnh khó khăn"),
        "other": _l("Khác"),
    },
    "GiftKind": {
        "cash": _l("Tiền mặt"),
        "rice": _l("Gạo"),
        "parcel": _l("Suất quà"),
        "water_tank": _l("Téc nước"),
        "house": _l("Mái ấm tình thương"),
        "scholarship": _l("Học bổng"),
        "goods": _l("Hiện vật khác"),
    },
    "Occasion": {
        "tet": _l("Tết Nguyên đán"),
        "women_8_3": _l("8/3"),
        "children_1_6": _l("1/6"),
        "martyrs_27_7": _l("27/7"),
        "school_year": _l("Năm học mới"),
        "mid_autumn": _l("Trung thu"),
        "women_20_10": _l("20/10"),
        "enlistment": _l("Tân binh nhập ngũ"),
        "disaster": _l("Thiên tai, hoạn nạn"),
        "other": _l("Dịp khác"),
    },
    "GiftSource": {
        "fund": _l("Quỹ của Hội"),
        "district_union": _l("Hội LHPN huyện"),
        "sponsor": _l("Nhà hảo tâm"),
        "company": _l("Doanh nghiệp"),
        "government": _l("Chính quyền, đoàn thể"),
        "other": _l("Nguồn khác"),
    },
    "SponsorKind": {
        "person": _l("Cá nhân, nhà hảo tâm"),
        "organisation": _l("Tổ chức, doanh nghiệp"),
        "union": _l("Hội LHPN xã tự vận động"),
    },
}
for _kind in (
    FundKind,
    EntryDirection,
    EntryKind,
    BeneficiaryCategory,
    GiftKind,
    Occasion,
    GiftSource,
    SponsorKind,
):
    _kind.set_labels(_LABELS[_kind.__name__])
del _kind

# Written into the gift's ``measure`` column when left empty: stored, so Vietnamese.
_DEFAULT_MEASURE = {
    GiftKind.CASH: "lần",  # vi-only
    GiftKind.RICE: "kg",
    GiftKind.PARCEL: "suất",  # vi-only
    GiftKind.WATER_TANK: "téc",  # vi-only
    GiftKind.HOUSE: "căn",  # vi-only
    GiftKind.SCHOLARSHIP: "suất",  # vi-only
    GiftKind.GOODS: "cái",  # vi-only
}


class Fund(RecordMixin, db.Model):
    """A fund of the union (quỹ khuyến học, hũ gạo tình thương, …): money in đồng, or goods
    counted in their own unit (``measure``, e.g. "kg")."""

    __tablename__ = "charity_funds"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    search_key: Mapped[str] = mapped_column(String(120), index=True)
    kind: Mapped[FundKind] = mapped_column(value_enum(FundKind, 10))
    # "đồng" for money funds; the goods' own unit ("kg") for goods funds.
    measure: Mapped[str] = mapped_column(String(20))
    purpose: Mapped[str] = mapped_column(Text, default="")

    unit: Mapped[Unit] = relationship()

    @property
    def is_money(self) -> bool:
        return self.kind is FundKind.MONEY

    def __repr__(self) -> str:
        return f"<Fund {self.id} {self.name!r}>"


class FundEntry(RecordMixin, db.Model):
    """One inflow, or an outflow that is not a gift (a transfer, an expense). ``amount`` is in
    the fund's measure (đồng or kg) and always positive; ``direction`` says which way."""

    __tablename__ = "charity_fund_entries"
    __record_date__ = "entry_date"  # period locking (webapp/locking.py)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    fund_id: Mapped[int] = mapped_column(ForeignKey("charity_funds.id"), index=True)
    entry_date: Mapped[date] = mapped_column(index=True)
    direction: Mapped[EntryDirection] = mapped_column(value_enum(EntryDirection, 5))
    kind: Mapped[EntryKind] = mapped_column(value_enum(EntryKind, 20))
    amount: Mapped[int] = mapped_column(BigInteger)
    counterparty: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # A transfer between two of our funds is two entries (out of one, into the other), each
    # pointing at the other so both ledgers show one transfer and both go to the trash together.
    counterpart_id: Mapped[int | None] = mapped_column(
        ForeignKey("charity_fund_entries.id"), index=True
    )

    fund: Mapped[Fund] = relationship()

    @property
    def is_transfer(self) -> bool:
        return self.counterpart_id is not None


class Beneficiary(RecordMixin, db.Model):
    """A person or household who receives aid; optionally a member of the union."""

    __tablename__ = "charity_beneficiaries"
    __record_date__ = "surveyed_on"  # period locking (webapp/locking.py)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    search_key: Mapped[str] = mapped_column(String(120), index=True)
    is_household: Mapped[bool] = mapped_column(default=False)
    category: Mapped[BeneficiaryCategory] = mapped_column(
        value_enum(BeneficiaryCategory, 30), index=True
    )
    birth_year: Mapped[int | None]
    address: Mapped[str] = mapped_column(String(200), default="")
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    # The day the union surveyed the child for the "Mẹ đỡ đầu" programme (children only).
    surveyed_on: Mapped[date | None] = mapped_column(index=True)
    note: Mapped[str] = mapped_column(Text, default="")

    unit: Mapped[Unit] = relationship()
    member: Mapped[Member | None] = relationship()

    def __repr__(self) -> str:
        return f"<Beneficiary {self.id} {self.full_name!r}>"


class Distribution(RecordMixin, db.Model):
    """One handing-out to many beneficiaries at once (e.g. 15 parcels on 27/7): it only groups
    its gifts, which hold every figure."""

    __tablename__ = "charity_distributions"
    __record_date__ = "given_on"  # period locking (webapp/locking.py)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    given_on: Mapped[date] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(String(200))

    unit: Mapped[Unit] = relationship()


class Gift(RecordMixin, db.Model):
    """A gift or aid to one beneficiary (or to a named group). When paid from one of our funds
    this row IS the fund's outflow: its value (money fund) or quantity (goods fund)."""

    __tablename__ = "charity_gifts"
    __record_date__ = "given_on"  # period locking (webapp/locking.py)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    given_on: Mapped[date] = mapped_column(index=True)
    occasion: Mapped[Occasion] = mapped_column(value_enum(Occasion, 30), index=True)
    kind: Mapped[GiftKind] = mapped_column(value_enum(GiftKind, 30), index=True)
    beneficiary_id: Mapped[int | None] = mapped_column(
        ForeignKey("charity_beneficiaries.id"), index=True
    )
    # Who received it when it is not one registered beneficiary ("12 hộ nghèo thôn An Cư 1").
    recipient_label: Mapped[str] = mapped_column(String(200), default="")
    # How many people a gift to a group reaches ("12 hộ nghèo": 12); None for a gift to one
    # beneficiary (who is one person or household) and for a group whose size was not recorded.
    people_count: Mapped[int | None] = mapped_column(Integer)
    # The beneficiary's category when the gift was given (a pupil grows up; reports keep it).
    category: Mapped[BeneficiaryCategory] = mapped_column(
        value_enum(BeneficiaryCategory, 30), index=True
    )
    quantity: Mapped[int] = mapped_column(Integer)
    measure: Mapped[str] = mapped_column(String(20))
    value_vnd: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[GiftSource] = mapped_column(value_enum(GiftSource, 30))
    fund_id: Mapped[int | None] = mapped_column(ForeignKey("charity_funds.id"), index=True)
    source_name: Mapped[str] = mapped_column(String(200), default="")
    partner: Mapped[str] = mapped_column(String(200), default="")
    distribution_id: Mapped[int | None] = mapped_column(
        ForeignKey("charity_distributions.id"), index=True
    )
    note: Mapped[str] = mapped_column(Text, default="")

    unit: Mapped[Unit] = relationship()
    beneficiary: Mapped[Beneficiary | None] = relationship()
    fund: Mapped[Fund | None] = relationship()
    distribution: Mapped[Distribution | None] = relationship()

    @property
    def recipient(self) -> str:
        return self.beneficiary.full_name if self.beneficiary else self.recipient_label


class ReceivedSupport(RecordMixin, db.Model):
    """Goods or money the union receives for the community (solar lamps for the martyrs'
    cemetery, stone benches for a village hall)."""

    __tablename__ = "charity_received_support"
    __record_date__ = "received_on"  # period locking (webapp/locking.py)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    received_on: Mapped[date] = mapped_column(index=True)
    donor: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[int] = mapped_column(Integer)
    measure: Mapped[str] = mapped_column(String(20))
    value_vnd: Mapped[int] = mapped_column(BigInteger)
    purpose: Mapped[str] = mapped_column(String(300), default="")

    unit: Mapped[Unit] = relationship()


class Sponsorship(RecordMixin, db.Model):
    """ "Mẹ đỡ đầu": a sponsor pays a monthly amount for a child for ``months`` months."""

    __tablename__ = "charity_sponsorships"
    __record_date__ = ("start_on", "end_on")  # period locking (webapp/locking.py)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("charity_beneficiaries.id"), index=True)
    sponsor_kind: Mapped[SponsorKind] = mapped_column(value_enum(SponsorKind, 20))
    sponsor_name: Mapped[str] = mapped_column(String(200))
    monthly_vnd: Mapped[int] = mapped_column(BigInteger)
    start_on: Mapped[date] = mapped_column(index=True)
    months: Mapped[int] = mapped_column(Integer)
    # Last day covered (start + months − 1 day); kept so SQL can test overlap with a period.
    end_on: Mapped[date] = mapped_column(index=True)
    note: Mapped[str] = mapped_column(Text, default="")

    unit: Mapped[Unit] = relationship()
    child: Mapped[Beneficiary] = relationship()

    @property
    def committed_vnd(self) -> int:
        return self.monthly_vnd * self.months


class SponsorshipPayment(RecordMixin, db.Model):
    """Money paid to a sponsored child. Paid from one of our funds, it is that fund's outflow."""

    __tablename__ = "charity_sponsorship_payments"
    __record_date__ = "paid_on"  # period locking (webapp/locking.py)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    sponsorship_id: Mapped[int] = mapped_column(ForeignKey("charity_sponsorships.id"), index=True)
    paid_on: Mapped[date] = mapped_column(index=True)
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    fund_id: Mapped[int | None] = mapped_column(ForeignKey("charity_funds.id"), index=True)
    note: Mapped[str] = mapped_column(String(200), default="")

    sponsorship: Mapped[Sponsorship] = relationship()
    fund: Mapped[Fund | None] = relationship()


def movements_subquery():
    """A subquery of every live movement: fund_id, on, amount (signed: + in, − out), source
    ("entry", "gift", "payment"), ref_id, and counterpart_id (the other side of a transfer
    between two of our funds, else NULL)."""
    entries = select(
        FundEntry.fund_id.label("fund_id"),
        FundEntry.entry_date.label("on"),
        case(
            (FundEntry.direction == EntryDirection.IN, FundEntry.amount), else_=-FundEntry.amount
        ).label("amount"),
        literal("entry").label("source"),
        FundEntry.id.label("ref_id"),
        FundEntry.counterpart_id.label("counterpart_id"),
    ).where(FundEntry.deleted_at.is_(None))
    gifts = (
        select(
            Gift.fund_id,
            Gift.given_on,
            -case((Fund.kind == FundKind.GOODS, Gift.quantity), else_=Gift.value_vnd),
            literal("gift"),
            Gift.id,
            null(),
        )
        .join(Fund, Fund.id == Gift.fund_id)
        .where(Gift.deleted_at.is_(None), Gift.fund_id.is_not(None))
    )
    payments = select(
        SponsorshipPayment.fund_id,
        SponsorshipPayment.paid_on,
        -SponsorshipPayment.amount_vnd,
        literal("payment"),
        SponsorshipPayment.id,
        null(),
    ).where(SponsorshipPayment.deleted_at.is_(None), SponsorshipPayment.fund_id.is_not(None))
    return union_all(entries, gifts, payments).subquery("movements")
