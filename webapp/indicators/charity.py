"""Indicators of the charity area: gifts and aid, received support, the "Mẹ đỡ đầu"
programme and the funds (see webapp/indicators/registry.py). Each group is one SQL statement
with conditional aggregation."""

from __future__ import annotations

from sqlalchemy import and_, case, func, or_, select, true

from webapp.indicators.registry import Indicator, Scope, indicator_group
from webapp.models.charity import (
    Beneficiary,
    BeneficiaryCategory,
    Fund,
    FundEntry,
    FundKind,
    Gift,
    GiftKind,
    Occasion,
    ReceivedSupport,
    SponsorKind,
    Sponsorship,
    SponsorshipPayment,
    movements_subquery,
)

# --- gifts ---------------------------------------------------------------------------------

# (code, label, kind, the gifts it sums, what it sums: "quantity", "value" or "rows")
_GIFT_FIGURES: list[tuple[str, str, str, tuple[GiftKind, ...] | None, str]] = [
    ("charity.gifts_count", "Số lượt quà tặng, hỗ trợ", "count", None, "rows"),
    ("charity.gifts_value_vnd", "Tổng trị giá quà tặng, hỗ trợ", "money", None, "value"),
    ("charity.cash_count", "Số lượt hỗ trợ tiền mặt", "count", (GiftKind.CASH,), "rows"),
    ("charity.cash_value_vnd", "Số tiền mặt hỗ trợ", "money", (GiftKind.CASH,), "value"),
    ("charity.rice_kg", "Số kg gạo đã tặng", "number", (GiftKind.RICE,), "quantity"),
    ("charity.rice_value_vnd", "Trị giá gạo đã tặng", "money", (GiftKind.RICE,), "value"),
    ("charity.parcels", "Số suất quà đã tặng", "count", (GiftKind.PARCEL,), "quantity"),
    ("charity.parcels_value_vnd", "Trị giá suất quà đã tặng", "money", (GiftKind.PARCEL,), "value"),
    (
        "charity.rice_parcels_value_vnd",
        "Trị giá gạo và suất quà đã tặng",
        "money",
        (GiftKind.RICE, GiftKind.PARCEL),
        "value",
    ),
    ("charity.water_tanks", "Số téc nước đã tặng", "count", (GiftKind.WATER_TANK,), "quantity"),
    (
        "charity.water_tanks_value_vnd",
        "Trị giá téc nước đã tặng",
        "money",
        (GiftKind.WATER_TANK,),
        "value",
    ),
    (
        "charity.houses_count",
        "Số mái ấm tình thương đã trao",
        "count",
        (GiftKind.HOUSE,),
        "quantity",
    ),
    ("charity.houses_value_vnd", "Trị giá mái ấm tình thương", "money", (GiftKind.HOUSE,), "value"),
    (
        "charity.scholarships_count",
        "Số suất học bổng đã trao",
        "count",
        (GiftKind.SCHOLARSHIP,),
        "quantity",
    ),
    (
        "charity.scholarships_value_vnd",
        "Trị giá học bổng đã trao",
        "money",
        (GiftKind.SCHOLARSHIP,),
        "value",
    ),
    ("charity.goods_count", "Số lượt tặng hiện vật khác", "count", (GiftKind.GOODS,), "rows"),
    ("charity.goods_value_vnd", "Trị giá hiện vật khác", "money", (GiftKind.GOODS,), "value"),
]

_OCCASION_CODE = {
    Occasion.TET: "tet",
    Occasion.WOMEN_8_3: "8_3",
    Occasion.CHILDREN_1_6: "1_6",
    Occasion.MARTYRS_27_7: "27_7",
    Occasion.SCHOOL_YEAR: "school_year",
    Occasion.MID_AUTUMN: "mid_autumn",
    Occasion.WOMEN_20_10: "20_10",
    Occasion.ENLISTMENT: "enlistment",
    Occasion.DISASTER: "disaster",
    Occasion.OTHER: "other_occasion",
}


