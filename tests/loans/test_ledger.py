"""Disbursements, repayments and savings through the forms: balances, the overdue flag, and
every refused input with its message (nothing partial is written)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import client_for, page_text
from tests.factories import PASSWORD
from tests.loans.factories import (
    make_bank,
    make_household,
    make_loan,
    make_programme,
    make_repayment,
)
from webapp.extensions import db
from webapp.models import Household, Loan, LoanRepayment, SavingsDeposit


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def _loan_form(lw, **overrides) -> dict:
    data = {
        "programme_id": str(lw.programme.id),
        "group_id": str(lw.group.id),
        "disbursed_on": "2023-03-01",
        "amount": "30.000.000",
        "due_on": "2026-03-01",
        "purpose": "Nuôi bò",
        "contract_no": "KU-01",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("typed", ["1.500.000", "1500000", "1 500 000 đ"])
def test_amounts_are_typed_the_vietnamese_way_or_plain(lw, staff, typed):
    url = f"/loans/households/{lw.household.id}/loans/new"
    response = staff.post_form(url, _loan_form(lw, amount=typed))
    assert response.status_code == 302
    loan = db.session.scalars(select(Loan).where(Loan.contract_no == "KU-01")).one()
    assert loan.amount == 1_500_000 and isinstance(loan.amount, int)


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("amount", "1,5", "Số không hợp lệ: “1,5”"),
        ("amount", "mười triệu", "Số không hợp lệ: “mười triệu”"),
        ("amount", "0", "Số tiền phải lớn hơn 0."),
        ("amount", "-2.000.000", "Số tiền phải lớn hơn 0."),
        ("amount", "", "Vui lòng nhập số tiền."),
        ("due_on", "2023-02-01", "Hạn trả nợ phải sau ngày giải ngân."),
        ("disbursed_on", "2023-13-45", "Ngày không hợp lệ."),
    ],
)
def test_bad_loan_input_is_refused_beside_its_field_and_kept(lw, staff, field, typed, message):
    before = _count(Loan)
    url = f"/loans/households/{lw.household.id}/loans/new"
    response = staff.post_form(url, _loan_form(lw, **{field: typed}))
    assert response.status_code == 422
    page = page_text(response)
    assert message in page
    assert f'value="{typed}"' in page or (field == "amount" and typed == "")
    assert _count(Loan) == before


def test_a_programme_of_another_bank_than_the_groups_is_refused(world, lw, staff):
    agri = make_programme(make_bank(world.commune_a, "agribank"), "Cho vay sản xuất")
    url = f"/loans/households/{lw.household.id}/loans/new"
    response = staff.post_form(url, _loan_form(lw, programme_id=str(agri.id)))
    assert "Chương trình vay không thuộc ngân hàng của tổ." in page_text(response)
    # Without a group the same programme is fine.
    response = staff.post_form(url, _loan_form(lw, programme_id=str(agri.id), group_id=""))
    assert response.status_code == 302


def _repay(client, loan, paid_on, principal, interest="", htmx=True):
    prefix = f"loan{loan.id}-"
    return client.post_form(
        f"/loans/loans/{loan.id}/repayments",
        {
            prefix + "paid_on": paid_on,
            prefix + "principal": principal,
            prefix + "interest": interest,
        },
        htmx=htmx,
    )


def test_two_repayments_bring_an_overdue_loan_to_zero_and_clear_the_flag(world, lw, staff):
    loan = make_loan(lw.household, lw.programme, date(2021, 1, 10), 10_000_000, date(2022, 1, 10))
    page = page_text(staff.get(f"/loans/households/{lw.household.id}"))
    assert "Quá hạn" in page and "10.000.000 đồng" in page

    first = page_text(_repay(staff, loan, "2023-02-01", "4.000.000", "300.000"))
    assert "6.000.000 đồng" in first and "Quá hạn" in first
    second = page_text(_repay(staff, loan, "2023-03-01", "6000000"))
    assert "Đã trả hết" in second and "Quá hạn" not in second
    assert "0 đồng" in second


def test_a_repayment_above_the_balance_is_refused_and_nothing_written(lw, staff):
    before = _count(LoanRepayment)
    # 50.000.000 lent, 5.000.000 repaid: 45.000.000 left.
    response = _repay(staff, lw.loan, "2023-01-05", "45.000.001")
    page = page_text(response)
    assert "Số tiền trả gốc (45.000.001 đồng) lớn hơn dư nợ còn lại (45.000.000 đồng)." in page
    assert 'value="45.000.001"' in page  # what was typed stays
    assert _count(LoanRepayment) == before


def test_a_repayment_dated_before_the_disbursement_is_refused(lw, staff):
    before = _count(LoanRepayment)
    response = _repay(staff, lw.loan, "2022-01-09", "1.000.000")
    assert "Ngày trả không được trước ngày giải ngân (10/01/2022)." in page_text(response)
    assert _count(LoanRepayment) == before


def test_a_repayment_of_nothing_or_a_negative_amount_is_refused(lw, staff):
    before = _count(LoanRepayment)
    assert "Số tiền phải lớn hơn 0." in page_text(_repay(staff, lw.loan, "2023-01-05", "0", "0"))
    assert "Số tiền không được âm." in page_text(_repay(staff, lw.loan, "2023-01-05", "-1.000"))
    assert _count(LoanRepayment) == before


def test_an_interest_only_payment_is_a_repayment(lw, staff):
    response = _repay(staff, lw.loan, "2023-01-05", "", "250.000")
    assert "45.000.000 đồng" in page_text(response)
    assert db.session.scalar(select(func.sum(LoanRepayment.interest))) == 550_000


def test_deleting_a_repayment_puts_the_balance_back(lw, staff):
    response = staff.post_form(f"/loans/repayments/{lw.repayment.id}/delete", htmx=True)
    assert "50.000.000 đồng" in page_text(response)
    db.session.expire_all()
    visible = select(LoanRepayment).where(LoanRepayment.id == lw.repayment.id)
    assert db.session.scalar(visible) is None  # in the trash
    assert db.session.scalar(visible.execution_options(include_deleted=True)) is not None


def test_a_loan_with_repayments_cannot_be_deleted(lw, staff):
    response = staff.post_form(f"/loans/loans/{lw.loan.id}/delete")
    assert response.status_code == 302
    page = page_text(staff.get(f"/loans/households/{lw.household.id}"))
    assert "Không thể xoá: khoản vay đã có 1 lần trả nợ. Hãy xoá chúng trước." in page
    assert db.session.get(Loan, lw.loan.id) is not None


def test_editing_a_loan_from_an_old_version_is_refused_and_keeps_what_was_typed(lw, staff):
    old = str(lw.loan.version)
    lw.loan.purpose = "Sửa bởi người khác"
    db.session.commit()
    response = staff.post_form(
        f"/loans/loans/{lw.loan.id}/edit",
        _loan_form(lw, disbursed_on="2022-01-10", amount="55.000.000", version=old),
    )
    page = page_text(response)
    assert "Bản ghi đã được người khác sửa; vui lòng tải lại trang." in page
    assert 'value="55.000.000"' in page
    db.session.expire_all()
    assert db.session.get(Loan, lw.loan.id).amount == 50_000_000


def test_a_loan_cannot_shrink_below_what_was_repaid(lw, staff):
    response = staff.post_form(
        f"/loans/loans/{lw.loan.id}/edit",
        _loan_form(lw, disbursed_on="2022-01-10", amount="4.000.000", version=str(lw.loan.version)),
    )
    assert "Số tiền vay không được nhỏ hơn số gốc đã trả (5.000.000 đồng)." in page_text(response)


def test_withdrawing_more_than_the_savings_is_refused(lw, staff):
    url = f"/loans/households/{lw.household.id}/deposits"
    ok = staff.post_form(
        url, {"deposit-deposited_on": "2023-01-15", "deposit-amount": "100.000"}, htmx=True
    )
    assert "200.000 đồng" in page_text(ok)  # the factory's 100.000 + this one
    refused = staff.post_form(
        url,
        {
            "deposit-deposited_on": "2023-02-15",
            "deposit-amount": "250.000",
            "deposit-is_withdrawal": "y",
        },
        htmx=True,
    )
    assert "Số tiền rút lớn hơn số dư tiết kiệm (200.000 đồng)." in page_text(refused)
    assert _count(SavingsDeposit) == 2


def test_a_viewer_cannot_record_a_repayment(app, world, lw):
    # A district viewer needs an admin's grant to open a household (webapp/privacy/access.py);
    # even with it, the account stays read-only.
    world.viewer_district.sees_personal_details = True
    db.session.commit()
    viewer = client_for(app, world.viewer_district, PASSWORD)
    assert viewer.get(f"/loans/households/{lw.household.id}").status_code == 200
    before = _count(LoanRepayment)
    assert _repay(viewer, lw.loan, "2023-01-05", "1.000.000").status_code == 403
    assert _count(LoanRepayment) == before


def test_a_unit_outside_the_users_scope_is_refused_with_403(app, world, lw, staff):
    branch = client_for(app, world.branch_user_a1, PASSWORD)
    before = _count(Household)
    response = branch.post_form(
        "/loans/households/new", {"head_name": "Hộ mới", "unit_id": str(world.branch_a2.id)}
    )
    assert response.status_code == 403
    assert _count(Household) == before
    response = staff.post_form(
        "/loans/households/new", {"head_name": "Hộ mới", "unit_id": str(world.branch_b1.id)}
    )
    assert response.status_code == 403
    assert _count(Household) == before


def test_household_search_ignores_diacritics(world, lw, staff):
    make_household(world.branch_a2, None, "Phạm Thị Huế")
    rows = page_text(
        staff.get(
            "/loans/households?q=hue", headers={"HX-Request": "true", "HX-Target": "household-rows"}
        )
    )
    assert "<html" not in rows  # only the rows partial
    assert "Phạm Thị Huế" in rows and "Nguyễn Thị Mai" not in rows


def test_the_portfolio_shows_totals_by_bank_and_the_overdue_loan(world, lw, staff):
    late = make_household(world.branch_a2, None, "Lê Thị Quá Hạn")
    make_repayment(
        make_loan(late, lw.programme, date(2019, 1, 1), 8_000_000, date(2022, 1, 1), group=False),
        date(2020, 1, 1),
        1_000_000,
    )
    page = page_text(staff.get(f"/loans/?unit={world.commune_a.id}&from=2023-01-01&at=2023-06-30"))
    assert "NHCSXH" in page
    assert "52.000.000 đồng" in page  # 45 + 7 outstanding
    assert "Lê Thị Quá Hạn" in page and "7.000.000 đồng" in page
    assert "<svg" in page and "<polyline" in page
    assert "13,46%" in page  # 7 ÷ 52
