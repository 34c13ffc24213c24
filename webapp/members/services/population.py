"""Women aged 18+ per unit and year: the denominator of the gathering rate, entered by hand.

A year's figure is entered at one level only along any branch of the tree (a commune's figure,
or its branches' figures, not both), so the sum over any subtree counts nobody twice.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, select

from webapp.extensions import db
from webapp.members.services.dues import check_year
from webapp.models import Unit, User
from webapp.models.members import WomenPopulation
from webapp.refusals import Problems, RecordError
from webapp.scope import scoped, subtree_ids


def population_list(user: User) -> Select:
    """Figures in the user's scope, newest year first."""
    return scoped(
        select(WomenPopulation).join(WomenPopulation.unit), WomenPopulation.unit_id, user
    ).order_by(WomenPopulation.year.desc(), Unit.name)


def _ancestors(unit: Unit) -> list[Unit]:
    found = []
    parent = unit.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


def check_population(
    unit: Unit | None, year: int | None, women: int | None, today: date | None = None
) -> None:
    """Every rule of a figure at once: a unit, a year, a number, and no figure of the same year
    above or below the unit (it would be counted twice)."""
    problems = Problems()
    if unit is None:
        problems.add("unit_id", _("Vui lòng chọn đơn vị."))
    problems.check(check_year, year, today)
    if women is None:
        problems.add("women_18plus", _("Vui lòng nhập số phụ nữ."))
    elif women < 0:
        problems.add("women_18plus", _("Không được nhập số âm."))
    if unit is not None and year is not None:
        problems.check(_check_one_level, unit, year)
    problems.raise_any()


def _check_one_level(unit: Unit, year: int) -> None:
    related = [u.id for u in _ancestors(unit)]
    related += [i for i in db.session.scalars(subtree_ids(unit.id)) if i != unit.id]
    clash = db.session.scalar(
        select(WomenPopulation).where(
            WomenPopulation.year == year, WomenPopulation.unit_id.in_(related)
        )
    )
    if clash is not None:
        raise RecordError(
            "unit_id",
            _(
                "Năm %(year)s đã có số liệu ở %(unit)s; mỗi năm chỉ nhập ở một cấp "
                "để không bị tính trùng.",
                year=year,
                unit=clash.unit.full_name,
            ),
        )


def set_population(
    unit: Unit, year: int | None, women: int | None, today: date | None = None
) -> WomenPopulation:
    """Record (or correct) the figure of ``unit`` for ``year``."""
    check_population(unit, year, women, today)
    row = db.session.scalar(
        select(WomenPopulation).where(
            WomenPopulation.unit_id == unit.id, WomenPopulation.year == year
        )
    )
    if row is None:
        row = WomenPopulation(unit_id=unit.id, year=year, women_18plus=women)
        db.session.add(row)
    else:
        row.women_18plus = women
    db.session.flush()
    return row
