"""Forms of the reports area: a new draft, a draft's metadata, a template upload."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from webapp.fields import (
    BaseForm,
    ChoiceField,
    DateField,
    IntegerField,
    VersionedForm,
    optional_int,
)
from webapp.form_helpers import choices
from webapp.formatting import local_today
from webapp.models.reports import KIND_LABELS, ReportKind

REQUIRED = _l("Vui lòng nhập trường này.")
BAD_DATE = _l("Ngày không hợp lệ.")
BAD_YEAR = _l("Năm không hợp lệ.")
BAD_NUMBER = _l("Số không hợp lệ.")
KIND_CHOICES = [(k.value, KIND_LABELS[k]) for k in ReportKind]


class NewDraftForm(BaseForm):
    unit_id = ChoiceField(_l("Đơn vị"), coerce=optional_int)
    kind = ChoiceField(_l("Loại báo cáo"), choices=choices(KIND_CHOICES))
    year = IntegerField(
        _l("Năm (nhiệm kỳ: năm bắt đầu)"),
        default=lambda: local_today().year,
        minimum=None,
        message=BAD_YEAR,
        grouped=False,
        validators=[InputRequired(REQUIRED), NumberRange(2000, 2100, BAD_YEAR)],
    )
    part = ChoiceField(_l("Tháng / quý"), coerce=optional_int, validators=[Optional()])
    period_start = DateField(_l("Từ ngày"), validators=[InputRequired(BAD_DATE)])
    period_end = DateField(_l("Đến ngày"), validators=[InputRequired(BAD_DATE)])


class MetaForm(VersionedForm):
    period_start = DateField(_l("Từ ngày"), validators=[InputRequired(BAD_DATE)])
    period_end = DateField(_l("Đến ngày"), validators=[InputRequired(BAD_DATE)])
    number = IntegerField(
        _l("Số"),
        minimum=None,
        message=BAD_NUMBER,
        grouped=False,
        description=_l(
            "Để trống, hoặc đổi năm ban hành / ký hiệu mà giữ nguyên số: hệ thống gợi ý số còn "
            "trống tiếp theo."
        ),
        validators=[Optional(), NumberRange(1, 9999, BAD_NUMBER)],
    )
    symbol = StringField(_l("Ký hiệu"), validators=[DataRequired(REQUIRED), Length(max=40)])
    place = StringField(_l("Địa danh"), validators=[DataRequired(REQUIRED), Length(max=120)])
    issued_on = DateField(_l("Ngày ban hành"), validators=[InputRequired(BAD_DATE)])
    title = StringField(
        _l("Trích yếu (tên báo cáo)"), validators=[DataRequired(REQUIRED), Length(max=300)]
    )
    recipients = TextAreaField(_l("Nơi nhận (mỗi dòng một nơi)"), validators=[Length(max=2000)])
    signatory_title = StringField(_l("Thẩm quyền ký"), validators=[Length(max=120)])
    signatory_position = StringField(_l("Chức vụ người ký"), validators=[Length(max=120)])
    signatory_name = StringField(_l("Họ tên người ký"), validators=[Length(max=120)])


class TemplateUploadForm(BaseForm):
    kind = ChoiceField(_l("Loại báo cáo"), choices=choices(KIND_CHOICES))
    file = FileField(
        _l("Tệp mẫu (.docx)"), validators=[FileRequired(_l("Vui lòng chọn tệp .docx."))]
    )
