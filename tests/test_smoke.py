"""The app starts, the login page speaks Vietnamese, a user can log in."""

from tests.conftest import client_for
from tests.factories import PASSWORD


def test_login_page_is_vietnamese(client):
    response = client.get("/auth/login")
    assert response.status_code == 200
    assert "Đăng nhập" in response.get_data(as_text=True)


def test_staff_logs_in_and_sees_home(app, world):
    c = client_for(app, world.staff_a, PASSWORD)
    page = c.get("/").get_data(as_text=True)
    assert "Nguyễn Thị Huế" in page
    assert "Đức Xương" in page and "Đức Long" not in page
