"""The home page and the public liveness probe; the rule that read-only accounts are not shown
forms they cannot use."""

from flask import Blueprint, abort, request
from flask_login import current_user

bp = Blueprint("main", __name__)

# Pages that show a form and save it at the same URL (GET + POST) and exist only for that form —
# the "new" and "edit" pages, by their endpoint names — are of no use to a read-only account: it
# is refused at once instead of typing into a form whose save is refused. Other pages that also
# take a form (a household, a report, the dues sheet) open and hide their forms instead.
FORM_PAGES = ("new", "create", "edit")
READ_ONLY_MAY_OPEN = {
    "auth.change_password",
    "auth.login",
    "reports.show",
    "loans.grid",
    "members.dues",
    "members.population",
}


@bp.record_once
def _template_filters(state) -> None:
    from webapp.main.labels import measure_label

    state.app.jinja_env.filters["measure"] = measure_label


@bp.before_app_request
def _no_edit_pages_for_read_only_accounts() -> None:
    if request.method != "GET" or request.url_rule is None:
        return
    if not current_user or not current_user.is_authenticated or current_user.role.can_write:
        return
    methods = request.url_rule.methods or set()
    name = (request.endpoint or "").rsplit(".", 1)[-1]
    form_page = name in FORM_PAGES or name.endswith(tuple("_" + n for n in FORM_PAGES))
    if "POST" in methods and form_page and request.endpoint not in READ_ONLY_MAY_OPEN:
        abort(403)


from webapp.main import routes  # noqa: E402,F401
