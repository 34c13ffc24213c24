"""The admins' audit page: who changed what, when; filter and export to .xlsx."""

from flask import Blueprint

from webapp.guards import restrict_to_admins

bp = Blueprint("audit_log", __name__, url_prefix="/admin/audit")
restrict_to_admins(bp)


@bp.record_once
def _template_helpers(state) -> None:
    """Every page that shows a record's history (any area) reads entries through these."""
    from webapp.audit_log import present

    state.app.jinja_env.globals.update(
        describe_changes=present.describe,
        area_label=present.area_label,
        job_kind_label=present.job_kind_label,
        audit_action_label=present.action_label,
    )


from webapp.audit_log import routes  # noqa: E402,F401
