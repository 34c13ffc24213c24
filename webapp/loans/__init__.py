"""The loans area: entrusted bank loans, savings-and-loan groups, savings, bank statements and
rotating capital groups (routes, forms and services live beside this blueprint)."""

from flask import Blueprint

from webapp.guards import require_login

bp = Blueprint("loans", __name__, url_prefix="/loans")
require_login(bp)


@bp.context_processor
def _helpers() -> dict:
    """What the loans templates use to decide whether to show a form."""
    from flask_login import current_user

    from webapp.scope import can_write_unit

    return {"can_write": lambda unit_id: can_write_unit(current_user, unit_id)}


from webapp.loans import routes  # noqa: E402,F401
