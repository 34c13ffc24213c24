"""The lists admins extend: activity kinds, tags and output units."""

from __future__ import annotations

import pytest

from tests.activities.factories import kind, make_activity, output_unit, tag
from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.extensions import db
from webapp.indicators import catalogue
from webapp.models.activities import ActivityKind, ActivityTag, OutputUnit


@pytest.fixture()
def admin(app, world):
    kind("other")
    return client_for(app, world.admin, PASSWORD)


# A unit's admin (admin_b) keeps the unit's own entries, not the shared ones:
# tests/test_reference_data.py.
@pytest.mark.parametrize("who", ["staff_a", "branch_user_a1", "viewer_district"])
def test_only_whole_system_admins_change_the_lists(app, world, who):
    item = kind("training")
    client = client_for(app, getattr(world, who), PASSWORD)
    for url in (
        "/activities/lookups/kinds/",
        "/activities/lookups/tags/",
        "/activities/lookups/output-units/",
    ):
        assert client.get(url).status_code == 403
    assert client.post_form("/activities/lookups/kinds/", {"name": "Mới"}).status_code == 403
    assert client.post_form(f"/activities/lookups/kinds/{item.id}/delete").status_code == 403


def test_the_list_shows_each_entry_as_text_with_one_form_to_add(admin):
    page = admin.get("/activities/lookups/kinds/").get_data(as_text=True)
    assert page.count('name="name"') == 1  # the add form; rows are edited one at a time
    assert "<td>Khác" in page


def test_admin_adds_an_output_unit_and_it_becomes_an_indicator(admin):
    response = admin.post_form(
        "/activities/lookups/output-units/",
        {"name": "Téc nước", "code": "", "measure": "téc", "tag_group": "topic"},
    )
    assert response.status_code == 302
    unit = db.session.scalar(db.select(OutputUnit).filter_by(name="Téc nước"))
    assert (unit.code, unit.measure, unit.builtin) == ("tec_nuoc", "téc", False)
    assert "outputs.tec_nuoc" in {i.code for i in catalogue()}
    duplicate = admin.post_form(
        "/activities/lookups/output-units/",
        {"name": "téc nước", "measure": "", "tag_group": "topic"},
    )
    assert "Đã có sản phẩm “téc nước”." in duplicate.get_data(as_text=True)
    bad_code = admin.post_form(
        "/activities/lookups/output-units/",
        {"name": "Ghế đá", "code": "Ghế đá", "measure": "", "tag_group": "topic"},
    )
    assert "Mã chỉ gồm chữ thường không dấu" in bad_code.get_data(as_text=True)


def test_admin_adds_a_tag_in_a_group_and_renames_it_in_place(admin):
    admin.post_form(
        "/activities/lookups/tags/", {"name": "Chương trình Mẹ đỡ đầu", "tag_group": "programme"}
    )
    item = db.session.scalar(db.select(ActivityTag).filter_by(code="chuong_trinh_me_do_dau"))
    assert item.tag_group.value == "programme"
    row = admin.post_form(
        f"/activities/lookups/tags/{item.id}/edit",
        {"name": "Mẹ đỡ đầu", "tag_group": "programme", "measure": ""},
        htmx=True,
    ).get_data(as_text=True)
    assert "Mẹ đỡ đầu" in row and "<html" not in row
    db.session.expire_all()
    assert db.session.get(ActivityTag, item.id).code == "chuong_trinh_me_do_dau"  # stable


def test_a_kind_in_use_is_retired_not_deleted(admin, world):
    admin.post_form("/activities/lookups/kinds/", {"name": "Toạ đàm", "tag_group": "topic"})
    item = db.session.scalar(db.select(ActivityKind).filter_by(name="Toạ đàm"))
    activity = make_activity(world.branch_a1, kind_code=item.code)
    # Even from the trash, the activity still names its kind.
    activity.deleted_at = activity.created_at
    db.session.commit()
    refused = admin.post_form(f"/activities/lookups/kinds/{item.id}/delete", htmx=True)
    assert (
        "Không xoá được “Toạ đàm”: 1 hoạt động đang dùng. Hãy bấm “Ngừng dùng” thay vì xoá."
        in refused.get_data(as_text=True)
    )
    retired = admin.post_form(
        f"/activities/lookups/kinds/{item.id}/retire", {"restore": "0"}, htmx=True
    )
    assert "Ngừng dùng" in retired.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ActivityKind, item.id).retired


def test_an_unused_entry_is_deleted_but_a_built_in_one_never(admin):
    admin.post_form("/activities/lookups/kinds/", {"name": "Tạm thời", "tag_group": "topic"})
    item = db.session.scalar(db.select(ActivityKind).filter_by(name="Tạm thời"))
    assert (
        admin.post_form(f"/activities/lookups/kinds/{item.id}/delete", htmx=True).get_data(
            as_text=True
        )
        == ""
    )
    item_id = item.id
    db.session.expunge_all()
    assert db.session.get(ActivityKind, item_id) is None
    builtin = tag("population")
    refused = admin.post_form(
        f"/activities/lookups/tags/{builtin.id}/delete", follow_redirects=True
    )
    assert (
        "là mục có sẵn mà các chỉ số dùng; chỉ có thể ngừng dùng, không xoá."
        in refused.get_data(as_text=True)
    )
    assert output_unit("trees") is not None


def test_a_tag_in_use_cannot_be_deleted(admin, world):
    admin.post_form("/activities/lookups/tags/", {"name": "Thẻ riêng", "tag_group": "topic"})
    item = db.session.scalar(db.select(ActivityTag).filter_by(name="Thẻ riêng"))
    make_activity(world.branch_a1, tags=(item.code,))
    refused = admin.post_form(f"/activities/lookups/tags/{item.id}/delete", htmx=True)
    assert "1 hoạt động đang dùng" in refused.get_data(as_text=True)
