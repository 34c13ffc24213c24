"""The members area: members, dues, population, cadres, insurance and Party referrals.

One blueprint; its views are split by register in webapp/members/routes/, its rules in
webapp/members/services/. Every page needs a logged-in user; what she sees and may change is
decided by webapp/scope.py.
"""

from flask import Blueprint

from webapp.guards import require_login

bp = Blueprint("members", __name__, url_prefix="/members")
require_login(bp)


from webapp.members import routes  # noqa: E402,F401
