"""A user who chose English sees the activities area in English: the activity log, the
registers, the targets page and the form errors."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.activities.factories import kind, make_club, make_target, make_term, output_unit
from webapp.formatting import local_today


@pytest.fixture()
def english(english):
    kind("training")  # the built-in lists (emptied between tests)
    return english


def test_the_activity_log_and_its_form_are_in_english(english):
    page = english.get("/activities/").get_data(as_text=True)
    assert "Activity log" in page and "Record activity" in page
    assert "participant-turns" in page  # the totals line
    assert "Nhật ký hoạt động" not in page

    form = english.get("/activities/new").get_data(as_text=True)
    assert "Date held" in form and "Organising unit" in form and "— Choose —" in form
    assert "Measured outputs (quantity and output)" in form
    assert "Ngày tổ chức" not in form


def test_registers_and_targets_are_in_english(english, world):
    make_club(world.branch_a1, name="CLB Dân vũ thôn 1")
    clubs = english.get("/activities/clubs/").get_data(as_text=True)
    assert "Clubs and groups" in clubs and "Folk dance club" in clubs
    assert "CLB Dân vũ thôn 1" in clubs  # the record itself keeps its name
    assert "Câu lạc bộ, tổ nhóm" not in clubs

    term = make_term(world.commune_a)
    make_target(term, "Hội viên mới", "30", manual_value="12")
    targets = english.get(f"/activities/targets/?term={term.id}").get_data(as_text=True)
    assert "Resolution targets" in targets
    assert "Term 2021–2026 (Congress XXVI)" in targets
    assert "Value entered by hand" in targets
    assert "Chỉ tiêu Nghị quyết" not in targets
    assert term.name == "Nhiệm kỳ 2021–2026 (Đại hội lần thứ XXVI)"  # what records store


def test_bad_input_is_refused_in_english(english, world):
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    data = {
        "held_on": tomorrow,
        "unit_id": str(world.branch_a1.id),
        "kind_id": str(kind("training").id),
        "topic": "Tập huấn",
        "sessions": "1",
        "participants": "-5",
        "outputs-0-output_unit_id": str(output_unit("led_bulbs").id),
        "outputs-0-quantity": "",
    }
    response = english.post_form("/activities/new", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Participant-turns must be a whole number, not negative." in page
    assert "phải là số nguyên không âm" not in page

    data.update(participants="20")
    page = english.post_form("/activities/new", data).get_data(as_text=True)
    assert "The date held cannot be after today." in page
