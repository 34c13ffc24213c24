"""A user who chose English sees the members area in English (the records stay as entered)."""

from __future__ import annotations

from datetime import date

from tests.members.factories import make_cadre, make_member
from webapp.models.cadres import CadrePosition
from webapp.models.members import LeaveReason


def test_the_member_list_and_a_member_page_are_in_english(english, world):
    make_member(world.branch_a1, "Lê Thị Huế")
    left = make_member(
        world.branch_a1, "Phan Thị Mai", left_on=date(2023, 5, 1), leave_reason=LeaveReason.MOVED
    )

    page = english.get("/members/?status=all").get_data(as_text=True)
    assert "Member list" in page and "Add member" in page and "Import from Excel" in page
    assert "Name A→Z" in page and "Moved away" in page and "Lê Thị Huế" in page
    assert "Danh sách hội viên" not in page and "Thêm hội viên" not in page
    # The export is a file format the import reads back: it stays Vietnamese.
    csv = english.get("/members/export.csv?status=all").get_data(as_text=True)
    assert "Họ và tên" in csv and "Chuyển đi nơi khác" in csv and "Moved away" not in csv

    detail = english.get(f"/members/{left.id}").get_data(as_text=True)
    assert "Left the register" in detail and "Gender" in detail and "Female" in detail
    assert "Delete a member entered by mistake" in detail
    assert "Giới tính" not in detail and "Xoá hội viên nhập nhầm" not in detail


def test_the_cadre_register_is_in_english(english, world):
    make_cadre(world.commune_a, "Trần Thị Lan", position=CadrePosition.CHAIR)
    page = english.get("/members/cadres").get_data(as_text=True)
    assert "Add cadre" in page and "Chair" in page and "Political theory" in page
    assert "Thêm cán bộ" not in page and "Chủ tịch" not in page


def test_a_refused_member_form_explains_in_english(english, world):
    response = english.post_form(
        "/members/new",
        {
            "full_name": "",
            "unit_id": str(world.branch_a1.id),
            "gender": "male",
            "birth_year": "abc",
            "joined_on": "",
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Please enter a whole number, e.g. 1980." in page
    assert "Vui lòng nhập một số nguyên" not in page

    response = english.post_form(
        "/members/new",
        {"full_name": "", "unit_id": str(world.branch_a1.id), "gender": "male"},
    )
    page = response.get_data(as_text=True)
    assert "Please enter the full name." in page
    assert "Men can only be honorary members." in page
