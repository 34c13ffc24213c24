"""The account form (admin)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from webapp.form_helpers import choices
from webapp.models.accounts import ROLE_LABELS, Role

REQUIRED = _l("Vui lòng nhập trường này.")


class AccountForm(FlaskForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(REQUIRED), Length(max=64)])
    full_name = StringField(_l("Họ và tên"), validators=[DataRequired(REQUIRED), Length(max=120)])
    role = SelectField(_l("Vai trò"), choices=choices((r.value, ROLE_LABELS[r]) for r in Role))
    unit_id = SelectField(_l("Đơn vị phụ trách"), coerce=lambda v: int(v) if v else None)
