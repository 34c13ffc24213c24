"""The demo data set: the commune union of Đức Xương from the seed report (DESIGN.md).

``seed_demo()`` builds the unit tree, then asks each area's module to add its records so that
the indicators for the half-term 2021-01-01 … 2023-10-20 reproduce the seed report's figures,
and finally carries out the 2025 merge into a new commune under the province (merge2025.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from flask_babel import force_locale
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Unit, UnitKind

# The half-term of the seed report (mid-term report 2021–2026, dated 20/10/2023).
HALF_TERM_START = date(2021, 1, 1)
HALF_TERM_END = date(2023, 10, 20)
TERM_START = date(2021, 1, 1)
TERM_END = date(2026, 12, 31)
BRANCH_NAMES = ("An Cư 1", "An Cư 2", "Trung Hà", "Trung Lương")


class DemoRefused(RuntimeError):
    """The database already holds other data."""


@dataclass
class Demo:
    """What the area seeders share: the units they attach records to."""

    province: Unit
    district: Unit
    commune: Unit
    branches: list[Unit]
    extra: dict = field(default_factory=dict)


def _seed_units() -> Demo:
    province = Unit(name="Hà Tĩnh", kind=UnitKind.PROVINCE)
    db.session.add(province)
    db.session.flush()
    district = Unit(name="Đức Thọ", kind=UnitKind.DISTRICT, parent_id=province.id)
    db.session.add(district)
    db.session.flush()
    commune = Unit(name="Đức Xương", kind=UnitKind.COMMUNE, parent_id=district.id)
    db.session.add(commune)
    db.session.flush()
    branches = [Unit(name=n, kind=UnitKind.BRANCH, parent_id=commune.id) for n in BRANCH_NAMES]
    db.session.add_all(branches)
    db.session.flush()
    return Demo(province, district, commune, branches)


# Share of the whole load done once each step is written (measured: the members and the 2025
# merge take most of the time), for the progress bar of the "Nạp dữ liệu mẫu" job.
DONE_AFTER = {
    "units": 2,
    "members": 28,
    "loans": 46,
    "charity": 54,
    "activities": 60,
    "merge2025": 92,
    "recent": 99,
}


def demo_refusal() -> str | None:
    """Why the demo cannot be loaded now (the database holds units), or None."""
    if db.session.scalar(select(func.count()).select_from(Unit)):
        return "Cơ sở dữ liệu đã có dữ liệu; chỉ nạp dữ liệu mẫu vào một hệ thống trống."
    return None


def seed_demo(progress: Callable[[int], None] | None = None, today: date | None = None) -> Demo:
    """Build the demo commune; refuses when any unit already exists. The caller commits.

    ``progress(percent)`` is told after each step (see DONE_AFTER). Its records go on up to
    ``today`` (the union's today unless given: tests load the demo as of a later day).
    """
    refusal = demo_refusal()
    if refusal:
        raise DemoRefused(refusal)
    step = progress or (lambda percent: None)
    demo = _seed_units()
    step(DONE_AFTER["units"])
    from webapp.demo import activities, charity, loans, members, merge2025

    # The records are written in Vietnamese (labels copied into them) even when an admin who
    # reads English loads the demo from the first-run page.
    with force_locale("vi"):
        # Order matters: later areas link to members (borrowers, beneficiaries, targets).
        for area in (members, loans, charity, activities):
            area.seed(demo)
            db.session.flush()
            step(DONE_AFTER[area.__name__.rsplit(".", 1)[-1]])
        # Last: the 2025 merge (a neighbour commune, then both into a new commune), dated so
        # that every figure above, for 2021–2023, stays the seed's.
        merge2025.seed(demo)
        db.session.flush()
        step(DONE_AFTER["merge2025"])
        # Then the living union: records from the day after the seed period up to today.
        from webapp.demo import recent
        from webapp.formatting import local_today

        recent.seed(demo, today or local_today())
        db.session.flush()
        step(DONE_AFTER["recent"])
    return demo
