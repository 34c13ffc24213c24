"""Importing members from .xlsx: template, preview row by row, nothing written before the
confirmation, then everything in one transaction."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.members.factories import make_member
from webapp.extensions import db
from webapp.members.services.columns import TEMPLATE_HEADERS
from webapp.models.members import LeaveReason, Member, MemberEvent


def _xlsx(rows: list[list], headers: list[str] | None = None, title_rows: int = 0) -> bytes:
    wb = Workbook()
    ws = wb.active
    for _ in range(title_rows):
        ws.append(["DANH SÁCH HỘI VIÊN"])
    ws.append(headers or TEMPLATE_HEADERS)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _row(name, year=1980, unit="An Cư 2", **extra) -> list:
    cells = dict.fromkeys(TEMPLATE_HEADERS, None)
    cells.update({"Họ và tên": name, "Năm sinh": year, "Chi hội": unit})
    cells.update(extra)
    return [cells[h] for h in TEMPLATE_HEADERS]


def _upload(client, content: bytes, name: str = "ds.xlsx"):
    return client.post_form("/members/import", {"file": (io.BytesIO(content), name)})


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Member))


def test_the_template_has_the_columns_and_names_the_users_branches(staff):
    response = staff.get("/members/import/template.xlsx")
    wb = load_workbook(io.BytesIO(response.data))
    assert [c.value for c in wb.worksheets[0][1]] == TEMPLATE_HEADERS
    help_text = [r[0] for r in wb.worksheets[1].iter_rows(values_only=True)]
    assert "An Cư 2" in help_text and "Trung Hà" in help_text and "Long Thủy" not in help_text


def test_preview_then_confirm_imports_in_one_go(staff, world):
    make_member(world.branch_a1, "Nguyễn Thị Huế", birth_year=1970)
    rows = [
        _row(
            "Trần Thị Lan",
            1985,
            "an cu 2",
            **{"Ngày vào Hội": datetime(2019, 3, 8), "Nòng cốt": "x"},
        ),
        _row("Phạm Thị Mai", "1990", "Chi hội Trung Hà", **{"Ngày vào Hội": "20/10/2021"}),
        _row("Nguyen Thi Hue", 1970),  # likely the member already registered
        _row("Lê Thị Cúc", 1975, **{"Ngày ra": "01/02/2022", "Lý do ra": "Chuyển đi"}),
        _row("", 1980),  # no name
        _row("Hoàng Thị Na", 1980, "Long Thủy"),  # a branch of another commune
        _row("Vũ Thị Gấm", 1980, **{"Ngày vào Hội": "32/13/2020"}),
        _row("Đinh Thị Sen", date.today().year + 2),
        _row("Trần Thị Lan", 1985, "An Cư 2"),  # the same person twice in the file
        _row("Nguyễn Văn Nam", 1970, **{"Giới tính": "Nam"}),  # a man who is not honorary
    ]
    preview = _upload(staff, _xlsx(rows, title_rows=2))
    body = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "3 dòng sẽ được thêm" in body
    assert "2 dòng nghi trùng" in body
    assert "5 dòng bị từ chối" in body
    for message in (
        "Thiếu họ và tên.",
        "Không có chi hội “Long Thủy” trong phạm vi của bạn.",
        "Ngày vào Hội “32/13/2020” không hợp lệ (ngày/tháng/năm).",
        "Năm sinh không được ở tương lai.",
        "Nam giới chỉ có thể là hội viên danh dự.",
        "Có thể trùng với hội viên đã có: Nguyễn Thị Huế.",
        "Trùng với dòng 4 trong tệp: Trần Thị Lan.",
    ):
        assert message in body, message
    assert _count() == 1  # nothing written before the confirmation

    token = re.search(r'name="token" value="([^"]+)"', body).group(1)
    done = staff.post_form("/members/import/confirm", {"token": token})
    assert done.status_code == 302
    assert "Đã nhập 3 hội viên." in staff.get("/members/").get_data(as_text=True)
    lan = db.session.scalars(select(Member).where(Member.full_name == "Trần Thị Lan")).one()
    assert lan.unit_id == world.branch_a1.id and lan.is_core and lan.joined_on == date(2019, 3, 8)
    cuc = db.session.scalars(select(Member).where(Member.full_name == "Lê Thị Cúc")).one()
    assert cuc.left_on == date(2022, 2, 1) and cuc.leave_reason is LeaveReason.MOVED
    assert (
        db.session.scalar(
            select(func.count()).select_from(MemberEvent).where(MemberEvent.kind == "imported")
        )
        == 3
    )
    # The upload is gone once used: a second confirmation says it was imported.
    again = staff.post_form("/members/import/confirm", {"token": token})
    assert "Tệp này đã được nhập lúc" in again.get_data(as_text=True)


def test_likely_duplicates_are_imported_only_when_asked(staff, world):
    make_member(world.branch_a1, "Nguyễn Thị Huế", birth_year=1970)
    body = _upload(staff, _xlsx([_row("Nguyễn Thị Huế", 1970)])).get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', body).group(1)
    staff.post_form("/members/import/confirm", {"token": token, "allow_duplicates": "y"})
    assert _count() == 2


def test_cancel_writes_nothing(staff):
    body = _upload(staff, _xlsx([_row("Trần Thị Lan")])).get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', body).group(1)
    staff.post_form("/members/import/confirm", {"token": token, "cancel": "1"})
    assert _count() == 0


def test_files_that_cannot_be_read_are_refused_with_a_reason(staff):
    not_excel = _upload(staff, b"hello", "ds.xlsx")
    assert not_excel.status_code == 422
    assert "Không đọc được tệp" in not_excel.get_data(as_text=True)
    csv = _upload(staff, b"a,b", "ds.csv")
    assert "Chỉ nhận tệp Excel .xlsx" in csv.get_data(as_text=True)
    no_header = _upload(staff, _xlsx([["x"]], headers=["Cột A", "Cột B"]))
    assert "Không tìm thấy dòng tiêu đề" in no_header.get_data(as_text=True)


def test_another_users_upload_cannot_be_confirmed(app, world, staff):
    body = _upload(staff, _xlsx([_row("Trần Thị Lan")])).get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', body).group(1)
    other = client_for(app, world.admin, PASSWORD)
    refused = other.post_form("/members/import/confirm", {"token": token})
    assert "Phiên nhập đã hết hạn" in refused.get_data(as_text=True)
    assert _count() == 0


def test_viewers_cannot_import(app, world):
    viewer = client_for(app, world.viewer_district, PASSWORD)
    assert viewer.get("/members/import").status_code == 403
    assert _upload(viewer, _xlsx([_row("Trần Thị Lan")])).status_code == 403


def test_an_export_imports_back(staff, world):
    make_member(world.branch_a1, "Nguyễn Thị Huế", birth_year=1970, is_core=True)
    exported = staff.get("/members/export.xlsx").data
    # Into a fresh register: the same person would be a duplicate here, so rename her.
    wb = load_workbook(io.BytesIO(exported))
    wb.active["B2"] = "Nguyễn Thị Hoà"
    buffer = io.BytesIO()
    wb.save(buffer)
    body = _upload(staff, buffer.getvalue()).get_data(as_text=True)
    assert "1 dòng sẽ được thêm" in body and "0 dòng bị từ chối" in body
