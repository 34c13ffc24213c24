"""Every charity page renders over the demo data set (and shows its key figures)."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import client_for
from tests.factories import PASSWORD, make_user
from webapp.extensions import db
from webapp.models import Role
from webapp.models.charity import (
    Beneficiary,
    Distribution,
    Fund,
    FundEntry,
    Gift,
    ReceivedSupport,
    Sponsorship,
)


def test_every_page_renders_over_the_demo(app):
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    admin = client_for(app, make_user(Role.ADMIN, None, "quantri"), PASSWORD)

    def first(model):
        return db.session.scalars(select(model).order_by(model.id)).first().id

    scholarship = db.session.scalars(select(Fund).where(Fund.name == "Quỹ khuyến học")).one()
    pages = {
        "/charity/?from=2021-01-01&to=2023-10-20": "<strong>85</strong> lượt quà",
        "/charity/distributions/new": "Ghi cả đợt",
        f"/charity/distributions/{first(Distribution)}": "người nhận",
        "/charity/funds/": "Hũ gạo tình thương",
        f"/charity/funds/{scholarship.id}": 'id="fund-closing">2.000.000 đồng',
        f"/charity/funds/{scholarship.id}/edit": "Quỹ khuyến học",
        f"/charity/entries/{first(FundEntry)}": "Sửa khoản thu chi",
        "/charity/funds/new": "Thêm quỹ",
        "/charity/beneficiaries/": "Người nhận hỗ trợ",
        f"/charity/beneficiaries/{first(Beneficiary)}": "Quà tặng, hỗ trợ đã nhận",
        f"/charity/beneficiaries/{first(Beneficiary)}/edit": "Lưu",
        "/charity/beneficiaries/new": "Thêm người nhận",
        "/charity/sponsorships/?from=2021-01-01&to=2023-10-20": (
            "<strong>25</strong> cháu mồ côi, <strong>9</strong> cháu là con của mẹ đơn thân"
        ),
        f"/charity/sponsorships/{first(Sponsorship)}": "Các lần chi",
        f"/charity/sponsorships/{first(Sponsorship)}/edit": "Sửa khoản đỡ đầu",
        "/charity/sponsorships/new": "Ghi khoản đỡ đầu",
        "/charity/support/": 'id="support-total">3.500.000 đồng',
        f"/charity/support/{first(ReceivedSupport)}": "Sửa khoản tiếp nhận",
        "/charity/support/new": "Ghi khoản tiếp nhận",
        f"/charity/gifts/{first(Gift)}": "Sửa quà tặng",
        "/charity/gifts/new": "Ghi quà tặng",
    }
    for url, expected in pages.items():
        r = admin.get(url)
        assert r.status_code == 200, (url, r.status_code)
        assert expected in r.get_data(as_text=True), url
