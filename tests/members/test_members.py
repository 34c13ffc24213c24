"""The member register through its pages: list, search, add and edit in place, leave, trash."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.members.factories import make_cadre, make_dues, make_member, make_policy
from webapp.extensions import db
from webapp.formatting import local_today
from webapp.members.services.members import sort_key_of
from webapp.models.members import InsuranceKind, LeaveReason, Member, MemberEvent

STALE = "Bản ghi đã được người khác sửa; vui lòng tải lại trang."


def _form(unit, **overrides) -> dict:
    data = {
        "full_name": "Lê Thị Huế",
        "unit_id": str(unit.id),
        "gender": "female",
        "birth_year": "1985",
        "birth_date": "",
        "joined_on": "2020-03-08",
        "address": "Thôn An Cư 2",
        "phone": "0912 345 678",
        "ethnicity": "Kinh",
        "religion": "",
        "note": "",
    }
    data.update(overrides)
    return data


def _member(name: str) -> Member:
    db.session.expire_all()
    return db.session.scalars(select(Member).where(Member.full_name == name)).one()


def test_staff_adds_a_member_in_place_and_the_list_refreshes(staff, world):
    response = staff.post_form("/members/new", _form(world.branch_a1, is_core="y"), htmx=True)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "members-changed"
    assert "Đã thêm hội viên" in response.get_data(as_text=True)
    member = _member("Lê Thị Huế")
    assert member.search_key == "le thi hue" and member.sort_key == "hue le thi hue"
    assert member.is_core and member.birth_year == 1985 and member.phone == "0912 345 678"
    events = db.session.scalars(select(MemberEvent).where(MemberEvent.member_id == member.id))
    assert [e.kind.value for e in events] == ["joined"]


def test_names_are_stored_in_nfc(staff, world):
    decomposed = "Le\u0302\u0301 Thi\u0323 Hoa"  # "Lế Thị Hoa" typed with combining marks
    staff.post_form("/members/new", _form(world.branch_a1, full_name=decomposed), htmx=True)
    assert _member("Lế Thị Hoa").full_name == "Lế Thị Hoa"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"full_name": "  "}, "Vui lòng nhập họ và tên."),
        ({"birth_year": str(local_today().year + 1)}, "Năm sinh không được ở tương lai."),
        ({"birth_year": str(date.today().year - 121)}, "Năm sinh quá xa (hơn 120 năm trước)"),
        ({"birth_year": "năm tám mươi"}, "Vui lòng nhập một số nguyên, ví dụ 1980."),
        ({"joined_on": "31/02/2020"}, "Ngày không hợp lệ"),
        ({"gender": "male"}, "Nam giới chỉ có thể là hội viên danh dự."),
        ({"unit_id": ""}, "Vui lòng chọn chi hội."),
        ({"phone": "abc"}, "Số điện thoại không hợp lệ."),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_what_was_typed_stays(
    staff, world, overrides, message
):
    response = staff.post_form("/members/new", _form(world.branch_a1, **overrides), htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200  # htmx swaps the form with its errors
    assert message in body
    assert 'value="Thôn An Cư 2"' in body  # what was typed is kept
    assert db.session.scalar(select(Member.id)) is None


def test_a_plain_post_with_bad_input_answers_422(staff, world):
    response = staff.post_form("/members/new", _form(world.branch_a1, full_name=""))
    assert response.status_code == 422
    assert "Vui lòng nhập họ và tên." in response.get_data(as_text=True)


def test_a_branch_outside_the_users_scope_is_403_and_nothing_is_written(app, world):
    branch_user = client_for(app, world.branch_user_a1, PASSWORD)
    response = branch_user.post_form("/members/new", _form(world.branch_a2), htmx=True)
    assert response.status_code == 403
    staff_b = client_for(app, world.staff_b, PASSWORD)
    assert staff_b.post_form("/members/new", _form(world.branch_a1)).status_code == 403
    assert db.session.scalar(select(Member.id)) is None


def test_viewers_read_but_cannot_add(app, world):
    make_member(world.branch_a1, "Đỗ Thị Quyên")
    viewer = client_for(app, world.viewer_district, PASSWORD)
    page = viewer.get("/members/")
    assert "Đỗ Thị Quyên" in page.get_data(as_text=True)
    assert "Thêm hội viên" not in page.get_data(as_text=True)
    assert viewer.post_form("/members/new", _form(world.branch_a1)).status_code == 403


def test_a_likely_duplicate_asks_for_confirmation(staff, world):
    make_member(world.branch_a1, "Lê Thị Huế", birth_year=1985)
    first = staff.post_form(
        "/members/new", _form(world.branch_a1, full_name="le thi hue"), htmx=True
    )
    body = first.get_data(as_text=True)
    assert "Có thể trùng với hội viên đã có: Lê Thị Huế, sinh năm 1985, Chi hội An Cư 2." in body
    assert "Vẫn lưu dù trùng tên" in body
    assert db.session.scalar(select(db.func.count()).select_from(Member)) == 1
    # Same name and year in another branch is not a duplicate; confirmed, it is saved.
    staff.post_form("/members/new", _form(world.branch_a2), htmx=True)
    staff.post_form("/members/new", _form(world.branch_a1, allow_duplicate="y"), htmx=True)
    assert db.session.scalar(select(db.func.count()).select_from(Member)) == 3


def test_search_without_diacritics_filters_sorts_and_pages(staff, world, app):
    make_member(world.branch_a1, "Nguyễn Thị Huế", birth_year=1970, is_core=True)
    make_member(world.branch_a1, "Trần Thị Hương", birth_year=1990)
    make_member(world.branch_a2, "Phạm Thị Huệ", birth_year=1980, is_honorary=True)
    make_member(
        world.branch_a2, "Lê Thị An", left_on=date(2022, 1, 1), leave_reason=LeaveReason.MOVED
    )
    make_member(world.branch_b1, "Hoàng Thị Huế")  # another commune: never shown

    def rows(query: str) -> str:
        headers = {"HX-Request": "true", "HX-Target": "member-rows"}
        return staff.get(f"/members/?{query}", headers=headers).get_data(as_text=True)

    found = rows("q=hue")
    assert "Nguyễn Thị Huế" in found and "Phạm Thị Huệ" in found
    assert "Trần Thị Hương" not in found and "Hoàng Thị Huế" not in found
    assert "<html" not in found  # the partial only
    assert "Đỗ" not in rows("q=%25")  # a "%" typed is a character, not a wildcard
    assert "Lê Thị An" not in rows("")
    assert "Lê Thị An" in rows("status=left") and "Nguyễn Thị Huế" not in rows("status=left")
    in_a1 = rows(f"unit_id={world.branch_a1.id}")
    assert "Nguyễn Thị Huế" in in_a1 and "Phạm Thị Huệ" not in in_a1
    core = rows("core=1")
    assert "Nguyễn Thị Huế" in core and "Trần Thị Hương" not in core
    assert "Trần Thị Hương" not in rows("honorary=1")
    # Sorted by given name: An, Huế, Huệ, Hương.
    names = rows("status=all")
    order = [
        names.index(n) for n in ("Lê Thị An", "Nguyễn Thị Huế", "Phạm Thị Huệ", "Trần Thị Hương")
    ]
    assert order == sorted(order)
    by_birth = rows("sort=-birth")
    assert by_birth.index("Trần Thị Hương") < by_birth.index("Nguyễn Thị Huế")

    app.config["PAGE_SIZE"] = 2
    first, second = rows("page=1"), rows("page=2")
    assert "Trang 1/2" in first and "3 hội viên" in first
    assert "Trần Thị Hương" in second and "Nguyễn Thị Huế" not in second


def test_sort_key_puts_the_given_name_first():
    assert sort_key_of("Nguyễn Thị Huế") == "hue nguyen thi hue"


def test_detail_page_shows_history_dues_and_other_registers(staff, world):
    member = make_member(world.branch_a1, "Đỗ Thị Quyên", phone="0987654321")
    make_dues(member, 2023)
    make_policy(
        world.branch_a1, InsuranceKind.BHYT, date(2022, 1, 1), member_id=member.id, number="HN123"
    )
    page = staff.get(f"/members/{member.id}").get_data(as_text=True)
    assert "Đỗ Thị Quyên" in page and "0987654321" in page
    assert "12.000 đồng" in page and "HN123" in page
    assert "Ra khỏi danh sách" in page


def test_edit_in_place_records_a_transfer_and_refuses_a_stale_version(staff, world):
    member = make_member(world.branch_a1, "Đỗ Thị Quyên", birth_year=1980)
    form = staff.htmx_get(f"/members/{member.id}/edit").get_data(as_text=True)
    assert 'value="Đỗ Thị Quyên"' in form and 'name="version" type="hidden" value="1"' in form

    data = _form(world.branch_a2, full_name="Đỗ Thị Quyên", birth_year="1981", version="1")
    saved = staff.post_form(f"/members/{member.id}/edit", data, htmx=True)
    body = saved.get_data(as_text=True)
    assert "Chi hội Trung Hà" in body and 'id="member-history" hx-swap-oob="true"' in body
    assert "Chuyển từ Chi hội An Cư 2 sang Chi hội Trung Hà." in body
    assert "Sửa năm sinh, thôn, địa chỉ" in body or "Sửa năm sinh" in body

    # A second save based on version 1 (another tab) is refused and keeps what was typed.
    stale = staff.post_form(
        f"/members/{member.id}/edit", {**data, "address": "Xóm Mới", "version": "1"}, htmx=True
    )
    assert STALE in stale.get_data(as_text=True)
    assert 'value="Xóm Mới"' in stale.get_data(as_text=True)
    assert _member("Đỗ Thị Quyên").address == "Thôn An Cư 2"


def test_leaving_keeps_the_record_and_checks_the_date(staff, world):
    member = make_member(world.branch_a1, "Đỗ Thị Quyên", joined_on=date(2015, 3, 8))
    url = f"/members/{member.id}/leave"
    early = staff.post_form(
        url, {"left_on": "2014-01-01", "leave_reason": "died", "version": "1"}, htmx=True
    )
    assert "Ngày ra khỏi danh sách phải sau ngày vào Hội." in early.get_data(as_text=True)
    no_reason = staff.post_form(
        url, {"left_on": "2022-05-01", "leave_reason": "", "version": "1"}, htmx=True
    )
    assert "Vui lòng chọn lý do." in no_reason.get_data(as_text=True)
    no_date = staff.post_form(
        url, {"left_on": "", "leave_reason": "died", "version": "1"}, htmx=True
    )
    assert "Vui lòng nhập trường này." in no_date.get_data(as_text=True)

    done = staff.post_form(
        url, {"left_on": "2022-05-01", "leave_reason": "moved", "version": "1"}, htmx=True
    )
    assert "Đã ra khỏi danh sách" in done.get_data(as_text=True)
    left = _member("Đỗ Thị Quyên")
    assert left.left_on == date(2022, 5, 1) and left.leave_reason is LeaveReason.MOVED
    assert "Chuyển đi nơi khác" in staff.get(f"/members/{member.id}").get_data(as_text=True)

    back = staff.post_form(
        f"/members/{member.id}/rejoin", {"version": str(left.version)}, htmx=True
    )
    assert "Đang sinh hoạt" in back.get_data(as_text=True)
    assert _member("Đỗ Thị Quyên").left_on is None


def test_trash_is_refused_while_other_records_use_the_member_and_can_be_restored(staff, world):
    member = make_member(world.branch_a1, "Đỗ Thị Quyên")
    make_dues(member, 2023)
    cadre = make_cadre(world.branch_a1, "Đỗ Thị Quyên", member_id=member.id)
    refused = staff.post_form(f"/members/{member.id}/trash", {"version": "1"})
    assert refused.status_code == 302
    page = staff.get(f"/members/{member.id}").get_data(as_text=True)
    assert "Không thể xoá: hội viên này đang có trong danh sách cán bộ Hội (1)." in page

    from webapp.trash import move_to_trash

    move_to_trash(db.session.get(type(cadre), cadre.id))
    db.session.commit()
    staff.post_form(f"/members/{member.id}/trash", {"version": "1"})
    assert staff.get(f"/members/{member.id}").status_code == 404
    assert "Đỗ Thị Quyên" in staff.get("/members/trash").get_data(as_text=True)
    assert "Đỗ Thị Quyên" not in staff.get("/members/").get_data(as_text=True)

    staff.post_form(f"/members/trash/{member.id}/restore", {})
    page = staff.get(f"/members/{member.id}").get_data(as_text=True)
    assert "Khôi phục từ thùng rác." in page and "12.000 đồng" in page  # her dues came back


def test_export_follows_the_filters(staff, world):
    from io import BytesIO

    from openpyxl import load_workbook

    make_member(world.branch_a1, "Nguyễn Thị Huế", joined_on=date(2010, 5, 1), is_core=True)
    make_member(world.branch_a1, "Trần Thị Lan")
    xlsx = staff.get("/members/export.xlsx?q=hue")
    assert xlsx.status_code == 200
    assert "attachment" in xlsx.headers["Content-Disposition"]
    ws = load_workbook(BytesIO(xlsx.data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("STT", "Họ và tên", "Năm sinh")
    assert len(rows) == 2 and rows[1][1] == "Nguyễn Thị Huế" and rows[1][11] == "x"
    assert rows[1][10].date() == date(2010, 5, 1)

    text = staff.get("/members/export.csv").get_data(as_text=True)
    assert text.startswith("\ufeffSTT,Họ và tên")
    assert "Nguyễn Thị Huế" in text and "Trần Thị Lan" in text and "01/05/2010" in text


def test_every_mistake_of_a_form_is_shown_at_once(staff, world):
    data = _form(world.branch_a1, full_name="", unit_id="", phone="abc")
    body = staff.post_form("/members/new", data, htmx=True).get_data(as_text=True)
    for message in (
        "Vui lòng nhập họ và tên.",
        "Vui lòng chọn chi hội.",
        "Số điện thoại không hợp lệ.",
    ):
        assert message in body
