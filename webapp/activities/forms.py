"""Forms of the activities area: the activity log, the shared lists (kinds, tags, output
units), the small registers (clubs, mediation cases, "5 có 3 sạch" households, ratings), manual
statistics, and congress terms and targets.

Forms only parse what was typed; the rules live in the services, which take the dataclasses the
views build from these forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Form, FormField, StringField, TextAreaField
from wtforms.fields import FieldList
from wtforms.validators import InputRequired, Length

from webapp.activities.fields import REQUIRED, CountField, DecimalTextField, YearField
from webapp.fields import (
    BaseForm,
    CheckboxesField,
    ChoiceField,
    DateField,
    VersionedForm,
    id_choice,
    optional_int,
)
from webapp.form_helpers import choices
from webapp.models.activities import (
    CAMPAIGN_CRITERIA,
    CLUB_KIND_LABELS,
    MEDIATION_KIND_LABELS,
    MEDIATION_OUTCOME_LABELS,
    RATING_LABELS,
    TAG_GROUP_LABELS,
    Counting,
    GoalKind,
    TagGroup,
)
from webapp.models.targets import COUNTING_LABELS, GOAL_KIND_LABELS

OUTPUT_ROWS = 4
PICK = (None, _l("— Chọn —"))  # the empty first option of a required select


class OutputRowForm(Form):
    """One measured output of an activity: a quantity of an output unit."""

    output_unit_id = ChoiceField(_l("Sản phẩm, kết quả"), coerce=optional_int)
    quantity = CountField(_l("Số lượng"))


class ActivityForm(VersionedForm):
    held_on = DateField(_l("Ngày tổ chức"), validators=[InputRequired(REQUIRED)])
    unit_id = ChoiceField(_l("Đơn vị tổ chức"), coerce=optional_int, validate_choice=False)
    kind_id = ChoiceField(_l("Loại hoạt động"), coerce=optional_int)
    topic = StringField(
        _l("Nội dung, chủ đề"), validators=[InputRequired(REQUIRED), Length(max=255)]
    )
    sessions = CountField(_l("Số buổi"), validators=[InputRequired(REQUIRED)])
    participants = CountField(_l("Số lượt người tham gia"))
    partners = StringField(_l("Đơn vị phối hợp"), validators=[Length(max=255)])
    tag_ids = CheckboxesField(
        _l("Thuộc phong trào, cuộc vận động, đề án, nhiệm vụ"), coerce=id_choice
    )
    outputs = FieldList(
        FormField(OutputRowForm),
        _l("Kết quả đo đếm được"),
        min_entries=OUTPUT_ROWS,
        max_entries=12,
    )
    reach_branches = CountField(_l("Số chi hội triển khai"))
    reach_branches_total = CountField(_l("trên tổng số chi hội"))
    reach_members_percent = CountField(_l("Tỷ lệ hội viên được quán triệt (%)"))
    reach_cadres = CountField(_l("Số cán bộ tham gia"))
    reach_cadres_total = CountField(_l("trên tổng số cán bộ"))
    notes = TextAreaField(_l("Ghi chú"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # A row's own message stays beside it; the list keeps them as plain text (the summary
        # above the form shows them, and the services add theirs to the same list).
        self.outputs.errors = [m for e in self.outputs.entries for m in e.form.quantity.errors]
        return valid


TAG_GROUPS = choices((g.value, TAG_GROUP_LABELS[g]) for g in TagGroup)


class LookupEditForm(BaseForm):
    name = StringField(_l("Tên"), validators=[InputRequired(REQUIRED), Length(max=120)])
    measure = StringField(_l("Đơn vị tính"), validators=[Length(max=40)])
    tag_group = ChoiceField(_l("Nhóm"), choices=TAG_GROUPS)


class LookupForm(LookupEditForm):
    code = StringField(_l("Mã (để trống: tự tạo từ tên)"), validators=[Length(max=40)])


STAT_KINDS = {
    "percent": _l("Tỷ lệ (%)"),
    "count": _l("Số đếm (số nguyên)"),
    "number": _l("Số (có thể có phần thập phân)"),
    "money": _l("Số tiền (đồng)"),
}
COMBINE = {
    "own": _l("Giá trị nhập cho chính đơn vị được hỏi"),
    "sum": _l("Cộng giá trị của mọi đơn vị trực thuộc"),
}


class StatisticForm(BaseForm):
    label = StringField(_l("Tên chỉ số"), validators=[InputRequired(REQUIRED), Length(max=200)])
    code = StringField(_l("Mã (để trống: tự tạo từ tên)"), validators=[Length(max=40)])
    kind = ChoiceField(_l("Loại giá trị"), choices=choices(STAT_KINDS.items()))
    measure = StringField(_l("Đơn vị tính (ví dụ: hộ, người)"), validators=[Length(max=40)])
    decimals = CountField(_l("Số chữ số thập phân tối đa"))
    combine = ChoiceField(_l("Khi xem một đơn vị cấp trên"), choices=choices(COMBINE.items()))


class ValueForm(VersionedForm):
    statistic_id = ChoiceField(_l("Chỉ số"), coerce=optional_int)
    unit_id = ChoiceField(_l("Đơn vị"), coerce=optional_int, validate_choice=False)
    valid_from = DateField(_l("Áp dụng từ ngày"), validators=[InputRequired(REQUIRED)])
    value = DecimalTextField(_l("Giá trị"), validators=[InputRequired(REQUIRED)])
    note = StringField(_l("Nguồn, ghi chú"), validators=[Length(max=255)])


class TermForm(VersionedForm):
    unit_id = ChoiceField(_l("Đơn vị"), coerce=optional_int, validate_choice=False)
    congress_number = CountField(_l("Đại hội lần thứ (số)"), validators=[InputRequired(REQUIRED)])
    start_on = DateField(_l("Bắt đầu nhiệm kỳ"), validators=[InputRequired(REQUIRED)])
    end_on = DateField(_l("Kết thúc nhiệm kỳ"), validators=[InputRequired(REQUIRED)])


class TargetForm(VersionedForm):
    # Empty: a target of the whole term; a year: that year's plan (choices set per term).
    year = ChoiceField(_l("Chỉ tiêu của"), coerce=optional_int, validate_choice=False)
    position = CountField(_l("Thứ tự"))
    label = TextAreaField(_l("Chỉ tiêu (lời văn Nghị quyết)"), validators=[InputRequired(REQUIRED)])
    short_name = StringField(
        _l("Tên ngắn (dùng trong câu tổng hợp)"),
        validators=[InputRequired(REQUIRED), Length(max=120)],
    )
    indicator_code = ChoiceField(_l("Chỉ số để tính"), coerce=lambda v: v or None)
    manual_value = DecimalTextField(_l("Hoặc giá trị nhập tay (khi không có chỉ số)"))
    goal_kind = ChoiceField(
        _l("Kiểu mục tiêu"), choices=choices((k.value, GOAL_KIND_LABELS[k]) for k in GoalKind)
    )
    goal = DecimalTextField(
        _l("Mục tiêu (cận dưới nếu là khoảng)"), validators=[InputRequired(REQUIRED)]
    )
    goal_high = DecimalTextField(_l("Cận trên (chỉ khi là khoảng)"))
    counting = ChoiceField(
        _l("Cách tính"), choices=choices((c.value, COUNTING_LABELS[c]) for c in Counting)
    )


# --- the small registers --------------------------------------------------------------------


class RecordForm(VersionedForm):
    """What every small register's form has: the unit the record belongs to."""

    unit_id = ChoiceField(_l("Đơn vị"), coerce=optional_int, validate_choice=False)


