"""Beneficiaries: search, the page with everything they received, deleting."""

from __future__ import annotations

from datetime import date

from tests.charity import factories as f
from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.models.charity import BeneficiaryCategory, GiftKind

C = BeneficiaryCategory


def test_search_ignores_accents_and_stays_in_scope(app, world):
    f.make_beneficiary(world.branch_a1, "Nguyễn Thị Huế")
    f.make_beneficiary(world.branch_a2, "Trần Thị Lan")
    f.make_beneficiary(world.branch_b1, "Lê Thị Huệ")
    staff = client_for(app, world.staff_a, PASSWORD)
    part = staff.get(
        "/charity/beneficiaries/?q=hue",
        headers={"HX-Request": "true", "HX-Target": "beneficiary-list"},
    ).get_data(as_text=True)
    assert "Nguyễn Thị Huế" in part and "Trần Thị Lan" not in part and "Lê Thị Huệ" not in part


def test_the_beneficiary_page_shows_everything_received(app, world):
    fund = f.make_fund(world.commune_a, "Quỹ khuyến học")
    f.make_entry(fund, date(2022, 3, 1), 5_000_000)
    an = f.make_beneficiary(world.branch_a1, "Lê Minh An", C.ORPHAN, surveyed_on=date(2021, 4, 15))
    f.make_gift(
        world.commune_a,
        date(2022, 9, 5),
        GiftKind.SCHOLARSHIP,
        1,
        700_000,
        beneficiary=an,
        fund=fund,
    )
    f.make_gift(world.commune_a, date(2023, 1, 16), GiftKind.PARCEL, 1, 340_000, beneficiary=an)
    s = f.make_sponsorship(world.commune_a, an, date(2022, 1, 1), sponsor_name="Bà Lê Thị Hạnh")
    f.make_payment(s, date(2022, 1, 1))
    f.make_payment(s, date(2022, 2, 1))
    staff = client_for(app, world.staff_a, PASSWORD)
    page = staff.get(f"/charity/beneficiaries/{an.id}").get_data(as_text=True)
    assert "<strong>2</strong> lượt · trị giá <strong>1.040.000 đồng</strong>" in page
    assert "Học bổng: 1 suất" in page and "Quỹ khuyến học" in page
    assert (
        "Bà Lê Thị Hạnh" in page and "Đã nhận 2 lần, tổng <strong>1.000.000 đồng</strong>" in page
    )
    assert "Khảo sát chương trình Mẹ đỡ đầu ngày 15/04/2021" in page
    # Somebody who received something cannot be deleted.
    r = staff.post_form(f"/charity/beneficiaries/{an.id}/delete", follow_redirects=True)
    assert (
        "Không thể xoá Lê Minh An: đã có 2 quà tặng, 1 khoản đỡ đầu gắn với người này."
        in r.get_data(as_text=True)
    )


def test_beneficiary_form_rules(app, world):
    staff = client_for(app, world.staff_a, PASSWORD)
    base = {"unit_id": world.branch_a1.id, "full_name": "Lê Minh An", "category": "poor_woman"}
    r = staff.post_form("/charity/beneficiaries/new", {**base, "surveyed_on": "2023-04-01"})
    assert "Ngày khảo sát chỉ dành cho trẻ mồ côi" in r.get_data(as_text=True)
    r = staff.post_form("/charity/beneficiaries/new", {**base, "full_name": " "})
    assert "Vui lòng nhập họ tên." in r.get_data(as_text=True)
    r = staff.post_form("/charity/beneficiaries/new", {**base, "birth_year": "1800"})
    assert "Năm sinh không hợp lệ." in r.get_data(as_text=True)
    r = staff.post_form(
        "/charity/beneficiaries/new",
        {**base, "category": "orphan", "surveyed_on": "2023-04-01", "birth_year": "2015"},
    )
    assert r.status_code == 302
