"""A user who chose English sees the charity pages, the fund ledger and the refusals in English,
while what reports print (the enum labels) stays Vietnamese."""

from __future__ import annotations

from datetime import date

from tests.charity import factories as f
from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.models.charity import BeneficiaryCategory, EntryDirection, EntryKind, GiftKind


def test_the_gift_list_and_a_fund_ledger_are_in_english(app, world):
    fund = f.make_fund(world.commune_a, "Quỹ Hội")
    f.make_entry(fund, date(2023, 1, 5), 5_000_000)
    f.make_entry(fund, date(2023, 2, 1), 1_000_000, EntryDirection.OUT, EntryKind.EXPENSE)
    b = f.make_beneficiary(world.branch_a1, "Trần Thị Lan", BeneficiaryCategory.MARTYR_FAMILY)
    f.make_gift(world.commune_a, date(2023, 7, 27), beneficiary=b)
    staff = client_for(app, world.staff_a, PASSWORD, locale="en")

    gifts = staff.get("/charity/").get_data(as_text=True)
    assert "Gifts and aid" in gifts and "Record a gift" in gifts and "By gift type" in gifts
    assert "Wife or mother of a fallen soldier" in gifts
    assert "Quà tặng, hỗ trợ" not in gifts and "Ghi quà tặng" not in gifts

    ledger = staff.get(f"/charity/funds/{fund.id}").get_data(as_text=True)
    assert "Fund ledger" in ledger and "Opening balance" in ledger and "Other expense" in ledger
    assert "Fund transfer" in ledger
    assert "Sổ quỹ" not in ledger and "Chi khác" not in ledger

    programme = staff.get("/charity/sponsorships/").get_data(as_text=True)
    assert "Surveyed children" in programme and "Trẻ em được khảo sát" not in programme

    # Reports and indicators keep the Vietnamese wording whatever the user's language.
    assert GiftKind.WATER_TANK.label == "Téc nước"


def test_refusals_of_a_form_are_in_english(app, world):
    staff = client_for(app, world.staff_a, PASSWORD, locale="en")
    r = staff.post_form(
        "/charity/support/new",
        {
            "unit_id": world.commune_a.id,
            "received_on": "2023-03-15",
            "donor": "",
            "description": "2 bóng đèn",
            "quantity": "hai",
            "measure": "cái",
            "value_vnd": "1.000.000",
        },
    )
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert "Invalid number: enter a whole number" in page
    assert "Số không hợp lệ" not in page

    r = staff.post_form(
        "/charity/beneficiaries/new",
        {"unit_id": world.branch_a1.id, "full_name": "", "category": "orphan"},
    )
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert "Please enter the full name." in page and "Vui lòng nhập họ tên." not in page
