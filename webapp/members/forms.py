"""Forms of the members area. Every message is translatable and every field keeps what was typed.

Numbers, years, amounts and dates are read by the small fields below rather than WTForms'
own (whose parse errors are English): dates come from ``<input type="date">`` (ISO) or are
typed "20/10/2023"; amounts "12.000" or "12000".
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import ValidationError

from webapp.form_helpers import choices
from webapp.formatting import parse_number
from webapp.models.cadres import POSITION_LABELS, THEORY_LABELS, TRAINING_KIND_LABELS
from webapp.models.members import (
    GENDER_LABELS,
    INSURANCE_KIND_LABELS,
    LEAVE_REASON_LABELS,
    REFERRAL_OUTCOME_LABELS,
    LeaveReason,
)


def parse_date(text: str) -> date:
    """A date typed as ISO (what the browser's date input sends) or dd/mm/yyyy."""
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("Ngày không hợp lệ; nhập theo dạng ngày/tháng/năm, ví dụ 20/10/2023."))


class _TextParsed(StringField):
    """A text input whose value is parsed; a parse error shows beside it, the text stays."""

    required_message: str | None = None

    def __init__(self, label=None, validators=None, required: bool = False, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.required = required

    def parse(self, text: str):  # pragma: no cover - overridden
        raise NotImplementedError

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and valuelist[0].strip():
            self.data = self.parse(valuelist[0])  # ValueError → shown as the field's error

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.format(self.data) if self.data is not None else ""

    def format(self, value) -> str:
        return str(value)

    def pre_validate(self, form) -> None:
        if self.required and self.data is None and not self.process_errors:
            raise ValidationError(_("Vui lòng nhập trường này."))


class DateInput(_TextParsed):
    """A date: rendered as ``<input type="date">``."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"type": "date"})
        super().__init__(label, validators, **kwargs)

    def parse(self, text: str) -> date:
        return parse_date(text)

    def format(self, value: date) -> str:
        return value.isoformat()


class IntInput(_TextParsed):
    """A whole number (a year, a count): "1.525" or "1525"."""

    def __init__(self, label=None, validators=None, minimum: int | None = 0, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric"})
        super().__init__(label, validators, **kwargs)
        self.minimum = minimum

    def parse(self, text: str) -> int:
        try:
            value = parse_number(text)
        except ValueError:
            raise ValueError(_("Vui lòng nhập một số nguyên, ví dụ 1980.")) from None
        if self.minimum is not None and value < self.minimum:
            raise ValueError(_("Không được nhập số âm."))
        return value


class MoneyInput(IntInput):
    """An amount in đồng: "12.000", "12000 đ"; negative amounts are refused."""

    def parse(self, text: str) -> int:
        try:
            value = parse_number(text)
        except ValueError:
            raise ValueError(_("Số tiền không hợp lệ; ví dụ 12.000.")) from None
        if value < 0:
            raise ValueError(_("Số tiền không được âm."))
        return value

    def format(self, value: int) -> str:
        return f"{value:,}".replace(",", ".")


def optional_int(value) -> int | None:
    try:
        return int(value) if value not in (None, "", "None") else None
    except (TypeError, ValueError):
        return None


def version_of(form) -> int | None:
    """The record version the form was based on (None when absent)."""
    return optional_int(form.version.data)


class MemberForm(FlaskForm):
    version = HiddenField()
    full_name = StringField(_l("Họ và tên"))
    unit_id = SelectField(_l("Chi hội"), coerce=optional_int, validate_choice=False)
    gender = SelectField(_l("Giới tính"), choices=choices(GENDER_LABELS.items()))
    birth_year = IntInput(_l("Năm sinh"))
    birth_date = DateInput(_l("Ngày sinh (nếu biết)"))
    address = StringField(_l("Thôn, địa chỉ"))
    phone = StringField(_l("Điện thoại"), render_kw={"inputmode": "tel"})
    ethnicity = StringField(_l("Dân tộc"))
    religion = StringField(_l("Tôn giáo"))
    joined_on = DateInput(_l("Ngày vào Hội"))
    is_core = BooleanField(_l("Hội viên nòng cốt"))
    is_honorary = BooleanField(_l("Hội viên danh dự"))
    attends_regularly = BooleanField(_l("Sinh hoạt thường xuyên"))
    note = TextAreaField(_l("Ghi chú"), render_kw={"rows": 2})
    allow_duplicate = BooleanField(_l("Vẫn lưu dù trùng tên (đây là một người khác)"))


class LeaveForm(FlaskForm):
    version = HiddenField()
    left_on = DateInput(_l("Ngày ra khỏi danh sách"), required=True)
    leave_reason = SelectField(
        _l("Lý do"),
        choices=choices([(None, _l("— Chọn lý do —")), *LEAVE_REASON_LABELS.items()]),
        validate_choice=False,
    )


class VersionForm(FlaskForm):
    """A button-only form (rejoin, trash, restore): the CSRF token and the record version."""

    version = HiddenField()


class PopulationForm(FlaskForm):
    unit_id = SelectField(_l("Đơn vị"), coerce=optional_int, validate_choice=False)
    year = IntInput(_l("Năm"), required=True)
    women_18plus = IntInput(_l("Số phụ nữ từ 18 tuổi trở lên"), required=True)


class DuesForm(FlaskForm):
    """Mark a whole branch as paid for a year, except the ticked members."""

    unit_id = SelectField(_l("Chi hội"), coerce=optional_int, validate_choice=False)
    year = IntInput(_l("Năm"), required=True)
    amount = MoneyInput(_l("Mức hội phí mỗi hội viên (đồng)"), required=True)
    paid_on = DateInput(_l("Ngày thu"))


class CadreForm(FlaskForm):
    version = HiddenField()
    full_name = StringField(_l("Họ và tên"))
    unit_id = SelectField(_l("Đơn vị"), coerce=optional_int, validate_choice=False)
    member_id = IntInput(_l("Mã hội viên (nếu có)"))
    birth_year = IntInput(_l("Năm sinh"))
    position = SelectField(_l("Chức vụ"), choices=choices(POSITION_LABELS.items()))
    in_bch = BooleanField(_l("Ủy viên Ban Chấp hành"))
    in_btv = BooleanField(_l("Ủy viên Ban Thường vụ"))
    term = StringField(_l("Nhiệm kỳ"), render_kw={"placeholder": "2021–2026"})
    started_on = DateInput(_l("Giữ chức từ ngày"), required=True)
    ended_on = DateInput(_l("Thôi giữ chức từ ngày"))
    education_grade = IntInput(_l("Trình độ văn hoá (lớp, ví dụ 12)"))
    qualification = StringField(_l("Chuyên môn (ví dụ Đại học)"))
    political_theory = SelectField(_l("Lý luận chính trị"), choices=choices(THEORY_LABELS.items()))


class TrainingForm(FlaskForm):
    title = StringField(_l("Nội dung, chuyên đề"))
    kind = SelectField(_l("Hình thức"), choices=choices(TRAINING_KIND_LABELS.items()))
    attended_on = DateInput(_l("Ngày học"), required=True)
    organiser = StringField(_l("Đơn vị tổ chức"))


class InsuranceForm(FlaskForm):
    version = HiddenField()
    kind = SelectField(_l("Loại"), choices=choices(INSURANCE_KIND_LABELS.items()))
    holder_name = StringField(_l("Người tham gia"))
    unit_id = SelectField(_l("Chi hội"), coerce=optional_int, validate_choice=False)
    member_id = IntInput(_l("Mã hội viên (nếu là hội viên)"))
    number = StringField(_l("Số thẻ/sổ"))
    started_on = DateInput(_l("Ngày bắt đầu"), required=True)
    ended_on = DateInput(_l("Ngày kết thúc (nếu đã dừng)"))
    note = StringField(_l("Ghi chú"))


class ReferralForm(FlaskForm):
    version = HiddenField()
    member_id = IntInput(_l("Mã hội viên"), required=True)
    referred_on = DateInput(_l("Ngày giới thiệu"), required=True)
    outcome = SelectField(_l("Kết quả"), choices=choices(REFERRAL_OUTCOME_LABELS.items()))
    decided_on = DateInput(_l("Ngày có kết quả"))
    note = StringField(_l("Ghi chú"))


class ImportForm(FlaskForm):
    """The upload step of the member import (the file is checked in the service)."""

    allow_duplicates = BooleanField(_l("Nhập cả những dòng nghi trùng"))


def leave_reason_of(form: LeaveForm) -> LeaveReason | None:
    try:
        return LeaveReason(form.leave_reason.data) if form.leave_reason.data else None
    except ValueError:
        return None
