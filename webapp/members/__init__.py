"""The members area: members, dues, population, cadres, insurance and Party referrals.

One blueprint; its views are split by register in webapp/members/routes/, its rules in
webapp/members/services/. Every page needs a logged-in user; what she sees and may change is
decided by webapp/scope.py.
"""

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("members", __name__, url_prefix="/members")


@bp.before_request
@login_required
def _logged_in() -> None:
    """Every view of the area needs a login (anonymous users go to the login page)."""


from webapp.members import routes  # noqa: E402,F401
