"""Unit forms (admin)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from webapp.form_helpers import choices
from webapp.models import UnitKind

REQUIRED = "Vui lòng nhập trường này."


def _optional_int(value: str | int | None) -> int | None:
    return int(value) if value not in (None, "", "None") else None


class UnitForm(FlaskForm):
    name = StringField("Tên đơn vị", validators=[DataRequired(REQUIRED), Length(max=120)])
    kind = SelectField("Cấp", choices=choices((k.value, k.label) for k in UnitKind))
    parent_id = SelectField("Trực thuộc", coerce=_optional_int)


class RenameForm(FlaskForm):
    name = StringField("Tên mới", validators=[DataRequired(REQUIRED), Length(max=120)])


class MoveForm(FlaskForm):
    parent_id = SelectField("Chuyển về trực thuộc", coerce=_optional_int)
