"""Demo records of the charity area (see webapp/demo/__init__.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from webapp.demo import Demo


def seed(demo: Demo) -> None:
    """Add the charity records of the demo commune."""
