"""Security baseline: CSRF everywhere, headers and CSP, cookie flags, size limit, error pages."""

from __future__ import annotations

import pytest

from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.extensions import db
from webapp.models import Unit


def test_a_post_without_csrf_token_is_refused_and_changes_nothing(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    response = admin.post(f"/admin/units/{world.branch_a1.id}/rename", data={"name": "Bị đổi"})
    assert response.status_code == 400
    assert "Phiên làm việc đã hết hạn" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Unit, world.branch_a1.id).name == "An Cư 2"


def test_htmx_requests_send_the_token_in_a_header(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    response = admin.post(
        f"/admin/units/{world.branch_a1.id}/rename",
        data={"name": "An Cư 3"},
        headers={"HX-Request": "true", "X-CSRFToken": admin.csrf_token()},
    )
    assert response.status_code == 200
    assert "An Cư 3" in response.get_data(as_text=True)


def test_an_expired_htmx_token_answers_a_fragment_that_keeps_the_page(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    response = admin.post(
        f"/admin/units/{world.branch_a1.id}/rename",
        data={"name": "X"},
        headers={"HX-Request": "true", "X-CSRFToken": "expired"},
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "<html" not in body and "vui lòng bấm gửi lại" in body


def test_pages_carry_security_headers_and_a_strict_csp(client):
    response = client.get("/auth/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data(as_text=True)
    assert "<script>" not in body and " on" + "click=" not in body  # no inline script
    assert "/static/vendor/htmx.min.js" in body


def test_session_cookie_is_httponly_and_samesite_lax(client, world):
    response = client.login("canbo_a", PASSWORD)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_session_cookie_is_secure_behind_https(settings, schema):
    from webapp import create_app
    from webapp.config import Config

    app = create_app(Config({**settings, "SESSION_COOKIE_SECURE": "1"}))
    assert app.config["SESSION_COOKIE_SECURE"] is True
    response = app.test_client().get("/auth/login")
    assert "Secure" in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" in response.headers


def test_request_size_is_limited(app, client):
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/auth/login", data={"username": big, "password": "x"})
    assert response.status_code == 413
    assert "Tệp quá lớn" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/khong-co-trang-nay", "/jobs/999999"])
def test_not_found_page_is_vietnamese_and_leaks_nothing(app, world, path):
    response = client_for(app, world.staff_a, PASSWORD).get(path)
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "Không tìm thấy" in body
    assert "Traceback" not in body and "werkzeug" not in body.lower()


def test_an_unexpected_error_shows_a_plain_500_page(app, world):
    @app.get("/_boom")
    def _boom():
        raise RuntimeError("secret detail: password=hunter2")

    response = client_for(app, world.staff_a, PASSWORD).get("/_boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Lỗi hệ thống" in body and "hunter2" not in body and "RuntimeError" not in body


def test_healthz_says_only_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_data(as_text=True) == "ok"


def test_a_session_is_bound_to_its_token_not_to_the_address(app, world):
    """Flask-Login's session protection is off on purpose (webapp/auth/services.py): a phone
    changing address keeps its session; the account's session token is what ends it."""
    phone = client_for(app, world.staff_a, PASSWORD)
    elsewhere = {"REMOTE_ADDR": "198.51.100.23"}
    agent = {"User-Agent": "Mozilla/5.0 (Android 14; Mobile)"}
    assert phone.get("/", environ_base=elsewhere, headers=agent).status_code == 200
    copied = phone.get_cookie("session").value
    client_for(app, world.staff_a, PASSWORD).post_form("/auth/logout")  # ends every session
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/", environ_base=elsewhere, headers=agent).status_code == 302
    assert phone.get("/").status_code == 302


@pytest.mark.parametrize(
    "tag",
    [
        "{{ lipsum(50000) }}",
        "{% for i in range(10**9) %}x{% endfor %}",
        "{% set c = cycler('a', 'b') %}{{ c.next() }}",
        "{% set j = joiner() %}{{ j() }}",
        "{% set ns = namespace(n=0) %}{{ ns.n }}",
    ],
)
def test_a_report_template_cannot_use_jinjas_spare_helpers(app, tag):
    import io

    from tests.reports.docx_helpers import make_docx
    from webapp.documents.render import RenderError, render_docx

    template = make_docx("Báo cáo", f"Đoạn thử: {tag}")
    with pytest.raises(RenderError) as refused:
        render_docx(io.BytesIO(template), lambda tpl: {})
    message = str(refused.value)
    assert "không dùng được trong mẫu báo cáo" in message
    assert "Đoạn thử" in message  # points at the paragraph


@pytest.mark.parametrize(
    "tag",
    [
        "{{ 'x' * 50000000 }}",
        "{{ 50000000 * 'ab' }}",
        "{{ ('x' * 90000) + ('y' * 90000) }}",
        "{{ '%*s' % (50000000, 'x') }}",
        "{{ '%50000000s' % 'x' }}",
    ],
)
def test_a_report_template_cannot_build_a_huge_text(app, tag):
    import io

    from tests.reports.docx_helpers import make_docx
    from webapp.documents.render import RenderError, render_docx

    template = make_docx("Báo cáo", f"Đoạn dài: {tag}")
    with pytest.raises(RenderError) as refused:
        render_docx(io.BytesIO(template), lambda tpl: {})
    assert "quá dài" in str(refused.value)


def test_ordinary_template_arithmetic_still_works(app):
    import io

    from docx import Document

    from tests.reports.docx_helpers import make_docx
    from webapp.documents.render import render_docx

    template = make_docx(
        "Báo cáo", "Kết quả: {{ 2 * 3 }} {{ '-' * 5 }} {{ 'a' + 'b' }} {{ '%.1f' % 2.25 }}"
    )
    rendered = render_docx(io.BytesIO(template), lambda tpl: {})
    text = "\n".join(p.text for p in Document(io.BytesIO(rendered)).paragraphs)
    assert "Kết quả: 6 ----- ab 2.2" in text
