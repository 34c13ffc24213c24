"""Forms of the charity area. Fields only parse what was typed; the rules (required values,
positive amounts, balances) live in the services, which name the field they refuse."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField

from webapp.fields import (
    MONEY_MAX,
    BaseForm,
    CheckboxesField,
    ChoiceField,
    DateField,
    IntegerField,
    VersionedForm,
    enum_choices,
    id_choice,
    optional_int,
)
from webapp.models.charity import (
    BeneficiaryCategory,
    EntryDirection,
    EntryKind,
    FundKind,
    GiftKind,
    GiftSource,
    Occasion,
    SponsorKind,
)

# Whole numbers typed "1.500.000", "1500000" or "1 500 000 đ"; the services judge the sign and
# name the rule, so a negative number passes the field.
WHOLE = {
    "minimum": None,
    "maximum": MONEY_MAX,
    "message": _l("Số không hợp lệ: hãy nhập số nguyên, ví dụ 1.500.000."),
}


class FundForm(VersionedForm):
    """A fund: name, unit, money or goods (with its unit of measure)."""

    unit_id = ChoiceField(_l("Đơn vị"), coerce=optional_int)
    name = StringField(_l("Tên quỹ"))
    kind = ChoiceField(_l("Loại quỹ"), choices=enum_choices(FundKind))
    measure = StringField(_l("Đơn vị tính (quỹ hiện vật)"), description=_l("Ví dụ: kg"))
    purpose = TextAreaField(_l("Mục đích, ghi chú"))


class EntryForm(VersionedForm):
    """One inflow or non-gift outflow of a fund."""

    entry_date = DateField(_l("Ngày"))
    direction = ChoiceField(_l("Thu/chi"), choices=enum_choices(EntryDirection))
    kind = ChoiceField(_l("Loại"), choices=enum_choices(EntryKind))
    amount = IntegerField(_l("Số tiền / số lượng"), **WHOLE)
    counterparty = StringField(_l("Người nộp / người nhận"))
    note = StringField(_l("Ghi chú"))


class TransferForm(BaseForm):
    """A transfer between two of our funds ("Chuyển quỹ"), typed once. Shown with a prefix
    next to the entry form; its token travels as the plain "csrf_token" field, which the
    app-wide CSRFProtect checks on every POST."""

    class Meta:
        csrf = False

    from_fund_id = ChoiceField(_l("Từ quỹ"), coerce=optional_int)
    to_fund_id = ChoiceField(_l("Sang quỹ"), coerce=optional_int)
    # Labels differ from the entry form's, which sits on the same page.
    entry_date = DateField(_l("Ngày chuyển"))
    amount = IntegerField(_l("Số chuyển (đồng, hoặc số lượng của quỹ hiện vật)"), **WHOLE)
    note = StringField(_l("Nội dung chuyển"))


class BeneficiaryForm(VersionedForm):
    """A person or household who receives aid."""

    unit_id = ChoiceField(_l("Đơn vị"), coerce=optional_int)
    full_name = StringField(_l("Họ tên (hoặc chủ hộ)"))
    is_household = BooleanField(_l("Là hộ gia đình"))
    category = ChoiceField(_l("Đối tượng"), choices=enum_choices(BeneficiaryCategory))
    birth_year = IntegerField(_l("Năm sinh"), grouped=False, **WHOLE)
    address = StringField(_l("Địa chỉ"))
    member_id = ChoiceField(_l("Là hội viên"), coerce=optional_int)
    surveyed_on = DateField(_l("Ngày khảo sát (chương trình Mẹ đỡ đầu)"))
    note = TextAreaField(_l("Hoàn cảnh, ghi chú"))


class _GiftFields(BaseForm):
    unit_id = ChoiceField(_l("Đơn vị ghi nhận"), coerce=optional_int)
    given_on = DateField(_l("Ngày trao"))
    occasion = ChoiceField(_l("Dịp"), choices=enum_choices(Occasion))
    kind = ChoiceField(_l("Loại quà"), choices=enum_choices(GiftKind))
    measure = StringField(
        _l("Đơn vị tính"), description=_l("Để trống: theo loại quà (kg, suất, téc…)")
    )
    source = ChoiceField(_l("Nguồn"), choices=enum_choices(GiftSource))
    fund_id = ChoiceField(_l("Chi từ quỹ"), coerce=optional_int)
    source_name = StringField(_l("Tên nhà tài trợ / đơn vị hỗ trợ"))
    partner = StringField(_l("Phối hợp với"))


class GiftForm(_GiftFields, VersionedForm):
    """One gift to a beneficiary or a named group."""

    beneficiary_id = ChoiceField(_l("Người nhận"), coerce=optional_int)
    recipient_label = StringField(
        _l("Hoặc nhóm người nhận"), description=_l("Ví dụ: 12 hộ nghèo thôn An Cư 1")
    )
    people_count = IntegerField(
        _l("Số người được hỗ trợ"),
        description=_l("Chỉ ghi khi trao cho nhóm: số người (hộ) của nhóm, để báo cáo đếm đủ."),
        minimum=None,  # the service explains zero and negatives
        message=_l("Số không hợp lệ: hãy nhập số nguyên, ví dụ 12."),
    )
    category = ChoiceField(
        _l("Đối tượng"),
        choices=enum_choices(BeneficiaryCategory, _l("— theo người nhận —")),
        default="",
    )
    quantity = IntegerField(_l("Số lượng"), **WHOLE)
    value_vnd = IntegerField(_l("Trị giá (đồng)"), **WHOLE)
    note = TextAreaField(_l("Ghi chú"))


class DistributionForm(_GiftFields):
    """Quick entry: the same gift to many beneficiaries at once."""

    title = StringField(
        _l("Tên đợt trao"), description=_l("Ví dụ: Tặng quà 27/7 cho vợ, mẹ liệt sĩ")
    )
    quantity = IntegerField(_l("Số lượng mỗi người"), **WHOLE)
    value_vnd = IntegerField(_l("Trị giá mỗi người (đồng)"), **WHOLE)
    total_value_vnd = IntegerField(
        _l("Hoặc tổng trị giá cả đợt (đồng)"),
        description=_l(
            "Khi nhà tài trợ trao một khoản chung (ví dụ 10.000.000 đồng cho 3 người): chia đều "
            "đến từng đồng, phần lẻ cho những người đầu danh sách."
        ),
        **WHOLE,
    )
    beneficiary_ids = CheckboxesField(_l("Người nhận"), coerce=id_choice)
    new_names = TextAreaField(
        _l("Thêm người nhận theo tên (mỗi dòng một người)"),
        description=_l("Tên đã có trong danh sách của đơn vị sẽ được dùng lại; tên mới được thêm."),
    )
    category = ChoiceField(
        _l("Đối tượng của người mới nhập tên"),
        choices=enum_choices(BeneficiaryCategory, _l("— chọn —")),
        default="",
    )


class SponsorshipForm(VersionedForm):
    """A "Mẹ đỡ đầu" sponsorship: months or an end date."""

    unit_id = ChoiceField(_l("Đơn vị"), coerce=optional_int)
    child_id = ChoiceField(_l("Cháu được đỡ đầu"), coerce=optional_int)
    sponsor_kind = ChoiceField(_l("Người đỡ đầu là"), choices=enum_choices(SponsorKind))
    sponsor_name = StringField(_l("Tên người / tổ chức đỡ đầu"))
    monthly_vnd = IntegerField(_l("Mức hỗ trợ mỗi tháng (đồng)"), **WHOLE)
    start_on = DateField(_l("Ngày bắt đầu"))
    months = IntegerField(_l("Số tháng"), **WHOLE)
    end_on = DateField(_l("Hoặc ngày kết thúc"))
    note = TextAreaField(_l("Ghi chú"))


class PaymentForm(BaseForm):
    """One payment of a sponsorship, optionally from one of our funds."""

    paid_on = DateField(_l("Ngày chi"))
    amount_vnd = IntegerField(_l("Số tiền (đồng)"), **WHOLE)
    fund_id = ChoiceField(_l("Chi từ quỹ của Hội"), coerce=optional_int)
    note = StringField(_l("Ghi chú"))


class SupportForm(VersionedForm):
    """Goods or money received for the community."""

    unit_id = ChoiceField(_l("Đơn vị tiếp nhận"), coerce=optional_int)
    received_on = DateField(_l("Ngày nhận"))
    donor = StringField(_l("Đơn vị, cá nhân hỗ trợ"))
    description = StringField(
        _l("Nội dung"), description=_l("Ví dụ: 2 bóng đèn năng lượng mặt trời")
    )
    quantity = IntegerField(_l("Số lượng"), **WHOLE)
    measure = StringField(_l("Đơn vị tính"))
    value_vnd = IntegerField(_l("Trị giá (đồng)"), **WHOLE)
    purpose = StringField(_l("Dùng cho"), description=_l("Ví dụ: Nghĩa trang liệt sĩ xã"))
