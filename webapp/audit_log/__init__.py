"""The admins' audit page: who changed what, when; filter and export to .xlsx."""

from flask import Blueprint

from webapp.admin_only import restrict_to_admins

bp = Blueprint("audit_log", __name__, url_prefix="/admin/audit")
restrict_to_admins(bp)

from webapp.audit_log import routes  # noqa: E402,F401
