"""The activities area: the activity log, clubs, mediation, the "5 có 3 sạch" campaign, unit
ratings, manual statistics, congress targets, and the shared lists admins extend.

Every page needs a logged-in user; the scope rules (webapp/scope.py) decide the rest.
"""

from flask import Blueprint, abort, request
from flask_login import current_user, login_required

bp = Blueprint("activities", __name__, url_prefix="/activities")


@bp.before_request
@login_required
def _logged_in_only():
    # Read-only accounts never change anything here: refuse before any form is looked at.
    if request.method == "POST" and not current_user.role.can_write:
        abort(403)


from webapp.activities import routes  # noqa: E402,F401
