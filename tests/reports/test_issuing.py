"""Issuing a report: its number, its date, its recipients by level and the file's name."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from docx import Document

from tests.conftest import client_for
from tests.factories import PASSWORD, make_user
from tests.members.factories import make_member
from tests.reports.docx_helpers import docx_text
from tests.reports.factories import make_draft, make_report_file, meta_form
from webapp.documents import storage
from webapp.documents.issuing import file_name
from webapp.documents.produce import produce
from webapp.documents.requests import request_from_draft
from webapp.extensions import db
from webapp.models import Role
from webapp.models.reports import ReportDraft, ReportKind


def _new(client, unit, kind="annual", start="2023-01-01", end="2023-12-31"):
    return client.post_form(
        "/reports/new",
        {
            "unit_id": str(unit.id),
            "kind": kind,
            "year": start[:4],
            "part": "",
            "period_start": start,
            "period_end": end,
        },
    )


def _newest() -> ReportDraft:
    db.session.expire_all()
    return db.session.scalars(db.select(ReportDraft).order_by(ReportDraft.id.desc())).first()


@pytest.mark.parametrize(
    ("kind", "start", "end", "number", "symbol", "expected"),
    [
        (ReportKind.ANNUAL, date(2022, 1, 1), date(2022, 12, 31), 9, "BC-BTV", "BC-09-BTV-bao-cao-nam-2022"),
        (ReportKind.MONTHLY, date(2023, 5, 1), date(2023, 5, 31), 3, "BC-BTV", "BC-03-BTV-bao-cao-thang-5-2023"),
        (ReportKind.QUARTERLY, date(2023, 4, 1), date(2023, 6, 30), 12, "BC-HPN", "BC-12-HPN-bao-cao-quy-2-2023"),
        (ReportKind.HALF_YEAR, date(2024, 1, 1), date(2024, 6, 30), 1, "BC-BTV", "BC-01-BTV-bao-cao-6-thang-2024"),
        (ReportKind.MID_TERM, date(2021, 1, 1), date(2023, 10, 20), 9, "BC-BCH", "BC-09-BCH-bao-cao-giua-nhiem-ky-2021-2023"),
        (ReportKind.END_TERM, date(2021, 1, 1), date(2026, 6, 30), 15, "BC-ĐH", "BC-15-DH-bao-cao-tong-ket-nhiem-ky-2021-2026"),
    ],
)  # fmt: skip
def test_file_names_are_slugs_without_diacritics(
    app, world, kind, start, end, number, symbol, expected
):
    draft = make_draft(
        world.commune_a,
        kind,
        period_start=start,
        period_end=end,
        issued_on=end,
        number=number,
        symbol=symbol,
    )
    assert file_name(draft) == expected + ".docx"
    assert file_name(draft, "pdf") == expected + ".pdf"


def test_the_downloaded_file_carries_its_vietnamese_name(app, world):
    draft = make_draft(
        world.commune_a,
        period_start=date(2022, 1, 1),
        period_end=date(2022, 12, 31),
        issued_on=date(2022, 12, 20),
        number=9,
    )
    row = make_report_file(draft)
    storage.report_path(row.storage_name).write_bytes(b"PK docx")
    row.pdf_storage_name = row.storage_name.replace(".docx", ".pdf")
    storage.report_path(row.pdf_storage_name).write_bytes(b"%PDF-")
    db.session.commit()
    staff = client_for(app, world.staff_a, PASSWORD)
    with staff.get(f"/reports/files/{row.id}") as docx:
        assert "filename=BC-09-BTV-bao-cao-nam-2022.docx" in docx.headers["Content-Disposition"]
    with staff.get(f"/reports/files/{row.id}/pdf") as pdf:
        assert "filename=BC-09-BTV-bao-cao-nam-2022.pdf" in pdf.headers["Content-Disposition"]


def test_the_number_is_the_next_free_one_of_the_unit_symbol_and_year(app, world):
    make_draft(world.commune_a, number=4, issued_on=date(2023, 3, 1))
    make_draft(world.commune_a, number=9, symbol="BC-BCH", issued_on=date(2023, 6, 1))
    make_draft(world.commune_a, number=12, issued_on=date(2022, 12, 20))
    make_draft(world.commune_b, number=20, issued_on=date(2023, 6, 1))
    staff = client_for(app, world.staff_a, PASSWORD)
    assert _new(staff, world.commune_a).status_code == 302
    assert _newest().number_symbol == "05/BC-BTV"  # not 10 (BC-BCH), 13 (2022) nor 21 (B)
    assert _new(staff, world.commune_a, start="2024-01-01", end="2024-06-30").status_code == 302
    assert (_newest().number_symbol, _newest().issued_on.year) == ("01/BC-BTV", 2024)


def test_a_periodic_report_dated_before_its_period_ends_is_kept_with_a_warning(app, world):
    draft = make_draft(world.commune_a, issued_on=date(2023, 12, 31))
    staff = client_for(app, world.staff_a, PASSWORD)
    page = staff.get(f"/reports/{draft.id}").get_data(as_text=True)
    assert 'id="sent-early"' not in page
    response = staff.post_form(f"/reports/{draft.id}", meta_form(draft, issued_on="2023-12-15"))
    assert response.status_code == 302
    page = staff.get(f"/reports/{draft.id}").get_data(as_text=True)
    assert "Báo cáo ban hành ngày 15/12/2023, trước khi kỳ báo cáo kết thúc (31/12/2023)" in page
    assert _newest().issued_on == date(2023, 12, 15)


def test_a_term_report_cannot_be_dated_before_its_period_ends(app, world):
    draft = make_draft(
        world.commune_a,
        ReportKind.MID_TERM,
        period_start=date(2021, 1, 1),
        period_end=date(2023, 10, 20),
        issued_on=date(2023, 10, 20),
    )
    staff = client_for(app, world.staff_a, PASSWORD)
    refused = staff.post_form(f"/reports/{draft.id}", meta_form(draft, issued_on="2023-10-01"))
    assert refused.status_code == 422
    assert "ngày ban hành không được trước ngày kết thúc kỳ báo cáo (20/10/2023)" in (
        refused.get_data(as_text=True)
    )
    assert _newest().issued_on == date(2023, 10, 20)
    # Any report: not before its period starts.
    annual = make_draft(world.commune_a)
    refused = staff.post_form(f"/reports/{annual.id}", meta_form(annual, issued_on="2022-12-31"))
    assert refused.status_code == 422
    assert "Ngày ban hành không được trước ngày bắt đầu kỳ báo cáo (01/01/2023)." in (
        refused.get_data(as_text=True)
    )
    # A new term draft is dated the day its period ends.
    assert _new(staff, world.commune_a, "mid-term", "2021-01-01", "2023-10-20").status_code == 302
    assert _newest().issued_on == date(2023, 10, 20)


@pytest.mark.parametrize(
    ("level", "header", "recipients"),
    [
        (
            "commune_a",
            ["HỘI LHPN HUYỆN ĐỨC THỌ", "HỘI LHPN XÃ ĐỨC XƯƠNG"],
            ["Hội LHPN huyện Đức Thọ (b/c);", "Đảng ủy xã (b/c);", "Lưu VP."],
        ),
        (
            "district",
            ["HỘI LHPN TỈNH HÀ TĨNH", "HỘI LHPN HUYỆN ĐỨC THỌ"],
            [
                "Hội LHPN tỉnh Hà Tĩnh (b/c);",
                "Huyện ủy Đức Thọ (b/c);",
                "Hội LHPN các xã;",
                "Lưu VP.",
            ],
        ),
        (
            "province",
            ["HỘI LHPN VIỆT NAM", "HỘI LHPN TỈNH HÀ TĨNH"],
            [
                "Trung ương Hội LHPN Việt Nam (b/c);",
                "Tỉnh ủy Hà Tĩnh (b/c);",
                "Hội LHPN các huyện;",
                "Lưu VP.",
            ],
        ),
    ],
)
def test_each_level_issues_in_its_own_name_to_its_own_recipients(
    app, world, level, header, recipients
):
    unit = getattr(world, level)
    make_member(world.branch_a1, "Nguyễn Thị Mẫu", joined_on=date(2015, 1, 1))
    staff = client_for(app, make_user(Role.STAFF, unit, "canbo_cap"), PASSWORD)
    assert _new(staff, unit, "mid-term", "2021-01-01", "2023-10-20").status_code == 302
    draft = _newest()
    assert draft.recipients.splitlines() == recipients
    produced = produce(request_from_draft(draft), draft.kind)
    text = docx_text(produced.data)
    for line in header:
        assert line in text
    assert f"toàn {unit.level_word.lower()}" in text
    for line in recipients:
        assert f"- {line}" in text
    properties = Document(io.BytesIO(produced.data)).core_properties
    assert properties.author == unit.union_name
    made = properties.created.replace(tzinfo=UTC)
    assert abs((datetime.now(UTC) - made).total_seconds()) < 120
