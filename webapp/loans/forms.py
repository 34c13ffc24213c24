"""Forms of the loans area. Amounts are typed the Vietnamese way ("1.500.000") or plain
("1500000") and arrive as whole đồng; dates use <input type="date">."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
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

REQUIRED = _l("Vui lòng nhập trường này.")
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
            raise ValueError(_("Số không hợp lệ: “%(text)s”", text=valuelist[0].strip())) from exc

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return formatting.number(self.data) if isinstance(self.data, int) else ""


class VDateField(DateField):
    """A date field whose error message is the interface's own."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not (valuelist[0] or "").strip():
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_("Ngày không hợp lệ.")) from exc


class IdField(IntegerField):
    """An optional record number typed by hand (e.g. a member's number)."""

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not (valuelist[0] or "").strip():
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError as exc:
            raise ValueError(_("Mã phải là một số nguyên.")) from exc


def amount_required(form, field) -> None:
    if field.data is None and not field.errors:
        raise ValidationError(_("Vui lòng nhập số tiền."))


def positive_amount(form, field) -> None:
    if isinstance(field.data, int) and field.data <= 0:
        raise ValidationError(_("Số tiền phải lớn hơn 0."))


def not_negative(form, field) -> None:
    if isinstance(field.data, int) and field.data < 0:
        raise ValidationError(_("Số tiền không được âm."))


def date_required(form, field) -> None:
    if field.data is None and not field.errors:
        raise ValidationError(_("Vui lòng chọn ngày."))


class VersionedForm(FlaskForm):
    """A form editing an existing record carries the version it was based on."""

    version = HiddenField()

    @property
    def version_number(self) -> int | None:
        return optional_int(self.version.data)


class BankForm(VersionedForm):
    code = StringField(
        _l("Mã ngân hàng (dùng trong chỉ tiêu)"),
        validators=[DataRequired(REQUIRED), Length(max=20)],
    )
    short_name = StringField(
        _l("Tên viết tắt"), validators=[DataRequired(REQUIRED), Length(max=40)]
    )
    name = StringField(_l("Tên đầy đủ"), validators=[DataRequired(REQUIRED), Length(max=120)])
    unit_id = SelectField(_l("Đơn vị quản lý"), coerce=optional_int, validate_choice=False)


class ProgrammeForm(VersionedForm):
    name = StringField(
        _l("Tên chương trình vay"), validators=[DataRequired(REQUIRED), Length(max=120)]
    )
    active = BooleanField(_l("Đang cho vay"), default=True)


class GroupForm(VersionedForm):
    name = StringField(_l("Tên tổ"), validators=[DataRequired(REQUIRED), Length(max=120)])
    unit_id = SelectField(_l("Chi hội / đơn vị"), coerce=optional_int, validate_choice=False)
    bank_id = SelectField(_l("Ngân hàng"), coerce=optional_int, validate_choice=False)
    leader_name = StringField(_l("Tổ trưởng"), validators=[Length(max=120)])
    founded_on = VDateField(_l("Ngày thành lập"), validators=[date_required])
    dissolved_on = VDateField(_l("Ngày giải thể"), validators=[Optional()])


class HouseholdForm(VersionedForm):
    head_name = StringField(_l("Chủ hộ"), validators=[DataRequired(REQUIRED), Length(max=120)])
    unit_id = SelectField(_l("Chi hội / đơn vị"), coerce=optional_int, validate_choice=False)
    group_id = SelectField(
        _l("Tổ tiết kiệm và vay vốn"), coerce=optional_int, validate_choice=False
    )
    address = StringField(_l("Địa chỉ"), validators=[Length(max=200)])
    member_id = IdField(_l("Mã hội viên (nếu chủ hộ là hội viên)"))


