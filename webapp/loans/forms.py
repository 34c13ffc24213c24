"""Forms of the loans area. Amounts are typed the Vietnamese way ("1.500.000") or plain
("1500000") and arrive as whole đồng; dates use <input type="date">."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from webapp import formatting
from webapp.form_helpers import choices
from webapp.models import RotatingKind

REQUIRED = "Vui lòng nhập trường này."
# Select boxes do not check their own choices (validate_choice=False): the services check every
# picked unit, bank, group or programme against the user's scope (403) or the rules (a message).


def optional_int(value: str | int | None) -> int | None:
    """Select values: "" → None, "12" → 12."""
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class AmountField(StringField):
    """Whole đồng typed as "1.500.000", "1500000" or "1 500 000 đ"; keeps what was typed."""

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not (valuelist[0] or "").strip():
            return
        try:
            self.data = formatting.parse_number(valuelist[0])
        except ValueError as exc:
            raise ValueError(str(exc)) from exc

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return formatting.number(self.data) if isinstance(self.data, int) else ""


class VDateField(DateField):
    """A date field whose error message is Vietnamese."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not (valuelist[0] or "").strip():
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError("Ngày không hợp lệ.") from exc


class IdField(IntegerField):
    """An optional record number typed by hand (e.g. a member's number)."""

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not (valuelist[0] or "").strip():
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError as exc:
            raise ValueError("Mã phải là một số nguyên.") from exc


def amount_required(form, field) -> None:
    if field.data is None and not field.errors:
        raise ValidationError("Vui lòng nhập số tiền.")


def positive_amount(form, field) -> None:
    if isinstance(field.data, int) and field.data <= 0:
        raise ValidationError("Số tiền phải lớn hơn 0.")


def not_negative(form, field) -> None:
    if isinstance(field.data, int) and field.data < 0:
        raise ValidationError("Số tiền không được âm.")


def date_required(form, field) -> None:
    if field.data is None and not field.errors:
        raise ValidationError("Vui lòng chọn ngày.")


class VersionedForm(FlaskForm):
    """A form editing an existing record carries the version it was based on."""

    version = HiddenField()

    @property
    def version_number(self) -> int | None:
        return optional_int(self.version.data)


class BankForm(VersionedForm):
    code = StringField(
        "Mã ngân hàng (dùng trong chỉ tiêu)", validators=[DataRequired(REQUIRED), Length(max=20)]
    )
    short_name = StringField("Tên viết tắt", validators=[DataRequired(REQUIRED), Length(max=40)])
    name = StringField("Tên đầy đủ", validators=[DataRequired(REQUIRED), Length(max=120)])
    unit_id = SelectField("Đơn vị quản lý", coerce=optional_int, validate_choice=False)


class ProgrammeForm(VersionedForm):
    name = StringField("Tên chương trình vay", validators=[DataRequired(REQUIRED), Length(max=120)])
    active = BooleanField("Đang cho vay", default=True)


class GroupForm(VersionedForm):
    name = StringField("Tên tổ", validators=[DataRequired(REQUIRED), Length(max=120)])
    unit_id = SelectField("Chi hội / đơn vị", coerce=optional_int, validate_choice=False)
    bank_id = SelectField("Ngân hàng", coerce=optional_int, validate_choice=False)
    leader_name = StringField("Tổ trưởng", validators=[Length(max=120)])
    founded_on = VDateField("Ngày thành lập", validators=[date_required])
    dissolved_on = VDateField("Ngày giải thể", validators=[Optional()])


class HouseholdForm(VersionedForm):
    head_name = StringField("Chủ hộ", validators=[DataRequired(REQUIRED), Length(max=120)])
    unit_id = SelectField("Chi hội / đơn vị", coerce=optional_int, validate_choice=False)
    group_id = SelectField("Tổ tiết kiệm và vay vốn", coerce=optional_int, validate_choice=False)
    address = StringField("Địa chỉ", validators=[Length(max=200)])
    member_id = IdField("Mã hội viên (nếu chủ hộ là hội viên)")


class LoanForm(VersionedForm):
    programme_id = SelectField("Chương trình vay", coerce=optional_int, validate_choice=False)
    group_id = SelectField("Vay qua tổ", coerce=optional_int, validate_choice=False)
    disbursed_on = VDateField("Ngày giải ngân", validators=[date_required])
    amount = AmountField("Số tiền vay (đồng)", validators=[amount_required, positive_amount])
    due_on = VDateField("Hạn trả nợ", validators=[date_required])
    purpose = StringField("Mục đích vay", validators=[Length(max=200)])
    contract_no = StringField("Số khế ước", validators=[Length(max=40)])


class UnprefixedCsrf:
    """Meta for forms shown several times on a page (with a prefix): their token travels as the
    plain "csrf_token" field or the X-CSRFToken header, which the app-wide CSRFProtect checks on
    every POST, so the form's own (prefixed) token field is left out."""

    csrf = False


class RepaymentForm(FlaskForm):
    Meta = UnprefixedCsrf
    paid_on = VDateField("Ngày trả", validators=[date_required], default=date.today)
    principal = AmountField("Trả gốc (đồng)", validators=[not_negative])
    interest = AmountField("Trả lãi (đồng)", validators=[not_negative])


class DepositForm(FlaskForm):
    Meta = UnprefixedCsrf
    deposited_on = VDateField("Ngày gửi", validators=[date_required], default=date.today)
    amount = AmountField("Số tiền (đồng)", validators=[amount_required, positive_amount])
    is_withdrawal = BooleanField("Rút tiền (không phải gửi)")


class StatementForm(FlaskForm):
    statement_on = VDateField("Ngày chốt sao kê", validators=[date_required], default=date.today)
    file = FileField("Tệp sao kê (.xlsx)")


class RotatingGroupForm(VersionedForm):
    name = StringField("Tên tổ / quỹ", validators=[DataRequired(REQUIRED), Length(max=120)])
    kind = SelectField(
        "Loại",
        choices=choices((k.value, k.label) for k in RotatingKind),
        default="group",
        validate_choice=False,
    )
    unit_id = SelectField("Chi hội / đơn vị", coerce=optional_int, validate_choice=False)
    leader_name = StringField("Người phụ trách", validators=[Length(max=120)])
    founded_on = VDateField("Ngày thành lập", validators=[date_required])
    dissolved_on = VDateField("Ngày giải thể", validators=[Optional()])


class RotatingMemberForm(FlaskForm):
    full_name = StringField("Họ và tên", validators=[DataRequired(REQUIRED), Length(max=120)])
    joined_on = VDateField("Ngày tham gia", validators=[date_required], default=date.today)
    member_id = IdField("Mã hội viên (nếu có)")


class ContributionForm(FlaskForm):
    rotating_member_id = SelectField("Thành viên", coerce=optional_int, validate_choice=False)
    paid_on = VDateField("Ngày góp", validators=[date_required], default=date.today)
    amount = AmountField("Số tiền góp (đồng)", validators=[amount_required, positive_amount])


class RotatingLoanForm(FlaskForm):
    rotating_member_id = SelectField("Thành viên vay", coerce=optional_int, validate_choice=False)
    lent_on = VDateField("Ngày cho vay", validators=[date_required], default=date.today)
    amount = AmountField("Số tiền vay (đồng)", validators=[amount_required, positive_amount])
    due_on = VDateField("Hạn trả", validators=[Optional()])


class RotatingRepaymentForm(FlaskForm):
    Meta = UnprefixedCsrf
    paid_on = VDateField("Ngày trả", validators=[date_required], default=date.today)
    amount = AmountField("Số tiền trả (đồng)", validators=[amount_required, positive_amount])
