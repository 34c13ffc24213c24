"""The demo's 2025 reorganisation: Đức Xương and a neighbour merge into a new commune.

Up to 30/06/2025 the tree is the seed's: Tỉnh Hà Tĩnh → Huyện Đức Thọ → Xã Đức Xương (and, new
here, Xã Đức Yên with three branches and a few hundred generated members). From 01/07/2025 the
two form Xã Đức Minh directly under the province (the district level is gone); Đức Xương's four
branches stay as they are, and Đức Yên's "Yên Lạc" is merged into "Yên Hòa" (its members are
transferred on that day). The seed's 2021–2023 figures for Đức Xương are untouched: everything
here is either another commune's or dated from 01/07/2025 (docs/STRUCTURE.md).

Drawn from random.Random(2025): the same on every run.
"""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import insert

from webapp.demo import Demo
from webapp.demo.members import BRANCH_WOMEN, _day, _events, _insert, _member, _woman
from webapp.extensions import db
from webapp.models import Unit, UnitKind
from webapp.models.base import utcnow
from webapp.models.members import LeaveReason, Member, WomenPopulation

MERGED_ON = date(2025, 7, 1)
NEIGHBOUR = "Đức Yên"
NEW_COMMUNE = "Đức Minh"
NEIGHBOUR_BRANCHES = (("Yên Thịnh", 120), ("Yên Hòa", 95), ("Yên Lạc", 70))


def _neighbour(demo: Demo) -> tuple[Unit, list[Unit]]:
    commune = Unit(name=NEIGHBOUR, kind=UnitKind.COMMUNE, parent_id=demo.district.id)
    db.session.add(commune)
    db.session.flush()
    branches = [
        Unit(name=name, kind=UnitKind.BRANCH, parent_id=commune.id)
        for name, _size in NEIGHBOUR_BRANCHES
    ]
    db.session.add_all(branches)
    db.session.flush()
    return commune, branches


def _members(rng: random.Random, branches: list[Unit]) -> list[dict]:
    """Members over the years: most joined before 2021, some in 2021–2024, a few in 2025 on
    both sides of the merge, and a few who left."""
    rows = []
    for branch, (_name, size) in zip(branches, NEIGHBOUR_BRANCHES, strict=True):
        for i in range(size):
            born = rng.randint(1950, 2002)  # 18 by 2020 at the latest
            if i % 20 == 0:
                joined = _day(rng, date(2025, 1, 5), date(2025, 11, 20))
            elif i % 10 == 0:
                joined = _day(rng, date(2021, 1, 1), date(2024, 12, 31))
            else:
                joined = _day(rng, date(max(1990, born + 18), 1, 1), date(2020, 12, 31))
            extra = {}
            if i % 37 == 5:
                extra = {
                    "left_on": _day(rng, date(2021, 3, 1), date(2025, 10, 31)),
                    "leave_reason": rng.choice(list(LeaveReason)),
                }
            rows.append(
                _member(
                    rng,
                    branch,
                    _woman(rng),
                    born,
                    joined,
                    is_core=rng.random() < 0.25,
                    attends_regularly=rng.random() < 0.85,
                    **extra,
                )
            )
    return rows


def _population(demo: Demo, branches: list[Unit]) -> None:
    """Women aged 18+ per branch and year: the neighbour's for 2021–2025, and Đức Xương's for
    2024–2025 (the seed gives 2021–2023), so that the gathering rate of 2025 covers both."""
    now = utcnow()
    figures = [
        (branch.id, year, round(size * 1.1) + (year - 2021))
        for year in range(2021, 2026)
        for branch, (_name, size) in zip(branches, NEIGHBOUR_BRANCHES, strict=True)
    ] + [
        (branch.id, year, women + 2 * (year - 2023))
        for year in (2024, 2025)
        for branch, women in zip(demo.branches, BRANCH_WOMEN[2023], strict=True)
    ]
    db.session.execute(
        insert(WomenPopulation),
        [
            {
                "unit_id": unit_id,
                "year": year,
                "women_18plus": women,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            for unit_id, year, women in figures
        ],
    )


def seed(demo: Demo) -> None:
    """Add the neighbour commune and carry out the 2025 merge (the caller commits)."""
    from webapp.units.services.merges import MergePlan, merge_communes

    rng = random.Random(2025)  # noqa: S311 (a fixed seed: the demo is the same every time)
    neighbour, branches = _neighbour(demo)
    rows = _members(rng, branches)
    ids = _insert(Member, rows)
    _events(rows, ids)
    _population(demo, branches)
    db.session.flush()
    yen_hoa, yen_lac = branches[1], branches[2]
    successor = merge_communes(
        MergePlan(
            communes=[demo.commune, neighbour],
            on=MERGED_ON,
            new_name=NEW_COMMUNE,
            new_parent=demo.province,
            branch_into={yen_lac.id: yen_hoa.id},
        )
    )
    demo.extra["merged_into"] = successor
    demo.extra["neighbour"] = neighbour
