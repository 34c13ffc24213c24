"""Rules for terms and targets: terms of one unit never overlap, what a target must say, which
indicator it may point at, which year's plan it belongs to, and how typed goals are scaled (a
percentage goal typed "0,3" is the ratio 0.003, like the indicator's own values). Progress
itself is computed in webapp/indicators/targets.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select, true

from webapp.activities.common import ActivityError, check_version, flush
from webapp.activities.forms import TargetForm, TermForm
from webapp.extensions import db
from webapp.formatting import date_short
from webapp.indicators import Indicator, catalogue, find
from webapp.models import User
from webapp.models.targets import Counting, GoalKind, Target, Term, roman
from webapp.scope import require_write, scoped
from webapp.text import nfc
from webapp.trash import move_to_trash


def visible_terms(user: User) -> list[Term]:
    stmt = scoped(select(Term), Term.unit_id, user).order_by(Term.start_on.desc(), Term.id.desc())
    return list(db.session.scalars(stmt))


def indicator_choices(current: str | None = None) -> list[tuple[str | None, str]]:
    """Indicators a target may point at (not the targets' own), by area; a code kept by an
    existing target stays selectable even while its area is not installed."""
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


def save_term(term: Term, form: TermForm, user: User) -> None:
    """Create or update a term of a unit the user may change."""
    unit_id = form.unit_id.data
    if unit_id is None:
        raise ActivityError("unit_id", _("Vui lòng chọn đơn vị."))
    require_write(user, unit_id)
    if term.id is not None:
        require_write(user, term.unit_id)
        check_version(term, form.version.data)
    if not form.congress_number.data:
        raise ActivityError("congress_number", _("Số lần Đại hội phải lớn hơn 0."))
    start, end = form.start_on.data, form.end_on.data
    if start is None or end is None:
        raise ActivityError("start_on", _("Vui lòng nhập ngày bắt đầu và kết thúc."))
    if end <= start:
        raise ActivityError("end_on", _("Ngày kết thúc phải sau ngày bắt đầu."))
    clash = overlapping_term(unit_id, start, end, term.id)
    if clash is not None:
        raise ActivityError(
            "start_on",
            _(
                "Thời gian này trùng với %(term)s của cùng đơn vị (%(start)s – %(end)s). "
                "Một đơn vị chỉ có một nhiệm kỳ tại mỗi thời điểm.",
                term=clash.display_name,
                start=date_short(clash.start_on),
                end=date_short(clash.end_on),
            ),
        )
    same_number = db.session.scalar(
        select(Term.id).where(
            Term.unit_id == unit_id,
            Term.congress_number == form.congress_number.data,
            Term.id != term.id if term.id is not None else true(),
        )
    )
    if same_number is not None:
        raise ActivityError(
            "congress_number",
            _(
                "Đơn vị đã có nhiệm kỳ của Đại hội lần thứ %(number)s.",
                number=roman(form.congress_number.data),
            ),
        )
    term.unit_id, term.congress_number = unit_id, form.congress_number.data
    term.start_on, term.end_on = start, end
    if term.id is None:
        db.session.add(term)
    else:
        # Targets copy their term's unit so that every query scopes them the same way.
        for target in db.session.scalars(select(Target).where(Target.term_id == term.id)):
            target.unit_id = unit_id
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
        raise ActivityError(
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


def save_target(target: Target, term: Term, form: TargetForm, user: User) -> None:
    """Create or update a target of ``term``."""
    require_write(user, term.unit_id)
    if target.id is not None:
        check_version(target, form.version.data)
    label, short = (form.label.data or "").strip(), nfc(form.short_name.data)
    if not label:
        raise ActivityError("label", _("Vui lòng nhập lời văn của chỉ tiêu."))
    if not short:
        raise ActivityError("short_name", _("Vui lòng nhập tên ngắn."))
    code, manual = form.indicator_code.data, form.manual_value.data
    indicator = None
    if code:
        if code.startswith("targets."):
            raise ActivityError(
                "indicator_code", _("Chỉ tiêu không thể trỏ vào chỉ số về chỉ tiêu.")
            )
        indicator = find(code)
        if indicator is None and code != target.indicator_code:
            raise ActivityError("indicator_code", _("Không có chỉ số mã “%(code)s”.", code=code))
        if manual is not None:
            raise ActivityError(
                "manual_value",
                _("Đã chọn chỉ số thì không nhập giá trị tay (hoặc bỏ chọn chỉ số)."),
            )
    elif manual is None:
        raise ActivityError("indicator_code", _("Chọn một chỉ số hoặc nhập giá trị tay."))
    kind, counting = GoalKind(form.goal_kind.data), Counting(form.counting.data)
    if counting is Counting.BASELINE and not code:
        raise ActivityError(
            "counting", _("Chỉ tính “tăng thêm” được khi chỉ tiêu trỏ vào một chỉ số.")
        )
    goal, high = form.goal.data, form.goal_high.data
    if goal is None or goal <= 0:
        raise ActivityError("goal", _("Mục tiêu phải lớn hơn 0."))
    if kind is GoalKind.RANGE:
        if high is None:
            raise ActivityError("goal_high", _("Nhập cận trên của khoảng mục tiêu."))
        if high < goal:
            raise ActivityError("goal_high", _("Cận trên phải lớn hơn hoặc bằng cận dưới."))
    else:
        high = None
    year = form.year.data
    if year is not None and year not in term.years:
        raise ActivityError(
            "year",
            _(
                "Năm phải nằm trong nhiệm kỳ (%(start)s – %(end)s).",
                start=term.start_on.year,
                end=term.end_on.year,
            ),
        )
    scale = _scale(indicator)
    moved = target.id is not None and target.year != year
    target.term_id, target.unit_id, target.year = term.id, term.unit_id, year
    if moved:
        target.position = 0  # numbered again at the end of the plan it joins
    target.position = form.position.data or target.position or _next_position(term, year)
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
    require_write(user, target.unit_id)
    move_to_trash(target)
    db.session.flush()
