"""Gifts and aid: one gift, a distribution to many beneficiaries in one go, the filtered list
with its totals. A gift paid from one of our funds is that fund's outflow (see ledger.py)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, func, literal, select
from sqlalchemy.orm import selectinload

from webapp.charity.services.checks import (
    optional_text,
    positive,
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
    BeneficiaryCategory,
    Distribution,
    Fund,
    FundKind,
    Gift,
    GiftKind,
    GiftSource,
    Occasion,
)
from webapp.refusals import Problems, RecordError, check_version
from webapp.scope import can_see_unit, can_write_unit, require_write, scoped, subtree_ids
from webapp.text import nfc, search_key
from webapp.trash import after_restore, move_to_trash, restore


@dataclass
class GiftData:
    """What a gift form gives (amounts already parsed to whole numbers)."""

    unit_id: int
    given_on: date | None
    occasion: Occasion
    kind: GiftKind
    quantity: int | None
    value_vnd: int | None
    source: GiftSource
    measure: str = ""
    beneficiary_id: int | None = None
    recipient_label: str = ""
    people_count: int | None = None  # a group's size; ignored for one beneficiary
    category: BeneficiaryCategory | None = None
    fund_id: int | None = None
    source_name: str = ""
    partner: str = ""
    note: str = ""


@dataclass
class DistributionData:
    """One handing-out: the same gift (``quantity`` and ``value_vnd`` each) to many people.

    ``total_value_vnd``, when given, is the value of the whole batch instead (a sponsor's
    10.000.000 đồng for 3 people): it is shared out to the đồng — the first gifts take one đồng
    more when it does not divide evenly — so the gifts add up to exactly the total, and
    ``gift.value_vnd`` is not asked for."""

    title: str
    gift: GiftData
    beneficiary_ids: list[int] = field(default_factory=list)
    new_names: list[str] = field(default_factory=list)
    total_value_vnd: int | None = None


@dataclass
class _Checked:
    given_on: date
    quantity: int
    value_vnd: int
    measure: str
    fund: Fund | None


def _fund(data: GiftData, user: User) -> Fund | None:
    if data.source is not GiftSource.FUND:
        return None
    if data.fund_id is None:
        raise RecordError("fund_id", _("Hãy chọn quỹ chi trả."))
    fund = db.session.get(Fund, data.fund_id)
    if fund is None or not can_see_unit(user, fund.unit_id):
        raise RecordError("fund_id", _("Không tìm thấy quỹ này."))
    if not can_write_unit(user, fund.unit_id):
        raise RecordError("fund_id", _("Bạn không có quyền chi từ %(fund)s.", fund=fund.name))
    in_subtree = db.session.scalar(
        select(literal(True)).where(literal(data.unit_id).in_(subtree_ids(fund.unit_id)))
    )
    if not in_subtree:
        raise RecordError(
            "fund_id",
            _(
                "%(fund)s thuộc %(unit)s, không chi cho đơn vị này.",
                fund=fund.name,
                unit=fund.unit.full_name,
            ),
        )
    return fund


def _check(data: GiftData, user: User) -> _Checked:
    """The gift's own rules, every one of them: a day not in the future, a quantity and a value
    above zero, a unit of measure that fits the kind and the fund, a fund the user may pay
    from. (Who may write the gift's unit is the caller's check.)"""
    problems = Problems()
    given_on = value_of(
        problems, required_date, data.given_on, "given_on", _("Vui lòng nhập ngày trao.")
    )
    if given_on is not None and given_on > local_today():
        problems.add("given_on", _("Ngày trao không thể ở tương lai."))
    quantity = value_of(
        problems, positive, data.quantity, "quantity", _("Số lượng phải là số nguyên lớn hơn 0.")
    )
    value = value_of(
        problems,
        positive,
        data.value_vnd,
        "value_vnd",
        _("Trị giá phải là số đồng nguyên lớn hơn 0."),
    )
    measure = nfc(data.measure) or (data.kind.default_measure if data.kind else "")
    if len(measure) > 20:
        problems.add("measure", _("Tối đa %(n)s ký tự.", n=20))
    elif data.kind is GiftKind.RICE and measure != "kg":
        problems.add("measure", _("Gạo tính bằng kg."))
    fund = value_of(problems, _fund, data, user)
    if fund is not None and fund.kind is FundKind.GOODS and measure != fund.measure:
        problems.add(
            "measure",
            _(
                "%(fund)s tính bằng %(measure)s: quà phải cùng đơn vị tính.",
                fund=fund.name,
                measure=fund.measure,
            ),
        )
    problems.raise_any()
    assert given_on is not None and quantity is not None and value is not None
    return _Checked(given_on, quantity, value, measure, fund)


def check_gift(
    data: GiftData, user: User
) -> tuple[_Checked, Beneficiary | None, BeneficiaryCategory]:
    """Every rule of one gift at once, its recipient's included."""
    problems = Problems()
    checked = value_of(problems, _check, data, user)
    recipient = value_of(problems, _recipient, data, user)
    problems.raise_any()
    assert checked is not None and recipient is not None
    return checked, *recipient


