"""Fixtures of the reports tests."""

from __future__ import annotations

from datetime import date

import pytest

from tests.members.factories import make_member


@pytest.fixture()
def members_in_commune_a(world) -> str:
    """Three members of commune A's branches, all joined before 2023; the total as printed."""
    for i, unit in enumerate((world.branch_a1, world.branch_a1, world.branch_a2)):
        make_member(unit, f"Nguyễn Thị Mẫu {i}", joined_on=date(2015, 1, 1))
    return "3"
