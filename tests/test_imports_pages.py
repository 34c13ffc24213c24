"""The import pages over HTTP: template with its "Hướng dẫn" sheet, upload → preview →
confirm, a refused file shown beside the form, exports for every role that may see the unit,
and the links from the register pages."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.imports_support import xlsx
from tests.loans.factories import make_bank, make_programme
from webapp.extensions import db
from webapp.models import Loan

HEADER = [
    "STT",
    "Tổ TK&VV",
    "Chủ hộ",
    "Chương trình",
    "Ngày vay",
    "Số tiền vay",
    "Hạn trả",
    "Dư nợ",
]


@pytest.fixture()
def staff(app, world):
    programme = make_programme(make_bank(None), "Cho vay hộ nghèo")
    assert programme.id
    return client_for(app, world.staff_a, PASSWORD)


@pytest.mark.parametrize("kind", ["loans", "savings", "beneficiaries", "cadres"])
def test_each_template_has_its_columns_and_a_guide(staff, kind):
    response = staff.get(f"/imports/template.xlsx?register={kind}")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    assert book.sheetnames[1] == "Hướng dẫn"
    header = next(book.worksheets[0].iter_rows(values_only=True))
    assert header[0] == "STT" and len(header) >= 6


def test_upload_preview_confirm_in_the_browser_flow(staff, world):
    rows = [
        [
            1,
            "Tổ Bình Minh",
            "Nguyễn Thị Mai",
            "Cho vay hộ nghèo",
            "10/01/2022",
            50_000_000,
            "10/01/2027",
            30_000_000,
        ],
        [2, "Tổ Bình Minh", "", "Cho vay hộ nghèo", "10/01/2022", 1, "10/01/2027", 1],
    ]
    shown = staff.post_form(
        "/imports/upload",
        {
            "register": "loans",
            "unit_id": str(world.commune_a.id),
            "as_of": "31/12/2024",
            "file": (io.BytesIO(xlsx(HEADER, rows)), "ds.xlsx"),
        },
        content_type="multipart/form-data",
    )
    page = shown.get_data(as_text=True)
    assert shown.status_code == 200, page
    assert "1 dòng sẽ được ghi" in page and "1 dòng bị từ chối" in page
    assert "Thiếu Chủ hộ." in page and "Tổ mới: Tổ Bình Minh" in page
    assert db.session.scalar(select(func.count()).select_from(Loan)) == 0
    token = page.split('name="token" type="hidden" value="')[1].split('"')[0]
    done = staff.post_form("/imports/confirm", {"register": "loans", "token": token})
    assert done.status_code == 302 and done.location.startswith("/loans/")
    assert db.session.scalar(select(func.count()).select_from(Loan)) == 1
    again = staff.post_form("/imports/confirm", {"register": "loans", "token": token})
    assert again.status_code == 422
    assert "Tệp này đã được nhập lúc" in again.get_data(as_text=True)


def test_a_refused_file_is_shown_beside_the_form(staff, world):
    refused = staff.post_form(
        "/imports/upload",
        {
            "register": "cadres",
            "unit_id": str(world.commune_a.id),
            "file": (io.BytesIO(b"PK\x03\x04 broken"), "can-bo.xlsx"),
        },
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    assert "Không đọc được tệp" in refused.get_data(as_text=True)


def test_viewers_export_but_cannot_import_and_outsiders_get_404(app, world, staff):
    viewer = client_for(app, world.viewer_district, PASSWORD)
    assert (
        viewer.get(f"/imports/export.xlsx?register=loans&unit={world.commune_a.id}").status_code
        == 200
    )
    assert viewer.post_form("/imports/upload", {"register": "loans"}).status_code == 403
    outsider = client_for(app, world.staff_b, PASSWORD)
    response = outsider.get(f"/imports/export.csv?register=cadres&unit={world.commune_a.id}")
    assert response.status_code == 404
    assert outsider.get("/imports/export.csv?register=nothing").status_code == 400


def test_register_pages_link_to_their_import(staff):
    for url, register in (
        ("/loans/", "loans"),
        ("/loans/groups", "loans"),
        ("/loans/households", "savings"),
        ("/charity/beneficiaries/", "beneficiaries"),
        ("/members/cadres", "cadres"),
    ):
        page = staff.get(url).get_data(as_text=True)
        assert f"/imports/?register={register}" in page, url
    assert date.today()  # the export link of the page carries today's date
