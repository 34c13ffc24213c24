"""The import's duplicate check compares names with their diacritics: "Yên" and "Yến" are two
people; the same name typed in another case or Unicode form is the same one, and the message
names the row it repeats."""

from __future__ import annotations

import unicodedata

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.members.factories import make_member
from tests.members.test_imports import _row, _upload, _xlsx


def _preview(app, world, rows) -> str:
    staff = client_for(app, world.staff_a, PASSWORD)
    response = _upload(staff, _xlsx(rows))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_names_differing_only_by_a_tone_mark_are_different_people(app, world):
    body = _preview(app, world, [_row("Nguyễn Thị Yên", 1980), _row("Nguyễn Thị Yến", 1980)])
    assert "2 dòng sẽ được thêm" in body
    assert "Trùng với dòng" not in body


def test_a_registered_member_with_another_tone_is_not_a_duplicate(app, world):
    make_member(world.branch_a1, "Nguyễn Thị Yến", birth_year=1980)
    body = _preview(app, world, [_row("Nguyễn Thị Yên", 1980)])
    assert "1 dòng sẽ được thêm" in body
    assert "Có thể trùng" not in body


def test_the_same_name_in_another_case_or_unicode_form_is_a_duplicate_of_its_row(app, world):
    decomposed = unicodedata.normalize("NFD", "NGUYỄN THỊ YÊN")
    body = _preview(
        app,
        world,
        [_row("Trần Thị Lan", 1985), _row("Nguyễn Thị Yên", 1980), _row(decomposed, 1980)],
    )
    assert "2 dòng sẽ được thêm" in body and "1 dòng nghi trùng" in body
    # Row 3 of the sheet (under the header) holds the name it repeats.
    assert "Trùng với dòng 3 trong tệp: Nguyễn Thị Yên." in body


def test_a_name_typed_without_any_diacritics_still_matches_a_registered_member(app, world):
    make_member(world.branch_a1, "Nguyễn Thị Yến", birth_year=1980)
    body = _preview(app, world, [_row("Nguyen Thi Yen", 1980)])
    assert "Có thể trùng với hội viên đã có: Nguyễn Thị Yến." in body