def _recipient(data: GiftData, user: User) -> tuple[Beneficiary | None, BeneficiaryCategory]:
    if data.beneficiary_id is not None:
        b = db.session.get(Beneficiary, data.beneficiary_id)
        if b is None or not can_see_unit(user, b.unit_id):
            raise RecordError("beneficiary_id", _("Không tìm thấy người nhận này."))
        return b, data.category or b.category
    if not nfc(data.recipient_label):
        raise RecordError(
            "beneficiary_id", _("Hãy chọn người nhận, hoặc ghi nhóm người nhận bên dưới.")
        )
    problems = Problems()
    if data.category is None:
        problems.add("category", _("Hãy chọn đối tượng của nhóm người nhận."))
    if data.people_count is not None:
        value_of(
            problems,
            positive,
            data.people_count,
            "people_count",
            _("Số người được hỗ trợ phải là số nguyên lớn hơn 0."),
        )
    problems.raise_any()
    return None, data.category


def _outflow(c: _Checked) -> int:
    assert c.fund is not None
    return c.value_vnd if c.fund.is_money else c.quantity


def _fill(gift: Gift, data: GiftData, c: _Checked, b: Beneficiary | None, cat) -> None:
    gift.unit_id = data.unit_id
    gift.given_on = c.given_on
    gift.occasion = data.occasion
    gift.kind = data.kind
    gift.beneficiary_id = b.id if b else None
    gift.recipient_label = "" if b else optional_text(data.recipient_label, "recipient_label")
    gift.people_count = None if b else data.people_count
    gift.category = cat
    gift.quantity = c.quantity
    gift.measure = c.measure
    gift.value_vnd = c.value_vnd
    gift.source = data.source
    gift.fund_id = c.fund.id if c.fund else None
    gift.source_name = optional_text(data.source_name, "source_name")
    gift.partner = optional_text(data.partner, "partner")
    gift.note = optional_text(data.note, "note", 2000)


def create_gift(data: GiftData, user: User) -> Gift:
    """Record one gift; paid from a fund, it is refused when the fund cannot cover it."""
    require_write(user, data.unit_id)
    c, b, cat = check_gift(data, user)
    if c.fund is not None:
        lock_fund(c.fund)
    gift = Gift()
    _fill(gift, data, c, b, cat)
    db.session.add(gift)
    db.session.flush()
    if c.fund is not None:
        check_outflow(
            c.fund, c.given_on, _outflow(c), "value_vnd" if c.fund.is_money else "quantity"
        )
    return gift


def update_gift(gift: Gift, data: GiftData, user: User, version: int | None) -> None:
    """Correct a gift; the fund it is paid from must still cover it."""
    require_write(user, gift.unit_id)
    check_version(gift, version)
    require_write(user, data.unit_id)
    c, b, cat = check_gift(data, user)
    if c.fund is not None:
        lock_fund(c.fund)
    _fill(gift, data, c, b, cat)
    db.session.flush()
    if c.fund is not None:
        check_outflow(
            c.fund, c.given_on, _outflow(c), "value_vnd" if c.fund.is_money else "quantity"
        )


def delete_gift(gift: Gift, user: User) -> Distribution | None:
    """Trash a gift (its fund gets the amount back, since the gift was the outflow).

    A distribution and its gifts stay consistent: removing one recipient keeps the distribution,
    but the last live gift of a distribution takes the distribution with it (the same instant:
    restoring either brings the two back), since a distribution nobody received is not a
    distribution. Returns that distribution, or None.
    """
    require_write(user, gift.unit_id)
    at = move_to_trash(gift)
    db.session.flush()
    if gift.distribution_id is None:
        return None
    left = db.session.scalar(
        select(func.count(Gift.id)).where(
            Gift.distribution_id == gift.distribution_id, Gift.deleted_at.is_(None)
        )
    )
    if left:
        return None
    dist = db.session.get(Distribution, gift.distribution_id)
    if dist is None:
        return None
    move_to_trash(dist, at)
    db.session.flush()
    return dist


