"""The unit tree: scope, and the admin pages to add, rename, move and retire units."""

from __future__ import annotations

import pytest

from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.extensions import db
from webapp.models import Unit, UnitKind
from webapp.refusals import RecordError
from webapp.scope import can_see_unit, can_write_unit, visible_unit_ids
from webapp.units.services.units import create_unit, move_unit, retire_unit


def _ids(user) -> set[int]:
    return set(db.session.scalars(visible_unit_ids(user)))


def test_scope_is_the_subtree_of_the_users_unit(world):
    w = world
    assert _ids(w.staff_a) == {w.commune_a.id, w.branch_a1.id, w.branch_a2.id}
    assert _ids(w.branch_user_a1) == {w.branch_a1.id}
    assert _ids(w.viewer_district) == {
        w.district.id,
        w.commune_a.id,
        w.branch_a1.id,
        w.branch_a2.id,
        w.commune_b.id,
        w.branch_b1.id,
    }
    assert len(_ids(w.admin)) == 7
    assert not can_see_unit(w.staff_b, w.branch_a1.id)
    assert can_write_unit(w.staff_a, w.branch_a2.id)
    assert not can_write_unit(w.viewer_district, w.branch_a2.id)  # viewers read only


def test_a_unit_must_sit_one_level_below_its_parent(world):
    with pytest.raises(RecordError, match="Chi hội phải trực thuộc cấp xã"):
        create_unit("Thôn Mới", UnitKind.BRANCH, world.district)


def test_a_unit_cannot_move_under_its_own_descendant(world):
    # Only a damaged tree has a district below a commune, but the cycle check must still hold.
    below = Unit(name="Giả", kind=UnitKind.DISTRICT, parent_id=world.commune_a.id)
    db.session.add(below)
    db.session.flush()
    with pytest.raises(RecordError, match="chính nó hoặc đơn vị cấp dưới"):
        move_unit(world.commune_a, below)


def test_retiring_is_refused_while_active_units_remain_below(world):
    with pytest.raises(RecordError, match="An Cư 2"):
        retire_unit(world.commune_a, world.commune_a.created_at.date())


def test_admin_adds_renames_moves_and_retires_units_in_the_browser_forms(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    response = admin.post_form(
        "/admin/units/",
        {"name": "  Thượng  Tiến ", "kind": "branch", "parent_id": str(world.commune_a.id)},
    )
    assert response.status_code == 302
    new = db.session.scalars(db.select(Unit).filter_by(name="Thượng Tiến")).one()

    row = admin.post_form(f"/admin/units/{new.id}/rename", {"name": "Thượng Tiến 2"}, htmx=True)
    assert "Chi hội Thượng Tiến 2" in row.get_data(as_text=True)

    dup = admin.post_form(f"/admin/units/{new.id}/rename", {"name": "an cư 2"}, htmx=True)
    assert "Đã có đơn vị cùng tên ở cấp này." in dup.get_data(as_text=True)

    moved = admin.post_form(
        f"/admin/units/{new.id}/move", {"parent_id": str(world.commune_b.id)}, htmx=True
    )
    assert moved.status_code == 204 and moved.headers["HX-Redirect"] == "/admin/units/"
    db.session.expire_all()
    assert db.session.get(Unit, new.id).parent_id == world.commune_b.id

    bad = admin.post_form(
        f"/admin/units/{new.id}/move", {"parent_id": str(world.district.id)}, htmx=True
    )
    assert "Chi hội phải trực thuộc cấp xã." in bad.get_data(as_text=True)

    retired = admin.post_form(f"/admin/units/{new.id}/retire", {"restore": "0"}, htmx=True)
    assert "Ngừng hoạt động từ" in retired.get_data(as_text=True)
    restored = admin.post_form(f"/admin/units/{new.id}/retire", {"restore": "1"}, htmx=True)
    assert "Đang hoạt động" in restored.get_data(as_text=True)


def test_add_unit_form_shows_errors_next_to_the_field(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    response = admin.post_form(
        "/admin/units/", {"name": "", "kind": "branch", "parent_id": str(world.commune_a.id)}
    )
    assert response.status_code == 422
    assert "Vui lòng nhập trường này." in response.get_data(as_text=True)
