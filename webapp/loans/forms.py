"""Forms of the loans area. Amounts are typed the Vietnamese way ("1.500.000") or plain
("1500000") and arrive as whole đồng; dates use <input type="date">."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from webapp.fields import (
    BaseForm,
    ChoiceField,
    DateField,
    IdField,
    MoneyField,
    VersionedForm,
    optional_int,
)
from webapp.formatting import local_today

REQUIRED = _l("Vui lòng nhập trường này.")
NOT_A_NUMBER = _l("Số không hợp lệ: “%(text)s”")  # what was typed is filled in when refused
# Select boxes do not check their own choices (validate_choice=False): the services check every
# picked unit, bank, group or programme against the user's scope (403) or the rules (a message).


# Amounts in whole đồng typed "1.500.000", "1500000" or "1 500 000 đ"; a negative amount is left
# to the validators below, whose messages name the rule.
SIGNED = {"minimum": None, "message": NOT_A_NUMBER}


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


class BankForm(VersionedForm):
    code = StringField(
        _l("Mã ngân hàng (dùng trong chỉ tiêu)"),
        validators=[DataRequired(REQUIRED), Length(max=20)],
    )
    short_name = StringField(
        _l("Tên viết tắt"), validators=[DataRequired(REQUIRED), Length(max=40)]
    )
    name = StringField(_l("Tên đầy đủ"), validators=[DataRequired(REQUIRED), Length(max=120)])
    unit_id = ChoiceField(_l("Đơn vị quản lý"), coerce=optional_int, validate_choice=False)


class OfficeForm(BaseForm):
    """A unit's local office (phòng giao dịch) of a bank."""

    office_bank_id = ChoiceField(_l("Ngân hàng"), coerce=optional_int, validate_choice=False)
    office_unit_id = ChoiceField(_l("Đơn vị"), coerce=optional_int, validate_choice=False)
    office_name = StringField(
        _l("Tên phòng giao dịch"), validators=[DataRequired(REQUIRED), Length(max=120)]
    )
    office_address = StringField(_l("Địa chỉ"), validators=[Length(max=200)])
    office_phone = StringField(_l("Điện thoại"), validators=[Length(max=40)])


class ProgrammeForm(VersionedForm):
    name = StringField(
        _l("Tên chương trình vay"), validators=[DataRequired(REQUIRED), Length(max=120)]
    )
    active = BooleanField(_l("Đang cho vay"), default=True)


class GroupForm(VersionedForm):
    name = StringField(_l("Tên tổ"), validators=[DataRequired(REQUIRED), Length(max=120)])
    unit_id = ChoiceField(_l("Chi hội / đơn vị"), coerce=optional_int, validate_choice=False)
    bank_id = ChoiceField(_l("Ngân hàng"), coerce=optional_int, validate_choice=False)
    leader_name = StringField(_l("Tổ trưởng"), validators=[Length(max=120)])
    founded_on = DateField(_l("Ngày thành lập"), validators=[date_required])
    dissolved_on = DateField(_l("Ngày giải thể"), validators=[Optional()])


class HouseholdForm(VersionedForm):
    head_name = StringField(_l("Chủ hộ"), validators=[DataRequired(REQUIRED), Length(max=120)])
    unit_id = ChoiceField(_l("Chi hội / đơn vị"), coerce=optional_int, validate_choice=False)
    group_id = ChoiceField(
        _l("Tổ tiết kiệm và vay vốn"), coerce=optional_int, validate_choice=False
    )
    address = StringField(_l("Địa chỉ"), validators=[Length(max=200)])
    member_id = IdField(_l("Mã hội viên (nếu chủ hộ là hội viên)"))


class LoanForm(VersionedForm):
    programme_id = ChoiceField(_l("Chương trình vay"), coerce=optional_int, validate_choice=False)
    group_id = ChoiceField(_l("Vay qua tổ"), coerce=optional_int, validate_choice=False)
    disbursed_on = DateField(_l("Ngày giải ngân"), validators=[date_required])
    amount = MoneyField(
        _l("Số tiền vay (đồng)"), validators=[amount_required, positive_amount], **SIGNED
    )
    due_on = DateField(_l("Hạn trả nợ"), validators=[date_required])
    purpose = StringField(_l("Mục đích vay"), validators=[Length(max=200)])
    contract_no = StringField(_l("Số khế ước"), validators=[Length(max=40)])


