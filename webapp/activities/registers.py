"""The small registers of the area — clubs, mediation cases, "5 có 3 sạch" households and
unit ratings — described once each (form, list columns, rules) and saved by the same rules:
the unit must be one the user may change, edits carry the version they were based on, deleting
moves to the trash."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import Select, extract, func, select
from sqlalchemy.orm import selectinload

from webapp import formatting
from webapp.activities.common import ActivityError, check_version, flush, local_today
from webapp.activities.register_forms import ClubForm, HouseholdForm, MediationForm, RatingForm
from webapp.extensions import db
from webapp.models import User
from webapp.models.activities import (
    CAMPAIGN_CRITERIA,
    Club,
    ClubKind,
    HouseholdAssessment,
    MediationCase,
    MediationKind,
    MediationOutcome,
    Rating,
    UnitRating,
)
from webapp.scope import require_write, scoped
from webapp.text import nfc, search_key
from webapp.trash import move_to_trash


@dataclass(frozen=True)
class Column:
    header: str  # lazy: shown in the user's language
    value: Callable[[Any], str]


@dataclass(frozen=True)
class RegisterSpec:
    """One register: its model, form, list and rules."""

    slug: str  # URL part and endpoint prefix
    model: type
    form: type[FlaskForm]
    title: str  # lazy, like ``singular`` and ``hint``
    singular: str
    fields: tuple[str, ...]  # form fields shown, in order (after the unit)
    columns: tuple[Column, ...]
    order_by: Callable[[], tuple]
    apply: Callable[[Any, FlaskForm], None]  # copies the form into the record, or refuses
    name_of: Callable[[Any], str]
    search: Callable[[], Any] | None = None  # the search_key column
    year: Callable[[], Any] | None = None  # the year of a record, for the year filter
    hint: str = ""
    date_field: str | None = None  # the form field a "period already reported" refusal goes to


def _unit(record) -> str:
    return record.unit.full_name


def _not_future(value, field: str, message: str) -> None:
    if value is not None and value > local_today():
        raise ActivityError(field, message)


def _year(value: int | None, field: str = "year") -> int:
    if value is None:
        raise ActivityError(field, _("Vui lòng nhập năm."))
    if not 2000 <= value <= local_today().year:
        raise ActivityError(field, _("Năm phải từ 2000 đến %(year)s.", year=local_today().year))
    return value


def _apply_club(club: Club, form: ClubForm) -> None:
    name = nfc(form.name.data)
    if not name:
        raise ActivityError("name", _("Vui lòng nhập tên câu lạc bộ, tổ nhóm."))
    _not_future(form.founded_on.data, "founded_on", _l("Ngày ra mắt không được sau ngày hôm nay."))
    if (
        form.founded_on.data
        and form.dissolved_on.data
        and form.dissolved_on.data < form.founded_on.data
    ):
        raise ActivityError("dissolved_on", _("Ngày giải thể phải sau ngày ra mắt."))
    club.name, club.search_key = name, search_key(name)
    club.kind = ClubKind(form.kind.data)
    club.members_count = form.members_count.data or 0
    club.founded_on, club.dissolved_on = form.founded_on.data, form.dissolved_on.data
    club.notes = (form.notes.data or "").strip()


def _apply_mediation(case: MediationCase, form: MediationForm) -> None:
    if form.held_on.data is None:
        raise ActivityError("held_on", _("Vui lòng nhập ngày hoà giải."))
    _not_future(form.held_on.data, "held_on", _l("Ngày hoà giải không được sau ngày hôm nay."))
    case.held_on = form.held_on.data
    case.kind = MediationKind(form.kind.data)
    case.outcome = MediationOutcome(form.outcome.data)
    case.summary = nfc(form.summary.data)


def _apply_household(h: HouseholdAssessment, form: HouseholdForm) -> None:
    name = nfc(form.household.data)
    if not name:
        raise ActivityError("household", _("Vui lòng nhập tên chủ hộ."))
    year = _year(form.year.data)
    key = search_key(name)
    twin = db.session.scalar(
        select(HouseholdAssessment.id).where(
            HouseholdAssessment.unit_id == form.unit_id.data,
            HouseholdAssessment.search_key == key,
            HouseholdAssessment.year == year,
        )
    )
    if twin is not None and twin != h.id:
        raise ActivityError(
            "household",
            _("Hộ “%(name)s” đã được đánh giá năm %(year)s ở đơn vị này.", name=name, year=year),
        )
    h.household, h.search_key, h.year = name, key, year
    for field, _label in CAMPAIGN_CRITERIA:
        setattr(h, field, bool(getattr(form, field).data))


def _apply_rating(r: UnitRating, form: RatingForm) -> None:
    year = _year(form.year.data)
    twin = db.session.scalar(
        select(UnitRating.id).where(
            UnitRating.unit_id == form.unit_id.data, UnitRating.year == year
        )
    )
    if twin is not None and twin != r.id:
        raise ActivityError(
            "year", _("Đơn vị này đã có xếp loại năm %(year)s; hãy sửa bản ghi đó.", year=year)
        )
    r.year = year
    r.rating = Rating(form.rating.data)
    r.notes = nfc(form.notes.data)


REGISTERS: dict[str, RegisterSpec] = {
    spec.slug: spec
    for spec in (
        RegisterSpec(
            slug="clubs",
            model=Club,
            form=ClubForm,
            title=_l("Câu lạc bộ, tổ nhóm"),
            singular=_l("câu lạc bộ, tổ nhóm"),
            fields=("name", "kind", "members_count", "founded_on", "dissolved_on", "notes"),
            columns=(
                Column(_l("Tên"), lambda c: c.name),
                Column(_l("Loại"), lambda c: c.kind.label),
                Column(_l("Đơn vị"), _unit),
                Column(_l("Thành viên"), lambda c: formatting.number(c.members_count)),
                Column(_l("Ra mắt"), lambda c: formatting.date_short(c.founded_on)),
                Column(_l("Giải thể"), lambda c: formatting.date_short(c.dissolved_on)),
            ),
            order_by=lambda: (Club.name, Club.id),
            apply=_apply_club,
            name_of=lambda c: c.name,
            search=lambda: Club.search_key,
            date_field="founded_on",
            hint=_l(
                "Lượt giao lưu của câu lạc bộ được ghi ở Nhật ký hoạt động "
                "(loại “Giao lưu câu lạc bộ”)."
            ),
        ),
        RegisterSpec(
            slug="mediations",
            model=MediationCase,
            form=MediationForm,
            title=_l("Hoà giải"),
            singular=_l("vụ hoà giải"),
            fields=("held_on", "kind", "outcome", "summary"),
            columns=(
                Column(_l("Ngày"), lambda m: formatting.date_short(m.held_on)),
                Column(_l("Loại việc"), lambda m: m.kind.label),
                Column(_l("Kết quả"), lambda m: m.outcome.label),
                Column(_l("Đơn vị"), _unit),
                Column(_l("Tóm tắt"), lambda m: m.summary),
            ),
            order_by=lambda: (MediationCase.held_on.desc(), MediationCase.id.desc()),
            apply=_apply_mediation,
            name_of=lambda m: _(
                "%(kind)s ngày %(date)s",
                kind=m.kind.label,
                date=formatting.date_short(m.held_on),
            ),
            year=lambda: extract("year", MediationCase.held_on),
            date_field="held_on",
        ),
        RegisterSpec(
            slug="households",
            model=HouseholdAssessment,
            form=HouseholdForm,
            title=_l("Cuộc vận động “5 có 3 sạch”"),
            singular=_l("đánh giá hộ gia đình"),
            fields=("year", "household", *(key for key, _label in CAMPAIGN_CRITERIA)),
            columns=(
                Column(_l("Năm"), lambda h: str(h.year)),
                Column(_l("Hộ gia đình"), lambda h: h.household),
                Column(_l("Đơn vị"), _unit),
                Column(_l("Tiêu chí đạt"), lambda h: f"{h.criteria_met}/8"),
                Column(
                    _l("Kết quả"),
                    lambda h: _("Đạt đủ 8 tiêu chí") if h.criteria_met == 8 else _("Chưa đạt đủ"),
                ),
            ),
            order_by=lambda: (
                HouseholdAssessment.year.desc(),
                HouseholdAssessment.household,
                HouseholdAssessment.id,
            ),
            apply=_apply_household,
            name_of=lambda h: _("hộ %(name)s năm %(year)s", name=h.household, year=h.year),
            search=lambda: HouseholdAssessment.search_key,
            year=lambda: HouseholdAssessment.year,
            hint=_l(
                "Một hộ đạt đủ 8 tiêu chí trong bất kỳ năm nào của kỳ báo cáo được tính một lần."
            ),
        ),
        RegisterSpec(
            slug="ratings",
            model=UnitRating,
            form=RatingForm,
            title=_l("Xếp loại thi đua"),
            singular=_l("xếp loại"),
            fields=("year", "rating", "notes"),
            columns=(
                Column(_l("Năm"), lambda r: str(r.year)),
                Column(_l("Đơn vị"), _unit),
                Column(_l("Xếp loại"), lambda r: r.rating.label),
                Column(_l("Ghi chú"), lambda r: r.notes),
            ),
            order_by=lambda: (UnitRating.year.desc(), UnitRating.unit_id),
            apply=_apply_rating,
            name_of=lambda r: _(
                "xếp loại năm %(year)s của %(unit)s", year=r.year, unit=r.unit.full_name
            ),
            year=lambda: UnitRating.year,
        ),
    )
}


def list_records(
    spec: RegisterSpec, user: User, q: str, year: int | None, page: int, per_page: int
):
    """One page of the register's records the user may see."""
    m = spec.model
    stmt: Select = scoped(select(m), m.unit_id, user).options(selectinload(m.unit))
    if q.strip() and spec.search is not None:
        stmt = stmt.where(spec.search().contains(search_key(q), autoescape=True))
    if year and spec.year is not None:
        stmt = stmt.where(spec.year() == year)
    stmt = stmt.order_by(*spec.order_by())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def count_records(spec: RegisterSpec, user: User) -> int:
    m = spec.model
    return db.session.scalar(scoped(select(func.count(m.id)), m.unit_id, user))


def save_record(spec: RegisterSpec, record, form: FlaskForm, user: User) -> None:
    """Create (``record`` new) or update a record from its form."""
    unit_id = form.unit_id.data
    if unit_id is None:
        raise ActivityError("unit_id", _("Vui lòng chọn đơn vị."))
    require_write(user, unit_id)
    if record.id is not None:
        require_write(user, record.unit_id)
        check_version(record, form.version.data)
    spec.apply(record, form)
    record.unit_id = unit_id
    if record.id is None:
        db.session.add(record)
    flush(spec.date_field)


def delete_record(record, user: User) -> None:
    require_write(user, record.unit_id)
    move_to_trash(record)
    db.session.flush()