def _gift_indicators() -> list[Indicator]:
    out = [Indicator(code, label, "", kind) for code, label, kind, _, _ in _GIFT_FIGURES]
    out.append(
        Indicator(
            "charity.beneficiaries_reached",
            "Số người (hộ) đã nhận quà, hỗ trợ (kể cả số người của các nhóm được hỗ trợ)",
            "người",
        )
    )
    out.append(
        Indicator(
            "charity.group_gifts_count",
            "Số lượt trao cho một nhóm người nhận không ghi số người",
            "nhóm",
        )
    )
    for occ, code in _OCCASION_CODE.items():
        when = "các dịp khác" if occ is Occasion.OTHER else f"dịp {occ.label}"
        out.append(Indicator(f"charity.gifts_{code}_count", f"Số lượt quà tặng {when}"))
        out.append(
            Indicator(f"charity.gifts_{code}_value_vnd", f"Trị giá quà tặng {when}", "", "money")
        )
    for cat in BeneficiaryCategory:
        out.append(
            Indicator(f"charity.gifts_to_{cat.value}_count", f"Số lượt quà tặng {cat.label}")
        )
        out.append(
            Indicator(
                f"charity.gifts_to_{cat.value}_value_vnd",
                f"Trị giá quà tặng {cat.label}",
                "",
                "money",
            )
        )
    return out


@indicator_group("charity", _gift_indicators())
def gifts(scope: Scope) -> dict:
    """Gifts given in the period by the units of the subtree."""
    columns = []
    for code, _, _, kinds, what in _GIFT_FIGURES:
        cond = Gift.kind.in_(kinds) if kinds else None
        if what == "rows":
            col = func.count(Gift.id) if cond is None else func.count(Gift.id).filter(cond)
        else:
            summed = Gift.quantity if what == "quantity" else Gift.value_vnd
            col = func.sum(summed if cond is None else case((cond, summed), else_=0))
        columns.append(col.label(code))
    # People helped: each beneficiary once, however many gifts she had, plus the people each
    # gift to a group reaches ("12 hộ nghèo" is 12, not 1).
    group = Gift.beneficiary_id.is_(None)
    columns.append(
        (
            func.count(Gift.beneficiary_id.distinct())
            + func.coalesce(func.sum(case((group, Gift.people_count), else_=0)), 0)
        ).label("charity.beneficiaries_reached")
    )
    # A group whose size was not recorded names no one: the report says "N nhóm".
    columns.append(
        func.count(Gift.id)
        .filter(group, Gift.people_count.is_(None))
        .label("charity.group_gifts_count")
    )
    for occ, code in _OCCASION_CODE.items():
        columns.append(
            func.count(Gift.id).filter(Gift.occasion == occ).label(f"charity.gifts_{code}_count")
        )
        columns.append(
            func.sum(case((Gift.occasion == occ, Gift.value_vnd), else_=0)).label(
                f"charity.gifts_{code}_value_vnd"
            )
        )
    for cat in BeneficiaryCategory:
        columns.append(
            func.count(Gift.id)
            .filter(Gift.category == cat)
            .label(f"charity.gifts_to_{cat.value}_count")
        )
        columns.append(
            func.sum(case((Gift.category == cat, Gift.value_vnd), else_=0)).label(
                f"charity.gifts_to_{cat.value}_value_vnd"
            )
        )
    row = _one(
        select(*columns).where(
            scope.includes(Gift.unit_id),
            Gift.given_on.between(scope.period.start, scope.period.end),
            scope.on(Gift.unit_id, Gift.given_on),
        )
    )
    return {k: int(v or 0) for k, v in row.items()}


# --- received support ------------------------------------------------------------------------


@indicator_group(
    "charity",
    [
        Indicator("charity.support_received_count", "Số lượt tiếp nhận hỗ trợ cho cộng đồng"),
        Indicator(
            "charity.support_received_value_vnd",
            "Trị giá hỗ trợ tiếp nhận cho cộng đồng",
            "",
            "money",
        ),
    ],
)
def support(scope: Scope) -> dict:
    """Goods and money received for the community in the period."""
    row = _one(
        select(
            func.count(ReceivedSupport.id).label("charity.support_received_count"),
            func.sum(ReceivedSupport.value_vnd).label("charity.support_received_value_vnd"),
        ).where(
            scope.includes(ReceivedSupport.unit_id),
            ReceivedSupport.received_on.between(scope.period.start, scope.period.end),
            scope.on(ReceivedSupport.unit_id, ReceivedSupport.received_on),
        )
    )
    return {k: int(v or 0) for k, v in row.items()}


