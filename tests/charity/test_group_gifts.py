"""A gift to a group ("12 hộ nghèo thôn An Cư 1") reaches the people it names, not one person:
its size is recorded beside the group's name and the report counts those people."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.charity import factories as f
from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.extensions import db
from webapp.indicators import Period, compute
from webapp.models.charity import BeneficiaryCategory, Gift, GiftKind

YEAR = Period(date(2023, 1, 1), date(2023, 12, 31))


def test_a_group_of_twelve_and_three_people_make_fifteen_people_helped(app, world):
    f.make_gift(
        world.commune_a,
        date(2023, 1, 16),
        GiftKind.PARCEL,
        quantity=12,
        value_vnd=3_600_000,
        recipient_label="12 hộ nghèo thôn An Cư 1",
        people_count=12,
    )
    for i in range(3):
        person = f.make_beneficiary(world.branch_a1, f"Nguyễn Thị Khó {i}")
        f.make_gift(world.branch_a1, date(2023, 2, 1), GiftKind.CASH, beneficiary=person)
    # A group whose size was not recorded is counted as a group, never as people.
    f.make_gift(world.commune_a, date(2023, 3, 1), recipient_label="Hộ nghèo thôn An Cư 2")
    # Outside the period, in the other commune: not counted.
    f.make_gift(world.commune_a, date(2022, 12, 31), recipient_label="Nhóm cũ", people_count=40)
    f.make_gift(world.commune_b, date(2023, 1, 16), recipient_label="Nhóm B", people_count=7)
    values = compute(world.commune_a.id, YEAR)
    assert values.raw["charity.beneficiaries_reached"] == 15
    assert values.raw["charity.group_gifts_count"] == 1
    assert values.raw["charity.gifts_count"] == 5  # turns of giving are still turns
    assert compute(world.district.id, YEAR).raw["charity.beneficiaries_reached"] == 22


def _group_gift(world, **over) -> dict:
    return {
        "unit_id": world.commune_a.id,
        "given_on": "2023-01-16",
        "occasion": "tet",
        "kind": "parcel",
        "quantity": "12",
        "value_vnd": "3.600.000",
        "source": "sponsor",
        "recipient_label": "Hộ nghèo thôn An Cư 1",
        "category": "poor_woman",
        **over,
    }


def test_the_gift_form_records_how_many_people_a_group_is(app, world):
    staff = client_for(app, world.staff_a, PASSWORD)
    page = staff.get("/charity/gifts/new").get_data(as_text=True)
    assert "Số người được hỗ trợ" in page
    for typed in ("0", "-3"):
        refused = staff.post_form("/charity/gifts/new", _group_gift(world, people_count=typed))
        assert refused.status_code == 422
        html = refused.get_data(as_text=True)
        assert (
            '<p class="error" id="people_count-error">Số người được hỗ trợ phải là số nguyên '
            "lớn hơn 0.</p>" in html
        )
    assert db.session.scalar(select(Gift.id)) is None
    saved = staff.post_form("/charity/gifts/new", _group_gift(world, people_count="12"))
    assert saved.status_code == 302
    gift = db.session.scalar(select(Gift))
    assert (gift.recipient_label, gift.people_count) == ("Hộ nghèo thôn An Cư 1", 12)
    assert compute(world.commune_a.id, YEAR).raw["charity.beneficiaries_reached"] == 12
    # The list says how many people the group is; the edit form shows it again.
    listed = staff.get("/charity/").get_data(as_text=True)
    assert 'Hộ nghèo thôn An Cư 1 <span class="hint">(12 người)</span>' in listed
    assert 'value="12"' in staff.get(f"/charity/gifts/{gift.id}").get_data(as_text=True)


def test_a_gift_to_one_beneficiary_is_one_person_whatever_the_group_field_says(app, world):
    person = f.make_beneficiary(world.branch_a1, "Phan Thị Khó", BeneficiaryCategory.POOR_WOMAN)
    staff = client_for(app, world.staff_a, PASSWORD)
    saved = staff.post_form(
        "/charity/gifts/new",
        _group_gift(world, beneficiary_id=str(person.id), recipient_label="", people_count="5"),
    )
    assert saved.status_code == 302
    assert db.session.scalar(select(Gift.people_count)) is None
    assert compute(world.commune_a.id, YEAR).raw["charity.beneficiaries_reached"] == 1
