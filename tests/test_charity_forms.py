"""Charity forms: a refusal answered to htmx comes back 200 so that htmx 2 swaps it and the
message shows beside its field (issue 12's 422 bug), and every mistake shows at once (16)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from tests.charity import factories as f
from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.extensions import db
from webapp.models.charity import (
    Beneficiary,
    BeneficiaryCategory,
    FundEntry,
    FundKind,
    ReceivedSupport,
    SponsorshipPayment,
)


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_refused_ledger_entry_sent_by_htmx_is_swapped_with_its_message(app, world):
    fund = f.make_fund(world.commune_a, "Quỹ Hội")
    staff = client_for(app, world.staff_a, PASSWORD)
    url = f"/charity/funds/{fund.id}/entries"
    typed = {"entry_date": "2023-02-01", "direction": "in", "kind": "donation", "amount": "0"}

    swapped = staff.post_form(url, typed, htmx=True, headers={"HX-Target": "ledger"})
    assert swapped.status_code == 200  # htmx 2 does not swap a 422
    fragment = swapped.get_data(as_text=True)
    assert "<html" not in fragment  # the ledger part alone, as hx-target="#ledger" expects
    assert 'class="field has-error"' in fragment
    assert "Số tiền phải là số nguyên lớn hơn 0." in fragment
    assert 'id="amount-error"' in fragment  # beside its field

    plain = staff.post_form(url, typed)
    assert plain.status_code == 422
    assert "Số tiền phải là số nguyên lớn hơn 0." in plain.get_data(as_text=True)
    assert _count(FundEntry) == 0


def test_a_ledger_entry_with_three_mistakes_shows_all_three(app, world):
    fund = f.make_fund(world.commune_a, "Quỹ Hội")
    staff = client_for(app, world.staff_a, PASSWORD)
    response = staff.post_form(
        f"/charity/funds/{fund.id}/entries",
        {"entry_date": "", "direction": "out", "kind": "donation", "amount": "-5.000"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Vui lòng nhập ngày." in page
    assert "Số tiền phải là số nguyên lớn hơn 0." in page
    assert "Loại này chỉ dùng cho khoản thu." in page
    assert 'role="alert"' in page and "Có 3 ô cần sửa:" in page
    assert _count(FundEntry) == 0


def test_received_support_with_four_mistakes_shows_all_four(app, world):
    staff = client_for(app, world.staff_a, PASSWORD)
    response = staff.post_form(
        "/charity/support/new",
        {
            "unit_id": world.commune_a.id,
            "received_on": "20/07/2099",
            "donor": "",
            "description": "Ghế đá",
            "quantity": "ba",  # the field refuses it: the rules still run on the rest
            "measure": "chiếc",
            "value_vnd": "0",
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Ngày nhận không thể ở tương lai." in page
    assert "Vui lòng nhập đơn vị, cá nhân hỗ trợ." in page
    assert "Số không hợp lệ: hãy nhập số nguyên, ví dụ 1.500.000." in page
    assert "Trị giá phải là số đồng nguyên lớn hơn 0." in page
    assert "Có 4 ô cần sửa:" in page
    assert 'value="ba"' in page  # what was typed stays
    assert _count(ReceivedSupport) == 0


def test_a_beneficiary_with_three_mistakes_shows_all_three(app, world):
    staff = client_for(app, world.staff_a, PASSWORD)
    response = staff.post_form(
        "/charity/beneficiaries/new",
        {
            "unit_id": world.commune_a.id,
            "full_name": "",
            "category": "poor_woman",
            "birth_year": "1850",
            "surveyed_on": date(2023, 1, 1).isoformat(),
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Vui lòng nhập họ tên." in page
    assert "Năm sinh không hợp lệ." in page
    assert "Ngày khảo sát chỉ dành cho trẻ mồ côi" in page
    assert "Có 3 ô cần sửa:" in page
    assert _count(Beneficiary) == 0


def test_an_htmx_payment_with_three_mistakes_is_swapped_with_all_three(app, world):
    fund = f.make_fund(world.commune_a, "Quỹ Mẹ đỡ đầu", kind=FundKind.GOODS, measure="kg")
    child = f.make_beneficiary(world.branch_a1, "Lê Minh An", BeneficiaryCategory.ORPHAN)
    s = f.make_sponsorship(world.commune_a, child, date(2021, 9, 1))
    staff = client_for(app, world.staff_a, PASSWORD)
    response = staff.post_form(
        f"/charity/sponsorships/{s.id}/payments",
        {"paid_on": "2021-08-01", "amount_vnd": "0", "fund_id": fund.id},
        htmx=True,
        headers={"HX-Target": "payments"},
    )
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment
    assert "Ngày chi trước ngày bắt đầu đỡ đầu." in fragment
    assert "Số tiền phải là số đồng nguyên lớn hơn 0." in fragment
    assert "Lựa chọn không hợp lệ; vui lòng chọn lại." in fragment  # goods are not offered
    assert "Có 3 ô cần sửa:" in fragment
    assert _count(SponsorshipPayment) == 0