# --- the "Mẹ đỡ đầu" programme --------------------------------------------------------------


@indicator_group(
    "charity",
    [
        Indicator("sponsorship.orphans_surveyed", "Số trẻ mồ côi được khảo sát", "cháu"),
        Indicator(
            "sponsorship.single_mother_children_surveyed",
            "Số con của mẹ đơn thân được khảo sát",
            "cháu",
        ),
        Indicator("sponsorship.children_sponsored", "Số cháu được nhận đỡ đầu", "cháu"),
        Indicator("sponsorship.sponsorships_count", "Số khoản đỡ đầu"),
        Indicator(
            "sponsorship.monthly_vnd", "Mức hỗ trợ đỡ đầu mỗi cháu/tháng (bình quân)", "", "money"
        ),
        Indicator(
            "sponsorship.monthly_total_vnd",
            "Tổng mức đỡ đầu hằng tháng đang thực hiện",
            "",
            "money",
        ),
        Indicator("sponsorship.committed_vnd", "Tổng số tiền cam kết đỡ đầu", "", "money"),
        Indicator("sponsorship.min_years", "Thời gian đỡ đầu ngắn nhất (năm)", "năm", "number"),
        Indicator("sponsorship.max_years", "Thời gian đỡ đầu dài nhất (năm)", "năm", "number"),
        Indicator("sponsorship.union_funded", "Số cháu do Hội LHPN xã vận động đỡ đầu", "cháu"),
        Indicator("sponsorship.paid_vnd", "Số tiền đỡ đầu đã chi trong kỳ", "", "money"),
    ],
)
def sponsorships(scope: Scope) -> dict:
    """Children surveyed in the period; sponsorships running at some time in the period."""
    p = scope.period
    surveyed = (
        select(
            func.count(Beneficiary.id).filter(Beneficiary.category == BeneficiaryCategory.ORPHAN),
            func.count(Beneficiary.id).filter(
                Beneficiary.category == BeneficiaryCategory.SINGLE_MOTHER_CHILD
            ),
        )
        .where(
            scope.includes(Beneficiary.unit_id),
            Beneficiary.deleted_at.is_(None),
            Beneficiary.surveyed_on.between(p.start, p.end),
            scope.on(Beneficiary.unit_id, Beneficiary.surveyed_on),
        )
        .subquery()
    )
    active_at = and_(Sponsorship.start_on <= p.at, Sponsorship.end_on >= p.at)
    running = (
        select(
            func.count(Sponsorship.child_id.distinct()).label("children"),
            func.count(Sponsorship.id).label("n"),
            func.sum(Sponsorship.monthly_vnd).label("monthly_sum"),
            func.sum(case((active_at, Sponsorship.monthly_vnd), else_=0)).label("monthly_now"),
            func.sum(Sponsorship.monthly_vnd * Sponsorship.months).label("committed"),
            func.min(Sponsorship.months).label("min_months"),
            func.max(Sponsorship.months).label("max_months"),
            func.count(Sponsorship.child_id.distinct())
            .filter(Sponsorship.sponsor_kind == SponsorKind.UNION)
            .label("union"),
        )
        .where(
            scope.includes(Sponsorship.unit_id),
            Sponsorship.deleted_at.is_(None),
            Sponsorship.start_on <= p.end,
            Sponsorship.end_on >= p.start,
            # Under its unit on the last day it ran within the period.
            scope.on(
                Sponsorship.unit_id,
                case((Sponsorship.end_on < p.end, Sponsorship.end_on), else_=p.end),
            ),
        )
        .subquery()
    )
    paid = (
        select(func.sum(SponsorshipPayment.amount_vnd).label("paid"))
        .where(
            scope.includes(SponsorshipPayment.unit_id),
            SponsorshipPayment.deleted_at.is_(None),
            SponsorshipPayment.paid_on.between(p.start, p.end),
            scope.on(SponsorshipPayment.unit_id, SponsorshipPayment.paid_on),
        )
        .subquery()
    )
    from webapp.extensions import db

    orphans, single, children, n, monthly_sum, monthly_now, committed, lo, hi, union, paid_vnd = (
        # Three one-row aggregates side by side: the cross join is meant.
        db.session.execute(
            select(surveyed, running, paid).select_from(
                surveyed.join(running, true()).join(paid, true())
            )
        ).one()
    )
    return {
        "sponsorship.orphans_surveyed": int(orphans or 0),
        "sponsorship.single_mother_children_surveyed": int(single or 0),
        "sponsorship.children_sponsored": int(children or 0),
        "sponsorship.sponsorships_count": int(n or 0),
        # Each sponsorship is one child's "mức hỗ trợ"; the report quotes the usual amount.
        "sponsorship.monthly_vnd": round(int(monthly_sum) / int(n)) if n else None,
        "sponsorship.monthly_total_vnd": int(monthly_now or 0),
        "sponsorship.committed_vnd": int(committed or 0),
        "sponsorship.min_years": _years(lo),
        "sponsorship.max_years": _years(hi),
        "sponsorship.union_funded": int(union or 0),
        "sponsorship.paid_vnd": int(paid_vnd or 0),
    }