class LoanForm(VersionedForm):
    programme_id = SelectField(_l("Chương trình vay"), coerce=optional_int, validate_choice=False)
    group_id = SelectField(_l("Vay qua tổ"), coerce=optional_int, validate_choice=False)
    disbursed_on = VDateField(_l("Ngày giải ngân"), validators=[date_required])
    amount = AmountField(_l("Số tiền vay (đồng)"), validators=[amount_required, positive_amount])
    due_on = VDateField(_l("Hạn trả nợ"), validators=[date_required])
    purpose = StringField(_l("Mục đích vay"), validators=[Length(max=200)])
    contract_no = StringField(_l("Số khế ước"), validators=[Length(max=40)])


class UnprefixedCsrf:
    """Meta for forms shown several times on a page (with a prefix): their token travels as the
    plain "csrf_token" field or the X-CSRFToken header, which the app-wide CSRFProtect checks on
    every POST, so the form's own (prefixed) token field is left out."""

    csrf = False


class RepaymentForm(FlaskForm):
    Meta = UnprefixedCsrf
    paid_on = VDateField(_l("Ngày trả"), validators=[date_required], default=date.today)
    principal = AmountField(_l("Trả gốc (đồng)"), validators=[not_negative])
    interest = AmountField(_l("Trả lãi (đồng)"), validators=[not_negative])


class DepositForm(FlaskForm):
    Meta = UnprefixedCsrf
    deposited_on = VDateField(_l("Ngày gửi"), validators=[date_required], default=date.today)
    amount = AmountField(_l("Số tiền (đồng)"), validators=[amount_required, positive_amount])
    is_withdrawal = BooleanField(_l("Rút tiền (không phải gửi)"))


class StatementForm(FlaskForm):
    statement_on = VDateField(
        _l("Ngày chốt sao kê"), validators=[date_required], default=date.today
    )
    file = FileField(_l("Tệp sao kê (.xlsx)"))


class RotatingGroupForm(VersionedForm):
    name = StringField(_l("Tên tổ / quỹ"), validators=[DataRequired(REQUIRED), Length(max=120)])
    # Choices are set by the view (their labels speak the user's language).
    kind = SelectField(_l("Loại"), default="group", validate_choice=False)
    unit_id = SelectField(_l("Chi hội / đơn vị"), coerce=optional_int, validate_choice=False)
    leader_name = StringField(_l("Người phụ trách"), validators=[Length(max=120)])
    founded_on = VDateField(_l("Ngày thành lập"), validators=[date_required])
    dissolved_on = VDateField(_l("Ngày giải thể"), validators=[Optional()])


class RotatingMemberForm(FlaskForm):
    full_name = StringField(_l("Họ và tên"), validators=[DataRequired(REQUIRED), Length(max=120)])
    joined_on = VDateField(_l("Ngày tham gia"), validators=[date_required], default=date.today)
    member_id = IdField(_l("Mã hội viên (nếu có)"))


class ContributionForm(FlaskForm):
    rotating_member_id = SelectField(_l("Thành viên"), coerce=optional_int, validate_choice=False)
    paid_on = VDateField(_l("Ngày góp"), validators=[date_required], default=date.today)
    amount = AmountField(_l("Số tiền góp (đồng)"), validators=[amount_required, positive_amount])


class RotatingLoanForm(FlaskForm):
    rotating_member_id = SelectField(
        _l("Thành viên vay"), coerce=optional_int, validate_choice=False
    )
    lent_on = VDateField(_l("Ngày cho vay"), validators=[date_required], default=date.today)
    amount = AmountField(_l("Số tiền vay (đồng)"), validators=[amount_required, positive_amount])
    due_on = VDateField(_l("Hạn trả"), validators=[Optional()])


class RotatingRepaymentForm(FlaskForm):
    Meta = UnprefixedCsrf
    paid_on = VDateField(_l("Ngày trả"), validators=[date_required], default=date.today)
    amount = AmountField(_l("Số tiền trả (đồng)"), validators=[amount_required, positive_amount])
