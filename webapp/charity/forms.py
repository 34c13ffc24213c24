"""Forms of the charity area. Fields only parse what was typed; the rules (required values,
positive amounts, balances) live in the services, which name the field they refuse."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField, TextAreaField

from webapp.charity.fields import (
    CheckboxesField,
    ChoiceField,
    DayField,
    WholeNumberField,
    enum_choices,
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


class VersionedForm(FlaskForm):
    """A form editing a record: carries the version it was loaded at (optimistic lock)."""

    version = HiddenField()

    @property
    def loaded_version(self) -> int | None:
        try:
            return int(self.version.data) if self.version.data else None
        except ValueError:
            return -1  # tampered: never equal to a stored version, so refused as stale


class FundForm(VersionedForm):
    """A fund: name, unit, money or goods (with its unit of measure)."""

    unit_id = ChoiceField("Đơn vị", coerce=optional_int)
    name = StringField("Tên quỹ")
    kind = ChoiceField("Loại quỹ", choices=enum_choices(FundKind))
    measure = StringField("Đơn vị tính (quỹ hiện vật)", description="Ví dụ: kg")
    purpose = TextAreaField("Mục đích, ghi chú")


class EntryForm(VersionedForm):
    """One inflow or non-gift outflow of a fund."""

    entry_date = DayField("Ngày")
    direction = ChoiceField("Thu/chi", choices=enum_choices(EntryDirection))
    kind = ChoiceField("Loại", choices=enum_choices(EntryKind))
    amount = WholeNumberField("Số tiền / số lượng")
    counterparty = StringField("Người nộp / người nhận")
    note = StringField("Ghi chú")


class TransferForm(FlaskForm):
    """A transfer between two of our funds ("Chuyển quỹ"), typed once. Shown with a prefix
    next to the entry form; its token travels as the plain "csrf_token" field, which the
    app-wide CSRFProtect checks on every POST."""

    class Meta:
        csrf = False

    from_fund_id = ChoiceField("Từ quỹ", coerce=optional_int)
    to_fund_id = ChoiceField("Sang quỹ", coerce=optional_int)
    # Labels differ from the entry form's, which sits on the same page.
    entry_date = DayField("Ngày chuyển")
    amount = WholeNumberField("Số chuyển (đồng, hoặc số lượng của quỹ hiện vật)")
    note = StringField("Nội dung chuyển")


class BeneficiaryForm(VersionedForm):
    """A person or household who receives aid."""

    unit_id = ChoiceField("Đơn vị", coerce=optional_int)
    full_name = StringField("Họ tên (hoặc chủ hộ)")
    is_household = BooleanField("Là hộ gia đình")
    category = ChoiceField("Đối tượng", choices=enum_choices(BeneficiaryCategory))
    birth_year = WholeNumberField("Năm sinh")
    address = StringField("Địa chỉ")
    member_id = ChoiceField("Là hội viên", coerce=optional_int)
    surveyed_on = DayField("Ngày khảo sát (chương trình Mẹ đỡ đầu)")
    note = TextAreaField("Hoàn cảnh, ghi chú")


class _GiftFields(FlaskForm):
    unit_id = ChoiceField("Đơn vị ghi nhận", coerce=optional_int)
    given_on = DayField("Ngày trao")
    occasion = ChoiceField("Dịp", choices=enum_choices(Occasion))
    kind = ChoiceField("Loại quà", choices=enum_choices(GiftKind))
    measure = StringField("Đơn vị tính", description="Để trống: theo loại quà (kg, suất, téc…)")
    source = ChoiceField("Nguồn", choices=enum_choices(GiftSource))
    fund_id = ChoiceField("Chi từ quỹ", coerce=optional_int)
    source_name = StringField("Tên nhà tài trợ / đơn vị hỗ trợ")
    partner = StringField("Phối hợp với")


class GiftForm(_GiftFields, VersionedForm):
    """One gift to a beneficiary or a named group."""

    beneficiary_id = ChoiceField("Người nhận", coerce=optional_int)
    recipient_label = StringField(
        "Hoặc nhóm người nhận", description="Ví dụ: 12 hộ nghèo thôn An Cư 1"
    )
    category = ChoiceField(
        "Đối tượng",
        choices=enum_choices(BeneficiaryCategory, "— theo người nhận —"),
        default="",
    )
    quantity = WholeNumberField("Số lượng")
    value_vnd = WholeNumberField("Trị giá (đồng)")
    note = TextAreaField("Ghi chú")


class DistributionForm(_GiftFields):
    """Quick entry: the same gift to many beneficiaries at once."""

    title = StringField("Tên đợt trao", description="Ví dụ: Tặng quà 27/7 cho vợ, mẹ liệt sĩ")
    quantity = WholeNumberField("Số lượng mỗi người")
    value_vnd = WholeNumberField("Trị giá mỗi người (đồng)")
    beneficiary_ids = CheckboxesField("Người nhận", coerce=int)
    new_names = TextAreaField(
        "Thêm người nhận theo tên (mỗi dòng một người)",
        description="Tên đã có trong danh sách của đơn vị sẽ được dùng lại; tên mới được thêm.",
    )
    category = ChoiceField(
        "Đối tượng của người mới nhập tên",
        choices=enum_choices(BeneficiaryCategory, "— chọn —"),
        default="",
    )


class SponsorshipForm(VersionedForm):
    """A "Mẹ đỡ đầu" sponsorship: months or an end date."""

    unit_id = ChoiceField("Đơn vị", coerce=optional_int)
    child_id = ChoiceField("Cháu được đỡ đầu", coerce=optional_int)
    sponsor_kind = ChoiceField("Người đỡ đầu là", choices=enum_choices(SponsorKind))
    sponsor_name = StringField("Tên người / tổ chức đỡ đầu")
    monthly_vnd = WholeNumberField("Mức hỗ trợ mỗi tháng (đồng)")
    start_on = DayField("Ngày bắt đầu")
    months = WholeNumberField("Số tháng")
    end_on = DayField("Hoặc ngày kết thúc")
    note = TextAreaField("Ghi chú")


class PaymentForm(FlaskForm):
    """One payment of a sponsorship, optionally from one of our funds."""

    paid_on = DayField("Ngày chi")
    amount_vnd = WholeNumberField("Số tiền (đồng)")
    fund_id = ChoiceField("Chi từ quỹ của Hội", coerce=optional_int)
    note = StringField("Ghi chú")


class SupportForm(VersionedForm):
    """Goods or money received for the community."""

    unit_id = ChoiceField("Đơn vị tiếp nhận", coerce=optional_int)
    received_on = DayField("Ngày nhận")
    donor = StringField("Đơn vị, cá nhân hỗ trợ")
    description = StringField("Nội dung", description="Ví dụ: 2 bóng đèn năng lượng mặt trời")
    quantity = WholeNumberField("Số lượng")
    measure = StringField("Đơn vị tính")
    value_vnd = WholeNumberField("Trị giá (đồng)")
    purpose = StringField("Dùng cho", description="Ví dụ: Nghĩa trang liệt sĩ xã")
