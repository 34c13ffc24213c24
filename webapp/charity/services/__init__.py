"""The charity area's business rules, one module per register (see each module)."""

from webapp.charity.services.common import STALE, CharityError

__all__ = ["STALE", "CharityError"]