class ClubForm(RecordForm):
    name = StringField(
        _l("Tên câu lạc bộ, tổ nhóm"), validators=[InputRequired(REQUIRED), Length(max=160)]
    )
    kind = ChoiceField(
        _l("Loại"), choices=choices((k.value, label) for k, label in CLUB_KIND_LABELS.items())
    )
    members_count = CountField(_l("Số thành viên"), validators=[InputRequired(REQUIRED)])
    founded_on = DateField(_l("Ngày ra mắt"))
    dissolved_on = DateField(_l("Ngày giải thể (nếu có)"))
    notes = TextAreaField(_l("Ghi chú"))


class MediationForm(RecordForm):
    held_on = DateField(_l("Ngày hoà giải"), validators=[InputRequired(REQUIRED)])
    kind = ChoiceField(
        _l("Loại việc"),
        choices=choices((k.value, label) for k, label in MEDIATION_KIND_LABELS.items()),
    )
    outcome = ChoiceField(
        _l("Kết quả"),
        choices=choices((o.value, label) for o, label in MEDIATION_OUTCOME_LABELS.items()),
    )
    summary = StringField(_l("Tóm tắt (không ghi tên người)"), validators=[Length(max=255)])


class HouseholdForm(RecordForm):
    year = YearField(_l("Năm đánh giá"), validators=[InputRequired(REQUIRED)])
    household = StringField(
        _l("Hộ gia đình (tên chủ hộ)"), validators=[InputRequired(REQUIRED), Length(max=120)]
    )


for _key, _label in CAMPAIGN_CRITERIA:
    setattr(HouseholdForm, _key, BooleanField(_label))


class RatingForm(RecordForm):
    year = YearField(_l("Năm"), validators=[InputRequired(REQUIRED)])
    rating = ChoiceField(
        _l("Xếp loại"), choices=choices((r.value, label) for r, label in RATING_LABELS.items())
    )
    notes = StringField(_l("Ghi chú"), validators=[Length(max=255)])
