"""Forms of the personal-data pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import Length

from webapp.fields import DateField, EnumField, IdField, VersionedForm
from webapp.models.privacy import Basis, RequestKind


class BasisForm(VersionedForm):
    basis = EnumField(_l("Căn cứ xử lý dữ liệu"), enum_cls=Basis)
    consent_on = DateField(_l("Ngày đồng ý"))
    consent_scope = StringField(
        _l("Phạm vi đồng ý"),
        validators=[Length(max=300, message=_l("Tối đa 300 ký tự."))],
        description=_l("Ví dụ: ghi tên, năm sinh, địa chỉ, số điện thoại vào sổ hội viên."),
    )
    withdrawn_on = DateField(_l("Ngày rút lại sự đồng ý"))


class RequestForm(VersionedForm):
    requester_name = StringField(
        _l("Người yêu cầu"), validators=[Length(max=120, message=_l("Tối đa 120 ký tự."))]
    )
    member_id = IdField(_l("Mã hội viên (nếu là hội viên)"))
    kind = EnumField(_l("Loại yêu cầu"), enum_cls=RequestKind)
    received_on = DateField(_l("Ngày nhận"), required=True)
    details = TextAreaField(
        _l("Nội dung yêu cầu"), validators=[Length(max=1000, message=_l("Tối đa 1.000 ký tự."))]
    )
    answer = TextAreaField(
        _l("Trả lời"), validators=[Length(max=1000, message=_l("Tối đa 1.000 ký tự."))]
    )
    answered_on = DateField(_l("Ngày trả lời"))


class ConfirmForm(VersionedForm):
    """A button that changes something irreversible: the CSRF token and a typed reason."""

    reason = StringField(_l("Lý do"), validators=[Length(max=300, message=_l("Tối đa 300 ký tự."))])
