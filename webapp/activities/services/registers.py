"""The small registers of the area — clubs, mediation cases, "5 có 3 sạch" households and
unit ratings — described once each (form, list columns, rules) and saved by the same rules:
the unit must be one the user may change, edits carry the version they were based on, deleting
moves to the trash.

Each register's rules take a dataclass of plain values (``ClubData``, …) and check everything
before changing anything, so a form shows all its mistakes in one answer (``check_record``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, extract, select
from sqlalchemy.orm import selectinload

from webapp import formatting
from webapp.activities.services.store import flush
from webapp.extensions import db
from webapp.formatting import local_today
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
from webapp.refusals import Problems, check_version
from webapp.scope import require_write, scoped
from webapp.text import nfc, search_key
from webapp.trash import move_to_trash


@dataclass
class ClubData:
    """A club or team as typed (dates parsed; None where left empty)."""

    unit_id: int | None
    name: str | None
    kind: str | None  # a ClubKind value
    members_count: int | None
    founded_on: date | None = None
    dissolved_on: date | None = None
    notes: str | None = ""


@dataclass
class MediationData:
    """A mediation case as typed."""

    unit_id: int | None
    held_on: date | None
    kind: str | None  # a MediationKind value
    outcome: str | None  # a MediationOutcome value
    summary: str | None = ""


@dataclass
class HouseholdData:
    """A household's "5 có 3 sạch" assessment as typed."""

    unit_id: int | None
    year: int | None
    household: str | None
    criteria: dict[str, bool] = field(default_factory=dict)  # CAMPAIGN_CRITERIA key → met


@dataclass
class RatingData:
    """A unit's yearly rating as typed."""

    unit_id: int | None
    year: int | None
    rating: str | None  # a Rating value
    notes: str | None = ""


@dataclass(frozen=True)
class Column:
    header: str  # lazy: shown in the user's language
    value: Callable[[Any], str]


@dataclass(frozen=True)
class RegisterSpec:
    """One register: its model, the dataclass its rules take, its list and its rules."""

    slug: str  # URL part and endpoint prefix
    model: type
    data: type  # the dataclass of typed values
    title: str  # lazy, like ``singular`` and ``hint``
    singular: str
    fields: tuple[str, ...]  # form fields shown, in order (after the unit)
    columns: tuple[Column, ...]
    order_by: Callable[[], tuple]
    check: Callable[[Any, Any, Problems], None]  # (record, data, problems): adds refusals
    apply: Callable[[Any, Any], None]  # (record, data): copies checked values into the record
    name_of: Callable[[Any], str]
    search: Callable[[], Any] | None = None  # the search_key column
    year: Callable[[], Any] | None = None  # the year of a record, for the year filter
    hint: str = ""
    date_field: str | None = None  # the form field a "period already reported" refusal goes to


def _unit(record) -> str:
    return record.unit.full_name


def _not_future(value, field_name: str, message: str, problems: Problems) -> None:
    if value is not None and value > local_today():
        problems.add(field_name, message)


def _check_year(value: int | None, problems: Problems, field_name: str = "year") -> bool:
    """True when ``value`` is a year a record may have."""
    if value is None:
        problems.add(field_name, _("Vui lòng nhập năm."))
        return False
    if not 2000 <= value <= local_today().year:
        problems.add(field_name, _("Năm phải từ 2000 đến %(year)s.", year=local_today().year))
        return False
    return True


def _check_club(club: Club, data: ClubData, problems: Problems) -> None:
    if not nfc(data.name):
        problems.add("name", _("Vui lòng nhập tên câu lạc bộ, tổ nhóm."))
    _not_future(
        data.founded_on, "founded_on", _l("Ngày ra mắt không được sau ngày hôm nay."), problems
    )
    if data.founded_on and data.dissolved_on and data.dissolved_on < data.founded_on:
        problems.add("dissolved_on", _("Ngày giải thể phải sau ngày ra mắt."))


def _apply_club(club: Club, data: ClubData) -> None:
    name = nfc(data.name)
    club.name, club.search_key = name, search_key(name)
    club.kind = ClubKind(data.kind)
    club.members_count = data.members_count or 0
    club.founded_on, club.dissolved_on = data.founded_on, data.dissolved_on
    club.notes = (data.notes or "").strip()


def _check_mediation(case: MediationCase, data: MediationData, problems: Problems) -> None:
    if data.held_on is None:
        problems.add("held_on", _("Vui lòng nhập ngày hoà giải."))
    _not_future(data.held_on, "held_on", _l("Ngày hoà giải không được sau ngày hôm nay."), problems)


