"""Gifts: the list with filters and totals, quick entry of a distribution, bad input."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from tests.charity import factories as f
from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.charity.services.ledger import balance_at, ledger
from webapp.extensions import db
from webapp.models.charity import (
    Beneficiary,
    BeneficiaryCategory,
    Distribution,
    Gift,
    GiftKind,
    Occasion,
)

C = BeneficiaryCategory


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _distribution(world, fund, people, **over) -> dict:
    data = {
        "title": "Thăm tặng quà vợ, mẹ liệt sĩ 27/7",
        "unit_id": world.commune_a.id,
        "given_on": "2023-07-27",
        "occasion": "martyrs_27_7",
        "kind": "parcel",
        "quantity": "1",
        "value_vnd": "200.000",
        "source": "fund",
        "fund_id": fund.id,
        "beneficiary_ids": [str(p.id) for p in people],
        "new_names": "",
        "category": "",
    }
    data.update(over)
    return data


def test_a_distribution_to_many_is_one_form_and_one_transaction(app, world):
    fund = f.make_fund(world.commune_a, "Quỹ Hội")
    f.make_entry(fund, date(2023, 1, 5), 5_000_000)
    people = [
        f.make_beneficiary(world.branch_a1, f"Vợ liệt sĩ {i}", C.MARTYR_FAMILY) for i in range(12)
    ]
    existing = f.make_beneficiary(world.branch_a2, "Hoàng Thị Hòa", C.HEROIC_MOTHER)
    staff = client_for(app, world.staff_a, PASSWORD)
    r = staff.post_form(
        "/charity/distributions/new",
        _distribution(
            world,
            fund,
            people,
            new_names="hoàng thị hòa\nPhan Thị Mai\n\nĐặng Thị Loan\n",
            category="martyr_family",
        ),
    )
    assert r.status_code == 302, r.get_data(as_text=True)
    dist = db.session.scalars(select(Distribution)).one()
    gifts = db.session.scalars(select(Gift).where(Gift.distribution_id == dist.id)).all()
    assert len(gifts) == 15  # 12 ticked + the existing "Hoàng Thị Hòa" + 2 new names
    assert _count(Beneficiary) == 15
    assert {g.category for g in gifts if g.beneficiary_id == existing.id} == {C.HEROIC_MOTHER}
    assert balance_at(fund.id) == 5_000_000 - 15 * 200_000
    # The ledger shows the distribution as one line; the gift list shows each person.
    lines = ledger(fund).lines
    assert [(line.text, line.outflow) for line in lines][1] == (
        "Thăm tặng quà vợ, mẹ liệt sĩ 27/7 — 15 người nhận",
        3_000_000,
    )
    page = staff.get(f"/charity/distributions/{dist.id}").get_data(as_text=True)
    assert "<strong>15</strong> người nhận" in page and "3.000.000 đồng" in page
    assert "2.000.000 đồng" in page  # the fund's balance after the distribution


def test_a_distribution_the_fund_cannot_cover_writes_nothing(app, world):
    fund = f.make_fund(world.commune_a, "Quỹ Hội")
    f.make_entry(fund, date(2023, 1, 5), 2_000_000)
    people = [f.make_beneficiary(world.branch_a1, f"Người {i}") for i in range(12)]
    staff = client_for(app, world.staff_a, PASSWORD)
    r = staff.post_form(
        "/charity/distributions/new",
        _distribution(world, fund, people, new_names="Người Mới", category="poor_woman"),
    )
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert (
        "Số dư Quỹ Hội ngày 27/07/2023 là 2.000.000 đồng; không đủ để chi 2.600.000 đồng." in page
    )
    assert "Người Mới" in page  # the typed names stay in the form
    db.session.expire_all()
    assert _count(Gift) == 0 and _count(Distribution) == 0
    assert _count(Beneficiary) == 12  # the typed new name was not added either


def test_a_distribution_needs_someone_and_positive_amounts(app, world):
    fund = f.make_fund(world.commune_a, "Quỹ Hội")
    staff = client_for(app, world.staff_a, PASSWORD)
    r = staff.post_form("/charity/distributions/new", _distribution(world, fund, []))
    assert "Hãy chọn hoặc nhập ít nhất một người nhận." in r.get_data(as_text=True)
    one = [f.make_beneficiary(world.branch_a1)]
    r = staff.post_form("/charity/distributions/new", _distribution(world, fund, one, quantity="0"))
    assert "Số lượng phải là số nguyên lớn hơn 0." in r.get_data(as_text=True)
    r = staff.post_form(
        "/charity/distributions/new", _distribution(world, fund, one, value_vnd="200.000,5")
    )
    assert "Số không hợp lệ: hãy nhập số nguyên, ví dụ 1.500.000." in r.get_data(as_text=True)
    r = staff.post_form(
        "/charity/distributions/new", _distribution(world, fund, one, source="sponsor", fund_id="")
    )
    assert r.status_code == 302  # paid by a sponsor: no fund needed
    assert _count(Gift) == 1


def test_the_tick_list_keeps_ticked_people_when_the_filter_changes(app, world):
    hoa = f.make_beneficiary(world.branch_a1, "Nguyễn Thị Hoa", C.POOR_WOMAN)
    f.make_beneficiary(world.branch_a1, "Lê Minh An", C.ORPHAN)
    f.make_beneficiary(world.branch_b1, "Trẻ xã khác", C.ORPHAN)
    staff = client_for(app, world.staff_a, PASSWORD)
    r = staff.htmx_get(
        f"/charity/distributions/candidates?pick_category=orphan&beneficiary_ids={hoa.id}"
    )
    page = r.get_data(as_text=True)
    assert "Lê Minh An" in page and "Nguyễn Thị Hoa" in page and "checked" in page
    assert "Trẻ xã khác" not in page


def test_gift_list_filters_and_totals(app, world):
    poor = f.make_beneficiary(world.branch_a1, "Nguyễn Thị Huế")
    f.make_gift(world.commune_a, date(2023, 1, 16), GiftKind.RICE, 120, 1_200_000, beneficiary=poor)
    f.make_gift(world.commune_a, date(2023, 1, 16), GiftKind.PARCEL, 10, 3_400_000)
    f.make_gift(
        world.commune_a,
        date(2023, 7, 27),
        GiftKind.PARCEL,
        15,
        3_000_000,
        occasion=Occasion.MARTYRS_27_7,
        category=C.MARTYR_FAMILY,
    )
    f.make_gift(world.commune_b, date(2023, 1, 16), GiftKind.PARCEL, 99, 9_900_000)
    staff = client_for(app, world.staff_a, PASSWORD)
    page = staff.get("/charity/").get_data(as_text=True)
    assert "<strong>3</strong> lượt quà" in page and "<strong>7.600.000 đồng</strong>" in page
    assert "Suất quà: 25 suất" in page and "Gạo: 120 kg" in page
    part = staff.get(
        "/charity/?kind=parcel&from=2023-01-01&to=2023-06-30",
        headers={"HX-Request": "true", "HX-Target": "gift-list"},
    ).get_data(as_text=True)
    assert "<html" not in part
    assert "<strong>1</strong> lượt quà" in part and "<strong>3.400.000 đồng</strong>" in part
    by_occasion = staff.get("/charity/?occasion=martyrs_27_7").get_data(as_text=True)
    assert "<strong>1</strong> lượt quà" in by_occasion and "Vợ, mẹ liệt sĩ" in by_occasion
    branch = staff.get(f"/charity/?unit_id={world.branch_a1.id}").get_data(as_text=True)
    assert "<strong>0</strong> lượt quà" in branch
    search = staff.get("/charity/?q=hue").get_data(as_text=True)
    assert "<strong>1</strong> lượt quà" in search and "Nguyễn Thị Huế" in search


def test_deleting_a_gift_from_the_list_refreshes_the_totals(app, world):
    gift = f.make_gift(world.commune_a, date(2023, 1, 16), GiftKind.PARCEL, 10, 3_400_000)
    f.make_gift(world.commune_a, date(2023, 1, 16), GiftKind.PARCEL, 5, 1_000_000)
    staff = client_for(app, world.staff_a, PASSWORD)
    r = staff.post_form(
        f"/charity/gifts/{gift.id}/delete",
        {"kind": "parcel"},
        headers={"HX-Target": "gift-list"},
        htmx=True,
    )
    page = r.get_data(as_text=True)
    assert "<strong>1</strong> lượt quà" in page and "<strong>1.000.000 đồng</strong>" in page
    db.session.expire_all()
    assert db.session.scalar(select(Gift).where(Gift.id == gift.id)) is None  # in the trash


def test_a_gift_needs_a_recipient_and_a_date_not_in_the_future(app, world):
    staff = client_for(app, world.staff_a, PASSWORD)
    base = {
        "unit_id": world.commune_a.id,
        "given_on": "2023-01-16",
        "occasion": "tet",
        "kind": "cash",
        "quantity": "1",
        "value_vnd": "500.000",
        "source": "sponsor",
        "category": "",
    }
    r = staff.post_form("/charity/gifts/new", base)
    assert "Hãy chọn người nhận, hoặc ghi nhóm người nhận bên dưới." in r.get_data(as_text=True)
    r = staff.post_form("/charity/gifts/new", {**base, "recipient_label": "Hộ nghèo"})
    assert "Hãy chọn đối tượng của nhóm người nhận." in r.get_data(as_text=True)
    r = staff.post_form(
        "/charity/gifts/new",
        {**base, "recipient_label": "Hộ nghèo", "category": "poor_woman", "given_on": "2099-01-01"},
    )
    assert "Ngày trao không thể ở tương lai." in r.get_data(as_text=True)
    r = staff.post_form(
        "/charity/gifts/new",
        {**base, "recipient_label": "Hộ nghèo", "category": "poor_woman", "source": "fund"},
    )
    assert "Hãy chọn quỹ chi trả." in r.get_data(as_text=True)
    r = staff.post_form(
        "/charity/gifts/new",
        {
            **base,
            "recipient_label": "Hộ nghèo",
            "category": "poor_woman",
            "kind": "rice",
            "measure": "bao",
        },
    )
    assert "Gạo tính bằng kg." in r.get_data(as_text=True)
    assert _count(Gift) == 0


def test_a_branch_user_records_only_in_their_branch(app, world):
    branch = client_for(app, world.branch_user_a1, PASSWORD)
    data = {
        "unit_id": world.branch_a2.id,
        "given_on": "2023-01-16",
        "occasion": "tet",
        "recipient_label": "Hộ nghèo",
        "category": "poor_woman",
        "kind": "cash",
        "quantity": "1",
        "value_vnd": "500.000",
        "source": "sponsor",
    }
    r = branch.post_form("/charity/gifts/new", data)
    assert r.status_code == 422 and "Lựa chọn không hợp lệ" in r.get_data(as_text=True)
    r = branch.post_form("/charity/gifts/new", {**data, "unit_id": world.branch_a1.id})
    assert r.status_code == 302
    assert db.session.scalars(select(Gift)).one().unit_id == world.branch_a1.id


def test_the_gift_list_pages_within_its_own_part(app, world):
    from sqlalchemy import insert

    row = {
        "unit_id": world.commune_a.id,
        "given_on": date(2023, 1, 16),
        "occasion": Occasion.TET,
        "kind": GiftKind.PARCEL,
        "recipient_label": "Hộ nghèo",
        "category": C.POOR_WOMAN,
        "quantity": 1,
        "measure": "suất",
        "value_vnd": 100_000,
        "source": "sponsor",
    }
    db.session.execute(insert(Gift), [row] * 51)
    db.session.commit()
    staff = client_for(app, world.staff_a, PASSWORD)
    first = staff.get("/charity/?kind=parcel").get_data(as_text=True)
    assert 'hx-boost="true" hx-target="#gift-list"' in first
    assert "/charity/?page=2&amp;kind=parcel" in first
    second = staff.get(
        "/charity/?page=2&kind=parcel", headers={"HX-Request": "true", "HX-Target": "gift-list"}
    ).get_data(as_text=True)
    assert "<html" not in second and "Trang 2/2" in second
    assert "<strong>51</strong> lượt quà" in second  # totals cover the whole filter


def test_the_distribution_form_takes_a_total_for_the_whole_batch(app, world):
    fund = f.make_fund(world.commune_a, "Quỹ Hội")
    f.make_entry(fund, date(2023, 1, 5), 20_000_000)
    people = [f.make_beneficiary(world.branch_a1, f"Người {i}") for i in range(3)]
    staff = client_for(app, world.staff_a, PASSWORD)
    page = staff.get("/charity/distributions/new").get_data(as_text=True)
    assert "Hoặc tổng trị giá cả đợt (đồng)" in page
    r = staff.post_form(
        "/charity/distributions/new",
        _distribution(world, fund, people, kind="cash", value_vnd="", total_value_vnd="10.000.000"),
    )
    assert r.status_code == 302, r.get_data(as_text=True)
    values = sorted(db.session.scalars(select(Gift.value_vnd)))
    assert values == [3_333_333, 3_333_333, 3_333_334]
    assert balance_at(fund.id) == 10_000_000
