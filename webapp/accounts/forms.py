"""The account form (admin)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from webapp.fields import BaseForm, ChoiceField, EnumField, optional_int
from webapp.models.accounts import Role

REQUIRED = _l("Vui lòng nhập trường này.")


class AccountForm(BaseForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(REQUIRED), Length(max=64)])
    full_name = StringField(_l("Họ và tên"), validators=[DataRequired(REQUIRED), Length(max=120)])
    # A new account starts with the least privileged role: nobody gets admin by oversight.
    role = EnumField(_l("Vai trò"), enum_cls=Role, default=Role.VIEWER)
    unit_id = ChoiceField(_l("Đơn vị phụ trách"), coerce=optional_int)
