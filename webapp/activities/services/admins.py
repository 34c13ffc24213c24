"""Who may change what every unit shares: the activity kinds, tags and output units without a
unit, and the definitions of manual statistics."""

from __future__ import annotations

from flask import abort

from webapp.models import Role, User


def is_system_admin(user: User) -> bool:
    """An admin whose scope is the whole system: the only one who may change the lists every
    unit shares (activity kinds, tags, output units, manual statistics)."""
    return user.role is Role.ADMIN and user.unit_id is None


def require_system_admin(user: User) -> None:
    """403 for anybody but an admin of the whole system."""
    if not is_system_admin(user):
        abort(403)
