"""Fund ledgers: derived from entries, gifts and payments; never below zero; goods in kg."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from tests.charity import factories as f
from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.charity.services.ledger import balance_at, ledger
from webapp.extensions import db
from webapp.models.charity import (
    BeneficiaryCategory,
    EntryDirection,
    FundEntry,
    FundKind,
    Gift,
    GiftKind,
)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_gift_paid_from_a_fund_is_one_row_in_both_the_gift_list_and_the_ledger(app, world):
    fund = f.make_fund(world.commune_a, "Quỹ Hội")
    f.make_entry(fund, date(2023, 1, 5), 5_000_000)
    b = f.make_beneficiary(world.branch_a1, "Trần Thị Lan", BeneficiaryCategory.MARTYR_FAMILY)
    staff = client_for(app, world.staff_a, PASSWORD)
    r = staff.post_form(
        "/charity/gifts/new",
        {
            "unit_id": world.commune_a.id,
            "given_on": "2023-07-27",
            "occasion": "martyrs_27_7",
            "beneficiary_id": b.id,
            "kind": "water_tank",
            "quantity": "1",
            "value_vnd": "2.000.000",
            "source": "fund",
            "fund_id": fund.id,
        },
    )
    assert r.status_code == 302, r.get_data(as_text=True)
    assert _count(Gift) == 1 and _count(FundEntry) == 1  # no ledger row typed a second time
    gift = db.session.scalars(select(Gift)).one()
    assert gift.value_vnd == 2_000_000
    lines = ledger(fund).lines
    assert [(line.inflow, line.outflow, line.balance) for line in lines] == [
        (5_000_000, 0, 5_000_000),
        (0, 2_000_000, 3_000_000),
    ]
    page = staff.get(f"/charity/funds/{fund.id}").get_data(as_text=True)
    assert "Téc nước 1 téc — Trần Thị Lan" in page
    assert "3.000.000 đồng" in page
    listing = staff.get("/charity/").get_data(as_text=True)
    assert "Trần Thị Lan" in listing and "Quỹ Hội" in listing
    # Correcting the gift corrects the ledger; trashing it gives the money back.
    staff.post_form(
        f"/charity/gifts/{gift.id}",
        {
            "version": gift.version,
            "unit_id": world.commune_a.id,
            "given_on": "2023-07-27",
            "occasion": "martyrs_27_7",
            "beneficiary_id": b.id,
            "kind": "water_tank",
            "quantity": "1",
            "value_vnd": "2500000",
            "source": "fund",
            "fund_id": fund.id,
        },
    )
    assert balance_at(fund.id) == 2_500_000
    staff.post_form(f"/charity/gifts/{gift.id}/delete")
    assert balance_at(fund.id) == 5_000_000


def test_a_payment_beyond_the_balance_is_refused_with_the_balance_shown(app, world):
    fund = f.make_fund(world.commune_a, "Quỹ khuyến học")
    f.make_entry(fund, date(2023, 3, 8), 1_000_000)
    staff = client_for(app, world.staff_a, PASSWORD)
    data = {
        "unit_id": world.commune_a.id,
        "given_on": "2023-09-05",
        "occasion": "school_year",
        "recipient_label": "3 em học sinh thôn Trung Hà",
        "category": "pupil",
        "kind": "scholarship",
        "quantity": "3",
        "value_vnd": "1.500.000",
        "source": "fund",
        "fund_id": fund.id,
    }
    r = staff.post_form("/charity/gifts/new", data)
    assert r.status_code == 422
    assert (
        "Số dư Quỹ khuyến học ngày 05/09/2023 là 1.000.000 đồng; không đủ để chi 1.500.000 đồng."
        in r.get_data(as_text=True)
    )
    assert "3 em học sinh thôn Trung Hà" in r.get_data(as_text=True)  # what was typed stays
    db.session.expire_all()
    assert _count(Gift) == 0


def test_a_backdated_payment_may_not_spend_money_a_later_payment_already_used(app, world):
    fund = f.make_fund(world.commune_a, "Quỹ Hội")
    f.make_entry(fund, date(2023, 1, 5), 3_000_000)
    f.make_gift(world.commune_a, date(2023, 6, 1), GiftKind.CASH, 1, 2_500_000, fund=fund)
    staff = client_for(app, world.staff_a, PASSWORD)
    r = staff.post_form(
        f"/charity/funds/{fund.id}/entries",
        {"entry_date": "2023-02-01", "direction": "out", "kind": "expense", "amount": "1.000.000"},
    )
    assert r.status_code == 422
    assert (
        "Số dư Quỹ Hội ngày 01/02/2023 là 3.000.000 đồng, nhưng các khoản chi đến ngày "
        "01/06/2023 đã dùng đến; chỉ còn chi được 500.000 đồng, không đủ để chi 1.000.000 đồng."
        in r.get_data(as_text=True)
    )
    db.session.expire_all()
    assert _count(FundEntry) == 1


def test_deleting_an_inflow_that_was_spent_is_refused(app, world):
    fund = f.make_fund(world.commune_a, "Quỹ Hội")
    inflow = f.make_entry(fund, date(2023, 1, 5), 3_000_000)
    f.make_gift(world.commune_a, date(2023, 6, 1), GiftKind.CASH, 1, 2_500_000, fund=fund)
    staff = client_for(app, world.staff_a, PASSWORD)
    r = staff.post_form(
        f"/charity/entries/{inflow.id}/delete", htmx=True, headers={"HX-Target": "ledger"}
    )
    page = r.get_data(as_text=True)
    assert (
        "Không thể xoá khoản thu 3.000.000 đồng: số dư Quỹ Hội ngày 01/06/2023 sẽ là -2.500.000 đồng (âm)."
        in page
    )
    db.session.expire_all()
    assert db.session.get(FundEntry, inflow.id).deleted_at is None


def test_a_goods_fund_counts_kilograms_and_refuses_another_unit(app, world):
    rice = f.make_fund(world.commune_a, "Hũ gạo tình thương", FundKind.GOODS, "kg")
    f.make_entry(rice, date(2023, 1, 2), 100)
    staff = client_for(app, world.staff_a, PASSWORD)
    base = {
        "unit_id": world.commune_a.id,
        "given_on": "2023-01-16",
        "occasion": "tet",
        "recipient_label": "Hộ nghèo thôn An Cư 1",
        "category": "poor_woman",
        "kind": "rice",
        "value_vnd": "1.200.000",
        "source": "fund",
        "fund_id": rice.id,
    }
    too_much = staff.post_form("/charity/gifts/new", {**base, "quantity": "120"})
    assert (
        "Số dư Hũ gạo tình thương ngày 16/01/2023 là 100 kg; không đủ để chi 120 kg."
        in too_much.get_data(as_text=True)
    )
    wrong_unit = staff.post_form(
        "/charity/gifts/new", {**base, "kind": "goods", "quantity": "2", "measure": "bao"}
    )
    assert "Hũ gạo tình thương tính bằng kg: quà phải cùng đơn vị tính." in wrong_unit.get_data(
        as_text=True
    )
    ok = staff.post_form("/charity/gifts/new", {**base, "quantity": "60"})
    assert ok.status_code == 302
    assert balance_at(rice.id) == 40
    assert "40 kg" in staff.get("/charity/funds/").get_data(as_text=True)


def test_fund_ledger_for_a_period_shows_opening_and_closing_balances(app, world):
    fund = f.make_fund(world.commune_a, "Quỹ Hội")
    f.make_entry(fund, date(2022, 12, 1), 4_000_000)
    f.make_entry(fund, date(2023, 2, 1), 1_000_000)
    f.make_entry(fund, date(2023, 3, 1), 500_000, EntryDirection.OUT)
    f.make_entry(fund, date(2023, 5, 1), 9_000_000)
    staff = client_for(app, world.staff_a, PASSWORD)
    r = staff.get(
        f"/charity/funds/{fund.id}?from=2023-01-01&to=2023-03-31",
        headers={"HX-Request": "true", "HX-Target": "ledger"},
    )
    page = r.get_data(as_text=True)
    assert "<html" not in page  # the ledger part only
    assert "Số dư đầu kỳ: <strong>4.000.000 đồng</strong>" in page
    assert 'Số dư cuối kỳ: <strong id="fund-closing">4.500.000 đồng</strong>' in page


def test_fund_entry_form_refuses_bad_amounts(app, world):
    fund = f.make_fund(world.commune_a, "Quỹ Hội")
    staff = client_for(app, world.staff_a, PASSWORD)
    url = f"/charity/funds/{fund.id}/entries"
    base = {"entry_date": "2023-02-01", "direction": "in", "kind": "donation"}
    for typed, message in (
        ("0", "Số tiền phải là số nguyên lớn hơn 0."),
        ("-5.000", "Số tiền phải là số nguyên lớn hơn 0."),
        ("1,5", "Số không hợp lệ: hãy nhập số nguyên, ví dụ 1.500.000."),
        ("", "Số tiền phải là số nguyên lớn hơn 0."),
    ):
        r = staff.post_form(url, {**base, "amount": typed})
        assert r.status_code == 422
        assert message in r.get_data(as_text=True), typed
    assert _count(FundEntry) == 0


def test_a_fund_with_movements_cannot_be_deleted_and_names_them(app, world):
    fund = f.make_fund(world.commune_a, "Quỹ Hội")
    f.make_entry(fund, date(2023, 1, 5), 3_000_000)
    f.make_gift(world.commune_a, date(2023, 6, 1), GiftKind.CASH, 1, 500_000, fund=fund)
    staff = client_for(app, world.staff_a, PASSWORD)
    r = staff.post_form(f"/charity/funds/{fund.id}/delete", follow_redirects=True)
    assert "Không thể xoá Quỹ Hội: quỹ còn 1 khoản thu chi, 1 quà tặng." in r.get_data(as_text=True)


def test_an_edit_based_on_an_old_version_is_refused_and_keeps_what_was_typed(app, world):
    fund = f.make_fund(world.commune_a, "Quỹ Hội")
    entry = f.make_entry(fund, date(2023, 1, 5), 3_000_000)
    staff = client_for(app, world.staff_a, PASSWORD)
    old = entry.version
    entry.amount = 3_100_000  # somebody else saved meanwhile
    db.session.commit()
    r = staff.post_form(
        f"/charity/entries/{entry.id}",
        {
            "version": old,
            "entry_date": "2023-01-05",
            "direction": "in",
            "kind": "donation",
            "amount": "3.200.000",
            "counterparty": "Chị Hoa",
        },
    )
    page = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "Bản ghi đã được người khác sửa; vui lòng tải lại trang." in page
    assert 'value="3.200.000"' in page and "Chị Hoa" in page
    db.session.expire_all()
    assert db.session.get(FundEntry, entry.id).amount == 3_100_000


def test_a_branch_user_cannot_pay_from_the_commune_fund(app, world):
    fund = f.make_fund(world.commune_a, "Quỹ Hội")
    f.make_entry(fund, date(2023, 1, 5), 3_000_000)
    branch = client_for(app, world.branch_user_a1, PASSWORD)
    r = branch.post_form(
        "/charity/gifts/new",
        {
            "unit_id": world.branch_a1.id,
            "given_on": "2023-02-01",
            "occasion": "tet",
            "recipient_label": "Hộ nghèo",
            "category": "poor_woman",
            "kind": "cash",
            "quantity": "1",
            "value_vnd": "100.000",
            "source": "fund",
            "fund_id": fund.id,
        },
    )
    assert r.status_code == 422
    assert "Lựa chọn không hợp lệ" in r.get_data(as_text=True)  # not among their funds
    assert _count(Gift) == 0


def test_viewers_see_ledgers_but_cannot_write(app, world):
    fund = f.make_fund(world.commune_a, "Quỹ Hội")
    f.make_entry(fund, date(2023, 1, 5), 3_000_000)
    viewer = client_for(app, world.viewer_district, PASSWORD)
    page = viewer.get(f"/charity/funds/{fund.id}").get_data(as_text=True)
    assert "3.000.000 đồng" in page and "Ghi vào sổ" not in page
    r = viewer.post_form(
        f"/charity/funds/{fund.id}/entries",
        {"entry_date": "2023-02-01", "direction": "in", "kind": "donation", "amount": "1000"},
    )
    assert r.status_code == 403
    assert viewer.get("/charity/funds/new").status_code == 403
    assert _count(FundEntry) == 1


def test_outsiders_cannot_create_records_in_commune_a(app, world):
    staff_b = client_for(app, world.staff_b, PASSWORD)
    r = staff_b.post_form(
        "/charity/funds/new",
        {"unit_id": world.commune_a.id, "name": "Quỹ lạ", "kind": "money"},
    )
    assert r.status_code in (403, 422)
    from webapp.models.charity import Fund

    assert _count(Fund) == 0
