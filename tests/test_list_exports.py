"""Every list page exports what it shows (issue 14, item 4): the page's rows with its filters,
as .xlsx with the provenance sheet, within the user's units, logged as a read of personal data."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from lxml import html as lxml_html
from openpyxl import load_workbook

from tests.activities.factories import make_activity, make_club, make_household, make_mediation
from tests.charity.factories import (
    make_beneficiary,
    make_distribution,
    make_fund,
    make_gift,
    make_payment,
    make_sponsorship,
    make_support,
)
from tests.conftest import PASSWORD, client_for
from tests.loans.factories import (
    make_bank,
    make_deposit,
    make_group,
    make_loan,
    make_programme,
    make_repayment,
    make_rotating_group,
)
from tests.loans.factories import make_household as make_loan_household
from tests.members.factories import (
    make_cadre,
    make_dues,
    make_member,
    make_policy,
    make_referral,
    make_training,
)
from webapp.extensions import db
from webapp.models.charity import BeneficiaryCategory, GiftKind, Occasion
from webapp.models.members import InsuranceKind, ReferralOutcome
from webapp.models.privacy import PersonalDataRead, ReadKind
from webapp.spreadsheets import MONEY_FORMAT, PROVENANCE_SHEET, Column, list_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _value(cell):
    """A cell's value as the test writes it: a date cell as a ``date``."""
    if isinstance(cell, datetime) and cell.time() == datetime.min.time():
        return cell.date()
    return cell


def export(client, url: str) -> list[list]:
    """The first sheet of the .xlsx at ``url`` (header first), after checking the download."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response.mimetype == XLSX
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames[-1] == PROVENANCE_SHEET
    provenance = {row[0]: row[1] for row in book[PROVENANCE_SHEET].iter_rows(values_only=True)}
    assert provenance["Trang"] == url  # the page and its filters
    sheet = book[book.sheetnames[0]]
    return [[_value(c) for c in row] for row in sheet.iter_rows(values_only=True)]


def _lines(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def page_column(client, url: str, header: str, within: str = "") -> list[str]:
    """The text of the column ``header`` of the page's first table holding it (inside the
    element of id ``within``, when given), row by row."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    doc = lxml_html.fromstring(response.get_data(as_text=True))
    for br in doc.iter("br"):  # a line break on the page is one in the cell
        br.tail = "\n" + (br.tail or "")
    for table in doc.xpath(f"//*[@id='{within}']//table" if within else "//table"):
        headers = [" ".join(th.text_content().split()) for th in table.xpath("./thead/tr/th")]
        if header in headers:
            index = headers.index(header)
            return [
                _lines(row.xpath("./td")[index].text_content())
                for row in table.xpath("./tbody/tr")
                if len(row.xpath("./td")) > index
            ]
    raise AssertionError(f"no column {header!r} on {url}")


def export_link(client, url: str) -> str:
    """The href of the page's "Xuất Excel" link."""
    doc = lxml_html.fromstring(client.get(url).get_data(as_text=True))
    links = doc.xpath("//a[contains(@class, 'export-link')]/@href")
    assert len(links) == 1, links
    return links[0]


@pytest.fixture()
def staff_b(app, world):
    return client_for(app, world.staff_b, PASSWORD)


# --- activities ----------------------------------------------------------------------------


def test_the_activity_log_exports_its_filtered_rows(app, world, staff, staff_b):
    make_activity(
        world.branch_a1,
        date(2022, 5, 5),
        topic="Tuyên truyền pháp luật",
        sessions=2,
        participants=45,
        partners="Công an xã",
        outputs={"trees": 10},
    )
    make_activity(world.commune_a, date(2022, 3, 8), topic="Mít tinh 8/3", participants=120)
    make_activity(world.commune_a, date(2023, 1, 9), topic="Không thuộc năm lọc")
    make_activity(world.commune_b, date(2022, 6, 1), topic="Của xã khác")
    url = "/activities/?year=2022"
    link = export_link(staff, url)
    assert link == "/activities/export.xlsx?year=2022"
    rows = export(staff, link)
    assert rows[0] == ["Ngày", "Đơn vị", "Loại", "Nội dung", "Buổi", "Lượt người", "Kết quả"]
    assert [r[3] for r in rows[1:]] == page_column(staff, url, "Nội dung")
    assert rows[1][:3] == [date(2022, 5, 5), "Chi hội An Cư 2", rows[1][2]]
    assert rows[1][3] == "Tuyên truyền pháp luật\nPhối hợp: Công an xã"
    assert rows[1][4:6] == [2, 45]
    assert rows[2][0] == date(2022, 3, 8) and rows[2][3] == "Mít tinh 8/3" and rows[2][5] == 120
    assert len(rows) == 3
    # Commune B's staff export the same filter and get none of commune A's rows.
    other = export(staff_b, link)
    assert [r[3] for r in other[1:]] == ["Của xã khác"]


