"""Least privilege for personal details: who may open a person's record.

Staff and branch accounts work on their units' people and see their details (the scope
function already limits them to their units). A viewer placed at a district or province sees
figures, reports and lists of names, but no person's record page and no page that lists
personal details (insurance, Party referrals, loans per household, …), unless an admin grants
``sees_personal_details``. One before-request check covers every area: a record page is known by
its URL argument (``registry.record_tables``), a list by its endpoint (``DETAIL_ENDPOINTS``).
"""

from __future__ import annotations

from flask import Flask, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import Forbidden

from webapp.models import Role, UnitKind, User
from webapp.privacy.registry import DETAIL_ENDPOINTS, record_tables

ABOVE_COMMUNE = (UnitKind.PROVINCE, UnitKind.DISTRICT)


def sees_details(user: User) -> bool:
    """True when ``user`` may open pages with people's personal details."""
    if user.role is not Role.VIEWER:
        return True
    if user.sees_personal_details:
        return True
    return user.unit is not None and user.unit.kind not in ABOVE_COMMUNE


def is_detail_page(endpoint: str | None, view_args: dict | None) -> bool:
    """True for a person's record page or a page listing personal details."""
    if endpoint in DETAIL_ENDPOINTS:
        return True
    args = view_args or {}
    return any(arg in args for arg in record_tables())


def _guard() -> None:
    if not getattr(current_user, "is_authenticated", False):
        return
    if is_detail_page(request.endpoint, request.view_args) and not sees_details(current_user):
        error = _(
            "Tài khoản xem của cấp huyện, tỉnh chỉ xem số liệu tổng hợp và danh sách tên; "
            "muốn xem thông tin cá nhân chi tiết, hãy đề nghị quản trị cấp quyền."
        )
        refusal = Forbidden()
        refusal.user_message = error  # shown by webapp/errors.py
        raise refusal


def init_app(app: Flask) -> None:
    """Check every request before its view runs."""
    app.before_request(_guard)