def _apply_mediation(case: MediationCase, data: MediationData) -> None:
    case.held_on = data.held_on
    case.kind = MediationKind(data.kind)
    case.outcome = MediationOutcome(data.outcome)
    case.summary = nfc(data.summary)


def _check_household(h: HouseholdAssessment, data: HouseholdData, problems: Problems) -> None:
    name = nfc(data.household)
    if not name:
        problems.add("household", _("Vui lòng nhập tên chủ hộ."))
    if not _check_year(data.year, problems) or not name:
        return
    twin = db.session.scalar(
        select(HouseholdAssessment.id).where(
            HouseholdAssessment.unit_id == data.unit_id,
            HouseholdAssessment.search_key == search_key(name),
            HouseholdAssessment.year == data.year,
        )
    )
    if twin is not None and twin != h.id:
        problems.add(
            "household",
            _(
                "Hộ “%(name)s” đã được đánh giá năm %(year)s ở đơn vị này.",
                name=name,
                year=data.year,
            ),
        )


def _apply_household(h: HouseholdAssessment, data: HouseholdData) -> None:
    name = nfc(data.household)
    h.household, h.search_key, h.year = name, search_key(name), data.year
    for key, _label in CAMPAIGN_CRITERIA:
        setattr(h, key, bool(data.criteria.get(key)))


def _check_rating(r: UnitRating, data: RatingData, problems: Problems) -> None:
    if not _check_year(data.year, problems):
        return
    twin = db.session.scalar(
        select(UnitRating.id).where(
            UnitRating.unit_id == data.unit_id, UnitRating.year == data.year
        )
    )
    if twin is not None and twin != r.id:
        problems.add(
            "year",
            _("Đơn vị này đã có xếp loại năm %(year)s; hãy sửa bản ghi đó.", year=data.year),
        )


def _apply_rating(r: UnitRating, data: RatingData) -> None:
    r.year = data.year
    r.rating = Rating(data.rating)
    r.notes = nfc(data.notes)


REGISTERS: dict[str, RegisterSpec] = {
    spec.slug: spec
    for spec in (
        RegisterSpec(
            slug="clubs",
            model=Club,
            data=ClubData,
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
            check=_check_club,
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
            data=MediationData,
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
            check=_check_mediation,
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
            data=HouseholdData,
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
            check=_check_household,
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
            data=RatingData,
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
            check=_check_rating,
            apply=_apply_rating,
            name_of=lambda r: _(
                "xếp loại năm %(year)s của %(unit)s", year=r.year, unit=r.unit.full_name
            ),
            year=lambda: UnitRating.year,
        ),
    )
}


def records_stmt(spec: RegisterSpec, user: User, q: str, year: int | None) -> Select:
    """The register's records the user may see that match the filters (the list and its export)."""
    m = spec.model
    stmt: Select = scoped(select(m), m.unit_id, user).options(selectinload(m.unit))
    if q.strip() and spec.search is not None:
        stmt = stmt.where(spec.search().contains(search_key(q), autoescape=True))
    if year and spec.year is not None:
        stmt = stmt.where(spec.year() == year)
    return stmt.order_by(*spec.order_by())


def list_records(
    spec: RegisterSpec, user: User, q: str, year: int | None, page: int, per_page: int
):
    """One page of the register's records the user may see."""
    stmt = records_stmt(spec, user, q, year)
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def check_record(spec: RegisterSpec, record, data, user: User, version: int | None = None) -> None:
    """Every rule of the register at once: raises one RecordError carrying all refusals
    (nothing is changed). ``record`` is None for a new one."""
    record = record if record is not None else spec.model()
    problems = Problems()
    if record.id is not None:
        require_write(user, record.unit_id)
        problems.check(check_version, record, version)
    if data.unit_id is None:
        problems.add("unit_id", _("Vui lòng chọn đơn vị."))
    else:
        require_write(user, data.unit_id)
    spec.check(record, data, problems)
    problems.raise_any()


def save_record(spec: RegisterSpec, record, data, user: User, version: int | None = None) -> None:
    """Create (``record`` new) or update a record from its typed values."""
    check_record(spec, record, data, user, version)
    spec.apply(record, data)
    record.unit_id = data.unit_id
    if record.id is None:
        db.session.add(record)
    flush(spec.date_field)


def delete_record(record, user: User) -> None:
    """Move the record to the trash."""
    require_write(user, record.unit_id)
    move_to_trash(record)
    db.session.flush()
