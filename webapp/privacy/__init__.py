"""Personal data (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15): what is held and why, who read it,
members' basis of processing, data subjects' requests, anonymisation and retention.

Reads are logged for every area by one after-request hook (webapp/privacy/reads.py).
"""

from flask import Blueprint

from webapp.guards import require_login

bp = Blueprint("privacy", __name__, url_prefix="/privacy")
require_login(bp)  # the admin pages check the role themselves


@bp.record_once
def _install(state) -> None:
    from webapp.privacy import access, reads

    access.init_app(state.app)
    reads.init_app(state.app)
    state.app.jinja_env.globals["record_viewers"] = reads.viewers_of
    state.app.jinja_env.globals["requests_due"] = _requests_due
    state.app.jinja_env.globals["sees_personal_details"] = _sees_personal_details


def _sees_personal_details() -> bool:
    """Whether the user may see people's details beyond their names (webapp/privacy/access.py)."""
    from flask_login import current_user

    from webapp.privacy.access import sees_details

    return bool(getattr(current_user, "is_authenticated", False)) and sees_details(current_user)


def _requests_due() -> list:
    """Unanswered data subjects' requests of the user's units due soon (home page)."""
    from flask_login import current_user

    from webapp.privacy.services import open_requests_near_deadline
    from webapp.scope import visible_unit_ids

    if not getattr(current_user, "is_authenticated", False):
        return []
    return open_requests_near_deadline(visible_unit_ids(current_user))


from webapp.privacy import routes  # noqa: E402,F401
