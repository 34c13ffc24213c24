"""What every template can use: the Vietnamese formatting filters and the navigation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, g, request, url_for
from flask_babel import get_locale, get_translations
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp import formatting
from webapp.audit_log.services import history


@dataclass(frozen=True)
class NavItem:
    label: str  # a lazy string, translated when the menu is drawn
    endpoint: str
    admin_only: bool = False


# The areas of the product, in the order users meet them (every one is a blueprint that
# create_app registers).
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
    NavItem(_l("Dữ liệu cá nhân"), "privacy.index", admin_only=True),
    NavItem(_l("Thùng rác"), "trash_bin.index"),
    NavItem(_l("Hệ thống"), "system.health", admin_only=True),
)


def _translations():
    """flask_babel's catalogue for the request's locale, remembered on its request context next
    to the locale it belongs to (``force_locale`` swaps the locale object: looked up again)."""
    ctx = g.get("_flask_babel")
    locale = getattr(ctx, "babel_locale", None)
    cached = getattr(ctx, "sohoi_translations", None)
    if cached is not None and locale is not None and cached[0] is locale:
        return cached[1]
    translations = get_translations()
    ctx = g.get("_flask_babel")
    locale = getattr(ctx, "babel_locale", None)
    if ctx is not None and locale is not None:
        ctx.sohoi_translations = (locale, translations)
    return translations


def row_count(pagination: Any) -> str:
    """A list's total as written: "1.234", or "hơn 10.000" past the count's cap."""
    if getattr(pagination, "capped", False):
        return _("hơn %(n)s", n=formatting.number(pagination.cap))
    return formatting.number(pagination.total or 0)


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
        "local_datetime",
    ):
        app.jinja_env.filters[name] = getattr(formatting, name)
    # Templates call _() a hundred times a page: look the catalogue up once per request and
    # locale instead of through flask_babel's nine context lookups per string.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["record_history"] = history
    app.jinja_env.filters["reject_keys"] = lambda d, *keys: {
        k: v for k, v in d.items() if k not in keys
    }
    app.jinja_env.filters["row_count"] = row_count
    app.jinja_env.globals["now_local"] = lambda: formatting.local_now().strftime("%H:%M:%S")

    @app.context_processor
    def _navigation() -> dict:
        items = []
        if current_user.is_authenticated:
            shown = [i for i in NAVIGATION if not i.admin_only or current_user.is_admin]
            # One item is highlighted: the one whose address is the longest start of this page's
            # ("Chỉ tiêu" on /activities/targets/…, not "Hoạt động" too); else its blueprint's.
            paths = {i.endpoint: url_for(i.endpoint) for i in shown}
            matches = [
                i
                for i in shown
                if paths[i.endpoint] != "/" and request.path.startswith(paths[i.endpoint])
            ]
            best = max(matches, key=lambda i: len(paths[i.endpoint]), default=None)
            for item in shown:
                if best is not None:
                    active = item is best
                elif request.path == "/":
                    active = item.endpoint == "main.index"
                else:
                    active = (
                        request.endpoint is not None
                        and request.endpoint.split(".")[0] == item.endpoint.split(".")[0]
                    )
                items.append((item, active))
        return {"navigation": items}
