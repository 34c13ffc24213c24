"""A user who chose English sees the shared pages (menu, accounts, units, audit, trash, backup,
errors) and their messages in English."""

from __future__ import annotations

from tests.conftest import client_for
from tests.factories import PASSWORD


def test_admin_pages_are_in_english(app, world):
    admin = client_for(app, world.admin, PASSWORD, locale="en")

    home = admin.get("/").get_data(as_text=True)
    for words in ("Overview", "Members", "Accounts", "Audit log", "Trash", "Log out"):
        assert words in home
    assert "Tổng quan" not in home

    accounts = admin.get("/admin/accounts/").get_data(as_text=True)
    assert "Add account" in accounts and "Administrator" in accounts
    assert "Thêm tài khoản" not in accounts

    units = admin.get("/admin/units/").get_data(as_text=True)
    assert "Unit tree" in units and "Commune" in units and "— None (top-level unit) —" in units
    assert "Cây đơn vị" not in units

    audit = admin.get("/admin/audit/").get_data(as_text=True)
    assert "Change history" in audit and "Export .xlsx" in audit
    assert "Nhật ký thay đổi" not in audit

    trash = admin.get("/trash/").get_data(as_text=True)
    assert "The trash is empty." in trash and "within 90 days" in trash
    assert "Thùng rác trống." not in trash

    backup = admin.get("/admin/system/backup").get_data(as_text=True)
    assert "Backup and restore" in backup
    assert "Sao lưu và khôi phục" not in backup

    missing = admin.get("/admin/accounts/999999")
    assert missing.status_code == 404
    assert "Not found" in missing.get_data(as_text=True)


def test_form_and_service_messages_are_in_english(app, world):
    admin = client_for(app, world.admin, PASSWORD, locale="en")

    page = admin.post_form(
        "/admin/accounts/new",
        {"username": "", "full_name": "Lan", "role": "staff", "unit_id": str(world.commune_a.id)},
    ).get_data(as_text=True)
    assert "Please fill in this field." in page
    assert "Vui lòng nhập trường này." not in page

    page = admin.post_form(
        "/admin/accounts/new",
        {
            "username": world.staff_a.username,
            "full_name": "Lan",
            "role": "staff",
            "unit_id": str(world.commune_a.id),
        },
    ).get_data(as_text=True)
    assert "This username is already taken." in page

    page = admin.post_form(
        "/auth/password",
        {"current_password": PASSWORD, "new_password": "short", "confirm": "other"},
    ).get_data(as_text=True)
    assert "The two passwords do not match." in page
    assert "Hai mật khẩu không khớp." not in page


def test_login_refusal_and_flash_follow_the_chosen_language(client, world):
    client.post_form("/auth/language/en", {"next": "/auth/login"})
    page = client.login(world.staff_a.username, "wrong password").get_data(as_text=True)
    assert "Wrong username or password" in page
    assert "Tên đăng nhập hoặc mật khẩu không đúng" not in page

    redirected = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "Please log in to continue." in redirected
