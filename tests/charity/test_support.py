"""Received support: the list with its total, and bad input."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from tests.charity import factories as f
from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.extensions import db
from webapp.models.charity import ReceivedSupport


def test_support_list_totals_and_form(app, world):
    f.make_support(world.branch_a1, date(2023, 3, 15), 1_500_000, description="Ghế đá")
    staff = client_for(app, world.staff_a, PASSWORD)
    r = staff.post_form(
        "/charity/support/new",
        {
            "unit_id": world.commune_a.id,
            "received_on": "2023-07-20",
            "donor": "Công ty TNHH Năng lượng Xanh",
            "description": "Bóng đèn năng lượng mặt trời",
            "quantity": "2",
            "measure": "bóng",
            "value_vnd": "2.000.000 đ",
            "purpose": "Nghĩa trang liệt sĩ xã",
        },
    )
    assert r.status_code == 302
    page = staff.get("/charity/support/").get_data(as_text=True)
    assert 'id="support-total">3.500.000 đồng' in page
    part = staff.get(
        "/charity/support/?from=2023-06-01",
        headers={"HX-Request": "true", "HX-Target": "support-list"},
    ).get_data(as_text=True)
    assert 'id="support-total">2.000.000 đồng' in part and "Ghế đá" not in part


def test_support_refuses_bad_values(app, world):
    staff = client_for(app, world.staff_a, PASSWORD)
    base = {
        "unit_id": world.commune_a.id,
        "received_on": "2023-07-20",
        "donor": "Nhà hảo tâm",
        "description": "Ghế đá",
        "quantity": "3",
        "measure": "chiếc",
        "value_vnd": "1.500.000",
    }
    for over, message in (
        ({"value_vnd": "0"}, "Trị giá phải là số đồng nguyên lớn hơn 0."),
        ({"quantity": "abc"}, "Số không hợp lệ: hãy nhập số nguyên, ví dụ 1.500.000."),
        ({"donor": ""}, "Vui lòng nhập đơn vị, cá nhân hỗ trợ."),
        ({"received_on": "32/07/2023"}, "Ngày không hợp lệ."),
    ):
        r = staff.post_form("/charity/support/new", {**base, **over})
        assert r.status_code == 422
        assert message in r.get_data(as_text=True), over
    assert db.session.scalar(select(func.count()).select_from(ReceivedSupport)) == 0
