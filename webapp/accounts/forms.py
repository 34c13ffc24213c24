"""The account form (admin)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from webapp.form_helpers import choices
from webapp.models import Role

REQUIRED = "Vui lòng nhập trường này."


class AccountForm(FlaskForm):
    username = StringField("Tên đăng nhập", validators=[DataRequired(REQUIRED), Length(max=64)])
    full_name = StringField("Họ và tên", validators=[DataRequired(REQUIRED), Length(max=120)])
    role = SelectField("Vai trò", choices=choices((r.value, r.label) for r in Role))
    unit_id = SelectField("Đơn vị phụ trách", coerce=lambda v: int(v) if v else None)
