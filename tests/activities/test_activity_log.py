"""The activity log in the browser forms: recording, refusing bad input, editing, deleting."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.activities.factories import kind, make_activity, output_unit, tag
from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.extensions import db
from webapp.formatting import local_today
from webapp.indicators import Period, compute
from webapp.models.activities import Activity


@pytest.fixture()
def staff(staff):
    kind("training")  # the built-in lists (installed by the migration; emptied between tests)
    return staff


def _form(world, **overrides) -> dict:
    data = {
        "held_on": "2023-03-12",
        "unit_id": str(world.branch_a1.id),
        "kind_id": str(kind("training").id),
        "topic": "Chuyển giao KHKT chăm sóc lúa",
        "sessions": "1",
        "participants": "55",
        "partners": "Hội Nông dân xã",
        "tag_ids": [str(tag("task_1").id)],
        "outputs-0-output_unit_id": str(output_unit("fertiliser_tonnes").id),
        "outputs-0-quantity": "2",
        "outputs-1-output_unit_id": str(output_unit("led_bulbs").id),
        "outputs-1-quantity": "1.400",
    }
    data.update(overrides)
    return data


def _only_activity() -> Activity:
    return db.session.scalars(db.select(Activity)).one()


def test_staff_records_an_activity_with_outputs(staff, world):
    response = staff.post_form("/activities/new", _form(world))
    assert response.status_code == 302
    activity = _only_activity()
    assert activity.unit_id == world.branch_a1.id
    assert (activity.participants, activity.partners) == (55, "Hội Nông dân xã")
    assert [t.code for t in activity.tags] == ["task_1"]
    assert sorted((o.output_unit.code, o.quantity) for o in activity.outputs) == [
        ("fertiliser_tonnes", 2),
        ("led_bulbs", 1400),
    ]
    values = compute(world.commune_a.id, Period(date(2023, 1, 1), date(2023, 12, 31))).raw
    assert values["outputs.led_bulbs"] == 1400
    assert values["activities.training_participants"] == 55

    page = staff.get("/activities/").get_data(as_text=True)
    assert "Chuyển giao KHKT chăm sóc lúa" in page and "1.400 bóng" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"participants": "-5"}, "Số lượt người tham gia phải là số nguyên không âm."),
        ({"participants": "12,5"}, "Số lượt người tham gia phải là số nguyên không âm."),
        ({"outputs-0-quantity": "-1"}, "Số lượng phải là số nguyên không âm."),
        ({"outputs-0-quantity": ""}, "Nhập số lượng cho “Phân bón cung ứng”."),
        ({"outputs-0-output_unit_id": ""}, "Chọn sản phẩm, kết quả cho số lượng đã nhập."),
        ({"topic": ""}, "Vui lòng nhập trường này."),
        ({"held_on": "hôm qua"}, "Ngày không hợp lệ."),
        (
            {"reach_branches": "5", "reach_branches_total": "4"},
            "Số chi hội tham gia không được lớn hơn tổng số chi hội.",
        ),
        ({"reach_members_percent": "120"}, "Tỷ lệ không được lớn hơn 100%."),
    ],
)
def test_bad_input_is_refused_and_what_was_typed_is_kept(staff, world, overrides, message):
    response = staff.post_form("/activities/new", _form(world, **overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert 'value="1.400"' in page  # the other fields keep what was typed
    assert db.session.scalar(db.select(db.func.count(Activity.id))) == 0


def test_an_activity_in_the_future_is_refused(staff, world):
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    response = staff.post_form("/activities/new", _form(world, held_on=tomorrow))
    assert response.status_code == 422
    assert "Ngày tổ chức không được sau ngày hôm nay." in response.get_data(as_text=True)
    today = staff.post_form("/activities/new", _form(world, held_on=local_today().isoformat()))
    assert today.status_code == 302


def test_a_branch_user_records_only_for_their_branch(app, world):
    kind("training")
    branch = client_for(app, world.branch_user_a1, PASSWORD)
    assert branch.post_form("/activities/new", _form(world)).status_code == 302
    other = branch.post_form("/activities/new", _form(world, unit_id=str(world.branch_a2.id)))
    assert other.status_code == 403
    outside = branch.post_form("/activities/new", _form(world, unit_id=str(world.branch_b1.id)))
    assert outside.status_code == 403
    assert db.session.scalar(db.select(db.func.count(Activity.id))) == 1


def test_a_viewer_reads_but_cannot_record(app, world):
    make_activity(world.branch_a1, topic="Hoạt động đã ghi")
    viewer = client_for(app, world.viewer_district, PASSWORD)
    assert "Hoạt động đã ghi" in viewer.get("/activities/").get_data(as_text=True)
    assert viewer.post_form("/activities/new", _form(world)).status_code == 403


def test_an_edit_based_on_an_old_version_is_refused(staff, world):
    activity = make_activity(world.branch_a1, topic="Bản gốc", kind_code="training")
    old_version = activity.version
    first = staff.post_form(
        f"/activities/{activity.id}/edit",
        _form(world, topic="Sửa lần một", version=str(old_version)),
    )
    assert first.status_code == 302
    second = staff.post_form(
        f"/activities/{activity.id}/edit",
        _form(world, topic="Sửa lần hai", version=str(old_version)),
    )
    page = second.get_data(as_text=True)
    assert second.status_code == 422
    assert "Bản ghi đã được người khác sửa; vui lòng tải lại trang." in page
    assert 'value="Sửa lần hai"' in page
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).topic == "Sửa lần một"


def test_editing_outputs_replaces_them(staff, world):
    activity = make_activity(
        world.branch_a1, kind_code="training", outputs={"trees": 300, "stoves": 20}
    )
    version = activity.version
    form = staff.get(f"/activities/{activity.id}/edit").get_data(as_text=True)
    assert 'value="300"' in form
    data = _form(world, version=str(version))
    data.update(
        {
            "outputs-0-output_unit_id": str(output_unit("trees").id),
            "outputs-0-quantity": "350",
            "outputs-1-output_unit_id": "",
            "outputs-1-quantity": "",
        }
    )
    assert staff.post_form(f"/activities/{activity.id}/edit", data).status_code == 302
    db.session.expire_all()
    again = db.session.get(Activity, activity.id)
    assert [(o.output_unit.code, o.quantity) for o in again.outputs] == [("trees", 350)]
    assert again.version == version + 1


def test_deleting_moves_to_the_trash_and_leaves_the_indicators(staff, world):
    activity = make_activity(world.branch_a1, date(2022, 5, 5), outputs={"trees": 300})
    period = Period(date(2022, 1, 1), date(2022, 12, 31))
    assert compute(world.commune_a.id, period).raw["outputs.trees"] == 300
    response = staff.post_form(f"/activities/{activity.id}/delete", htmx=True)
    assert response.status_code == 200 and response.get_data(as_text=True) == ""
    db.session.expire_all()
    assert compute(world.commune_a.id, period).raw["outputs.trees"] == 0
    trashed = db.session.scalar(
        db.select(Activity).execution_options(include_deleted=True).filter_by(id=activity.id)
    )
    assert trashed.deleted_at is not None


def test_the_list_filters_and_searches_without_reloading(staff, world):
    make_activity(world.branch_a1, date(2022, 5, 5), topic="Tuyên truyền về Huế", participants=10)
    make_activity(world.branch_a2, date(2023, 6, 6), topic="Dọn vệ sinh", participants=20)
    partial = staff.get(
        "/activities/?q=hue", headers={"HX-Request": "true", "HX-Target": "activity-rows"}
    ).get_data(as_text=True)
    assert "<html" not in partial
    assert "Tuyên truyền về Huế" in partial and "Dọn vệ sinh" not in partial
    by_year = staff.get("/activities/?year=2023").get_data(as_text=True)
    assert "Dọn vệ sinh" in by_year and "Tuyên truyền về Huế" not in by_year
    assert "1 hoạt động · 1 buổi · 20 lượt người tham gia" in by_year
    by_unit = staff.get(f"/activities/?unit_id={world.branch_a1.id}").get_data(as_text=True)
    assert "Tuyên truyền về Huế" in by_unit and "Dọn vệ sinh" not in by_unit


def test_a_retired_kind_leaves_the_form_but_old_records_keep_it(staff, world):
    activity = make_activity(world.branch_a1, kind_code="visit")
    kind("visit").retired = True
    db.session.commit()
    new_form = staff.get("/activities/new").get_data(as_text=True)
    assert ">Thăm hỏi<" not in new_form
    edit_form = staff.get(f"/activities/{activity.id}/edit").get_data(as_text=True)
    assert "Thăm hỏi (ngừng dùng)" in edit_form
    refused = staff.post_form("/activities/new", _form(world, kind_id=str(kind("visit").id)))
    assert refused.status_code == 422
    assert "Lựa chọn không hợp lệ; vui lòng chọn lại." in refused.get_data(as_text=True)


def test_an_activity_in_a_reported_period_is_refused_beside_its_date(staff, app, world):
    from tests.reports.factories import make_draft, make_report_file

    draft = make_draft(world.commune_a)  # the 2023 annual report, sent to the district
    make_report_file(draft, world.staff_a.id)
    assert staff.post_form(f"/reports/{draft.id}/send").status_code == 302
    response = staff.post_form("/activities/new", _form(world, held_on="2023-05-01"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "đã gửi" in page and 'id="held_on-error"' in page
    assert 'value="Chuyển giao KHKT chăm sóc lúa"' in page
    assert staff.post_form("/activities/new", _form(world, held_on="2022-05-01")).status_code == 302