def test_the_small_activity_registers_export_their_filtered_rows(app, world, staff, staff_b):
    make_club(world.branch_a1, "CLB dân vũ", members=30, founded_on=date(2021, 3, 8))
    make_club(world.branch_a2, "CLB dưỡng sinh", members=12, founded_on=date(2020, 1, 2))
    make_club(world.commune_b, "CLB dân ca xã khác")
    rows = export(staff, export_link(staff, "/activities/clubs/?q=dan"))
    assert [r[0] for r in rows[1:]] == page_column(staff, "/activities/clubs/?q=dan", "Tên")
    assert [r[0] for r in rows[1:]] == ["CLB dân vũ"]
    assert rows[1][3:] == [30, date(2021, 3, 8), None]
    assert export(staff_b, "/activities/clubs/export.xlsx?q=dan")[1:][0][0] == "CLB dân ca xã khác"

    make_mediation(world.branch_a1, date(2022, 5, 5))
    make_mediation(world.branch_a1, date(2023, 5, 5))
    rows = export(staff, export_link(staff, "/activities/mediations/?year=2023"))
    assert [r[0] for r in rows[1:]] == [date(2023, 5, 5)]
    assert page_column(staff, "/activities/mediations/?year=2023", "Ngày") == ["05/05/2023"]

    make_household(world.branch_a1, "Hộ bà Nguyễn Thị Lan", 2023)
    make_household(world.branch_a1, "Hộ bà Trần Thị Mai", 2023, missing=("clean_kitchen",))
    rows = export(staff, "/activities/households/export.xlsx?year=2023")
    assert rows[1:] == [
        [2023, "Hộ bà Nguyễn Thị Lan", "Chi hội An Cư 2", "8/8", "Đạt đủ 8 tiêu chí"],
        [2023, "Hộ bà Trần Thị Mai", "Chi hội An Cư 2", "7/8", "Chưa đạt đủ"],
    ]
    assert page_column(staff, "/activities/households/?year=2023", "Hộ gia đình") == [
        r[1] for r in rows[1:]
    ]


# --- loans ---------------------------------------------------------------------------------


def _loans(world):
    bank = make_bank(world.commune_a)
    programme = make_programme(bank)
    group = make_group(world.branch_a1, bank, "Tổ TK&VV An Cư 2")
    make_group(world.branch_a2, bank, "Tổ TK&VV Trung Hà")
    mai = make_loan_household(world.branch_a1, group, "Nguyễn Thị Mai")
    loan = make_loan(mai, programme, date(2022, 1, 10), 50_000_000, date(2025, 1, 10))
    make_repayment(loan, date(2022, 6, 10), 5_000_000, 300_000)
    make_deposit(mai, date(2022, 6, 10), 200_000)
    lan = make_loan_household(world.branch_a2, None, "Trần Thị Lan")
    make_loan(lan, programme, date(2024, 1, 10), 30_000_000, date(2030, 1, 10), group=None)
    other_bank = make_bank(world.commune_b, code="agribank")
    make_group(world.branch_b1, other_bank, "Tổ TK&VV Long Thủy")
    return group


