"""The guards an area puts on its blueprint, one line each in its ``__init__.py``.

- ``require_login(bp)``: every view needs a logged-in user (anonymous → the login page); what
  the user then sees and may change is decided by webapp/scope.py.
- ``restrict_to_admins(bp)``: the admin areas (accounts, units, system, audit): others get 403.
- ``refuse_read_only_posts(bp)``: an area where a read-only account never submits anything gets
  403 before any form is read (activities).
"""

from __future__ import annotations

from flask import Blueprint, abort, request
from flask_login import current_user, login_required


def require_login(bp: Blueprint) -> None:
    """Every view of ``bp`` needs a logged-in user."""

    @bp.before_request
    @login_required
    def _logged_in() -> None:
        return None


def restrict_to_admins(bp: Blueprint) -> None:
    """Every view of ``bp`` needs a logged-in admin: anonymous → login, others → 403."""

    @bp.before_request
    @login_required
    def _admins_only():
        if not current_user.is_admin:
            abort(403)


def refuse_read_only_posts(bp: Blueprint) -> None:
    """A POST to ``bp`` from a read-only account is refused with 403."""

    @bp.before_request
    def _read_only_posts() -> None:
        if (
            request.method == "POST"
            and current_user.is_authenticated
            and not current_user.role.can_write
        ):
            abort(403)
