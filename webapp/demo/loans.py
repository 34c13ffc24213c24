"""Demo records of the loans area (see webapp/demo/__init__.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from webapp.demo import Demo


def seed(demo: Demo) -> None:
    """Add the loans records of the demo commune."""