def test_loan_lists_export_their_filtered_rows(app, world, staff, staff_b):
    _loans(world)
    rows = export(staff, export_link(staff, "/loans/groups?q=an+cu"))
    assert rows[0] == ["Tổ", "Chi hội", "Ngân hàng", "Tổ trưởng", "Thành lập", "Giải thể"]
    assert [r[0] for r in rows[1:]] == page_column(staff, "/loans/groups?q=an+cu", "Tổ")
    assert rows[1] == [
        "Tổ TK&VV An Cư 2",
        "Chi hội An Cư 2",
        rows[1][2],
        "Trần Thị Lan",
        date(2015, 3, 1),
        None,
    ]
    assert len(rows) == 2
    assert [r[0] for r in export(staff_b, "/loans/groups/export.xlsx")[1:]] == [
        "Tổ TK&VV Long Thủy"
    ]

    rows = export(staff, export_link(staff, "/loans/households?q=thi"))
    assert [r[0] for r in rows[1:]] == [
        name.removesuffix(" Quá hạn")
        for name in page_column(staff, "/loans/households?q=thi", "Chủ hộ")
    ]
    assert rows[1:] == [
        ["Nguyễn Thị Mai", "Chi hội An Cư 2", "Tổ TK&VV An Cư 2", 45_000_000, 200_000, "Quá hạn"],
        ["Trần Thị Lan", "Chi hội Trung Hà", "—", 30_000_000, 0, None],
    ]
    assert export(staff_b, "/loans/households/export.xlsx?q=thi")[1:] == []

    url = f"/loans/?unit={world.commune_a.id}&at=2026-01-10"
    link = export_link(staff, url)
    rows = export(staff, link)
    assert rows[1:] == [
        ["Nguyễn Thị Mai", "Chi hội An Cư 2", rows[1][2], date(2025, 1, 10), 365, 45_000_000]
    ]
    assert page_column(staff, url, "Dư nợ", within="overdue-list") == ["45.000.000 đồng"]
    # Commune A's unit is outside commune B: not found.
    assert staff_b.get(link).status_code == 404

    make_rotating_group(world.branch_a1, "Tổ góp vốn xóm Đông")
    make_rotating_group(world.branch_a2, "Quỹ quay vòng Trung Hà")
    rows = export(staff, export_link(staff, "/loans/rotating?q=xom"))
    assert [r[0] for r in rows[1:]] == page_column(staff, "/loans/rotating?q=xom", "Tên")
    assert [r[0] for r in rows[1:]] == ["Tổ góp vốn xóm Đông"]
    assert rows[1][4] == date(2020, 5, 1)


def test_a_groups_households_are_exported_with_the_pages_total(app, world, staff, staff_b):
    group = _loans(world)
    url = f"/loans/groups/{group.id}?at=2026-01-10"
    link = export_link(staff, url)
    assert link == f"/loans/groups/{group.id}/export.xlsx?at=2026-01-10"
    rows = export(staff, link)
    assert [r[0] for r in rows[1:-1]] == page_column(staff, url, "Chủ hộ")
    assert rows[1:] == [
        ["Nguyễn Thị Mai", 1, 45_000_000, 200_000, "Quá hạn"],
        ["Cộng (1 hộ)", None, 45_000_000, 200_000, None],
    ]
    assert staff_b.get(link).status_code == 404


def test_the_link_follows_filters_changed_without_a_reload(app, world, staff):
    _loans(world)
    # htmx swaps the rows (and the link with them) when the search box changes.
    part = staff.get(
        "/loans/groups?q=trung&page=1", headers={"HX-Request": "true", "HX-Target": "group-rows"}
    )
    doc = lxml_html.fromstring(part.get_data(as_text=True))
    assert doc.xpath("//a[contains(@class, 'export-link')]/@href") == [
        "/loans/groups/export.xlsx?q=trung"
    ]
    assert doc.xpath("//a[contains(@class, 'export-csv')]/@href") == [
        "/loans/groups/export.csv?q=trung"
    ]


