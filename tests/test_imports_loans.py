"""Loan portfolio import: a bank's list with a title and a total line, loose column names,
per-row errors, all or nothing, no duplicates on a second import, and export → import into an
empty commune giving the same figures."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.factories import make_unit
from tests.imports_support import confirm, import_file, preview, xlsx
from tests.loans.factories import (
    make_bank,
    make_group,
    make_household,
    make_loan,
    make_programme,
    make_repayment,
)
from webapp.extensions import db
from webapp.imports import engine
from webapp.imports.registry import register_of
from webapp.indicators import Period, compute
from webapp.models import Household, Loan, LoanGroup, LoanProgramme, LoanRepayment, UnitKind
from webapp.refusals import RecordError

AS_OF = date(2024, 12, 31)
FIGURES = {
    "loans.outstanding_vnd",
    "loans.borrowing_households",
    "loans.overdue_vnd",
    "loans.overdue_count",
    "loans.disbursed_vnd",
    "loans.disbursed_turns",
    "loans.groups",
}
# A bank office's list: no diacritics in some names, other names for the columns.
BANK_HEADER = [
    "TT",
    "Ten to",
    "Ho va ten chu ho",
    "Thon/xom",
    "Chi hoi",
    "Chuong trinh cho vay",
    "Ngay giai ngan",
    "So tien giai ngan (dong)",
    "Ngay den han",
    "Du no",
    "No qua han",
]
TITLE = [["NGÂN HÀNG CHÍNH SÁCH XÃ HỘI - PGD ĐỨC THỌ"], ["DANH SÁCH HỘ VAY TỔ TK&VV"], []]


@pytest.fixture()
def bank(world):
    bank = make_bank(None)
    make_programme(bank, "Cho vay hộ nghèo")
    make_programme(bank, "Nước sạch và VSMT nông thôn")
    return bank


def bank_list() -> bytes:
    rows = [
        [
            1,
            "Tổ Bình Minh",
            "Nguyễn Thị Mai",
            "Xóm 1",
            "An Cư 2",
            "Cho vay hộ nghèo",
            date(2022, 1, 10),
            50_000_000,
            date(2025, 1, 10),
            30_000_000,
            0,
        ],
        [
            2,
            "Tổ Bình Minh",
            "Trần Thị Lan",
            "Xóm 2",
            "An Cư 2",
            "hộ nghèo",
            "15/03/2021",
            "40.000.000",
            "15/03/2024",
            "12.000.000",
            "12.000.000",
        ],
        [
            3,
            "Tổ Bình Minh",
            "Nguyễn Thị Mai",
            "Xóm 1",
            "An Cư 2",
            "NHCSXH · Nước sạch và VSMT nông thôn",
            date(2023, 6, 1),
            20_000_000,
            date(2028, 6, 1),
            20_000_000,
            None,
        ],
        [
            4,
            "Tổ Hoa Sen",
            "Lê Thị Hoa",
            "",
            "Trung Hà",
            "Cho vay hộ nghèo",
            date(2024, 2, 1),
            30_000_000,
            date(2027, 2, 1),
            30_000_000,
            0,
        ],
    ]
    return xlsx(
        BANK_HEADER,
        rows,
        TITLE,
        ["", "Tổng cộng", "", "", "", "", "", 140_000_000, "", 92_000_000, 12_000_000],
    )


def figures(unit_id: int, at: date = AS_OF) -> dict:
    values = compute(unit_id, Period(date(at.year, 1, 1), at), FIGURES)
    return {code: values[code] for code in FIGURES}


def counts() -> tuple[int, int, int, int]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (LoanGroup, Household, Loan, LoanRepayment)
    )


def test_a_bank_list_previews_then_lands_whole_and_a_second_import_creates_nothing(world, bank):
    shown = preview("loans", world.staff_a, bank_list(), world.commune_a, AS_OF)
    assert shown.counts == {"new": 4, "matched": 0, "rejected": 0}
    first = shown.rows[0]
    assert first.line == 5  # three title lines and the header above it; the total line skipped
    assert "Tổ mới: Tổ Bình Minh" in first.creates
    assert "Hộ mới: Nguyễn Thị Mai (An Cư 2)" in first.creates
    assert "Dư nợ đầu kỳ 30.000.000 đồng tại 31/12/2024" in first.creates
    # Row 3: the same household (created by row 5) takes a second loan.
    assert any("tạo ở dòng 5" in m for m in shown.rows[2].matches)
    assert counts() == (0, 0, 0, 0)  # nothing written by the preview

    assert confirm("loans", world.staff_a, shown.token) == 4
    assert counts() == (2, 3, 4, 2)  # two groups, three households, four loans, two openings
    values = figures(world.commune_a.id)
    assert values["loans.outstanding_vnd"] == 92_000_000
    assert values["loans.borrowing_households"] == 3
    assert values["loans.overdue_vnd"] == 12_000_000
    assert values["loans.overdue_count"] == 1
    assert values["loans.groups"] == 2
    repayment = db.session.scalars(select(LoanRepayment).order_by(LoanRepayment.id)).first()
    assert (repayment.paid_on, repayment.principal, repayment.source) == (
        AS_OF,
        20_000_000,
        "import",
    )

    again = preview("loans", world.staff_a, bank_list(), world.commune_a, AS_OF)
    assert again.counts == {"new": 0, "matched": 4, "rejected": 0}
    assert "Khoản vay 50.000.000 đồng ngày 10/01/2022 đã có trong sổ" in again.rows[0].matches
    with pytest.raises(RecordError, match="Không có dòng nào cần ghi"):
        confirm("loans", world.staff_a, again.token)
    assert counts() == (2, 3, 4, 2)


def test_rows_with_errors_are_refused_one_by_one_and_the_rest_lands(world, bank):
    rows = [
        [
            1,
            "Tổ Bình Minh",
            "Nguyễn Thị Mai",
            "",
            "",
            "Cho vay hộ nghèo",
            date(2022, 1, 10),
            50_000_000,
            date(2025, 1, 10),
            30_000_000,
            0,
        ],
        [
            2,
            "Tổ Bình Minh",
            "",
            "",
            "",
            "Cho vay hộ nghèo",
            date(2022, 1, 10),
            1_000_000,
            date(2025, 1, 10),
            0,
            0,
        ],
        [
            3,
            "Tổ Bình Minh",
            "Trần Thị Lan",
            "",
            "",
            "Cho vay trâu bò",
            date(2022, 1, 10),
            1_000_000,
            date(2025, 1, 10),
            0,
            0,
        ],
        [
            4,
            "Tổ Bình Minh",
            "Lê Thị Hoa",
            "",
            "",
            "Cho vay hộ nghèo",
            "31/02/2022",
            "mười triệu",
            date(2025, 1, 10),
            0,
            0,
        ],
        [
            5,
            "Tổ Bình Minh",
            "Phạm Thị Nga",
            "",
            "Long Thủy",
            "Cho vay hộ nghèo",
            date(2022, 1, 10),
            5_000_000,
            date(2025, 1, 10),
            6_000_000,
            0,
        ],
        [
            6,
            "Tổ Bình Minh",
            "Nguyễn Thị Mai",
            "",
            "",
            "Cho vay hộ nghèo",
            date(2022, 1, 10),
            50_000_000,
            date(2025, 1, 10),
            30_000_000,
            0,
        ],
    ]
    shown = preview("loans", world.staff_a, xlsx(BANK_HEADER, rows), world.commune_a, AS_OF)
    errors = {r.line: r.errors for r in shown.rows}
    assert shown.counts == {"new": 1, "matched": 0, "rejected": 5}
    assert errors[3] == ["Thiếu Chủ hộ."]
    assert errors[4] == ["Không có chương trình vay “Cho vay trâu bò”."]
    assert errors[5][0].startswith("Ngày vay: “31/02/2022” không phải là ngày")
    assert errors[5][1] == "Số tiền vay: “mười triệu” không phải là số tiền"
    # Long Thủy belongs to commune B; the balance is also above the loan.
    assert "Không có đơn vị “Long Thủy”" in errors[6][0]
    assert errors[7] == ["Trùng với dòng 2 của tệp."]
    assert confirm("loans", world.staff_a, shown.token) == 1
    assert counts() == (1, 1, 1, 1)


def test_a_failure_while_writing_leaves_nothing_behind(world, bank, monkeypatch):
    shown = preview("loans", world.staff_a, bank_list(), world.commune_a, AS_OF)
    register = register_of("loans")

    def broken(ctx, rows):
        type(register).write(register, ctx, rows)  # everything written … then refused
        raise RecordError(None, "Dòng 8: hỏng")

    monkeypatch.setattr(register, "write", broken)
    with pytest.raises(RecordError):
        engine.confirm(register, world.staff_a, shown.token)
    db.session.rollback()  # what form_helpers.save does on a refusal
    assert counts() == (0, 0, 0, 0)


def test_malformed_files_are_refused_whole(world, bank):
    cases = [
        (b"not a zip at all", "Không đọc được tệp"),
        (xlsx(["Họ tên", "Ghi chú"], [["Mai", ""]]), "Không tìm thấy dòng tiêu đề"),
        (xlsx(BANK_HEADER, []), "Tệp không có dòng dữ liệu nào"),
    ]
    for data, message in cases:
        with pytest.raises(RecordError, match=message):
            preview("loans", world.staff_a, data, world.commune_a, AS_OF)
    with pytest.raises(RecordError, match="Chỉ nhận tệp Excel"):
        preview("loans", world.staff_a, bank_list(), world.commune_a, AS_OF, name="tep.pdf")
    with pytest.raises(RecordError, match="ngày chốt số liệu"):
        preview("loans", world.staff_a, bank_list(), world.commune_a, None)
    with pytest.raises(RecordError, match="đơn vị bạn được ghi"):
        preview("loans", world.staff_a, bank_list(), world.commune_b, AS_OF)


def test_export_then_import_into_an_empty_commune_gives_the_same_figures(world, bank):
    poor = db.session.scalar(select(LoanProgramme).where(LoanProgramme.name == "Cho vay hộ nghèo"))
    water = db.session.scalar(select(LoanProgramme).where(LoanProgramme.name != "Cho vay hộ nghèo"))
    group = make_group(world.branch_a1, bank, "Tổ Bình Minh")
    other = make_group(world.commune_a, bank, "Tổ liên chi Trung Hà")
    mai = make_household(world.branch_a1, group, "Nguyễn Thị Mai")
    lan = make_household(world.branch_a2, other, "Trần Thị Lan")
    hoa = make_household(world.commune_a, None, "Lê Thị Hoa")
    make_repayment(
        make_loan(mai, poor, date(2022, 1, 10), 50_000_000, date(2025, 1, 10)),
        date(2023, 5, 1),
        8_000_000,
    )
    make_loan(mai, water, date(2023, 6, 1), 20_000_000, date(2028, 6, 1))
    make_repayment(
        make_loan(lan, poor, date(2021, 3, 15), 40_000_000, date(2024, 3, 15)),
        date(2024, 1, 2),
        28_000_000,
    )
    make_loan(hoa, poor, date(2024, 2, 1), 30_000_000, date(2027, 2, 1), group=None)
    before = figures(world.commune_a.id)

    data = engine.export_xlsx(register_of("loans"), world.staff_a, world.commune_a, AS_OF)
    commune = make_unit("Đức Lạc", UnitKind.COMMUNE, world.district)
    make_unit("An Cư 2", UnitKind.BRANCH, commune)
    make_unit("Trung Hà", UnitKind.BRANCH, commune)
    shown, count = import_file("loans", world.admin, data, commune, AS_OF)
    assert shown.counts["rejected"] == 0 and count == 4
    assert figures(commune.id) == before
    csv_text = engine.export_csv(register_of("loans"), world.staff_a, world.commune_a, AS_OF)
    again = preview("loans", world.admin, csv_text.encode("utf-8"), commune, AS_OF, "ds.csv")
    assert again.counts == {"new": 0, "matched": 4, "rejected": 0}


def test_rows_dated_in_a_sent_period_are_refused(world, bank):
    from datetime import UTC, datetime

    from tests.reports.factories import make_draft

    make_draft(world.commune_a, sent_at=datetime(2024, 1, 5, tzinfo=UTC))  # 2023 sent
    shown = preview("loans", world.staff_a, bank_list(), world.commune_a, date(2023, 12, 31))
    refused = {r.line: r.errors for r in shown.rows if r.errors}
    # Row 5 repaid part of its loan: its opening repayment would be dated 31/12/2023.
    assert refused[5] == [
        "Kỳ báo cáo 01/01/2023 – 31/12/2023 đã gửi; không thể thêm bản ghi ngày 31/12/2023."
    ]
    assert refused[7][0].endswith("ngày 01/06/2023.")  # disbursed inside the sent year
    assert 8 in refused  # disbursed in 2024, after the as-of date