def _years(months: int | None) -> int | float | None:
    if months is None:
        return None
    months = int(months)
    return months // 12 if months % 12 == 0 else round(months / 12, 1)


# --- funds -----------------------------------------------------------------------------------


@indicator_group(
    "charity",
    [
        Indicator("funds.balance_vnd", "Số dư các quỹ tiền (cuối kỳ)", "", "money"),
        Indicator(
            "funds.inflow_vnd",
            "Tổng thu các quỹ tiền trong kỳ (không kể chuyển giữa các quỹ)",
            "",
            "money",
        ),
        Indicator(
            "funds.outflow_vnd",
            "Tổng chi các quỹ tiền trong kỳ (không kể chuyển giữa các quỹ)",
            "",
            "money",
        ),
        Indicator(
            "funds.rice_balance_kg", "Số dư quỹ hiện vật tính bằng kg (cuối kỳ)", "kg", "number"
        ),
        Indicator("funds.rice_inflow_kg", "Thu quỹ hiện vật tính bằng kg trong kỳ", "kg", "number"),
        Indicator(
            "funds.rice_outflow_kg", "Chi quỹ hiện vật tính bằng kg trong kỳ", "kg", "number"
        ),
    ],
)
def funds(scope: Scope) -> dict:
    """Balances at the as-of date and movements in the period of the subtree's funds."""
    p = scope.period
    m = movements_subquery()
    money = Fund.kind == FundKind.MONEY
    kg = and_(Fund.kind == FundKind.GOODS, Fund.measure == "kg")
    # A transfer between two funds of the subtree moves money inside the union: it changes
    # both balances but is neither income nor spending. One to or from a fund outside counts.
    inside = (
        select(FundEntry.id)
        .join(Fund, Fund.id == FundEntry.fund_id)
        .where(scope.includes(Fund.unit_id))
    )
    in_period = and_(
        m.c.on.between(p.start, p.end),
        or_(m.c.counterpart_id.is_(None), m.c.counterpart_id.not_in(inside)),
        scope.on(Fund.unit_id, m.c.on),  # a movement: under the fund's unit on its day
    )
    balance = and_(m.c.on <= p.at, scope.on(Fund.unit_id, p.at))  # a stock: at the as-of date

    def total(cond) -> object:
        return func.sum(case((cond, m.c.amount), else_=0))

    row = _one(
        select(
            total(and_(money, balance)).label("funds.balance_vnd"),
            total(and_(money, in_period, m.c.amount > 0)).label("funds.inflow_vnd"),
            (-total(and_(money, in_period, m.c.amount < 0))).label("funds.outflow_vnd"),
            total(and_(kg, balance)).label("funds.rice_balance_kg"),
            total(and_(kg, in_period, m.c.amount > 0)).label("funds.rice_inflow_kg"),
            (-total(and_(kg, in_period, m.c.amount < 0))).label("funds.rice_outflow_kg"),
        )
        .select_from(m)
        .join(Fund, Fund.id == m.c.fund_id)
        .where(scope.includes(Fund.unit_id))
    )
    return {k: int(v or 0) for k, v in row.items()}


def _one(stmt) -> dict:
    from webapp.extensions import db

    return dict(db.session.execute(stmt).one()._mapping)
