"""The guard shared by the admin areas (accounts, units, system)."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user, login_required


def restrict_to_admins(bp: Blueprint) -> None:
    """Every view of ``bp`` needs a logged-in admin: anonymous → login, others → 403."""

    @bp.before_request
    @login_required
    def _admins_only():
        if not current_user.is_admin:
            abort(403)
