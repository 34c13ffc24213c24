"""Forms say everything at once (issue 16), in the loans, charity and statistics areas: a form
with several mistakes — some the fields refuse, some the rules refuse — answers with every
message in ONE response, each beside its field, and saves nothing."""

from __future__ import annotations

import io
import re
from datetime import date

from openpyxl import Workbook
from sqlalchemy import func, select

from tests.activities.factories import make_statistic
from tests.charity import factories as cf
from tests.conftest import client_for, page_text
from tests.factories import PASSWORD
from tests.loans.factories import loan_world, make_rotating_loan
from webapp.extensions import db
from webapp.models import (
    Bank,
    BankOffice,
    BankStatement,
    RotatingContribution,
    RotatingLoan,
    RotatingMember,
    RotatingRepayment,
)
from webapp.models.activities import ManualStatistic, StatisticValue
from webapp.models.charity import Distribution, FundEntry

STALE = "Bản ghi đã được người khác sửa; vui lòng tải lại trang."


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def _beside(html: str, field_id: str) -> list[str]:
    """The messages shown beside one field."""
    return re.findall(rf'<p class="error" id="{re.escape(field_id)}-error">([^<]*)</p>', html)


def _in_field(html: str, field_id: str) -> list[str]:
    """The messages inside the field block labelled for ``field_id`` (inline forms whose
    messages carry no id of their own)."""
    block = re.search(
        rf'<div class="field has-error"><label for="{re.escape(field_id)}">.*?</div>', html, re.S
    )
    return re.findall(r'<p class="error">([^<]*)</p>', block.group(0)) if block else []


# --- loans: banks, programmes, offices ---------------------------------------------------------


def test_a_bank_with_a_bad_code_no_short_name_and_no_unit_says_all_three(app, world):
    admin_b = client_for(app, world.admin_b, PASSWORD)  # a commune's admin: no shared banks
    before = _count(Bank)
    response = admin_b.post_form(
        "/loans/banks",
        {"code": "Agri Bank!", "short_name": "", "name": "Agribank", "unit_id": ""},
    )
    html = page_text(response)
    assert response.status_code == 422
    assert _beside(html, "code") == ["Mã chỉ gồm chữ thường không dấu, số hoặc _, 2–20 ký tự."]
    assert _beside(html, "short_name") == ["Vui lòng nhập trường này."]
    assert _beside(html, "unit_id") == ["Vui lòng chọn đơn vị quản lý."]
    assert _count(Bank) == before


def test_an_office_without_unit_or_name_says_both(app, world):
    lw = loan_world(world)
    admin = client_for(app, world.admin, PASSWORD)
    response = admin.post_form(
        "/loans/banks/offices",
        {"office_bank_id": str(lw.bank.id), "office_unit_id": "", "office_name": ""},
    )
    html = page_text(response)
    assert response.status_code == 422
    assert _beside(html, "office_unit_id") == ["Vui lòng chọn đơn vị."]
    assert _beside(html, "office_name") == ["Vui lòng nhập trường này."]
    assert _count(BankOffice) == 0


def test_a_programme_edited_from_an_old_page_without_a_name_says_both(app, world):
    lw = loan_world(world)
    admin = client_for(app, world.admin, PASSWORD)
    programme = lw.programme
    response = admin.post_form(
        f"/loans/programmes/{programme.id}",
        {"name": "", "active": "y", "version": str(programme.version + 1)},
    )
    html = page_text(response)
    assert response.status_code == 422
    assert _beside(html, "name") == ["Vui lòng nhập trường này."]
    assert STALE in html
    db.session.expire_all()
    assert db.session.get(type(programme), programme.id).name == "Cho vay hộ nghèo"


# --- loans: rotating groups --------------------------------------------------------------------


