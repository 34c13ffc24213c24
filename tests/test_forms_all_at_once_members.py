"""Forms say everything at once (issue 16): a form with several mistakes — some the fields
refuse, some the rules of the register refuse — answers with every message in ONE response,
beside each field and in the summary at the top, and saves nothing. A plain request gets 422, an
htmx one 200 (htmx swaps only 2xx answers)."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from tests.conftest import client_for, page_text
from tests.factories import PASSWORD
from tests.members.factories import make_member
from webapp.extensions import db
from webapp.models import Unit, User
from webapp.models.cadres import Cadre
from webapp.models.members import InsurancePolicy, Member


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def _summary(html: str) -> str:
    """The error summary at the top of the form (role=alert), or "" when there is none."""
    found = re.search(r'<div class="errors-summary" role="alert".*?</div>', html, re.S)
    return found.group(0) if found else ""


def _beside(html: str, field_id: str) -> list[str]:
    """The messages shown beside one field."""
    return re.findall(rf'<p class="error" id="{field_id}-error">([^<]*)</p>', html)


MEMBER_MISTAKES = {
    "full_name": "Vui lòng nhập họ và tên.",  # a rule of the register
    "birth_year": "Vui lòng nhập một số nguyên, ví dụ 1980.",  # the field cannot read it
    "phone": "Số điện thoại không hợp lệ.",  # a rule
    "gender": "Nam giới chỉ có thể là hội viên danh dự.",  # a rule
}


def _member_form(world) -> dict:
    return {
        "full_name": "",
        "unit_id": str(world.branch_a1.id),
        "gender": "male",
        "birth_year": "năm tám mươi",
        "joined_on": "2020-03-08",
        "phone": "gọi bà Hoa",
    }


def test_a_member_form_with_four_mistakes_says_all_four_at_once(staff, world):
    response = staff.post_form("/members/new", _member_form(world))
    html = page_text(response)
    assert response.status_code == 422
    for field, message in MEMBER_MISTAKES.items():
        assert _beside(html, field) == [message], field
    summary = _summary(html)
    assert "Có 4 ô cần sửa" in summary
    assert all(message in summary for message in MEMBER_MISTAKES.values())
    assert 'value="gọi bà Hoa"' in html  # what was typed stays
    assert _count(Member) == 0


def test_the_htmx_member_form_gets_every_message_with_a_status_htmx_swaps(staff, world):
    response = staff.post_form("/members/new", _member_form(world), htmx=True)
    html = page_text(response)
    assert response.status_code == 200
    assert all(_beside(html, field) == [m] for field, m in MEMBER_MISTAKES.items())
    assert "Có 4 ô cần sửa" in _summary(html)
    assert _count(Member) == 0


def test_editing_a_member_says_every_mistake_and_keeps_her_as_she_was(staff, world):
    member = make_member(world.branch_a1, "Lê Thị Huế", birth_year=1980)
    db.session.commit()
    response = staff.post_form(
        f"/members/{member.id}/edit",
        {**_member_form(world), "version": str(member.version)},
    )
    html = page_text(response)
    assert response.status_code == 422
    assert all(_beside(html, field) == [m] for field, m in MEMBER_MISTAKES.items())
    db.session.expire_all()
    assert db.session.get(Member, member.id).full_name == "Lê Thị Huế"


def test_leaving_without_a_date_or_a_reason_says_both(staff, world):
    member = make_member(world.branch_a1, "Lê Thị Huế")
    db.session.commit()
    response = staff.post_form(
        f"/members/{member.id}/leave",
        {"left_on": "", "leave_reason": "", "version": str(member.version)},
        htmx=True,
    )
    html = page_text(response)
    assert response.status_code == 200
    assert _beside(html, "left_on") == ["Vui lòng nhập trường này."]
    assert _beside(html, "leave_reason") == ["Vui lòng chọn lý do."]
    db.session.expire_all()
    assert db.session.get(Member, member.id).left_on is None


def test_a_cadre_form_says_field_and_rule_mistakes_together(staff, world):
    response = staff.post_form(
        "/members/cadres/new",
        {
            "full_name": "",
            "unit_id": str(world.branch_a1.id),
            "position": "chair",  # a commune office, refused in a branch
            "started_on": "",
            "education_grade": "mười hai",
            "political_theory": "none",
        },
    )
    html = page_text(response)
    assert response.status_code == 422
    assert _beside(html, "full_name") == ["Vui lòng nhập họ và tên."]
    assert _beside(html, "unit_id") == [
        "Chủ tịch, Phó Chủ tịch, Ủy viên BCH thuộc Hội cấp xã trở lên."
    ]
    assert _beside(html, "started_on") == ["Vui lòng nhập trường này."]
    assert _beside(html, "education_grade") == ["Vui lòng nhập một số nguyên, ví dụ 1980."]
    assert "Có 4 ô cần sửa" in _summary(html)
    assert _count(Cadre) == 0


def test_an_insurance_card_without_holder_branch_or_start_says_all_three(staff, world):
    response = staff.post_form(
        "/members/insurance/new",
        {"kind": "bhyt", "holder_name": "", "unit_id": "", "started_on": ""},
    )
    html = page_text(response)
    assert response.status_code == 422
    assert _beside(html, "holder_name") == ["Vui lòng nhập tên người tham gia."]
    assert _beside(html, "unit_id") == ["Vui lòng chọn chi hội."]
    assert _beside(html, "started_on") == ["Vui lòng nhập trường này."]
    assert _count(InsurancePolicy) == 0


def test_an_account_form_says_every_mistake_at_once(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    count = _count(User)
    response = admin.post_form(
        "/admin/accounts/new",
        {"username": "CANBO_A", "full_name": "", "role": "staff", "unit_id": ""},
    )
    html = page_text(response)
    assert response.status_code == 422
    assert _beside(html, "username") == ["Tên đăng nhập này đã có người dùng."]
    assert _beside(html, "full_name") == ["Vui lòng nhập trường này."]
    assert _beside(html, "unit_id") == ["Tài khoản này cần một đơn vị phụ trách."]
    assert "Có 3 ô cần sửa" in _summary(html)
    assert _count(User) == count


def test_a_new_unit_without_a_name_under_the_wrong_parent_says_both(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    count = _count(Unit)
    response = admin.post_form(
        "/admin/units/",
        {"name": "", "kind": "branch", "parent_id": str(world.district.id), "kind_word": ""},
    )
    html = page_text(response)
    assert response.status_code == 422
    assert _beside(html, "name") == ["Vui lòng nhập trường này."]
    assert len(_beside(html, "parent_id")) == 1 and "phải trực thuộc" in html
    assert _count(Unit) == count


def test_a_province_install_without_name_or_file_says_both(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    count = _count(Unit)
    response = admin.post(
        "/admin/units/install",
        data={
            "csrf_token": admin.csrf_token(),
            "province_name": "",
            "province_word": "Tỉnh",
            "file": (io.BytesIO(b""), ""),
        },
        content_type="multipart/form-data",
    )
    html = page_text(response)
    assert response.status_code == 422
    assert _beside(html, "province_name") == ["Vui lòng nhập trường này."]
    assert _beside(html, "file") == ["Vui lòng chọn tệp .xlsx."]
    assert _count(Unit) == count


def test_a_wrong_current_password_and_a_weak_new_one_are_said_together(app, world):
    staff = client_for(app, world.staff_a, PASSWORD)
    response = staff.post_form(
        "/auth/password",
        {"current_password": "không đúng", "new_password": "abc", "confirm": "abc"},
    )
    html = page_text(response)
    assert _beside(html, "current_password") == ["Mật khẩu hiện tại không đúng."]
    assert _beside(html, "new_password") == ["Mật khẩu phải có ít nhất 10 ký tự."]
    assert "Có 2 ô cần sửa" in _summary(html)
    assert client_for(app, world.staff_a, PASSWORD)  # the old password still works


def test_a_merge_without_communes_date_or_new_name_says_all_three(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    count = _count(Unit)
    response = admin.post_form(
        "/admin/units/merge",
        {
            "on": "",
            "into": "",
            "new_name": "",
            "new_kind_word": "Xã",
            "new_parent": str(world.province.id),
            "step": "plan",
        },
    )
    html = page_text(response)
    assert response.status_code == 422
    assert _beside(html, "communes") == ["Chọn các đơn vị cấp xã cần hợp nhất."]
    assert _beside(html, "on") == ["Vui lòng nhập trường này."]
    assert _beside(html, "new_name") == ["Vui lòng nhập tên đơn vị."]
    assert "Có 3 ô cần sửa" in _summary(html)
    assert _count(Unit) == count
