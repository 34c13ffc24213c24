"""Accounts: login, logout, sessions that end everywhere, password hashing and throttling."""

from __future__ import annotations

from pathlib import Path

from werkzeug.security import generate_password_hash

from tests.conftest import client_for
from tests.factories import PASSWORD, make_user
from webapp.extensions import db
from webapp.models import Role, User
from webapp.passwords import HASHER


def test_wrong_password_is_refused_with_a_vietnamese_message(client, world):
    response = client.login("canbo_a", "sai-mat-khau")
    assert response.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_username_is_case_insensitive(client, world):
    assert client.login("CanBo_A", PASSWORD).status_code == 302


def test_disabled_account_cannot_log_in(client, world):
    world.staff_a.active = False
    db.session.commit()
    assert client.login("canbo_a", PASSWORD).status_code == 401


def test_session_cookie_copied_before_logout_no_longer_works(app, world):
    c = client_for(app, world.staff_a, PASSWORD)
    stolen = c.get_cookie("session").value
    assert c.post_form("/auth/logout").status_code == 302

    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/")
    assert response.status_code == 302 and "/auth/login" in response.location


def test_logout_ends_the_other_sessions_of_the_account(app, world):
    laptop = client_for(app, world.staff_a, PASSWORD)
    phone = client_for(app, world.staff_a, PASSWORD)
    assert phone.get("/").status_code == 200
    laptop.post_form("/auth/logout")
    assert phone.get("/").status_code == 302


def test_disabling_an_account_ends_its_sessions(app, world):
    staff = client_for(app, world.staff_a, PASSWORD)
    admin = client_for(app, world.admin, PASSWORD)
    response = admin.post_form(f"/admin/accounts/{world.staff_a.id}/active", {"active": "0"})
    assert response.status_code == 302
    assert staff.get("/").status_code == 302


def test_changing_password_ends_other_sessions_but_keeps_this_one(app, world):
    here = client_for(app, world.staff_a, PASSWORD)
    elsewhere = client_for(app, world.staff_a, PASSWORD)
    response = here.post_form(
        "/auth/password",
        {
            "current_password": PASSWORD,
            "new_password": "Mat-khau-moi-2024",
            "confirm": "Mat-khau-moi-2024",
        },
    )
    assert response.status_code == 302
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302
    fresh = app.test_client()
    assert fresh.login("canbo_a", PASSWORD).status_code == 401
    assert fresh.login("canbo_a", "Mat-khau-moi-2024").status_code == 302


def test_change_password_refuses_bad_input_next_to_the_field(app, world):
    c = client_for(app, world.staff_a, PASSWORD)
    cases = [
        (
            {
                "current_password": "sai",
                "new_password": "Mat-khau-moi-2024",
                "confirm": "Mat-khau-moi-2024",
            },
            "Mật khẩu hiện tại không đúng.",
        ),
        (
            {"current_password": PASSWORD, "new_password": "ngan", "confirm": "ngan"},
            "Mật khẩu phải có ít nhất 10 ký tự.",
        ),
        (
            {
                "current_password": PASSWORD,
                "new_password": "Mat-khau-moi-2024",
                "confirm": "khac-hẳn-1234",
            },
            "Hai mật khẩu không khớp.",
        ),
    ]
    for data, message in cases:
        page = c.post_form("/auth/password", data).get_data(as_text=True)
        assert message in page
    fresh = app.test_client()
    assert fresh.login("canbo_a", PASSWORD).status_code == 302  # nothing changed


def test_passwords_are_argon2id_with_owasp_parameters(world):
    stored = world.staff_a.password_hash
    assert stored.startswith("$argon2id$")
    assert HASHER.memory_cost >= 19 * 1024 and HASHER.time_cost >= 2


def test_an_older_hash_is_upgraded_at_the_next_login(client, world):
    user = make_user(
        Role.STAFF,
        world.commune_a,
        "cu",
        password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256"),
    )
    assert client.login("cu", PASSWORD).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash.startswith("$argon2id$")


def test_session_is_renewed_at_login(client, world):
    client.get("/auth/login")
    with client.session_transaction() as sess:
        sess["planted"] = "by-an-attacker"
    client.login("canbo_a", PASSWORD)
    with client.session_transaction() as sess:
        assert "planted" not in sess
        assert sess.permanent


def test_repeated_failed_logins_are_throttled(client, world):
    for _ in range(5):
        assert client.login("canbo_a", "sai-mat-khau").status_code == 401
    response = client.login("canbo_a", PASSWORD)
    assert response.status_code == 429
    assert "Bạn đã thử quá nhiều lần" in response.get_data(as_text=True)


def test_successful_logins_do_not_use_up_the_throttle(app, world):
    for _ in range(7):
        client_for(app, world.staff_a, PASSWORD)


