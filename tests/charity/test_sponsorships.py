"""The "Mẹ đỡ đầu" programme: sponsorships, payments, the programme page."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from tests.charity import factories as f
from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.charity.services.ledger import balance_at
from webapp.charity.services.sponsorships import add_months, end_for, months_between
from webapp.extensions import db
from webapp.models.charity import (
    BeneficiaryCategory,
    SponsorKind,
    Sponsorship,
    SponsorshipPayment,
)

C = BeneficiaryCategory


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_month_arithmetic():
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert end_for(date(2021, 9, 1), 36) == date(2024, 8, 31)
    assert months_between(date(2021, 9, 1), date(2024, 8, 31)) == 36
    assert months_between(date(2021, 9, 1), date(2021, 9, 1)) == 1
    assert months_between(date(2021, 9, 1), date(2024, 9, 15)) == 37


def _form(world, child, **over) -> dict:
    data = {
        "unit_id": world.commune_a.id,
        "child_id": child.id,
        "sponsor_kind": "person",
        "sponsor_name": "Bà Trần Thị Minh",
        "monthly_vnd": "500.000",
        "start_on": "2022-01-01",
        "months": "",
        "end_on": "",
    }
    data.update(over)
    return data


def test_a_sponsorship_by_months_or_by_end_date(app, world):
    child = f.make_beneficiary(world.branch_a1, "Lê Minh An", C.ORPHAN)
    staff = client_for(app, world.staff_a, PASSWORD)
    r = staff.post_form("/charity/sponsorships/new", _form(world, child, months="36"))
    assert r.status_code == 302
    r = staff.post_form("/charity/sponsorships/new", _form(world, child, end_on="2026-12-31"))
    assert r.status_code == 302
    got = db.session.scalars(select(Sponsorship).order_by(Sponsorship.id)).all()
    assert [(s.months, s.end_on) for s in got] == [
        (36, date(2024, 12, 31)),
        (60, date(2026, 12, 31)),
    ]


def test_bad_sponsorships_are_refused_and_nothing_is_written(app, world):
    child = f.make_beneficiary(world.branch_a1, "Lê Minh An", C.ORPHAN)
    staff = client_for(app, world.staff_a, PASSWORD)
    for over, message in (
        ({"end_on": "2021-12-31"}, "Ngày kết thúc phải sau ngày bắt đầu."),
        ({}, "Hãy nhập số tháng đỡ đầu hoặc ngày kết thúc."),
        ({"months": "36", "monthly_vnd": "0"}, "Mức hỗ trợ phải là số đồng nguyên lớn hơn 0."),
        ({"months": "-3"}, "Số tháng phải là số nguyên lớn hơn 0."),
        (
            {"months": "36", "end_on": "2023-12-31"},
            "Số tháng và ngày kết thúc không khớp nhau; chỉ cần nhập một trong hai.",
        ),
        ({"months": "36", "sponsor_name": "  "}, "Vui lòng nhập người đỡ đầu."),
        ({"months": "36", "start_on": ""}, "Vui lòng nhập ngày bắt đầu."),
    ):
        r = staff.post_form("/charity/sponsorships/new", _form(world, child, **over))
        assert r.status_code == 422, over
        assert message in r.get_data(as_text=True), over
    assert _count(Sponsorship) == 0


def test_payments_from_the_unions_fund_are_its_outflows(app, world):
    fund = f.make_fund(world.commune_a, "Quỹ Mẹ đỡ đầu")
    f.make_entry(fund, date(2021, 8, 20), 1_000_000)
    child = f.make_beneficiary(world.branch_a1, "Lê Minh An", C.ORPHAN)
    s = f.make_sponsorship(world.commune_a, child, date(2021, 9, 1), sponsor_kind=SponsorKind.UNION)
    staff = client_for(app, world.staff_a, PASSWORD)
    url = f"/charity/sponsorships/{s.id}/payments"
    pay = {"paid_on": "2021-09-01", "amount_vnd": "500.000", "fund_id": fund.id}
    for on in ("2021-09-01", "2021-10-01"):
        r = staff.post_form(
            url, {**pay, "paid_on": on}, htmx=True, headers={"HX-Target": "payments"}
        )
        assert r.status_code == 200
    assert "1.000.000 đồng" in r.get_data(as_text=True)
    r = staff.post_form(
        url, {**pay, "paid_on": "2021-11-01"}, htmx=True, headers={"HX-Target": "payments"}
    )
    assert r.status_code == 200  # htmx 2 swaps only 2xx: the message must reach the page
    assert (
        "Số dư Quỹ Mẹ đỡ đầu ngày 01/11/2021 là 0 đồng; không đủ để chi 500.000 đồng."
        in r.get_data(as_text=True)
    )
    r = staff.post_form(url, {**pay, "paid_on": "2021-08-01"})
    assert "Ngày chi trước ngày bắt đầu đỡ đầu." in r.get_data(as_text=True)
    assert _count(SponsorshipPayment) == 2
    assert balance_at(fund.id) == 0
    ledger_page = staff.get(f"/charity/funds/{fund.id}").get_data(as_text=True)
    assert "Đỡ đầu cháu Lê Minh An" in ledger_page
    # A sponsorship with payments cannot be deleted.
    r = staff.post_form(f"/charity/sponsorships/{s.id}/delete", follow_redirects=True)
    assert "Không thể xoá: khoản đỡ đầu đã có 2 lần chi trả" in r.get_data(as_text=True)


def test_programme_page_shows_surveyed_and_sponsored_children(app, world):
    an = f.make_beneficiary(world.branch_a1, "Lê Minh An", C.ORPHAN, surveyed_on=date(2023, 4, 1))
    f.make_beneficiary(world.branch_a1, "Phan Gia Bình", C.ORPHAN, surveyed_on=date(2023, 4, 1))
    f.make_beneficiary(
        world.branch_a2, "Võ Ngọc Chi", C.SINGLE_MOTHER_CHILD, surveyed_on=date(2023, 5, 1)
    )
    s = f.make_sponsorship(world.commune_a, an, date(2023, 6, 1), months=36, monthly_vnd=500_000)
    f.make_payment(s, date(2023, 6, 1))
    f.make_payment(s, date(2023, 7, 1))
    f.make_payment(s, date(2024, 1, 1))
    staff = client_for(app, world.staff_a, PASSWORD)
    page = staff.get("/charity/sponsorships/?from=2023-01-01&to=2023-12-31").get_data(as_text=True)
    assert "<strong>2</strong> cháu mồ côi, <strong>1</strong> cháu là con của mẹ đơn thân" in page
    assert "<strong>1</strong> cháu được nhận đỡ đầu" in page
    assert "cam kết trong kỳ <strong>3.500.000 đồng</strong>" in page  # June–December
    assert "đã chi trong kỳ <strong>1.000.000 đồng</strong>" in page
    assert "Chưa có người đỡ đầu" in page  # Bình and Chi