def test_a_rotating_member_without_name_joining_too_early_with_an_unknown_id_says_all(app, world):
    lw = loan_world(world)
    staff = client_for(app, world.staff_a, PASSWORD)
    before = _count(RotatingMember)
    response = staff.post_form(
        f"/loans/rotating/{lw.rgroup.id}/members",
        {"full_name": "", "joined_on": "2020-01-15", "member_id": "987654"},
    )
    html = page_text(response)
    assert response.status_code == 422
    assert _beside(html, "full_name") == ["Vui lòng nhập trường này."]
    assert _beside(html, "joined_on") == [
        "Ngày tham gia không được trước ngày thành lập tổ (01/05/2020)."
    ]
    assert _beside(html, "member_id") == ["Không tìm thấy hội viên mang mã này."]
    assert _count(RotatingMember) == before


def test_a_contribution_without_member_day_or_amount_says_all_three(app, world):
    lw = loan_world(world)
    staff = client_for(app, world.staff_a, PASSWORD)
    before = _count(RotatingContribution)
    response = staff.post_form(
        f"/loans/rotating/{lw.rgroup.id}/contributions",
        {"rotating_member_id": "", "paid_on": "", "amount": ""},
        htmx=True,
    )
    html = page_text(response)
    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert _beside(html, "rotating_member_id") == ["Vui lòng chọn một thành viên của tổ."]
    assert _beside(html, "paid_on") == ["Vui lòng chọn ngày."]
    assert _beside(html, "amount") == ["Vui lòng nhập số tiền."]
    assert _count(RotatingContribution) == before


def test_a_rotating_loan_too_early_too_large_and_due_before_it_says_all_three(app, world):
    lw = loan_world(world)
    staff = client_for(app, world.staff_a, PASSWORD)
    before = _count(RotatingLoan)
    response = staff.post_form(
        f"/loans/rotating/{lw.rgroup.id}/loans",
        {
            "rotating_member_id": str(lw.rmember.id),
            "lent_on": "2020-04-01",  # she joined on 01/05/2020; no capital yet
            "amount": "30.000.000",
            "due_on": "2020-03-01",
        },
    )
    html = page_text(response)
    assert response.status_code == 422
    assert _beside(html, "lent_on") == ["Ngày cho vay không được trước ngày thành viên tham gia."]
    assert _beside(html, "due_on") == ["Hạn trả phải sau ngày cho vay."]
    assert _beside(html, "amount") == ["Tổ chỉ còn 0 đồng; không đủ để cho vay."]
    assert 'value="30.000.000"' in html
    assert _count(RotatingLoan) == before


def test_a_rotating_repayment_before_the_loan_and_above_what_is_owed_says_both(app, world):
    lw = loan_world(world)
    loan = make_rotating_loan(lw.rmember, date(2023, 1, 10), 5_000_000)
    staff = client_for(app, world.staff_a, PASSWORD)
    before = _count(RotatingRepayment)
    prefix = f"rloan{loan.id}-"
    response = staff.post_form(
        f"/loans/rotating/loans/{loan.id}/repayments",
        {prefix + "paid_on": "2023-01-09", prefix + "amount": "6.000.000"},
    )
    html = page_text(response)
    assert response.status_code == 422
    assert _in_field(html, prefix + "paid_on") == [
        "Ngày trả không được trước ngày cho vay (10/01/2023)."
    ]
    assert _in_field(html, prefix + "amount") == [
        "Số tiền trả (6.000.000 đồng) lớn hơn số còn nợ (5.000.000 đồng)."
    ]
    assert _count(RotatingRepayment) == before


# --- loans: bank statements --------------------------------------------------------------------


