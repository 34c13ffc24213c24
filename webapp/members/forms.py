"""Forms of the members area. Every message is translatable and every field keeps what was typed.

Numbers, years, amounts and dates are read by the shared fields of ``webapp.fields`` rather than
WTForms' own (whose parse errors are English): dates come from ``<input type="date">`` (ISO) or
are typed "20/10/2023"; amounts "12.000" or "12000".
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField

from webapp.fields import (
    BaseForm,
    ChoiceField,
    DateField,
    EnumField,
    IntegerField,
    MoneyField,
    VersionedForm,
    optional_int,
)
from webapp.models.cadres import CadrePosition, PoliticalTheory, TrainingKind
from webapp.models.members import Gender, InsuranceKind, LeaveReason, ReferralOutcome

# Years, counts and member numbers: shown as typed ("1980", not "1.980").
WHOLE = {"message": _l("Vui lòng nhập một số nguyên, ví dụ 1980."), "grouped": False}


class MemberForm(VersionedForm):
    full_name = StringField(_l("Họ và tên"))
    unit_id = ChoiceField(_l("Chi hội"), coerce=optional_int, validate_choice=False)
    gender = EnumField(_l("Giới tính"), enum_cls=Gender)
    birth_year = IntegerField(_l("Năm sinh"), **WHOLE)
    birth_date = DateField(_l("Ngày sinh (nếu biết)"))
    address = StringField(_l("Thôn, địa chỉ"))
    phone = StringField(_l("Điện thoại"), render_kw={"inputmode": "tel"})
    ethnicity = StringField(_l("Dân tộc"))
    religion = StringField(_l("Tôn giáo"))
    joined_on = DateField(_l("Ngày vào Hội"))
    is_core = BooleanField(_l("Hội viên nòng cốt"))
    is_honorary = BooleanField(_l("Hội viên danh dự"))
    attends_regularly = BooleanField(_l("Sinh hoạt thường xuyên"))
    note = TextAreaField(_l("Ghi chú"), render_kw={"rows": 2})
    allow_duplicate = BooleanField(_l("Vẫn lưu dù trùng tên (đây là một người khác)"))


class LeaveForm(VersionedForm):
    left_on = DateField(_l("Ngày ra khỏi danh sách"), required=True)
    leave_reason = EnumField(_l("Lý do"), enum_cls=LeaveReason, empty=_l("— Chọn lý do —"))


class VersionForm(VersionedForm):
    """A button-only form (rejoin, trash, restore): the CSRF token and the record version."""


class PopulationForm(BaseForm):
    unit_id = ChoiceField(_l("Đơn vị"), coerce=optional_int, validate_choice=False)
    year = IntegerField(_l("Năm"), required=True, **WHOLE)
    women_18plus = IntegerField(_l("Số phụ nữ từ 18 tuổi trở lên"), required=True, **WHOLE)


class DuesForm(BaseForm):
    """Mark a whole branch as paid for a year, except the ticked members."""

    unit_id = ChoiceField(_l("Chi hội"), coerce=optional_int, validate_choice=False)
    year = IntegerField(_l("Năm"), required=True, **WHOLE)
    amount = MoneyField(_l("Mức hội phí mỗi hội viên (đồng)"), required=True)
    paid_on = DateField(_l("Ngày thu"))


class CadreForm(VersionedForm):
    full_name = StringField(_l("Họ và tên"))
    unit_id = ChoiceField(_l("Đơn vị"), coerce=optional_int, validate_choice=False)
    member_id = IntegerField(_l("Mã hội viên (nếu có)"), **WHOLE)
    birth_year = IntegerField(_l("Năm sinh"), **WHOLE)
    position = EnumField(_l("Chức vụ"), enum_cls=CadrePosition)
    in_bch = BooleanField(_l("Ủy viên Ban Chấp hành"))
    in_btv = BooleanField(_l("Ủy viên Ban Thường vụ"))
    term = StringField(_l("Nhiệm kỳ"), render_kw={"placeholder": "2021–2026"})
    started_on = DateField(_l("Giữ chức từ ngày"), required=True)
    ended_on = DateField(_l("Thôi giữ chức từ ngày"))
    education_grade = IntegerField(_l("Trình độ văn hoá (lớp, ví dụ 12)"), **WHOLE)
    qualification = StringField(_l("Chuyên môn (ví dụ Đại học)"))
    political_theory = EnumField(_l("Lý luận chính trị"), enum_cls=PoliticalTheory)


class TrainingForm(BaseForm):
    title = StringField(_l("Nội dung, chuyên đề"))
    kind = EnumField(_l("Hình thức"), enum_cls=TrainingKind)
    attended_on = DateField(_l("Ngày học"), required=True)
    organiser = StringField(_l("Đơn vị tổ chức"))


class InsuranceForm(BaseForm):
    kind = EnumField(_l("Loại"), enum_cls=InsuranceKind)
    holder_name = StringField(_l("Người tham gia"))
    unit_id = ChoiceField(_l("Chi hội"), coerce=optional_int, validate_choice=False)
    member_id = IntegerField(_l("Mã hội viên (nếu là hội viên)"), **WHOLE)
    number = StringField(_l("Số thẻ/sổ"))
    started_on = DateField(_l("Ngày bắt đầu"), required=True)
    ended_on = DateField(_l("Ngày kết thúc (nếu đã dừng)"))
    note = StringField(_l("Ghi chú"))


class ReferralForm(BaseForm):
    member_id = IntegerField(_l("Mã hội viên"), required=True, **WHOLE)
    referred_on = DateField(_l("Ngày giới thiệu"), required=True)
    outcome = EnumField(_l("Kết quả"), enum_cls=ReferralOutcome)
    decided_on = DateField(_l("Ngày có kết quả"))
    note = StringField(_l("Ghi chú"))


class ImportForm(BaseForm):
    """The upload step of the member import (the file is checked in the service)."""

    allow_duplicates = BooleanField(_l("Nhập cả những dòng nghi trùng"))
