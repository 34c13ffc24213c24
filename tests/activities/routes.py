"""Routes of the activities area for the authorization matrix (see tests/routes.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# endpoint → world → URL arguments of a record of commune A (outside commune B's scope)
RECORD_ARGS: dict[str, Callable[[Any], dict]] = {}
