"""Rules for terms and targets: terms of one unit never overlap, what a target must say, which
indicator it may point at, which year's plan it belongs to, and how typed goals are scaled (a
percentage goal typed "0,3" is the ratio 0.003, like the indicator's own values). Progress
itself is computed in webapp/indicators/targets.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select, true

from webapp.activities.services.store import flush
from webapp.extensions import db
from webapp.fields import enum_value
from webapp.formatting import date_short
from webapp.indicators import Indicator, catalogue, find
from webapp.models import User
from webapp.models.targets import Counting, GoalKind, Target, Term, roman
from webapp.refusals import Problems, RecordError, check_version
from webapp.scope import require_write, scoped
from webapp.text import nfc
from webapp.trash import move_to_trash


@dataclass
class TermData:
    """A congress term as typed."""

    unit_id: int | None
    congress_number: int | None
    start_on: date | None
    end_on: date | None


@dataclass
class TargetData:
    """A target as typed: goals in the typed scale (a percentage as percent)."""

    year: int | None  # None: a target of the whole term
    position: int | None
    label: str | None
    short_name: str | None
    indicator_code: str | None
    manual_value: Decimal | None
    goal_kind: str  # a GoalKind value
    goal: Decimal | None
    goal_high: Decimal | None
    counting: str  # a Counting value


def visible_terms(user: User) -> list[Term]:
    stmt = scoped(select(Term), Term.unit_id, user).order_by(Term.start_on.desc(), Term.id.desc())
    return list(db.session.scalars(stmt))


def indicator_choices(current: str | None = None) -> list[tuple[str | None, str]]:
    """Indicators a target may point at (not the targets' own), by area; a code kept by an
    existing target stays selectable even when the catalogue no longer has it."""
    options: list[tuple[str | None, str]] = [(None, _("— Không: dùng giá trị nhập tay —"))]
    codes = set()
    for ind in catalogue():
        if ind.code.startswith("targets."):
            continue
        codes.add(ind.code)
        options.append((ind.code, f"{ind.code} — {ind.label}"))
    if current and current not in codes:
        options.insert(1, (current, _("%(code)s — (chỉ số chưa có trong hệ thống)", code=current)))
    return options


def check_term(term: Term | None, data: TermData, user: User, version: int | None = None) -> None:
    """Every rule of a term at once: raises one RecordError carrying all refusals (nothing is
    changed). ``term`` is None for a new one."""
    problems = Problems()
    unit_id = data.unit_id
    if unit_id is None:
        problems.add("unit_id", _("Vui lòng chọn đơn vị."))
    else:
        require_write(user, unit_id)
    own_id = term.id if term is not None else None
    if term is not None and own_id is not None:
        require_write(user, term.unit_id)
        problems.check(check_version, term, version)
    if not data.congress_number:
        problems.add("congress_number", _("Số lần Đại hội phải lớn hơn 0."))
    start, end = data.start_on, data.end_on
    if start is None or end is None:
        problems.add("start_on", _("Vui lòng nhập ngày bắt đầu và kết thúc."))
    elif end <= start:
        problems.add("end_on", _("Ngày kết thúc phải sau ngày bắt đầu."))
    elif unit_id is not None and (clash := overlapping_term(unit_id, start, end, own_id)):
        problems.add(
            "start_on",
            _(
                "Thời gian này trùng với %(term)s của cùng đơn vị (%(start)s – %(end)s). "
                "Một đơn vị chỉ có một nhiệm kỳ tại mỗi thời điểm.",
                term=clash.display_name,
                start=date_short(clash.start_on),
                end=date_short(clash.end_on),
            ),
        )
    if unit_id is not None and data.congress_number:
        same_number = db.session.scalar(
            select(Term.id).where(
                Term.unit_id == unit_id,
                Term.congress_number == data.congress_number,
                Term.id != own_id if own_id is not None else true(),
            )
        )
        if same_number is not None:
            problems.add(
                "congress_number",
                _(
                    "Đơn vị đã có nhiệm kỳ của Đại hội lần thứ %(number)s.",
                    number=roman(data.congress_number),
                ),
            )
    problems.raise_any()


def save_term(term: Term, data: TermData, user: User, version: int | None = None) -> None:
    """Create or update a term of a unit the user may change."""
    check_term(term, data, user, version)
    term.unit_id, term.congress_number = data.unit_id, data.congress_number
    term.start_on, term.end_on = data.start_on, data.end_on
    if term.id is None:
        db.session.add(term)
    else:
        # Targets copy their term's unit so that every query scopes them the same way.
        for target in db.session.scalars(select(Target).where(Target.term_id == term.id)):
            target.unit_id = data.unit_id
    flush()


def overlapping_term(unit_id: int, start: date, end: date, own_id: int | None) -> Term | None:
    """Another term of the unit sharing at least one day with ``start`` … ``end``."""
    return db.session.scalar(
        select(Term)
        .where(
            Term.unit_id == unit_id,
            Term.start_on <= end,
            Term.end_on >= start,
            Term.id != own_id if own_id is not None else true(),
        )
        .order_by(Term.start_on)
        .limit(1)
    )


def year_choices(term: Term) -> list[tuple[int | None, str]]:
    """Whom a target belongs to: the whole term, or one year of it."""
    return [(None, _("Cả nhiệm kỳ (chỉ tiêu Nghị quyết Đại hội)"))] + [
        (year, _("Kế hoạch năm %(year)s", year=year)) for year in term.years
    ]


def delete_term(term: Term, user: User) -> None:
    """Trash a term without targets; one that still has targets is refused."""
    require_write(user, term.unit_id)
    count = db.session.scalar(select(func.count(Target.id)).where(Target.term_id == term.id))
    if count:
        raise RecordError(
            "delete",
            _(
                "Nhiệm kỳ còn %(n)s chỉ tiêu; hãy xoá các chỉ tiêu trước khi xoá nhiệm kỳ.",
                n=count,
            ),
        )
    move_to_trash(term)
    db.session.flush()


def _scale(indicator: Indicator | None) -> Decimal:
    return Decimal(100) if indicator is not None and indicator.kind == "percent" else Decimal(1)


def typed_goals(target: Target) -> dict[str, Decimal | None]:
    """The goals as the user types them (percentages as percent)."""
    scale = _scale(find(target.indicator_code) if target.indicator_code else None)
    return {
        "goal": target.goal * scale,
        "goal_high": target.goal_high * scale if target.goal_high is not None else None,
    }


def check_target(
    target: Target | None, term: Term, data: TargetData, user: User, version: int | None = None
) -> Indicator | None:
    """Every rule of a target at once: raises one RecordError carrying all refusals (nothing is
    changed); returns the indicator the target points at. ``target`` is None for a new one."""
    require_write(user, term.unit_id)
    problems = Problems()
    stored_code = target.indicator_code if target is not None else None
    if target is not None and target.id is not None:
        problems.check(check_version, target, version)
    if not (data.label or "").strip():
        problems.add("label", _("Vui lòng nhập lời văn của chỉ tiêu."))
    if not nfc(data.short_name):
        problems.add("short_name", _("Vui lòng nhập tên ngắn."))
    code, manual = data.indicator_code, data.manual_value
    indicator = None
    if code:
        if code.startswith("targets."):
            problems.add("indicator_code", _("Chỉ tiêu không thể trỏ vào chỉ số về chỉ tiêu."))
        elif (indicator := find(code)) is None and code != stored_code:
            problems.add("indicator_code", _("Không có chỉ số mã “%(code)s”.", code=code))
        if manual is not None:
            problems.add(
                "manual_value",
                _("Đã chọn chỉ số thì không nhập giá trị tay (hoặc bỏ chọn chỉ số)."),
            )
    elif manual is None:
        problems.add("indicator_code", _("Chọn một chỉ số hoặc nhập giá trị tay."))
    if enum_value(Counting, data.counting) is Counting.BASELINE and not code:
        problems.add("counting", _("Chỉ tính “tăng thêm” được khi chỉ tiêu trỏ vào một chỉ số."))
    goal, high = data.goal, data.goal_high
    if goal is None or goal <= 0:
        problems.add("goal", _("Mục tiêu phải lớn hơn 0."))
    if enum_value(GoalKind, data.goal_kind) is GoalKind.RANGE:
        if high is None:
            problems.add("goal_high", _("Nhập cận trên của khoảng mục tiêu."))
        elif goal is not None and high < goal:
            problems.add("goal_high", _("Cận trên phải lớn hơn hoặc bằng cận dưới."))
    if data.year is not None and data.year not in term.years:
        problems.add(
            "year",
            _(
                "Năm phải nằm trong nhiệm kỳ (%(start)s – %(end)s).",
                start=term.start_on.year,
                end=term.end_on.year,
            ),
        )
    problems.raise_any()
    return indicator


def save_target(
    target: Target, term: Term, data: TargetData, user: User, version: int | None = None
) -> None:
    """Create or update a target of ``term``."""
    indicator = check_target(target, term, data, user, version)
    label, short = (data.label or "").strip(), nfc(data.short_name)
    code, manual, year = data.indicator_code, data.manual_value, data.year
    kind, counting = GoalKind(data.goal_kind), Counting(data.counting)
    goal, high = data.goal, data.goal_high if kind is GoalKind.RANGE else None
    assert goal is not None  # checked above
    scale = _scale(indicator)
    moved = target.id is not None and target.year != year
    target.term_id, target.unit_id, target.year = term.id, term.unit_id, year
    if moved:
        target.position = 0  # numbered again at the end of the plan it joins
    target.position = data.position or target.position or _next_position(term, year)
    target.label, target.short_name = label, short
    target.indicator_code, target.manual_value = code, manual if not code else None
    target.goal_kind, target.counting = kind, counting
    target.goal = goal / scale
    target.goal_high = high / scale if high is not None else None
    if target.id is None:
        db.session.add(target)
    flush()


def _next_position(term: Term, year: int | None) -> int:
    """After the last target of the same list (the term's, or that year's plan)."""
    same_list = Target.year.is_(None) if year is None else Target.year == year
    last = db.session.scalar(
        select(func.max(Target.position)).where(Target.term_id == term.id, same_list)
    )
    return (last or 0) + 1


def delete_target(target: Target, user: User) -> None:
    """Move the target to the trash."""
    require_write(user, target.unit_id)
    move_to_trash(target)
    db.session.flush()
