"""Imports and exports of whole registers: loan portfolio, savings balances, beneficiaries and
cadres, through one engine (webapp/imports/engine.py) and one set of pages.

Every page needs a logged-in user; what she may import into or export is decided by
webapp/scope.py.
"""

from flask import Blueprint

from webapp.guards import require_login

bp = Blueprint("imports", __name__, url_prefix="/imports")
require_login(bp)


from webapp.imports import routes  # noqa: E402,F401


@bp.app_template_global()
def savings_reconciliation(statement):
    """The savings lines of a bank statement, for templates/loans/statement.html."""
    from webapp.imports.statement_savings import savings_reconciliation as lines

    return lines(statement)
