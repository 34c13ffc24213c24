"""A user who chose English sees the loans area in English: pages, form errors, the refusals
of the services and the bank statement preview (the statement file keeps its Vietnamese
column names: they are a file format)."""

from __future__ import annotations

from tests.conftest import page_text
from tests.loans.test_statements import xlsx


def test_the_main_pages_speak_english(english, lw):
    portfolio = page_text(english.get("/loans/"))
    assert "Outstanding entrusted loans" in portfolio
    assert "By bank and programme" in portfolio and "Overdue loans" in portfolio
    assert "Dư nợ vốn vay ủy thác" not in portfolio

    household = page_text(english.get(f"/loans/households/{lw.household.id}"))
    assert "Record repayment" in household and "Principal paid (VND)" in household
    assert "Savings" in household and "Repayment" in household  # the repayment's kind
    assert "Các khoản vay" not in household

    group = page_text(english.get(f"/loans/groups/{lw.group.id}"))
    assert "Monthly collection sheet" in group and "Import bank statement" in group
    assert "Bảng thu tháng" not in group

    rotating = page_text(english.get(f"/loans/rotating/{lw.rgroup.id}"))
    assert "Lending in turn" in rotating and "Cash on hand" in rotating
    assert "Cho vay luân phiên" not in rotating


def test_form_errors_and_refusals_are_english(english, lw):
    refused = english.post_form(
        f"/loans/households/{lw.household.id}/loans/new",
        {"programme_id": str(lw.programme.id), "amount": "abc", "disbursed_on": "2023-01-05"},
    )
    assert refused.status_code == 422
    page = page_text(refused)
    assert "Invalid number: “abc”" in page and "Please choose a date." in page
    assert "Vui lòng chọn ngày." not in page

    # A service's refusal: more principal than is owed (45.000.000 left).
    too_much = english.post_form(
        f"/loans/loans/{lw.loan.id}/repayments",
        {
            f"loan{lw.loan.id}-paid_on": "2023-01-10",
            f"loan{lw.loan.id}-principal": "99.000.000",
            f"loan{lw.loan.id}-interest": "0",
        },
    )
    assert too_much.status_code == 422
    assert "is more than the outstanding balance" in page_text(too_much)


def test_the_statement_preview_and_its_file_errors_are_english(english, lw):
    uploaded = english.post_form(
        f"/loans/groups/{lw.group.id}/statements/new",
        {
            "statement_on": "2023-01-31",
            "file": (xlsx([[1, "Nguyễn Thị Mai", 40_000_000, ""]]), "s.xlsx"),
        },
        content_type="multipart/form-data",
    )
    assert uploaded.status_code == 302
    preview = page_text(english.get(uploaded.location))
    assert "Difference: 1" in preview and "record a repayment" in preview
    assert "Accept the bank's figures" in preview
    assert "Chênh lệch" not in preview and "ghi trả nợ" not in preview

    unknown = english.post_form(
        f"/loans/groups/{lw.group.id}/statements/new",
        {
            "statement_on": "2023-01-31",
            "file": (xlsx([[1, "Mai", 1]], ["STT", "Họ và tên", "Số"]), "s.xlsx"),
        },
        content_type="multipart/form-data",
    )
    assert unknown.status_code == 422
    # The message is English; the column names it lists are the file's own (Vietnamese).
    assert "Unrecognised column: “Số”. The columns used are: STT, Mã hộ" in page_text(unknown)
