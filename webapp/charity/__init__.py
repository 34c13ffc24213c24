"""The charity area: funds and their ledgers, beneficiaries, gifts and distributions, received
support and the "Mẹ đỡ đầu" sponsorships (routes, forms and services live beside it).

Every page needs a logged-in user; the scope rules (webapp/scope.py) decide the rest.
"""

from flask import Blueprint

from webapp.guards import require_login

bp = Blueprint("charity", __name__, url_prefix="/charity")
require_login(bp)


from webapp.charity import routes  # noqa: E402,F401