def _statement(rows: list[list]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(["SAO KÊ DƯ NỢ TỔ TK&VV"])
    sheet.append([])
    sheet.append(["STT", "Họ và tên", "Dư nợ", "Ghi chú"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_a_statement_without_a_day_and_with_two_bad_rows_names_all_of_them(app, world):
    lw = loan_world(world)
    staff = client_for(app, world.staff_a, PASSWORD)
    file = _statement([[1, "", 100_000, ""], [2, "Trần Thị Lan", "nhiều", ""]])
    response = staff.post_form(
        f"/loans/groups/{lw.group.id}/statements/new",
        {"statement_on": "", "file": (file, "saoke.xlsx")},
        content_type="multipart/form-data",
    )
    html = page_text(response)
    assert response.status_code == 422
    assert _beside(html, "statement_on") == ["Vui lòng chọn ngày."]
    assert _beside(html, "file") == [
        "Dòng 4: thiếu họ tên chủ hộ. Dòng 5: số dư nợ không phải là số “nhiều”."
    ]
    assert _count(BankStatement) == 0


# --- charity: transfers and distributions ------------------------------------------------------


def test_a_transfer_without_funds_day_or_amount_says_all_four(app, world):
    hoi = cf.make_fund(world.commune_a, "Quỹ Hội")
    staff = client_for(app, world.staff_a, PASSWORD)
    before = _count(FundEntry)
    response = staff.post_form(
        f"/charity/funds/{hoi.id}/transfers",
        {
            "transfer-from_fund_id": "",
            "transfer-to_fund_id": "",
            "transfer-entry_date": "",
            "transfer-amount": "0",
        },
    )
    html = page_text(response)
    assert response.status_code == 422
    assert _beside(html, "transfer-from_fund_id") == ["Vui lòng chọn quỹ chuyển đi."]
    assert _beside(html, "transfer-to_fund_id") == ["Vui lòng chọn quỹ nhận."]
    assert _beside(html, "transfer-entry_date") == ["Vui lòng nhập ngày."]
    assert _beside(html, "transfer-amount") == ["Số tiền phải là số nguyên lớn hơn 0."]
    assert _count(FundEntry) == before


def test_a_distribution_without_title_quantity_or_recipients_says_all_three(app, world):
    fund = cf.make_fund(world.commune_a, "Quỹ Hội")
    staff = client_for(app, world.staff_a, PASSWORD)
    response = staff.post_form(
        "/charity/distributions/new",
        {
            "title": "",
            "unit_id": world.commune_a.id,
            "given_on": "2023-07-27",
            "occasion": "martyrs_27_7",
            "kind": "parcel",
            "quantity": "0",
            "value_vnd": "200.000",
            "source": "fund",
            "fund_id": fund.id,
            "new_names": "",
            "category": "",
        },
    )
    html = page_text(response)
    assert response.status_code == 422
    assert _beside(html, "title") == ["Vui lòng nhập tên đợt trao."]
    assert _beside(html, "quantity") == ["Số lượng phải là số nguyên lớn hơn 0."]
    recipients = '<p class="error" role="alert">Hãy chọn hoặc nhập ít nhất một người nhận.</p>'
    assert recipients in html  # beside the tick list of recipients
    assert _count(Distribution) == 0


# --- statistics: definitions and values --------------------------------------------------------


def test_a_statistic_without_label_with_a_bad_code_and_too_many_decimals_says_all(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    response = admin.post_form(
        "/activities/statistics/new",
        {
            "label": "",
            "code": "Tỷ lệ!",
            "kind": "percent",
            "measure": "",
            "decimals": "7",
            "combine": "own",
        },
    )
    html = page_text(response)
    assert response.status_code == 422
    assert _beside(html, "label") == ["Vui lòng nhập trường này."]
    assert _beside(html, "code") == [
        "Mã chỉ gồm chữ thường không dấu, số và dấu gạch dưới, bắt đầu bằng chữ."
    ]
    assert _beside(html, "decimals") == ["Tối đa 4 chữ số thập phân."]
    assert _count(ManualStatistic) == 0


def test_a_statistic_value_without_unit_in_the_future_and_negative_says_all(app, world):
    stat = make_statistic()
    staff = client_for(app, world.staff_a, PASSWORD)
    response = staff.post_form(
        "/activities/statistics/values/new",
        {"statistic_id": str(stat.id), "unit_id": "", "valid_from": "2099-01-01", "value": "-4"},
    )
    html = page_text(response)
    assert response.status_code == 422
    assert _beside(html, "unit_id") == ["Vui lòng chọn đơn vị."]
    assert _beside(html, "valid_from") == ["Ngày không được sau ngày hôm nay."]
    assert _beside(html, "value") == ["Giá trị không được âm."]
    assert _count(StatisticValue) == 0
