"""Fixtures of the reports tests."""

from __future__ import annotations

from datetime import date

import pytest

from webapp.extensions import db
from webapp.models import Member
from webapp.text import search_key


@pytest.fixture()
def members_in_commune_a(world) -> str:
    """Three members of commune A's branches, all joined before 2023; the total as printed."""
    for i, unit in enumerate((world.branch_a1, world.branch_a1, world.branch_a2)):
        name = f"Nguyễn Thị Mẫu {i}"
        db.session.add(
            Member(
                unit_id=unit.id,
                full_name=name,
                search_key=search_key(name),
                birth_year=1980,
                joined_on=date(2015, 1, 1),
            )
        )
    db.session.commit()
    return "3"
