"""Forms of the members area. Every message is Vietnamese and every field keeps what was typed.

Numbers, years, amounts and dates are read by the small fields below rather than WTForms'
own (whose parse errors are English): dates come from ``<input type="date">`` (ISO) or are
typed "20/10/2023"; amounts "12.000" or "12000".
"""

from __future__ import annotations

from datetime import date, datetime

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import ValidationError

from webapp.form_helpers import choices
from webapp.formatting import parse_number
from webapp.models.cadres import CadrePosition, PoliticalTheory, TrainingKind
from webapp.models.members import Gender, InsuranceKind, LeaveReason, ReferralOutcome

REQUIRED = "Vui lòng nhập trường này."


def parse_date(text: str) -> date:
    """A date typed as ISO (what the browser's date input sends) or dd/mm/yyyy."""
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError("Ngày không hợp lệ; nhập theo dạng ngày/tháng/năm, ví dụ 20/10/2023.")


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
            raise ValidationError(REQUIRED)


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
            raise ValueError("Vui lòng nhập một số nguyên, ví dụ 1980.") from None
        if self.minimum is not None and value < self.minimum:
            raise ValueError("Không được nhập số âm.")
        return value


class MoneyInput(IntInput):
    """An amount in đồng: "12.000", "12000 đ"; negative amounts are refused."""

    def parse(self, text: str) -> int:
        try:
            value = parse_number(text)
        except ValueError:
            raise ValueError("Số tiền không hợp lệ; ví dụ 12.000.") from None
        if value < 0:
            raise ValueError("Số tiền không được âm.")
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
    full_name = StringField("Họ và tên")
    unit_id = SelectField("Chi hội", coerce=optional_int, validate_choice=False)
    gender = SelectField("Giới tính", choices=choices((g.value, g.label) for g in Gender))
    birth_year = IntInput("Năm sinh")
    birth_date = DateInput("Ngày sinh (nếu biết)")
    address = StringField("Thôn, địa chỉ")
    phone = StringField("Điện thoại", render_kw={"inputmode": "tel"})
    ethnicity = StringField("Dân tộc")
    religion = StringField("Tôn giáo")
    joined_on = DateInput("Ngày vào Hội")
    is_core = BooleanField("Hội viên nòng cốt")
    is_honorary = BooleanField("Hội viên danh dự")
    attends_regularly = BooleanField("Sinh hoạt thường xuyên")
    note = TextAreaField("Ghi chú", render_kw={"rows": 2})
    allow_duplicate = BooleanField("Vẫn lưu dù trùng tên (đây là một người khác)")


class LeaveForm(FlaskForm):
    version = HiddenField()
    left_on = DateInput("Ngày ra khỏi danh sách", required=True)
    leave_reason = SelectField(
        "Lý do",
        choices=choices([(None, "— Chọn lý do —"), *((r.value, r.label) for r in LeaveReason)]),
        validate_choice=False,
    )


class VersionForm(FlaskForm):
    """A button-only form (rejoin, trash, restore): the CSRF token and the record version."""

    version = HiddenField()


class PopulationForm(FlaskForm):
    unit_id = SelectField("Đơn vị", coerce=optional_int, validate_choice=False)
    year = IntInput("Năm", required=True)
    women_18plus = IntInput("Số phụ nữ từ 18 tuổi trở lên", required=True)


class DuesForm(FlaskForm):
    """Mark a whole branch as paid for a year, except the ticked members."""

    unit_id = SelectField("Chi hội", coerce=optional_int, validate_choice=False)
    year = IntInput("Năm", required=True)
    amount = MoneyInput("Mức hội phí mỗi hội viên (đồng)", required=True)
    paid_on = DateInput("Ngày thu")


class CadreForm(FlaskForm):
    version = HiddenField()
    full_name = StringField("Họ và tên")
    unit_id = SelectField("Đơn vị", coerce=optional_int, validate_choice=False)
    member_id = IntInput("Mã hội viên (nếu có)")
    birth_year = IntInput("Năm sinh")
    position = SelectField("Chức vụ", choices=choices((p.value, p.label) for p in CadrePosition))
    in_bch = BooleanField("Ủy viên Ban Chấp hành")
    in_btv = BooleanField("Ủy viên Ban Thường vụ")
    term = StringField("Nhiệm kỳ", render_kw={"placeholder": "2021–2026"})
    started_on = DateInput("Giữ chức từ ngày", required=True)
    ended_on = DateInput("Thôi giữ chức từ ngày")
    education_grade = IntInput("Trình độ văn hoá (lớp, ví dụ 12)")
    qualification = StringField("Chuyên môn (ví dụ Đại học)")
    political_theory = SelectField(
        "Lý luận chính trị", choices=choices((t.value, t.label) for t in PoliticalTheory)
    )


class TrainingForm(FlaskForm):
    title = StringField("Nội dung, chuyên đề")
    kind = SelectField("Hình thức", choices=choices((k.value, k.label) for k in TrainingKind))
    attended_on = DateInput("Ngày học", required=True)
    organiser = StringField("Đơn vị tổ chức")


class InsuranceForm(FlaskForm):
    version = HiddenField()
    kind = SelectField("Loại", choices=choices((k.value, k.label) for k in InsuranceKind))
    holder_name = StringField("Người tham gia")
    unit_id = SelectField("Chi hội", coerce=optional_int, validate_choice=False)
    member_id = IntInput("Mã hội viên (nếu là hội viên)")
    number = StringField("Số thẻ/sổ")
    started_on = DateInput("Ngày bắt đầu", required=True)
    ended_on = DateInput("Ngày kết thúc (nếu đã dừng)")
    note = StringField("Ghi chú")


class ReferralForm(FlaskForm):
    version = HiddenField()
    member_id = IntInput("Mã hội viên", required=True)
    referred_on = DateInput("Ngày giới thiệu", required=True)
    outcome = SelectField("Kết quả", choices=choices((o.value, o.label) for o in ReferralOutcome))
    decided_on = DateInput("Ngày có kết quả")
    note = StringField("Ghi chú")


class ImportForm(FlaskForm):
    """The upload step of the member import (the file is checked in the service)."""

    allow_duplicates = BooleanField("Nhập cả những dòng nghi trùng")


def leave_reason_of(form: LeaveForm) -> LeaveReason | None:
    try:
        return LeaveReason(form.leave_reason.data) if form.leave_reason.data else None
    except ValueError:
        return None
