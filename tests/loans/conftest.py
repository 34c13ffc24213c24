"""Fixtures of the loans tests."""

from __future__ import annotations

import pytest

from tests.loans.factories import LoanWorld, loan_world


@pytest.fixture()
def lw(world) -> LoanWorld:
    """One record of every loans kind in commune A (:class:`LoanWorld`)."""
    return loan_world(world)