class UnprefixedCsrf:
    """Meta for forms shown several times on a page (with a prefix): their token travels as the
    plain "csrf_token" field or the X-CSRFToken header, which the app-wide CSRFProtect checks on
    every POST, so the form's own (prefixed) token field is left out."""

    csrf = False


class RepaymentForm(BaseForm):
    Meta = UnprefixedCsrf
    paid_on = DateField(_l("Ngày trả"), validators=[date_required], default=local_today)
    principal = MoneyField(_l("Trả gốc (đồng)"), validators=[not_negative], **SIGNED)
    interest = MoneyField(_l("Trả lãi (đồng)"), validators=[not_negative], **SIGNED)


class RepaymentEditForm(VersionedForm):
    """Correcting a repayment entered wrongly: its day, amounts and a note saying why."""

    paid_on = DateField(_l("Ngày trả"), validators=[date_required])
    principal = MoneyField(_l("Trả gốc (đồng)"), validators=[not_negative], **SIGNED)
    interest = MoneyField(_l("Trả lãi (đồng)"), validators=[not_negative], **SIGNED)
    note = StringField(_l("Ghi chú (vì sao sửa)"), validators=[Length(max=200)])


class DepositForm(BaseForm):
    Meta = UnprefixedCsrf
    deposited_on = DateField(_l("Ngày gửi"), validators=[date_required], default=local_today)
    amount = MoneyField(
        _l("Số tiền (đồng)"), validators=[amount_required, positive_amount], **SIGNED
    )
    is_withdrawal = BooleanField(_l("Rút tiền (không phải gửi)"))


class StatementForm(BaseForm):
    statement_on = DateField(
        _l("Ngày chốt sao kê"), validators=[date_required], default=local_today
    )
    file = FileField(_l("Tệp sao kê (.xlsx)"))


class RotatingGroupForm(VersionedForm):
    name = StringField(_l("Tên tổ / quỹ"), validators=[DataRequired(REQUIRED), Length(max=120)])
    # Choices are set by the view (their labels speak the user's language).
    kind = ChoiceField(_l("Loại"), default="group", validate_choice=False)
    unit_id = ChoiceField(_l("Chi hội / đơn vị"), coerce=optional_int, validate_choice=False)
    leader_name = StringField(_l("Người phụ trách"), validators=[Length(max=120)])
    founded_on = DateField(_l("Ngày thành lập"), validators=[date_required])
    dissolved_on = DateField(_l("Ngày giải thể"), validators=[Optional()])


class RotatingMemberForm(BaseForm):
    full_name = StringField(_l("Họ và tên"), validators=[DataRequired(REQUIRED), Length(max=120)])
    joined_on = DateField(_l("Ngày tham gia"), validators=[date_required], default=local_today)
    member_id = IdField(_l("Mã hội viên (nếu có)"))


class ContributionForm(BaseForm):
    rotating_member_id = ChoiceField(_l("Thành viên"), coerce=optional_int, validate_choice=False)
    paid_on = DateField(_l("Ngày góp"), validators=[date_required], default=local_today)
    amount = MoneyField(
        _l("Số tiền góp (đồng)"), validators=[amount_required, positive_amount], **SIGNED
    )


class RotatingLoanForm(BaseForm):
    rotating_member_id = ChoiceField(
        _l("Thành viên vay"), coerce=optional_int, validate_choice=False
    )
    lent_on = DateField(_l("Ngày cho vay"), validators=[date_required], default=local_today)
    amount = MoneyField(
        _l("Số tiền vay (đồng)"), validators=[amount_required, positive_amount], **SIGNED
    )
    due_on = DateField(_l("Hạn trả"), validators=[Optional()])


class RotatingRepaymentForm(BaseForm):
    Meta = UnprefixedCsrf
    paid_on = DateField(_l("Ngày trả"), validators=[date_required], default=local_today)
    amount = MoneyField(
        _l("Số tiền trả (đồng)"), validators=[amount_required, positive_amount], **SIGNED
    )