def test_login_does_not_redirect_off_site(client, world):
    response = client.post_form(
        "/auth/login?next=//evil.example/x", {"username": "canbo_a", "password": PASSWORD}
    )
    assert response.status_code == 302 and response.location == "/"


def test_first_run_creates_one_admin_and_writes_the_password_to_a_file(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["first-run"])
    assert result.exit_code == 0, result.output
    assert "first-admin-password.txt" in result.output
    text = Path(app.instance_path, "first-admin-password.txt").read_text(encoding="utf-8")
    password = text.split("Mật khẩu: ")[1].strip()
    assert password not in result.output
    assert app.test_client().login("admin", password).status_code == 302
    # A second run changes nothing.
    assert runner.invoke(args=["first-run"]).output == ""
    assert db.session.query(User).count() == 1


def test_create_admin_command_prints_a_generated_password(app):
    result = app.test_cli_runner().invoke(args=["create-admin", "--username", "quantri"])
    assert result.exit_code == 0
    password = result.output.split("Mật khẩu: ")[1].split()[0]
    assert len(password) >= 12
    assert app.test_client().login("quantri", password).status_code == 302


def test_language_can_be_switched_to_english(client, world):
    client.post_form("/auth/language/en", {"next": "/auth/login"})
    assert "Log in" in client.get("/auth/login").get_data(as_text=True)


# --- throttling that attackers cannot turn against the real user (webapp/auth/throttle.py) ----


def _from(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def _guess(app, username: str, address: str):
    """One wrong password for ``username`` from a new browser at ``address``."""
    c = app.test_client()
    return c.post_form(
        "/auth/login", {"username": username, "password": "doan-mo"}, **_from(address)
    )


def test_guesses_from_many_addresses_do_not_lock_out_the_user_on_their_own_browser(app, world):
    office = app.test_client()
    assert office.login("canbo_a", PASSWORD).status_code == 302  # a known device from now on
    office.post_form("/auth/logout")
    codes = [_guess(app, "canbo_a", f"203.0.113.{i}").status_code for i in range(30)]
    assert codes[:10] == [401] * 10 and set(codes[10:]) == {429}  # the username limit holds
    # The real user, on the browser they used before, is not held back by it …
    response = office.login("canbo_a", PASSWORD)
    assert response.status_code == 302
    # … and that login clears it: a new browser elsewhere is no longer refused either.
    fresh = app.test_client()
    fresh_login = fresh.post_form(
        "/auth/login", {"username": "canbo_a", "password": PASSWORD}, **_from("198.51.100.7")
    )
    assert fresh_login.status_code == 302


def test_the_known_device_cookie_is_signed_and_names_the_account(app, world):
    office = app.test_client()
    office.login("chihoi_a1", PASSWORD)  # knows another account only
    office.post_form("/auth/logout")
    forged = app.test_client()
    forged.set_cookie("sohoi_device", '["canbo_a"]', path="/auth/")
    for i in range(10):
        _guess(app, "canbo_a", f"203.0.113.{i}")
    for c in (office, forged):
        response = c.login("canbo_a", PASSWORD)
        assert response.status_code == 429
        assert "Bạn đã thử quá nhiều lần" in response.get_data(as_text=True)


def test_one_address_guessing_many_accounts_is_throttled(app, world):
    app.config["LOGIN_ADDRESS_RATE_LIMIT"] = "8 per minute"
    codes = [_guess(app, f"nguoi{i}", "192.0.2.9").status_code for i in range(10)]
    assert codes == [401] * 8 + [429] * 2
    # The same accounts from another address are not affected.
    assert _guess(app, "nguoi1", "192.0.2.10").status_code == 401


def test_a_known_device_still_counts_its_own_failures(app, world):
    office = app.test_client()
    office.login("canbo_a", PASSWORD)
    office.post_form("/auth/logout")
    for _ in range(5):
        assert office.login("canbo_a", "sai-mat-khau").status_code == 401
    assert office.login("canbo_a", PASSWORD).status_code == 429  # per username and address


def test_wrong_current_passwords_on_the_password_form_are_throttled(app, world):
    c = client_for(app, world.staff_a, PASSWORD)
    wrong = {
        "current_password": "sai",
        "new_password": "Mat-khau-moi-2024",
        "confirm": "Mat-khau-moi-2024",
    }
    codes = [c.post_form("/auth/password", wrong).status_code for _ in range(8)]
    assert codes == [200] * 5 + [429] * 3
    right = {**wrong, "current_password": PASSWORD}
    page = c.post_form("/auth/password", right)
    assert page.status_code == 429
    assert "Bạn đã thử quá nhiều lần" in page.get_data(as_text=True)
    db.session.expire_all()
    fresh = app.test_client()
    assert fresh.login("canbo_a", PASSWORD).status_code == 302  # the password did not change
