"""The unit tree page at the size of a province (issue 13 §5): 150 communes × 40 branches, built
with a constant number of queries, collapsed by default, searchable without diacritics."""

from __future__ import annotations

import re

from sqlalchemy import event, insert

from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.extensions import db
from webapp.models import Unit, UnitKind


def _big_province(world, communes: int, branches: int) -> None:
    """``communes`` communes of ``branches`` branches each under the test province (bulk)."""
    now = world.province.created_at
    db.session.execute(
        insert(Unit),
        [
            {
                "name": f"Xã số {c}",
                "kind": UnitKind.COMMUNE,
                "parent_id": world.province.id,
                "created_at": now,
                "updated_at": now,
            }
            for c in range(communes)
        ],
    )
    ids = db.session.scalars(
        db.select(Unit.id).where(Unit.name.like("Xã số %")).order_by(Unit.id)
    ).all()
    db.session.execute(
        insert(Unit),
        [
            {
                "name": f"Thôn {b}",
                "kind": UnitKind.BRANCH,
                "parent_id": commune_id,
                "created_at": now,
                "updated_at": now,
            }
            for commune_id in ids
            for b in range(branches)
        ],
    )
    db.session.commit()


def _statements(app, client, url: str) -> tuple[int, str]:
    count = [0]

    def before(*_args):
        count[0] += 1

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        response = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", before)
    assert response.status_code == 200
    return count[0], response.get_data(as_text=True)


def test_the_page_costs_the_same_queries_for_7_or_6000_units(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    small, _page = _statements(app, admin, "/admin/units/")
    small_children, _page = _statements(app, admin, f"/admin/units/{world.commune_a.id}/children")
    _big_province(world, 150, 40)
    big, page = _statements(app, admin, "/admin/units/")
    assert big == small
    # Collapsed: the province's 150 communes sit in a closed <details>; each commune's 40
    # branches are fetched when it is opened, not sent with the page.
    assert "<details open>" not in page
    assert "151 đơn vị trực thuộc" in page  # the province: its district and 150 communes
    assert page.count("40 đơn vị trực thuộc") == 150
    assert page.count('class="unit-row') == 2 + 150  # province, district, communes
    commune = db.session.scalar(db.select(Unit).where(Unit.name == "Xã số 7"))
    assert f'hx-get="/admin/units/{commune.id}/children" hx-trigger="toggle once"' in page

    opened, branches = _statements(app, admin, f"/admin/units/{commune.id}/children")
    assert opened == small_children
    assert branches.count('class="unit-row') == 40 and "Chi hội Thôn 39" in branches


def test_a_small_tree_is_open(app, world):
    page = client_for(app, world.admin, PASSWORD).get("/admin/units/").get_data(as_text=True)
    assert "<details open>" in page and "<details>" not in page


def test_the_search_finds_a_commune_without_diacritics(app, world):
    _big_province(world, 150, 40)
    admin = client_for(app, world.admin, PASSWORD)
    page = admin.get("/admin/units/?q=duc xuong").get_data(as_text=True)
    assert "<mark>Xã Đức Xương</mark>" in page
    assert "1 đơn vị khớp với “duc xuong”." in page
    # Only the way down to it: the province and the district are open, nothing else is listed.
    rows = re.findall(r'<span class="unit-name">(.*?)</span>', page)
    assert rows == ["Tỉnh Hà Tĩnh", "Huyện Đức Thọ", "<mark>Xã Đức Xương</mark>"]
    assert re.search(r"<details open>\s*<summary>1 đơn vị trực thuộc", page)
    # Its own branches are fetched when it is opened.
    assert f'hx-get="/admin/units/{world.commune_a.id}/children"' in page
    assert "2 đơn vị trực thuộc" in page


def test_a_scoped_admin_searches_only_their_subtree(app, world):
    admin_b = client_for(app, world.admin_b, PASSWORD)
    page = admin_b.get("/admin/units/?q=duc").get_data(as_text=True)
    rows = re.findall(r'<span class="unit-name">(.*?)</span>', page)
    assert rows == ["<mark>Xã Đức Long</mark>"]


def test_a_scoped_admin_cannot_open_units_outside_their_subtree(app, world):
    admin_b = client_for(app, world.admin_b, PASSWORD)
    assert admin_b.get(f"/admin/units/{world.commune_a.id}/children").status_code == 404
    page = admin_b.get(f"/admin/units/{world.commune_b.id}/children").get_data(as_text=True)
    assert "Chi hội Long Thủy" in page
