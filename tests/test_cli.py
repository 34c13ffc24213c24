"""The ``flask`` commands (webapp/cli.py) as an admin types them, and the labels every choice
of a form shows (``LabelledEnum``, webapp/models/base.py)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from flask_babel import force_locale

import webapp.models  # noqa: F401  (every model module, so every LabelledEnum is defined)
from webapp.models.base import LabelledEnum
from webapp.models.charity import Occasion
from webapp.models.members import Gender

COMMANDS = ("create-admin", "first-run", "seed-demo", "indicators", "report", "backup", "reap-jobs")


def test_every_command_is_listed_with_its_help(app):
    result = app.test_cli_runner().invoke(args=["--help"])
    assert result.exit_code == 0, result.output
    for name in COMMANDS:
        assert f"  {name} " in result.output
    render = app.test_cli_runner().invoke(args=["report", "render", "--help"])
    assert "Render a report synchronously" in render.output


def test_the_first_admin_password_file_is_readable_by_its_owner_only(app):
    result = app.test_cli_runner().invoke(args=["first-run"])
    assert result.exit_code == 0, result.output
    path = Path(app.instance_path, "first-admin-password.txt")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_a_unit_name_that_matches_nothing_is_refused_in_vietnamese(app, world):
    args = ["--unit", "Xã Không Có", "--from", "2023-01-01", "--to", "2023-12-31"]
    result = app.test_cli_runner().invoke(args=["indicators", *args])
    assert result.exit_code == 1
    assert "Không tìm thấy đơn vị 'Xã Không Có'." in result.output


def test_the_reaper_by_hand_says_when_nothing_was_lost(app):
    result = app.test_cli_runner().invoke(args=["reap-jobs"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Đã gửi lại: không có"


def _labelled_enums() -> list[type[LabelledEnum]]:
    found, todo = [], list(LabelledEnum.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo += cls.__subclasses__()
    return [cls for cls in found if cls.__module__.startswith("webapp.")]  # not this file's


def test_every_choice_of_every_labelled_enum_has_a_label(app):
    enums = _labelled_enums()
    assert len(enums) >= 29  # charity's 8, and the 21 that wrote ``label`` by hand
    with app.test_request_context():
        for cls in enums:
            for member in cls:
                assert member.label.strip(), f"{cls.__name__}.{member.name}"


def test_a_label_is_in_the_users_language(app):
    with app.test_request_context():
        with force_locale("vi"):
            assert (Gender.FEMALE.label, Occasion.WOMEN_20_10.label) == ("Nữ", "20/10")
        with force_locale("en"):
            assert Gender.FEMALE.label == "Female"
            assert Occasion.WOMEN_20_10.label == "Vietnamese Women's Day (20 October)"


def test_an_enum_with_a_choice_left_without_a_label_is_refused_at_import():
    class Colour(LabelledEnum):
        RED = "red"
        BLUE = "blue"

    with pytest.raises(TypeError, match="Colour: no label for BLUE"):
        Colour.set_labels({Colour.RED: "đỏ"})