def test_money_is_written_as_whole_dong_numbers(app, world, staff):
    _loans(world)
    response = staff.get("/loans/households/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    cell = sheet["D2"]
    assert cell.value == 45_000_000 and cell.number_format == MONEY_FORMAT
    assert sheet["A2"].number_format == "General"


# --- charity -------------------------------------------------------------------------------


def test_charity_lists_export_their_filtered_rows(app, world, staff, staff_b):
    hue = make_beneficiary(
        world.branch_a1,
        "Nguyễn Thị Huế",
        BeneficiaryCategory.POOR_WOMAN,
        birth_year=1968,
        address="Xóm 3",
    )
    make_beneficiary(world.branch_a2, "Lê Văn An", BeneficiaryCategory.ORPHAN)
    make_beneficiary(world.commune_b, "Trần Thị Bé", BeneficiaryCategory.POOR_WOMAN)
    url = "/charity/beneficiaries/?category=poor_woman"
    rows = export(staff, export_link(staff, url))
    assert [r[0] for r in rows[1:]] == page_column(staff, url, "Họ tên")
    assert rows[1][0] == "Nguyễn Thị Huế" and rows[1][5:] == [1968, "Xóm 3"]
    assert len(rows) == 2
    assert [r[0] for r in export(staff_b, "/charity/beneficiaries/export.xlsx")[1:]] == [
        "Trần Thị Bé"
    ]

    fund = make_fund(world.commune_a, "Quỹ khuyến học")
    handout = make_distribution(world.commune_a, date(2023, 1, 15), "Tết 2023")
    make_gift(
        world.branch_a1,
        date(2023, 1, 15),
        GiftKind.CASH,
        1,
        500_000,
        beneficiary=hue,
        fund=fund,
        distribution_id=handout.id,
    )
    make_gift(
        world.branch_a1,
        date(2023, 7, 27),
        GiftKind.PARCEL,
        2,
        600_000,
        occasion=Occasion.JULY_27 if hasattr(Occasion, "JULY_27") else Occasion.TET,
    )
    make_gift(world.commune_b, date(2023, 1, 15), GiftKind.CASH, 1, 100_000)
    url = "/charity/?kind=cash"
    rows = export(staff, export_link(staff, url))
    # The page prints recipient, then category · unit under it.
    assert [f"{r[1]}\n{r[2]} · {r[3]}" for r in rows[1:]] == page_column(staff, url, "Người nhận")
    gift = rows[1]
    assert gift[0] == date(2023, 1, 15) and gift[1] == "Nguyễn Thị Huế"
    assert gift[5] == 1 and gift[7] == 500_000
    assert gift[9:11] == ["Tết 2023", "Quỹ khuyến học"]
    assert len(rows) == 2
    assert [r[7] for r in export(staff_b, "/charity/gifts/export.xlsx?kind=cash")[1:]] == [100_000]

    make_support(
        world.commune_a,
        date(2023, 3, 1),
        1_500_000,
        description="Đèn năng lượng",
        donor="Công ty A",
    )
    make_support(
        world.commune_a, date(2022, 3, 1), 900_000, description="Ghế đá", donor="Công ty B"
    )
    url = "/charity/support/?from=2023-01-01&to=2023-12-31"
    rows = export(staff, export_link(staff, url))
    assert [r[1] for r in rows[1:]] == ["Đèn năng lượng"]
    assert rows[1][5:7] == [1_500_000, "Công ty A"]
    assert page_column(staff, url, "Đơn vị, cá nhân hỗ trợ") == ["Công ty A"]

    rows = export(staff, export_link(staff, "/charity/funds/"))
    assert [r[0] for r in rows[1:]] == [
        cell.split("\n")[0] for cell in page_column(staff, "/charity/funds/", "Quỹ")
    ]
    assert rows[1][0] == "Quỹ khuyến học"
    assert export(staff_b, "/charity/funds/export.xlsx")[1:] == []


def test_sponsorships_of_the_period_are_exported(app, world, staff, staff_b):
    child = make_beneficiary(world.branch_a1, "Lê Văn Tí", BeneficiaryCategory.ORPHAN)
    running = make_sponsorship(
        world.commune_a,
        child,
        date(2023, 1, 1),
        months=24,
        monthly_vnd=500_000,
        sponsor_name="Bà Trần Thị Minh",
    )
    make_payment(running, date(2023, 2, 1), 1_500_000)
    make_payment(running, date(2022, 12, 1), 9_000_000)  # before the period
    make_sponsorship(world.commune_a, child, date(2019, 1, 1), months=12, sponsor_name="Cũ")
    url = "/charity/sponsorships/?from=2023-01-01&to=2023-12-31"
    rows = export(staff, export_link(staff, url))
    assert [r[0] for r in rows[1:]] == page_column(staff, url, "Cháu")
    assert rows[1][:2] == ["Lê Văn Tí", "Bà Trần Thị Minh"]
    assert rows[1][3:] == [500_000, date(2023, 1, 1), rows[1][5], 12_000_000, 1_500_000]
    assert len(rows) == 2
    assert export(staff_b, "/charity/sponsorships/export.xlsx?from=2023-01-01")[1:] == []


def test_a_list_workbook_keeps_text_as_text_and_names_its_sheet_safely(app):
    book = load_workbook(
        io.BytesIO(
            list_workbook(
                "Tổ 3/2: [cũ]",
                [Column("Tên"), Column("Số tiền", "money"), Column("Ngày", "date")],
                [['=HYPERLINK("x")', 1_500_000, date(2023, 1, 2)]],
            )
        )
    )
    sheet = book.worksheets[0]
    assert sheet.title == "Tổ 3-2- -cũ-"
    assert sheet["A2"].value == '=HYPERLINK("x")' and sheet["A2"].data_type == "s"
    assert sheet["B2"].number_format == MONEY_FORMAT
    assert sheet["C2"].number_format == "DD/MM/YYYY"
    assert book.sheetnames == ["Tổ 3-2- -cũ-"]  # no user, no provenance sheet


# --- members' registers --------------------------------------------------------------------


def test_member_registers_export_their_filtered_rows(app, world, staff, staff_b):
    chair = make_cadre(world.commune_a, "Trần Thị Lan")
    make_training(chair, date(2022, 4, 1))
    make_cadre(world.commune_a, "Lê Thị Cũ", ended_on=date(2022, 1, 1))
    make_cadre(world.commune_b, "Ngô Thị Khác")
    rows = export(staff, export_link(staff, "/members/cadres"))
    assert [r[0] for r in rows[1:]] == page_column(staff, "/members/cadres", "Họ và tên")
    assert [r[0] for r in rows[1:]] == ["Trần Thị Lan"]
    assert rows[1][6] == 1
    rows = export(staff, export_link(staff, "/members/cadres?all=1"))
    assert [r[0] for r in rows[1:]] == page_column(staff, "/members/cadres?all=1", "Họ và tên")
    assert {r[0] for r in rows[1:]} == {"Trần Thị Lan", "Lê Thị Cũ"}
    assert [r[0] for r in export(staff_b, "/members/cadres/export.xlsx?all=1")[1:]] == [
        "Ngô Thị Khác"
    ]

    make_policy(
        world.branch_a1,
        InsuranceKind.BHYT,
        date(2023, 1, 1),
        holder_name="Lê Thị Mai",
        number="HN123",
    )
    make_policy(world.branch_a1, InsuranceKind.BHXH, date(2023, 1, 1), holder_name="Võ Thị Sổ")
    url = "/members/insurance?kind=bhyt&status=kept"
    rows = export(staff, export_link(staff, url))
    assert [r[0] for r in rows[1:]] == page_column(staff, url, "Người tham gia")
    assert rows[1:] == [["Lê Thị Mai", rows[1][1], "HN123", "An Cư 2", date(2023, 1, 1), None]]
    assert export(staff_b, "/members/insurance/export.xlsx?kind=bhyt")[1:] == []

    hoa = make_member(world.branch_a1, "Nguyễn Thị Hoa")
    make_referral(
        hoa, date(2023, 2, 1), outcome=ReferralOutcome.ADMITTED, decided_on=date(2023, 9, 2)
    )
    make_referral(make_member(world.branch_a2, "Phan Thị Chờ"), date(2023, 3, 1))
    url = "/members/party?outcome=admitted"
    rows = export(staff, export_link(staff, url))
    assert [r[0] for r in rows[1:]] == page_column(staff, url, "Hội viên")
    assert rows[1:] == [
        ["Nguyễn Thị Hoa", "An Cư 2", date(2023, 2, 1), rows[1][3], date(2023, 9, 2)]
    ]


def test_the_dues_sheet_of_a_branch_and_year_is_exported(app, world, staff, staff_b):
    hoa = make_member(world.branch_a1, "Nguyễn Thị Hoa", birth_year=1980)
    lan = make_member(world.branch_a1, "Trần Thị Lan", birth_year=1975)
    make_member(world.branch_a1, "Võ Thị Mới", birth_year=1999)
    make_member(world.branch_a2, "Lê Thị Khác")
    make_dues(hoa, 2023, paid=True, amount=12_000)
    make_dues(lan, 2023, paid=False)
    url = f"/members/dues?unit_id={world.branch_a1.id}&year=2023"
    link = export_link(staff, url)
    path, _sep, query = link.partition("?")
    assert path == "/members/dues/export.xlsx"
    assert sorted(query.split("&")) == [f"unit_id={world.branch_a1.id}", "year=2023"]
    rows = export(staff, link)
    assert [r[0] for r in rows[1:]] == page_column(staff, url, "Họ và tên")
    assert rows[1:] == [
        ["Nguyễn Thị Hoa", 1980, "Đã đóng", 12_000],
        ["Trần Thị Lan", 1975, "Chưa đóng", None],
        ["Võ Thị Mới", 1999, "Chưa ghi", None],
    ]
    assert staff_b.get(link).status_code == 404


# --- who may export, and the log --------------------------------------------------------------


def test_exports_are_logged_with_their_filters(app, world, staff):
    _loans(world)
    export(staff, "/loans/households/export.xlsx?q=mai")
    make_club(world.branch_a1)
    export(staff, "/activities/clubs/export.xlsx?q=dan")
    db.session.expire_all()
    reads = db.session.query(PersonalDataRead).filter_by(kind=ReadKind.EXPORT).all()
    assert sorted((r.endpoint, r.where) for r in reads) == [
        ("activities.clubs_export", "/activities/clubs/export.xlsx?q=dan"),
        ("loans.households_export", "/loans/households/export.xlsx?q=mai"),
    ]
    assert {r.user_id for r in reads} == {world.staff_a.id}


DETAIL_EXPORTS = [
    "/members/dues/export.xlsx",
    "/charity/sponsorships/export.xlsx",
    "/members/cadres/export.xlsx",
    "/members/insurance/export.xlsx",
    "/members/party/export.xlsx",
    "/loans/households/export.xlsx",
    "/loans/overdue/export.xlsx",
    "/charity/gifts/export.xlsx",
    "/charity/beneficiaries/export.xlsx",
    "/activities/mediations/export.xlsx",
    "/activities/households/export.xlsx",
]
NAME_EXPORTS = [
    "/activities/export.xlsx",
    "/activities/clubs/export.xlsx",
    "/activities/ratings/export.xlsx",
    "/loans/groups/export.xlsx",
    "/loans/rotating/export.xlsx",
    "/charity/support/export.xlsx",
    "/charity/funds/export.xlsx",
]


def test_a_district_viewer_exports_names_lists_but_not_personal_details(app, world):
    viewer = client_for(app, world.viewer_district, PASSWORD)
    for url in DETAIL_EXPORTS:
        for twin in (url, url.replace(".xlsx", ".csv")):
            refused = viewer.get(twin)
            assert refused.status_code == 403, twin
            assert "đề nghị quản trị cấp quyền" in refused.get_data(as_text=True)
    for url in NAME_EXPORTS:
        assert viewer.get(url).status_code == 200, url
        assert viewer.get(url.replace(".xlsx", ".csv")).status_code == 200, url
    # The page does not offer what would be refused.
    assert "export-link" not in viewer.get("/charity/").get_data(as_text=True)
    assert "export-link" in viewer.get("/loans/groups").get_data(as_text=True)
    world.viewer_district.sees_personal_details = True
    db.session.commit()
    for url in DETAIL_EXPORTS:
        assert viewer.get(url).status_code == 200, url


def _as_csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def test_every_export_has_a_csv_twin_with_the_same_rows(app, world, staff):
    group = _loans(world)
    make_activity(world.branch_a1, date(2022, 5, 5), topic="=Tuyên truyền", partners="Công an")
    make_club(world.branch_a1)
    make_beneficiary(world.branch_a1, "Nguyễn Thị Huế")
    make_gift(world.branch_a1, date(2023, 1, 15), GiftKind.CASH, 1, 500_000)
    make_cadre(world.commune_a, "Trần Thị Lan")
    urls = [*DETAIL_EXPORTS, *NAME_EXPORTS, f"/loans/groups/{group.id}/export.xlsx"]
    for url in urls:
        expected = [[_as_csv_text(v) for v in row] for row in export(staff, url)]
        response = staff.get(url.replace("export.xlsx", "export.csv"))
        assert response.status_code == 200, url
        assert response.mimetype == "text/csv"
        text = response.get_data(as_text=True).removeprefix("\ufeff")
        rows = list(csv.reader(io.StringIO(text)))
        # A text that a spreadsheet would run as a formula is escaped in CSV, as everywhere.
        rows = [[c.removeprefix("'") if c.startswith("'=") else c for c in row] for row in rows]
        assert rows == expected, url
    activity = staff.get("/activities/export.csv").get_data(as_text=True)
    assert "'=Tuyên truyền" in activity


def test_anonymous_users_are_sent_to_login(app, world, client):
    for url in DETAIL_EXPORTS + NAME_EXPORTS:
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.location, url
