"""Indicators of the members area: membership, dues, population, cadres, insurance, Party.

Counting rules (each group is one SQL aggregate; trashed records never count):

- A member counts at a date when she joined on or before it (no join date: she was in the
  register before records began) and has not left on or before it.
- Honorary members (hội viên danh dự, men included) are counted apart, in members.honorary,
  and are left out of every other membership figure (total, admitted, left, shares) — the
  seed's 1.412 counts the women members of the union.
- "In the period" means start ≤ date ≤ end (both inclusive); "at" figures use the as-of date.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from webapp.extensions import db
from webapp.indicators.registry import Indicator, Scope, indicator_group, ratio
from webapp.models.cadres import (
    THEORY_BASIC_PLUS,
    Cadre,
    CadrePosition,
    CadreTraining,
    PoliticalTheory,
    serving_at,
)
from webapp.models.members import (
    FLAG_COLUMNS,
    DuesPayment,
    Gender,
    InsuranceKind,
    InsurancePolicy,
    LeaveReason,
    Member,
    MemberFlag,
    MemberFlagChange,
    PartyReferral,
    ReferralOutcome,
    WomenPopulation,
)


def member_active_at(on):
    """SQL condition: the member is in the register on ``on``."""
    return and_(
        or_(Member.joined_on.is_(None), Member.joined_on <= on),
        or_(Member.left_on.is_(None), Member.left_on > on),
    )


def flag_at(flag: MemberFlag, on):
    """SQL condition: the member's flag was set on ``on``: its current value, flipped once for
    every dated change after ``on`` (an odd number of them means it was the other way)."""
    column = getattr(Member, FLAG_COLUMNS[flag])
    # One list of the members flipped an odd number of times (changes are rare: a short list),
    # not four counting subqueries run for each of a province's members.
    odd = (
        select(MemberFlagChange.member_id)
        .where(MemberFlagChange.flag == flag, MemberFlagChange.effective_on > on)
        .group_by(MemberFlagChange.member_id)
        .having(func.count() % 2 == 1)
    )
    flipped = Member.id.in_(odd)
    return or_(and_(column.is_(True), ~flipped), and_(column.is_(False), flipped))


def _count(condition) -> object:
    return func.count().filter(condition)


@indicator_group(
    "members",
    [
        Indicator(
            "members.total",
            "Tổng số hội viên",
            "hội viên",
            "count",
            "Hội viên tại ngày chốt số liệu: vào Hội trước hoặc đúng ngày đó và chưa ra khỏi "
            "danh sách. Không tính hội viên danh dự (xem members.honorary).",
        ),
        Indicator(
            "members.total_start",
            "Số hội viên đầu kỳ",
            "hội viên",
            "count",
            "Hội viên vào ngày trước ngày đầu kỳ (không tính hội viên danh dự).",
        ),
        Indicator(
            "members.admitted",
            "Hội viên kết nạp mới trong kỳ",
            "hội viên",
            "count",
            "Ngày vào Hội nằm trong kỳ (không tính hội viên danh dự).",
        ),
        Indicator("members.left", "Hội viên ra khỏi danh sách trong kỳ", "hội viên", "count"),
        Indicator("members.left_died", "Hội viên qua đời trong kỳ", "hội viên", "count"),
        Indicator("members.left_moved", "Hội viên chuyển đi nơi khác trong kỳ", "hội viên"),
        Indicator("members.left_withdrew", "Hội viên xin ra khỏi Hội trong kỳ", "hội viên"),
        Indicator(
            "members.women_18plus",
            "Số phụ nữ từ 18 tuổi trở lên",
            "người",
            "count",
            "Số liệu dân số nhập tay theo năm: năm của ngày chốt số liệu, hoặc năm gần nhất "
            "trước đó có số liệu; cộng các đơn vị trong phạm vi.",
        ),
        Indicator(
            "members.gathering_rate",
            "Tỷ lệ tập hợp hội viên",
            "%",
            "percent",
            "Tổng số hội viên ÷ số phụ nữ từ 18 tuổi trở lên.",
        ),
        Indicator("members.core", "Hội viên nòng cốt", "hội viên"),
        Indicator("members.core_share", "Tỷ lệ hội viên nòng cốt", "%", "percent"),
        Indicator("members.regular", "Hội viên sinh hoạt thường xuyên", "hội viên"),
        Indicator("members.regular_share", "Tỷ lệ hội viên sinh hoạt thường xuyên", "%", "percent"),
        Indicator(
            "members.dues_paid",
            "Hội viên đã đóng hội phí",
            "hội viên",
            "count",
            "Hội viên tại ngày chốt số liệu đã đóng hội phí của năm đó.",
        ),
        Indicator("members.dues_paid_share", "Tỷ lệ hội viên đóng hội phí", "%", "percent"),
        Indicator(
            "members.dues_amount_vnd",
            "Số tiền hội phí đã thu",
            "đồng",
            "money",
            "Tổng hội phí đã đóng của các năm trong kỳ.",
        ),
        Indicator(
            "members.honorary",
            "Hội viên danh dự",
            "hội viên",
            "count",
            "Hội viên danh dự tại ngày chốt số liệu (kể cả nam giới); không tính vào tổng số "
            "hội viên.",
        ),
        Indicator("members.honorary_male", "Hội viên danh dự là nam giới", "người"),
        Indicator("members.honorary_admitted", "Hội viên danh dự công nhận trong kỳ", "người"),
    ],
)
def membership(scope: Scope) -> dict:
    """Membership figures over the subtree: one SELECT with conditional counts."""
    p = scope.period
    at, start, end = p.at, p.start, p.end
    regular = Member.is_honorary.is_(False)
    # scope.member_on(d): she was in the scope on d (her branch then; TRUE if nothing moved).
    active = and_(regular, member_active_at(at), scope.member_on(at))
    honorary = and_(Member.is_honorary.is_(True), member_active_at(at), scope.member_on(at))
    left = and_(regular, Member.left_on.between(start, end), scope.member_on(Member.left_on))
    # Joined (a member pays a year's dues once: no row is repeated), so that PostgreSQL picks
    # per scope: one hash of the year's payments for a province (a lookup run for each of its
    # 660.000 members took 0,5 s of its 1,5 s), the commune's payments by index for a commune.
    paid_dues = aliased(DuesPayment)
    dues_paid = paid_dues.id.is_not(None)
    pop_year = (
        select(func.max(WomenPopulation.year))
        .where(
            scope.includes(WomenPopulation.unit_id),
            scope.on(WomenPopulation.unit_id, at),
            WomenPopulation.year <= at.year,
        )
        .scalar_subquery()
    )
    women = (
        select(func.sum(WomenPopulation.women_18plus))
        .where(
            scope.includes(WomenPopulation.unit_id),
            scope.on(WomenPopulation.unit_id, at),
            WomenPopulation.year == pop_year,
        )
        .scalar_subquery()
    )
    dues_amount = (
        select(func.coalesce(func.sum(DuesPayment.amount), 0))
        .where(
            scope.includes(DuesPayment.unit_id),
            # Under the unit it was paid to on the day paid (a payment without a date: as-of).
            scope.on(DuesPayment.unit_id, func.coalesce(DuesPayment.paid_on, at)),
            DuesPayment.paid.is_(True),
            DuesPayment.year.between(start.year, end.year),
        )
        .scalar_subquery()
    )
    row = db.session.execute(
        select(
            _count(active).label("total"),
            _count(
                and_(
                    regular,
                    member_active_at(start - timedelta(days=1)),
                    scope.member_on(start - timedelta(days=1)),
                )
            ).label("start"),
            _count(
                and_(
                    regular,
                    Member.joined_on.between(start, end),
                    scope.member_on(Member.joined_on),
                )
            ).label("admitted"),
            _count(left).label("left"),
            _count(and_(left, Member.leave_reason == LeaveReason.DIED)).label("died"),
            _count(and_(left, Member.leave_reason == LeaveReason.MOVED)).label("moved"),
            _count(and_(left, Member.leave_reason == LeaveReason.WITHDREW)).label("withdrew"),
            _count(and_(active, flag_at(MemberFlag.CORE, at))).label("core"),
            _count(and_(active, flag_at(MemberFlag.REGULAR, at))).label("regular"),
            _count(and_(active, dues_paid)).label("dues_paid"),
            _count(honorary).label("honorary"),
            _count(and_(honorary, Member.gender == Gender.MALE)).label("honorary_male"),
            _count(
                and_(
                    Member.is_honorary.is_(True),
                    Member.joined_on.between(start, end),
                    scope.member_on(Member.joined_on),
                )
            ).label("honorary_admitted"),
            women.label("women"),
            dues_amount.label("dues_amount"),
        )
        .select_from(Member)
        .outerjoin(
            paid_dues,
            and_(
                paid_dues.member_id == Member.id,
                paid_dues.year == at.year,
                paid_dues.paid.is_(True),
            ),
        )
        .where(scope.members())
    ).one()
    women_18plus = int(row.women) if row.women is not None else None
    return {
        "members.total": row.total,
        "members.total_start": row.start,
        "members.admitted": row.admitted,
        "members.left": row.left,
        "members.left_died": row.died,
        "members.left_moved": row.moved,
        "members.left_withdrew": row.withdrew,
        "members.women_18plus": women_18plus,
        "members.gathering_rate": ratio(row.total, women_18plus),
        "members.core": row.core,
        "members.core_share": ratio(row.core, row.total),
        "members.regular": row.regular,
        "members.regular_share": ratio(row.regular, row.total),
        "members.dues_paid": row.dues_paid,
        "members.dues_paid_share": ratio(row.dues_paid, row.total),
        "members.dues_amount_vnd": int(row.dues_amount or 0),
        "members.honorary": row.honorary,
        "members.honorary_male": row.honorary_male,
        "members.honorary_admitted": row.honorary_admitted,
    }


@indicator_group(
    "members",
    [
        Indicator(
            "cadres.bch_total",
            "Ủy viên Ban Chấp hành",
            "người",
            "count",
            "Cán bộ đang giữ chức tại ngày chốt số liệu và là ủy viên BCH.",
        ),
        Indicator("cadres.bch_grade12", "Ủy viên BCH có trình độ văn hoá 12/12", "người"),
        Indicator(
            "cadres.bch_theory_basic_plus",
            "Ủy viên BCH có trình độ lý luận chính trị sơ cấp trở lên",
            "người",
        ),
        Indicator("cadres.btv_total", "Ủy viên Ban Thường vụ", "người"),
        Indicator("cadres.branch_heads_total", "Chi hội trưởng", "người"),
        Indicator(
            "cadres.branch_heads_grade12", "Chi hội trưởng có trình độ văn hoá 12/12", "người"
        ),
        Indicator("cadres.branch_deputies_total", "Chi hội phó", "người"),
        Indicator(
            "cadres.chair_standard",
            "Chủ tịch đạt chuẩn chức danh",
            "người",
            "count",
            "Chủ tịch có trình độ văn hoá 12/12 và lý luận chính trị trung cấp trở lên.",
        ),
        Indicator(
            "cadres.trainable",
            "Ủy viên BCH, chi hội trưởng, chi hội phó",
            "người",
            "count",
            "Mỗi người tính một lần dù giữ nhiều chức.",
        ),
        Indicator(
            "cadres.trained",
            "Ủy viên BCH, chi hội trưởng, chi hội phó đã học tập chuyên đề, bồi dưỡng trong kỳ",
            "người",
        ),
    ],
)
def cadres(scope: Scope) -> dict:
    """Cadre figures at the as-of date: one SELECT with conditional counts."""
    p = scope.period
    bch = Cadre.in_bch.is_(True)
    head = Cadre.position == CadrePosition.BRANCH_HEAD
    grade12 = Cadre.education_grade >= 12
    trainable = or_(
        bch, Cadre.position.in_([CadrePosition.BRANCH_HEAD, CadrePosition.BRANCH_DEPUTY])
    )
    trained = exists().where(
        CadreTraining.cadre_id == Cadre.id, CadreTraining.attended_on.between(p.start, p.end)
    )
    row = db.session.execute(
        select(
            _count(bch).label("bch"),
            _count(and_(bch, grade12)).label("bch12"),
            _count(and_(bch, Cadre.political_theory.in_(THEORY_BASIC_PLUS))).label("bch_llct"),
            _count(Cadre.in_btv.is_(True)).label("btv"),
            _count(head).label("heads"),
            _count(and_(head, grade12)).label("heads12"),
            _count(Cadre.position == CadrePosition.BRANCH_DEPUTY).label("deputies"),
            _count(
                and_(
                    Cadre.position == CadrePosition.CHAIR,
                    grade12,
                    Cadre.political_theory.in_(
                        [PoliticalTheory.INTERMEDIATE, PoliticalTheory.ADVANCED]
                    ),
                )
            ).label("chair_ok"),
            _count(trainable).label("trainable"),
            _count(and_(trainable, trained)).label("trained"),
        )
        .select_from(Cadre)
        .where(scope.includes(Cadre.unit_id), serving_at(p.at), scope.on(Cadre.unit_id, p.at))
    ).one()
    return {
        "cadres.bch_total": row.bch,
        "cadres.bch_grade12": row.bch12,
        "cadres.bch_theory_basic_plus": row.bch_llct,
        "cadres.btv_total": row.btv,
        "cadres.branch_heads_total": row.heads,
        "cadres.branch_heads_grade12": row.heads12,
        "cadres.branch_deputies_total": row.deputies,
        "cadres.chair_standard": row.chair_ok,
        "cadres.trainable": row.trainable,
        "cadres.trained": row.trained,
    }


@indicator_group(
    "members",
    [
        Indicator(
            "insurance.bhyt_kept",
            "Thẻ BHYT hộ gia đình đang duy trì",
            "thẻ",
            "count",
            "Thẻ có ngày bắt đầu trước hoặc đúng ngày chốt số liệu và chưa kết thúc.",
        ),
        Indicator("insurance.bhyt_new", "Thẻ BHYT hộ gia đình tăng mới trong kỳ", "thẻ"),
        Indicator("insurance.bhxh_kept", "Sổ BHXH tự nguyện đang duy trì", "sổ"),
        Indicator("insurance.bhxh_new", "Sổ BHXH tự nguyện tăng mới trong kỳ", "sổ"),
        Indicator(
            "insurance.new_total", "Thẻ BHYT và sổ BHXH tăng mới trong kỳ", "thẻ, sổ", "count"
        ),
    ],
)
def insurance(scope: Scope) -> dict:
    """Insurance cards and books kept at the as-of date and new in the period."""
    p = scope.period
    kept = and_(
        InsurancePolicy.started_on <= p.at,
        or_(InsurancePolicy.ended_on.is_(None), InsurancePolicy.ended_on > p.at),
        scope.on(InsurancePolicy.unit_id, p.at),
    )
    new = and_(
        InsurancePolicy.started_on.between(p.start, p.end),
        scope.on(InsurancePolicy.unit_id, InsurancePolicy.started_on),
    )
    bhyt = InsurancePolicy.kind == InsuranceKind.BHYT
    bhxh = InsurancePolicy.kind == InsuranceKind.BHXH
    row = db.session.execute(
        select(
            _count(and_(bhyt, kept)).label("bhyt_kept"),
            _count(and_(bhyt, new)).label("bhyt_new"),
            _count(and_(bhxh, kept)).label("bhxh_kept"),
            _count(and_(bhxh, new)).label("bhxh_new"),
        )
        .select_from(InsurancePolicy)
        .where(scope.includes(InsurancePolicy.unit_id))
    ).one()
    return {
        "insurance.bhyt_kept": row.bhyt_kept,
        "insurance.bhyt_new": row.bhyt_new,
        "insurance.bhxh_kept": row.bhxh_kept,
        "insurance.bhxh_new": row.bhxh_new,
        "insurance.new_total": row.bhyt_new + row.bhxh_new,
    }


@indicator_group(
    "members",
    [
        Indicator(
            "party.referrals",
            "Hội viên ưu tú giới thiệu cho Đảng xem xét kết nạp",
            "người",
            "count",
            "Ngày giới thiệu nằm trong kỳ.",
        ),
        Indicator(
            "party.admitted",
            "Hội viên được giới thiệu đã được kết nạp Đảng",
            "người",
            "count",
            "Được kết nạp (ngày quyết định) trong kỳ.",
        ),
    ],
)
def party(scope: Scope) -> dict:
    """Party referrals made, and admissions decided, in the period."""
    p = scope.period
    row = db.session.execute(
        select(
            _count(
                and_(
                    PartyReferral.referred_on.between(p.start, p.end),
                    scope.on(PartyReferral.unit_id, PartyReferral.referred_on),
                )
            ).label("referrals"),
            _count(
                and_(
                    PartyReferral.outcome == ReferralOutcome.ADMITTED,
                    PartyReferral.decided_on.between(p.start, p.end),
                    scope.on(PartyReferral.unit_id, PartyReferral.decided_on),
                )
            ).label("admitted"),
        )
        .select_from(PartyReferral)
        .where(scope.includes(PartyReferral.unit_id))
    ).one()
    return {"party.referrals": row.referrals, "party.admitted": row.admitted}


__all__ = ["cadres", "insurance", "member_active_at", "membership", "party"]
