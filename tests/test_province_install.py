"""Installing for a whole province (issue 13 §5) and accounts with a generated password that must
be changed at first login (issue 13 §5, issue 16)."""

from __future__ import annotations

import io
import os
import re
from datetime import date

from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.extensions import db
from webapp.models import Unit, UnitKind, User
from webapp.models.units import UnitMerge

NEW_PASSWORD = "mat-khau-moi-2026"


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH ĐƠN VỊ HÀNH CHÍNH CẤP XÃ SAU SẮP XẾP"])  # a title above the table
    sheet.append(["Tên đơn vị", "Loại", "Các xã cũ", "Ngày sáp nhập"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client, data: bytes, with_accounts: bool = True, province: str = "Hà Tĩnh"):
    form = {
        "province_name": province,
        "province_word": "Tỉnh",
        "file": (io.BytesIO(data), "xa.xlsx"),
    }
    if with_accounts:
        form["with_accounts"] = "y"
    return client.post_form("/admin/units/install", form, content_type="multipart/form-data")


def _change_password(client, current: str):
    return client.post_form(
        "/auth/password",
        {"current_password": current, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )


def test_an_xlsx_list_makes_the_province_its_communes_merges_and_accounts(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    data = _xlsx(
        [
            ["Đức Thọ", "Xã", "Thị trấn Đức Thọ, Tùng Ảnh; Đức Yên", date(2025, 7, 1)],
            ["Phường Thành Sen", "", "Bắc Hà\nNam Hà", "01/07/2025"],
            ["Kỳ Anh", "Đặc khu", "", None],
        ]
    )
    response = _upload(admin, data)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    assert response.mimetype.endswith("spreadsheetml.sheet")
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert rows[0] == ("Đơn vị", "Tên đăng nhập", "Mật khẩu dùng một lần")
    accounts = {r[0]: (r[1], r[2]) for r in rows[1:4]}
    assert set(accounts) == {"Xã Đức Thọ", "Phường Thành Sen", "Đặc khu Kỳ Anh"}

    # The existing province of the test world is reused; the communes sit directly under it.
    communes = {
        u.full_name: u
        for u in db.session.scalars(
            select(Unit).where(Unit.parent_id == world.province.id, Unit.kind == UnitKind.COMMUNE)
        )
    }
    assert {"Xã Đức Thọ", "Phường Thành Sen", "Đặc khu Kỳ Anh"} <= set(communes)
    duc_tho = communes["Xã Đức Thọ"]
    merges = db.session.scalars(select(UnitMerge).where(UnitMerge.successor_id == duc_tho.id)).all()
    olds = {db.session.get(Unit, m.predecessor_id) for m in merges}
    assert {u.full_name for u in olds} == {"Thị trấn Đức Thọ", "Xã Tùng Ảnh", "Xã Đức Yên"}
    assert all(u.retired_on == date(2025, 7, 1) for u in olds)
    assert {m.merged_on for m in merges} == {date(2025, 7, 1)}

    # Each account is staff of its commune and must change its password at first login.
    username, password = accounts["Phường Thành Sen"]
    user = db.session.scalar(select(User).where(User.username == username))
    assert user.unit_id == communes["Phường Thành Sen"].id and user.must_change_password
    assert user.password_hash != password  # never kept in plain text
    staff = client_for(app, user, password)
    for url in ("/", "/members/", "/reports/"):
        assert staff.get(url).location == "/auth/password"
    assert staff.get("/auth/password").status_code == 200
    assert _change_password(staff, password).status_code == 302
    assert staff.get("/").status_code == 200
    db.session.expire_all()
    assert db.session.get(User, user.id).must_change_password is False


def test_a_bad_list_creates_nothing_and_says_every_problem_by_row(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    before = db.session.scalar(select(db.func.count()).select_from(Unit))
    data = _xlsx(
        [
            ["Đức Thọ", "Huyện", "", None],
            ["Thành Sen", "Phường", "Bắc Hà", None],
            ["Kỳ Anh", "Xã", "", "31/02/2025"],
            ["Thành Sen", "Phường", "", None],
        ]
    )
    response = _upload(admin, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Dòng 3: loại “Huyện” không hợp lệ" in page
    assert "Dòng 4: có các xã cũ nhưng thiếu ngày sáp nhập." in page
    assert "Dòng 5: ngày sáp nhập “31/02/2025” không hợp lệ (dd/mm/yyyy)." in page
    assert db.session.scalar(select(db.func.count()).select_from(Unit)) == before


def test_the_list_has_a_row_cap(app, world):
    app.config["PROVINCE_INSTALL_MAX_ROWS"] = 5
    admin = client_for(app, world.admin, PASSWORD)
    response = _upload(admin, _xlsx([[f"Xã {i}", "Xã", "", None] for i in range(10)]))
    assert "Tệp có quá 5 dòng; hãy chia nhỏ danh sách." in response.get_data(as_text=True)


def test_only_whole_tree_admins_install(app, world):
    admin_b = client_for(app, world.admin_b, PASSWORD)
    assert admin_b.get("/admin/units/install").status_code == 403
    data = _xlsx([["Mới", "Xã", "", None]])
    assert _upload(admin_b, data).status_code == 403


def test_the_first_run_option_installs_from_the_command_line(app, world, tmp_path):
    source = tmp_path / "xa.xlsx"
    source.write_bytes(_xlsx([["Thạch Hà", "Xã", "Thạch Long, Thạch Sơn", "01/07/2025"]]))
    out = tmp_path / "tai-khoan.xlsx"
    result = app.test_cli_runner().invoke(
        args=[
            "first-run",
            "--communes",
            str(source),
            "--province",
            "Hà Tĩnh",
            "--accounts-out",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "với 1 đơn vị cấp xã (2 đơn vị cũ ghi nhận sáp nhập)" in result.output
    assert out.stat().st_mode & 0o077 == 0
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[1][0] == "Xã Thạch Hà"


# --- must change the password (issue 16) -----------------------------------------------------


def test_an_account_reset_by_an_admin_must_change_its_password(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    page = admin.post_form(f"/admin/accounts/{world.staff_a.id}/password").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, world.staff_a.id).must_change_password
    password = re.search(r'id="new-password">([^<]+)<', page).group(1)
    staff = app.test_client()
    assert staff.login("canbo_a", password).status_code == 302
    response = staff.get("/activities/", headers={"HX-Request": "true"})
    assert response.status_code == 204 and response.headers["HX-Redirect"] == "/auth/password"
    page = staff.get("/auth/password").get_data(as_text=True)
    assert "Hãy đặt mật khẩu mới của riêng bạn trước khi tiếp tục." in page
    assert _change_password(staff, password).status_code == 302
    assert staff.get("/activities/").status_code == 200


def test_the_first_admin_must_change_the_password_and_the_file_is_then_deleted(app):
    result = app.test_cli_runner().invoke(args=["first-run"])
    assert result.exit_code == 0
    path = app.instance_path + "/first-admin-password.txt"
    with open(path, encoding="utf-8") as fh:
        password = fh.read().split("Mật khẩu:")[1].strip()
    client = app.test_client()
    assert client.login("admin", password).status_code == 302
    assert client.get("/").location == "/auth/password"
    response = _change_password(client, password)
    assert response.status_code == 302
    assert not os.path.exists(path)
    home = client.get("/").get_data(as_text=True)
    assert "Tệp chứa mật khẩu ban đầu (first-admin-password.txt) đã được xoá." in home