def check_distribution(
    data: DistributionData, user: User
) -> tuple[str, int | None, _Checked, list[Beneficiary]]:
    """Every rule of a distribution at once: a title, a total above zero when given, the gift's
    own rules, recipients the user may see, a category for names typed in, at least one
    recipient. Returns the title, the total, the checked gift and the ticked beneficiaries."""
    problems = Problems()
    title = value_of(problems, required_text, data.title, "title", _("Vui lòng nhập tên đợt trao."))
    g, total = data.gift, data.total_value_vnd
    if total is not None:
        message = _("Tổng trị giá phải là số đồng nguyên lớn hơn 0.")
        total = value_of(problems, positive, total, "total_value_vnd", message)
        # Each gift's own value is shared out of the total: 1 stands in for it while checking.
        g = replace(g, value_vnd=total or 1)
    c = value_of(problems, _check, g, user)
    people: list[Beneficiary] = []
    for bid in data.beneficiary_ids:
        b = db.session.get(Beneficiary, bid)
        if b is None or not can_see_unit(user, b.unit_id):
            problems.add("beneficiary_ids", _("Không tìm thấy người nhận đã chọn."))
        else:
            people.append(b)
    names = [n for n in (nfc(x) for x in data.new_names) if n]
    if names and g.category is None:
        problems.add("category", _("Hãy chọn đối tượng cho những người mới nhập tên."))
    if not data.beneficiary_ids and not names:
        problems.add("beneficiary_ids", _("Hãy chọn hoặc nhập ít nhất một người nhận."))
    problems.raise_any()
    assert title is not None and c is not None
    return title, total, c, people


def create_distribution(data: DistributionData, user: User) -> Distribution:
    """Hand the same gift to many beneficiaries in one transaction: checked beneficiaries plus
    typed names (matched to the unit's beneficiaries or added). All or nothing."""
    from webapp.charity.services.beneficiaries import find_or_create_by_names

    g = data.gift
    require_write(user, g.unit_id)
    title, total, c, people = check_distribution(data, user)
    if total is not None:
        g = replace(g, value_vnd=total)  # each gift's own value is shared out below
    names = [n for n in (nfc(x) for x in data.new_names) if n]
    if names:
        assert g.category is not None
        people += find_or_create_by_names(names, g.unit_id, g.category, user)
    seen: set[int] = set()
    people = [p for p in people if not (p.id in seen or seen.add(p.id))]
    shares = [c.value_vnd] * len(people)
    if total is not None:
        each, extra = divmod(total, len(people))
        if each == 0:
            raise RecordError(
                "total_value_vnd",
                _(
                    "Tổng trị giá phải ít nhất 1 đồng cho mỗi người nhận (%(n)s người).",
                    n=len(people),
                ),
            )
        shares = [each + (1 if i < extra else 0) for i in range(len(people))]
    if c.fund is not None:
        lock_fund(c.fund)
    dist = Distribution(unit_id=g.unit_id, given_on=c.given_on, title=title)
    db.session.add(dist)
    db.session.flush()
    for b, share in zip(people, shares, strict=True):
        gift = Gift(distribution_id=dist.id)
        _fill(gift, g, replace(c, value_vnd=share), b, b.category)
        db.session.add(gift)
    db.session.flush()
    if c.fund is not None:
        outflow = sum(shares) if c.fund.is_money else c.quantity * len(people)
        check_outflow(c.fund, c.given_on, outflow, "value_vnd" if c.fund.is_money else "quantity")
    return dist


def delete_distribution(dist: Distribution, user: User) -> int:
    """Trash a distribution with every gift in it; returns how many gifts went."""
    require_write(user, dist.unit_id)
    gifts = db.session.scalars(select(Gift).where(Gift.distribution_id == dist.id)).all()
    # One instant for all: restoring the distribution brings back exactly these gifts (not
    # those removed one by one before, which stay in the trash).
    at = move_to_trash(dist)
    for gift in gifts:
        require_write(user, gift.unit_id)
        move_to_trash(gift, at)
    db.session.flush()
    return len(gifts)


def _trashed(stmt: Select) -> list:
    return list(db.session.scalars(stmt.execution_options(include_deleted=True)))


@after_restore(Gift)
def _gift_restored(gift: Gift, trashed_at: object) -> None:
    """A gift comes back into its distribution: a trashed distribution comes back with it (its
    other gifts stay in the trash until restored too)."""
    if gift.distribution_id is None:
        return
    for dist in _trashed(select(Distribution).where(Distribution.id == gift.distribution_id)):
        if dist.deleted_at is not None:
            restore(dist)


@after_restore(Distribution)
def _distribution_restored(dist: Distribution, trashed_at: object) -> None:
    """A distribution comes back with the gifts trashed with it; one that would otherwise have
    no gift at all (trashed before gifts and distribution were kept together) gets them all."""
    trashed = _trashed(
        select(Gift).where(Gift.distribution_id == dist.id, Gift.deleted_at.is_not(None))
    )
    with_it = [g for g in trashed if g.deleted_at == trashed_at]
    live = db.session.scalar(
        select(func.count(Gift.id)).where(
            Gift.distribution_id == dist.id, Gift.deleted_at.is_(None)
        )
    )
    for gift in with_it if (with_it or live) else trashed:
        restore(gift)


