"""Forms of the activity log and of the shared lists (kinds, tags, output units)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import Form, FormField, HiddenField, StringField, TextAreaField
from wtforms.fields import FieldList
from wtforms.validators import InputRequired, Length

from webapp.activities.fields import (
    REQUIRED,
    CheckboxListField,
    ChoiceField,
    CountField,
    DecimalTextField,
    VNDateField,
)
from webapp.form_helpers import choices
from webapp.models.activities import Counting, GoalKind, TagGroup

OUTPUT_ROWS = 4


def optional_int(value: str | int | None) -> int | None:
    return int(value) if value not in (None, "", "None") else None


class OutputRowForm(Form):
    """One measured output of an activity: a quantity of an output unit."""

    output_unit_id = ChoiceField("Sản phẩm, kết quả", coerce=optional_int)
    quantity = CountField("Số lượng")


class ActivityForm(FlaskForm):
    version = HiddenField()
    held_on = VNDateField("Ngày tổ chức", validators=[InputRequired(REQUIRED)])
    unit_id = ChoiceField("Đơn vị tổ chức", coerce=optional_int, validate_choice=False)
    kind_id = ChoiceField("Loại hoạt động", coerce=optional_int)
    topic = StringField("Nội dung, chủ đề", validators=[InputRequired(REQUIRED), Length(max=255)])
    sessions = CountField("Số buổi", validators=[InputRequired(REQUIRED)])
    participants = CountField("Số lượt người tham gia")
    partners = StringField("Đơn vị phối hợp", validators=[Length(max=255)])
    tag_ids = CheckboxListField("Thuộc phong trào, cuộc vận động, đề án, nhiệm vụ", coerce=int)
    outputs = FieldList(FormField(OutputRowForm), min_entries=OUTPUT_ROWS, max_entries=12)
    reach_branches = CountField("Số chi hội triển khai")
    reach_branches_total = CountField("trên tổng số chi hội")
    reach_members_percent = CountField("Tỷ lệ hội viên được quán triệt (%)")
    reach_cadres = CountField("Số cán bộ tham gia")
    reach_cadres_total = CountField("trên tổng số cán bộ")
    notes = TextAreaField("Ghi chú")


TAG_GROUPS = choices((g.value, g.label) for g in TagGroup)


class LookupEditForm(FlaskForm):
    name = StringField("Tên", validators=[InputRequired(REQUIRED), Length(max=120)])
    measure = StringField("Đơn vị tính", validators=[Length(max=40)])
    tag_group = ChoiceField("Nhóm", choices=TAG_GROUPS)


class LookupForm(LookupEditForm):
    code = StringField("Mã (để trống: tự tạo từ tên)", validators=[Length(max=40)])


STAT_KINDS = {
    "percent": "Tỷ lệ (%)",
    "count": "Số đếm (số nguyên)",
    "number": "Số (có thể có phần thập phân)",
    "money": "Số tiền (đồng)",
}
COMBINE = {
    "own": "Giá trị nhập cho chính đơn vị được hỏi",
    "sum": "Cộng giá trị của mọi đơn vị trực thuộc",
}


class StatisticForm(FlaskForm):
    label = StringField("Tên chỉ số", validators=[InputRequired(REQUIRED), Length(max=200)])
    code = StringField("Mã (để trống: tự tạo từ tên)", validators=[Length(max=40)])
    kind = ChoiceField("Loại giá trị", choices=choices(STAT_KINDS.items()))
    measure = StringField("Đơn vị tính (ví dụ: hộ, người)", validators=[Length(max=40)])
    decimals = CountField("Số chữ số thập phân tối đa")
    combine = ChoiceField("Khi xem một đơn vị cấp trên", choices=choices(COMBINE.items()))


class ValueForm(FlaskForm):
    version = HiddenField()
    statistic_id = ChoiceField("Chỉ số", coerce=optional_int)
    unit_id = ChoiceField("Đơn vị", coerce=optional_int, validate_choice=False)
    valid_from = VNDateField("Áp dụng từ ngày", validators=[InputRequired(REQUIRED)])
    value = DecimalTextField("Giá trị", validators=[InputRequired(REQUIRED)])
    note = StringField("Nguồn, ghi chú", validators=[Length(max=255)])


class TermForm(FlaskForm):
    version = HiddenField()
    unit_id = ChoiceField("Đơn vị", coerce=optional_int, validate_choice=False)
    congress_number = CountField("Đại hội lần thứ (số)", validators=[InputRequired(REQUIRED)])
    start_on = VNDateField("Bắt đầu nhiệm kỳ", validators=[InputRequired(REQUIRED)])
    end_on = VNDateField("Kết thúc nhiệm kỳ", validators=[InputRequired(REQUIRED)])


class TargetForm(FlaskForm):
    version = HiddenField()
    position = CountField("Thứ tự")
    label = TextAreaField("Chỉ tiêu (lời văn Nghị quyết)", validators=[InputRequired(REQUIRED)])
    short_name = StringField(
        "Tên ngắn (dùng trong câu tổng hợp)", validators=[InputRequired(REQUIRED), Length(max=120)]
    )
    indicator_code = ChoiceField("Chỉ số để tính", coerce=lambda v: v or None)
    manual_value = DecimalTextField("Hoặc giá trị nhập tay (khi không có chỉ số)")
    goal_kind = ChoiceField("Kiểu mục tiêu", choices=choices((k.value, k.label) for k in GoalKind))
    goal = DecimalTextField(
        "Mục tiêu (cận dưới nếu là khoảng)", validators=[InputRequired(REQUIRED)]
    )
    goal_high = DecimalTextField("Cận trên (chỉ khi là khoảng)")
    counting = ChoiceField("Cách tính", choices=choices((c.value, c.label) for c in Counting))
