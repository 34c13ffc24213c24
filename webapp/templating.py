"""What every template can use: the Vietnamese formatting filters and the navigation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp import formatting

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class NavItem:
    label: str  # a lazy string, translated when the menu is drawn
    endpoint: str
    admin_only: bool = False


# The areas of the product, in the order users meet them. An area whose blueprint is not
# there yet shows as "sắp có" instead of a dead link.
NAVIGATION = (
    NavItem(_l("Tổng quan"), "main.index"),
    NavItem(_l("Hội viên"), "members.index"),
    NavItem(_l("Hoạt động"), "activities.index"),
    NavItem(_l("Vốn vay"), "loans.index"),
    NavItem(_l("Từ thiện"), "charity.index"),
    NavItem(_l("Chỉ tiêu"), "activities.targets"),
    NavItem(_l("Báo cáo"), "reports.index"),
    NavItem(_l("Tài khoản"), "accounts.index", admin_only=True),
    NavItem(_l("Đơn vị"), "units.index", admin_only=True),
    NavItem(_l("Nhật ký"), "audit_log.index", admin_only=True),
    NavItem(_l("Thùng rác"), "trash_bin.index"),
    NavItem(_l("Hệ thống"), "system.health", admin_only=True),
)


def local_datetime(value: datetime | None) -> str:
    """A stored UTC time as Vietnamese local time, "20/10/2023 14:05"."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")


def _record_history(record: object) -> list:
    from webapp.audit_log.services import history

    return history(record)


def init_app(app: Flask) -> None:
    """Register the filters and the context processor."""
    for name in (
        "number",
        "percent",
        "money",
        "billions",
        "millions",
        "date_short",
        "date_long",
        "fraction",
        "money_in_words",
    ):
        app.jinja_env.filters[name] = getattr(formatting, name)
    app.jinja_env.filters["local_datetime"] = local_datetime
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["record_history"] = _record_history
    app.jinja_env.filters["reject_keys"] = lambda d, *keys: {
        k: v for k, v in d.items() if k not in keys
    }
    app.jinja_env.globals["now_local"] = lambda: datetime.now(LOCAL_TZ).strftime("%H:%M:%S")

    @app.context_processor
    def _navigation() -> dict:
        items = []
        if current_user.is_authenticated:
            for item in NAVIGATION:
                if item.admin_only and not current_user.is_admin:
                    continue
                available = item.endpoint in current_app.view_functions
                active = (
                    available
                    and request.endpoint is not None
                    and request.endpoint.split(".")[0] == item.endpoint.split(".")[0]
                )
                items.append((item, available, active))
        return {"navigation": items}
