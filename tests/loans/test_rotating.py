"""Rotating capital groups through their page: members, contributions, loans in turn and
repayments, with the refused inputs."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.conftest import page_text
from webapp.extensions import db
from webapp.models import RotatingContribution, RotatingGroup, RotatingLoan, RotatingRepayment


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def test_staff_create_a_group_add_a_member_and_record_a_contribution(world, staff):
    created = staff.post_form(
        "/loans/rotating/new",
        {
            "name": "Tổ góp vốn Trung Hà",
            "kind": "group",
            "unit_id": str(world.branch_a2.id),
            "leader_name": "Vũ Thị Thu",
            "founded_on": "2021-03-01",
        },
    )
    assert created.status_code == 302
    group = db.session.scalars(
        select(RotatingGroup).where(RotatingGroup.name == "Tổ góp vốn Trung Hà")
    ).one()
    url = f"/loans/rotating/{group.id}"
    staff.post_form(url + "/members", {"full_name": "Bùi Thị Nga", "joined_on": "2021-03-01"})
    page = page_text(staff.get(url))
    assert "Bùi Thị Nga" in page
    member_id = page.split("Bùi Thị Nga</option>")[0].rsplit('value="', 1)[1].split('"')[0]
    staff.post_form(
        url + "/contributions",
        {"rotating_member_id": member_id, "paid_on": "2021-03-05", "amount": "5.000.000"},
    )
    page = page_text(staff.get(url))
    assert 'Vốn góp: <strong id="rotating-capital">5.000.000 đồng</strong>' in page


def test_a_loan_larger_than_the_capital_on_hand_is_refused(lw, staff):
    before = _count(RotatingLoan)
    response = staff.post_form(
        f"/loans/rotating/{lw.rgroup.id}/loans",
        {"rotating_member_id": str(lw.rmember.id), "lent_on": "2023-01-10", "amount": "20.000.001"},
    )
    assert response.status_code == 422
    assert "Tổ chỉ còn 20.000.000 đồng; không đủ để cho vay." in page_text(response)
    assert 'value="20.000.001"' in page_text(response)
    assert _count(RotatingLoan) == before


def test_a_contribution_before_joining_is_refused(lw, staff):
    before = _count(RotatingContribution)
    response = staff.post_form(
        f"/loans/rotating/{lw.rgroup.id}/contributions",
        {"rotating_member_id": str(lw.rmember.id), "paid_on": "2020-04-30", "amount": "1.000.000"},
    )
    assert "Ngày góp không được trước ngày thành viên tham gia." in page_text(response)
    assert _count(RotatingContribution) == before


def test_repaying_more_than_owed_or_before_the_loan_is_refused(lw, staff):
    loan = staff.post_form(
        f"/loans/rotating/{lw.rgroup.id}/loans",
        {"rotating_member_id": str(lw.rmember.id), "lent_on": "2023-01-10", "amount": "8.000.000"},
    )
    assert loan.status_code == 302
    new = db.session.scalars(select(RotatingLoan).where(RotatingLoan.amount == 8_000_000)).one()
    before = _count(RotatingRepayment)
    url = f"/loans/rotating/loans/{new.id}/repayments"
    prefix = f"rloan{new.id}-"
    too_much = staff.post_form(
        url, {prefix + "paid_on": "2023-06-10", prefix + "amount": "9.000.000"}
    )
    assert "Số tiền trả (9.000.000 đồng) lớn hơn số còn nợ (8.000.000 đồng)." in page_text(too_much)
    too_early = staff.post_form(
        url, {prefix + "paid_on": "2023-01-09", prefix + "amount": "1.000.000"}
    )
    assert "Ngày trả không được trước ngày cho vay (10/01/2023)." in page_text(too_early)
    assert _count(RotatingRepayment) == before
    ok = staff.post_form(url, {prefix + "paid_on": "2023-06-10", prefix + "amount": "8000000"})
    assert ok.status_code == 302
    assert _count(RotatingRepayment) == before + 1


def test_a_group_with_members_cannot_be_deleted(lw, staff):
    staff.post_form(f"/loans/rotating/{lw.rgroup.id}/delete")
    page = page_text(staff.get(f"/loans/rotating/{lw.rgroup.id}"))
    assert "Không thể xoá: tổ còn 1 thành viên." in page
