"""Forms of the import pages: the upload (register, unit, as-of date, file) and the confirmation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField

from webapp.fields import BaseForm, ChoiceField, DateField, EnumField, id_choice
from webapp.imports.registry import RegisterKind


class UploadForm(BaseForm):
    """The upload step (the file itself is read by the service)."""

    register = EnumField(_l("Danh sách"), enum_cls=RegisterKind)
    unit_id = ChoiceField(_l("Nhập vào đơn vị"), coerce=id_choice, validate_choice=False)
    as_of = DateField(_l("Ngày chốt số liệu (dư nợ, số dư tại ngày)"))


class ConfirmForm(BaseForm):
    """The confirmation of a previewed upload."""

    register = EnumField(_l("Danh sách"), enum_cls=RegisterKind)
    token = HiddenField()
