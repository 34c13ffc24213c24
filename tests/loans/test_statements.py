"""Bank statement import: a small .xlsx built here, the reconciliation preview, accepting the
bank's figures in one transaction, and files refused whole."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from tests.loans.factories import loan_world, make_household, make_loan, make_repayment
from webapp.extensions import db
from webapp.loans.services.ledger import loan_balance
from webapp.models import BankStatement, LoanRepayment, RepaymentKind

HEADER = ["STT", "Họ và tên", "Dư nợ", "Ghi chú"]


def xlsx(rows: list[list], header: list | None = None) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(["SAO KÊ DƯ NỢ TỔ TK&VV"])  # a title line above the header is common
    sheet.append([])
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


@pytest.fixture()
def group(world):
    lw = loan_world(world)  # Nguyễn Thị Mai: 50.000.000 lent, 5.000.000 repaid → 45.000.000
    lan = make_household(world.branch_a1, lw.group, "Trần Thị Lan")
    lan_loan = make_loan(lan, lw.programme, date(2022, 3, 1), 20_000_000, date(2026, 3, 1))
    make_loan(make_household(world.branch_a1, lw.group, "Lê Thị Hoa"), lw.programme)
    cuc = make_household(world.branch_a1, lw.group, "Đỗ Thị Cúc")
    cuc_loan = make_loan(cuc, lw.programme, date(2022, 3, 1), 10_000_000, date(2026, 3, 1))
    make_repayment(cuc_loan, date(2022, 9, 1), 4_000_000)
    return {"lw": lw, "lan": lan_loan, "cuc": cuc_loan}


def _upload(client, group_id: int, file: io.BytesIO, name: str = "saoke.xlsx", on="2023-01-31"):
    return client.post_form(
        f"/loans/groups/{group_id}/statements/new",
        {"statement_on": on, "file": (file, name)},
        content_type="multipart/form-data",
    )


def _counts() -> tuple[int, int]:
    db.session.expire_all()
    return (
        db.session.scalar(select(func.count()).select_from(LoanRepayment)),
        db.session.scalar(select(func.count()).select_from(BankStatement)),
    )


def _standard(group) -> io.BytesIO:
    return xlsx(
        [
            [1, "Nguyễn Thị Mai", 45_000_000, ""],
            [2, "tran thi lan", "15.000.000", "trả tại ngân hàng"],
            [3, "Đỗ Thị Cúc", 8000000.0, ""],
            [4, "Phạm Văn Lạ", 3_000_000, ""],
        ]
    )


def test_the_preview_reconciles_matches_differences_unknown_and_missing(group, staff):
    lw = group["lw"]
    response = _upload(staff, lw.group.id, _standard(group))
    assert response.status_code == 302
    page = staff.get(response.location).get_data(as_text=True)
    assert "Khớp: 1" in page and "Chênh lệch: 2" in page
    assert "Không có trong sổ: 1" in page and "Thiếu trong sao kê: 1" in page
    assert "Phạm Văn Lạ" in page and "Lê Thị Hoa" in page
    assert "-5.000.000 đồng" in page and "ghi trả nợ" in page
    assert "điều chỉnh tăng dư nợ" in page
    assert _counts()[0] == 2  # the preview writes nothing to the register


def test_accepting_writes_the_banks_figures_in_one_go(group, staff):
    lw = group["lw"]
    before = _counts()[0]
    location = _upload(staff, lw.group.id, _standard(group)).location
    statement_id = int(location.rstrip("/").split("/")[-1])
    accepted = staff.post_form(f"/loans/statements/{statement_id}/accept")
    assert accepted.status_code == 302
    assert "ghi 2 lần trả nợ / điều chỉnh" in staff.get(accepted.location).get_data(as_text=True)
    assert _counts()[0] == before + 2
    at = date(2023, 1, 31)
    assert loan_balance(group["lan"], at) == 15_000_000
    assert loan_balance(group["cuc"], at) == 8_000_000
    kinds = {
        r.loan_id: (r.kind, r.principal, r.paid_on)
        for r in db.session.scalars(
            select(LoanRepayment).where(LoanRepayment.source == "statement")
        )
    }
    assert kinds[group["lan"].id] == (RepaymentKind.PAYMENT, 5_000_000, at)
    assert kinds[group["cuc"].id] == (RepaymentKind.CORRECTION, -2_000_000, at)
    again = staff.post_form(f"/loans/statements/{statement_id}/accept")
    assert "Sao kê này đã được chấp nhận." in staff.get(again.location).get_data(as_text=True)
    assert _counts()[0] == before + 2


def test_a_refusal_while_accepting_rolls_everything_back(group, staff):
    lw = group["lw"]
    # Lan already paid 18.000.000 after the statement date: the bank's −5.000.000 no longer fits.
    make_repayment(group["lan"], date(2023, 2, 15), 18_000_000)
    before = _counts()[0]
    location = _upload(staff, lw.group.id, _standard(group)).location
    statement_id = int(location.rstrip("/").split("/")[-1])
    refused = staff.post_form(f"/loans/statements/{statement_id}/accept")
    page = staff.get(refused.location).get_data(as_text=True)
    assert "lớn hơn dư nợ còn lại (2.000.000 đồng)" in page
    assert _counts()[0] == before  # not even Cúc's correction
    assert db.session.get(BankStatement, statement_id).accepted_at is None


def test_a_bank_balance_above_what_was_lent_blocks_accepting(group, staff):
    lw = group["lw"]
    file = xlsx([[1, "Trần Thị Lan", 25_000_000, ""]])
    location = _upload(staff, lw.group.id, file).location
    page = staff.get(location).get_data(as_text=True)
    assert "Cần kiểm tra: 1" in page
    statement_id = int(location.rstrip("/").split("/")[-1])
    refused = staff.post_form(f"/loans/statements/{statement_id}/accept")
    assert "Còn 1 hộ cần kiểm tra trước khi chấp nhận sao kê." in staff.get(
        refused.location
    ).get_data(as_text=True)


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            lambda: xlsx([[1, "Trần Thị Lan", 1, "x"]], ["STT", "Họ và tên", "Dư nợ", "Số CMND"]),
            "Cột không nhận ra: “Số CMND”.",
        ),
        (
            lambda: xlsx(
                [[1, "Nguyễn Thị Mai", 45_000_000, ""], [2, "Trần Thị Lan", "mười lăm triệu", ""]]
            ),
            "Dòng 5: số dư nợ không phải là số “mười lăm triệu”.",
        ),
        (
            lambda: xlsx([[1, "Trần Thị Lan", 1500000.5, ""]]),
            "Dòng 4: số dư nợ phải là số nguyên đồng",
        ),
        (lambda: xlsx([[1, "Trần Thị Lan", -1, ""]]), "Dòng 4: số dư nợ không được âm."),
        (lambda: xlsx([[1, "Trần Thị Lan", None, ""]]), "Dòng 4: thiếu số dư nợ."),
        (lambda: xlsx([[1, "", 5, ""]]), "Dòng 4: thiếu họ tên chủ hộ."),
        (lambda: xlsx([]), "Tệp không có dòng dữ liệu nào."),
        (
            lambda: xlsx([[1, "Trần Thị Lan", 1]], ["STT", "Họ và tên", "Số tiền"]),
            "Cột không nhận ra: “Số tiền”.",
        ),
        (
            lambda: io.BytesIO(b"STT;Ho ten;Du no\n1;Lan;5"),
            "Không đọc được tệp; hãy chọn tệp Excel .xlsx.",
        ),
    ],
)
def test_bad_files_are_refused_whole_with_a_clear_message(group, staff, file, message):
    before = _counts()
    response = _upload(staff, group["lw"].group.id, file())
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _counts() == before


def test_only_xlsx_files_are_taken(group, staff):
    response = _upload(staff, group["lw"].group.id, _standard(group), name="saoke.csv")
    assert "Chỉ nhận tệp Excel .xlsx." in response.get_data(as_text=True)


def test_a_draft_can_be_discarded(group, staff):
    location = _upload(staff, group["lw"].group.id, _standard(group)).location
    statement_id = int(location.rstrip("/").split("/")[-1])
    staff.post_form(f"/loans/statements/{statement_id}/discard")
    assert staff.get(location).status_code == 404
