"""On English pages a stored unit of quantity reads in English wherever a page prints it (issue
16: "Cash: 7 lần", "Gift parcel: 45 suất" on the gift list); a unit a user typed stays as typed."""

from __future__ import annotations

from lxml import html

from tests.charity.factories import make_fund, make_gift
from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.formatting import local_today
from webapp.models.charity import FundKind, GiftKind


def _text(response) -> str:
    """The page's words, without a record's change history (which quotes what was typed)."""
    tree = html.fromstring(response.get_data(as_text=True))
    for history in tree.xpath("//section[contains(@class,'history')]"):
        history.drop_tree()
    return " ".join(tree.text_content().split())


def test_gift_quantities_read_in_english(app, world):
    today = local_today()
    make_gift(world.branch_a1, today, kind=GiftKind.CASH, quantity=7)
    make_gift(world.branch_a1, today, kind=GiftKind.PARCEL, quantity=45)
    page = _text(client_for(app, world.staff_a, PASSWORD, locale="en").get("/charity/"))
    assert "7 times" in page and "45 parcels" in page
    assert "lần" not in page and "suất" not in page


def test_a_goods_funds_unit_reads_in_english(app, world):
    fund = make_fund(world.commune_a, "Quỹ quà Tết", kind=FundKind.GOODS, measure="suất")
    staff = client_for(app, world.staff_a, PASSWORD, locale="en")
    for url in ("/charity/funds/", f"/charity/funds/{fund.id}"):
        response = staff.get(url)
        assert response.status_code == 200, url
        page = _text(response)
        assert "parcels" in page and "suất" not in page, url
