"""Forms of the members area. Every message is translatable and every field keeps what was typed.

Numbers, years, amounts and dates are read by the shared fields of ``webapp.fields`` rather than
WTForms' own (whose parse errors are English): dates come from ``<input type="date">`` (ISO) or
are typed "20/10/2023"; amounts "12.000" or "12000".
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, StringField, TextAreaField

from webapp.fields import (
    BaseForm,
    ChoiceField,
    DateField,
    IntegerField,
    MoneyField,
    optional_int,
    parse_date,
)
from webapp.form_helpers import choices
from webapp.models.cadres import POSITION_LABELS, THEORY_LABELS, TRAINING_KIND_LABELS
from webapp.models.members import (
    GENDER_LABELS,
    INSURANCE_KIND_LABELS,
    LEAVE_REASON_LABELS,
    REFERRAL_OUTCOME_LABELS,
    LeaveReason,
)

# Years, counts and member numbers: shown as typed ("1980", not "1.980").
WHOLE = {"message": _l("Vui lòng nhập một số nguyên, ví dụ 1980."), "grouped": False}
__all__ = ["optional_int", "parse_date"]  # read by the members routes and import


def version_of(form) -> int | None:
    """The record version the form was based on (None when absent)."""
    return optional_int(form.version.data)


class MemberForm(BaseForm):
    version = HiddenField()
    full_name = StringField(_l("Họ và tên"))
    unit_id = ChoiceField(_l("Chi hội"), coerce=optional_int, validate_choice=False)
    gender = ChoiceField(_l("Giới tính"), choices=choices(GENDER_LABELS.items()))
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


class LeaveForm(BaseForm):
    version = HiddenField()
    left_on = DateField(_l("Ngày ra khỏi danh sách"), required=True)
    leave_reason = ChoiceField(
        _l("Lý do"),
        choices=choices([(None, _l("— Chọn lý do —")), *LEAVE_REASON_LABELS.items()]),
        validate_choice=False,
    )


class VersionForm(BaseForm):
    """A button-only form (rejoin, trash, restore): the CSRF token and the record version."""

    version = HiddenField()


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


class CadreForm(BaseForm):
    version = HiddenField()
    full_name = StringField(_l("Họ và tên"))
    unit_id = ChoiceField(_l("Đơn vị"), coerce=optional_int, validate_choice=False)
    member_id = IntegerField(_l("Mã hội viên (nếu có)"), **WHOLE)
    birth_year = IntegerField(_l("Năm sinh"), **WHOLE)
    position = ChoiceField(_l("Chức vụ"), choices=choices(POSITION_LABELS.items()))
    in_bch = BooleanField(_l("Ủy viên Ban Chấp hành"))
    in_btv = BooleanField(_l("Ủy viên Ban Thường vụ"))
    term = StringField(_l("Nhiệm kỳ"), render_kw={"placeholder": "2021–2026"})
    started_on = DateField(_l("Giữ chức từ ngày"), required=True)
    ended_on = DateField(_l("Thôi giữ chức từ ngày"))
    education_grade = IntegerField(_l("Trình độ văn hoá (lớp, ví dụ 12)"), **WHOLE)
    qualification = StringField(_l("Chuyên môn (ví dụ Đại học)"))
    political_theory = ChoiceField(_l("Lý luận chính trị"), choices=choices(THEORY_LABELS.items()))


class TrainingForm(BaseForm):
    title = StringField(_l("Nội dung, chuyên đề"))
    kind = ChoiceField(_l("Hình thức"), choices=choices(TRAINING_KIND_LABELS.items()))
    attended_on = DateField(_l("Ngày học"), required=True)
    organiser = StringField(_l("Đơn vị tổ chức"))


class InsuranceForm(BaseForm):
    version = HiddenField()
    kind = ChoiceField(_l("Loại"), choices=choices(INSURANCE_KIND_LABELS.items()))
    holder_name = StringField(_l("Người tham gia"))
    unit_id = ChoiceField(_l("Chi hội"), coerce=optional_int, validate_choice=False)
    member_id = IntegerField(_l("Mã hội viên (nếu là hội viên)"), **WHOLE)
    number = StringField(_l("Số thẻ/sổ"))
    started_on = DateField(_l("Ngày bắt đầu"), required=True)
    ended_on = DateField(_l("Ngày kết thúc (nếu đã dừng)"))
    note = StringField(_l("Ghi chú"))


class ReferralForm(BaseForm):
    version = HiddenField()
    member_id = IntegerField(_l("Mã hội viên"), required=True, **WHOLE)
    referred_on = DateField(_l("Ngày giới thiệu"), required=True)
    outcome = ChoiceField(_l("Kết quả"), choices=choices(REFERRAL_OUTCOME_LABELS.items()))
    decided_on = DateField(_l("Ngày có kết quả"))
    note = StringField(_l("Ghi chú"))


class ImportForm(BaseForm):
    """The upload step of the member import (the file is checked in the service)."""

    allow_duplicates = BooleanField(_l("Nhập cả những dòng nghi trùng"))


def leave_reason_of(form: LeaveForm) -> LeaveReason | None:
    try:
        return LeaveReason(form.leave_reason.data) if form.leave_reason.data else None
    except ValueError:
        return None