# --- the list ------------------------------------------------------------------------------


@dataclass
class GiftFilter:
    """The gift list's filters (all optional)."""

    start: date | None = None
    end: date | None = None
    kind: GiftKind | None = None
    occasion: Occasion | None = None
    category: BeneficiaryCategory | None = None
    source: GiftSource | None = None
    fund_id: int | None = None
    unit_id: int | None = None
    distribution_id: int | None = None
    beneficiary_id: int | None = None
    q: str = ""

    def args(self) -> dict:
        """The filter as URL arguments (for the pager and links)."""
        out = {
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "kind": self.kind.value if self.kind else None,
            "occasion": self.occasion.value if self.occasion else None,
            "category": self.category.value if self.category else None,
            "source": self.source.value if self.source else None,
            "fund_id": self.fund_id,
            "unit_id": self.unit_id,
            "distribution_id": self.distribution_id,
            "q": self.q or None,
        }
        return {k: v for k, v in out.items() if v is not None}


def _filtered(stmt: Select, user: User, f: GiftFilter) -> Select:
    stmt = scoped(stmt, Gift.unit_id, user)
    # Built lazily: a comparison with None is not SQL.
    conditions = [
        (f.start, lambda: Gift.given_on >= f.start),
        (f.end, lambda: Gift.given_on <= f.end),
        (f.kind, lambda: Gift.kind == f.kind),
        (f.occasion, lambda: Gift.occasion == f.occasion),
        (f.category, lambda: Gift.category == f.category),
        (f.source, lambda: Gift.source == f.source),
        (f.fund_id, lambda: Gift.fund_id == f.fund_id),
        (f.distribution_id, lambda: Gift.distribution_id == f.distribution_id),
        (f.beneficiary_id, lambda: Gift.beneficiary_id == f.beneficiary_id),
    ]
    for wanted, condition in conditions:
        if wanted is not None:
            stmt = stmt.where(condition())
    if f.unit_id is not None:
        # The scope already uses the "subtree" CTE: pass this subtree as a list of ids.
        stmt = stmt.where(Gift.unit_id.in_(db.session.scalars(subtree_ids(f.unit_id)).all()))
    if f.q.strip():
        key = search_key(f.q)
        stmt = stmt.outerjoin(Beneficiary, Beneficiary.id == Gift.beneficiary_id).where(
            Beneficiary.search_key.contains(key, autoescape=True)
            | func.lower(Gift.recipient_label).contains(f.q.strip().lower(), autoescape=True)
        )
    return stmt


def gifts_stmt(user: User, f: GiftFilter) -> Select:
    """The gifts the user may see matching ``f``, newest first."""
    # Lists print each gift's recipient, unit, fund and distribution: loaded with the page.
    return (
        _filtered(select(Gift), user, f)
        .options(
            selectinload(Gift.beneficiary),
            selectinload(Gift.unit),
            selectinload(Gift.fund),
            selectinload(Gift.distribution),
        )
        .order_by(Gift.given_on.desc(), Gift.id.desc())
    )


@dataclass
class GiftTotals:
    """Totals of a filtered gift list."""

    count: int
    value_vnd: int
    quantities: list[tuple[GiftKind, str, int]]  # kind, measure, total quantity


def gift_totals(user: User, f: GiftFilter) -> GiftTotals:
    """Count, value and quantities (by kind and measure) of the gifts matching ``f``."""
    rows = db.session.execute(
        _filtered(
            select(
                Gift.kind,
                Gift.measure,
                func.count(Gift.id),
                func.sum(Gift.quantity),
                func.sum(Gift.value_vnd),
            ),
            user,
            f,
        )
        .group_by(Gift.kind, Gift.measure)
        .order_by(Gift.kind, Gift.measure)
    ).all()
    return GiftTotals(
        count=sum(int(r[2]) for r in rows),
        value_vnd=sum(int(r[4] or 0) for r in rows),
        quantities=[(r[0], r[1], int(r[3] or 0)) for r in rows],
    )


def gift_breakdown(user: User, f: GiftFilter, by: str) -> list[tuple[object, int, int]]:
    """(kind | occasion | category, count, value) of the gifts matching ``f``, biggest first."""
    column = {"kind": Gift.kind, "occasion": Gift.occasion, "category": Gift.category}[by]
    rows = db.session.execute(
        _filtered(select(column, func.count(Gift.id), func.sum(Gift.value_vnd)), user, f)
        .group_by(column)
        .order_by(func.count(Gift.id).desc())
    ).all()
    return [(r[0], int(r[1]), int(r[2] or 0)) for r in rows]
