"""Error pages that help the user and leak nothing (no traceback, no ids, no SQL)."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from webapp.extensions import db
from webapp.locking import PeriodLocked

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Yêu cầu không hợp lệ"), _l("Yêu cầu gửi lên không đúng định dạng.")),
    403: (_l("Không có quyền"), _l("Bạn không có quyền xem hoặc thay đổi nội dung này.")),
    404: (
        _l("Không tìm thấy"),
        _l("Trang hoặc bản ghi bạn tìm không tồn tại, hoặc nằm ngoài phạm vi của bạn."),
    ),
    405: (_l("Không được phép"), _l("Thao tác này không được hỗ trợ ở đây.")),
    413: (_l("Tệp quá lớn"), _l("Tệp hoặc nội dung gửi lên vượt quá dung lượng cho phép.")),
    423: (
        _l("Kỳ báo cáo đã khoá"),
        _l("Kỳ báo cáo này đã gửi; số liệu trong kỳ không thể thay đổi."),
    ),
    429: (
        _l("Thử quá nhiều lần"),
        _l("Bạn đã thử quá nhiều lần. Vui lòng đợi một lát rồi thử lại."),
    ),
    500: (
        _l("Lỗi hệ thống"),
        _l("Đã có lỗi xảy ra. Dữ liệu của bạn không bị thay đổi; vui lòng thử lại sau."),
    ),
}
CSRF_MESSAGE = _l(
    "Phiên làm việc đã hết hạn hoặc trang đã mở quá lâu. Nội dung bạn nhập vẫn còn trên "
    "trang; vui lòng bấm gửi lại."
)


def _render(code: int, message: str | None = None):
    title, default = MESSAGES.get(code, MESSAGES[500])
    template = "errors/_message.html" if request.htmx else "errors/page.html"
    # Translated here, shown escaped by the templates (a message may quote what a user typed).
    text = str(message or default)
    return render_template(template, code=code, title=str(title), message=text), code


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError):
        log.info("CSRF refused on %s: %s", request.path, exc.description)
        # For HTMX requests the page is not replaced (htmx ignores 4xx bodies unless told), so
        # what the user typed stays; app.js fetches a fresh token and shows this message.
        return _render(400, CSRF_MESSAGE)

    @app.errorhandler(PeriodLocked)
    def _locked(exc: PeriodLocked):
        db.session.rollback()
        return _render(423, str(exc))

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        if exc.code is None or exc.code < 400:
            return exc
        # A refusal that explains itself (webapp.fields.BadQuery) shows its own message.
        return _render(exc.code, getattr(exc, "user_message", None))

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        db.session.rollback()
        log.exception("unhandled error on %s %s", request.method, request.path)
        return _render(500)
