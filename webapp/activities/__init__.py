"""The activities area: the activity log, clubs, mediation, the "5 có 3 sạch" campaign, unit
ratings, manual statistics, congress targets, and the shared lists admins extend.

Every page needs a logged-in user; the scope rules (webapp/scope.py) decide the rest.
"""

from flask import Blueprint

from webapp.guards import refuse_read_only_posts, require_login

bp = Blueprint("activities", __name__, url_prefix="/activities")
require_login(bp)
# Read-only accounts never change anything here: refuse before any form is looked at.
refuse_read_only_posts(bp)


from webapp.activities import routes  # noqa: E402,F401
