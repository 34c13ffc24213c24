"""Unit forms (admin)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from webapp.form_helpers import choices
from webapp.models.units import UNIT_KIND_LABELS, UnitKind

REQUIRED = _l("Vui lòng nhập trường này.")


def _optional_int(value: str | int | None) -> int | None:
    return int(value) if value not in (None, "", "None") else None


class UnitForm(FlaskForm):
    name = StringField(_l("Tên đơn vị"), validators=[DataRequired(REQUIRED), Length(max=120)])
    kind = SelectField(_l("Cấp"), choices=choices((k.value, UNIT_KIND_LABELS[k]) for k in UnitKind))
    parent_id = SelectField(_l("Trực thuộc"), coerce=_optional_int)


class RenameForm(FlaskForm):
    name = StringField(_l("Tên mới"), validators=[DataRequired(REQUIRED), Length(max=120)])


class MoveForm(FlaskForm):
    parent_id = SelectField(_l("Chuyển về trực thuộc"), coerce=_optional_int)
