"""Forms of the reports area."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from webapp.form_helpers import choices
from webapp.models.reports import KIND_LABELS, ReportKind

REQUIRED = _l("Vui lòng nhập trường này.")
BAD_DATE = _l("Ngày không hợp lệ.")
KIND_CHOICES = [(k.value, KIND_LABELS[k]) for k in ReportKind]


def _int_or_none(value: str | int | None) -> int | None:
    return int(value) if value not in (None, "", "None") else None


class NewDraftForm(FlaskForm):
    unit_id = SelectField(_l("Đơn vị"), coerce=_int_or_none)
    kind = SelectField(_l("Loại báo cáo"), choices=choices(KIND_CHOICES))
    year = IntegerField(
        _l("Năm (nhiệm kỳ: năm bắt đầu)"),
        default=lambda: date.today().year,
        validators=[InputRequired(REQUIRED), NumberRange(2000, 2100, _l("Năm không hợp lệ."))],
    )
    part = SelectField(_l("Tháng / quý"), coerce=_int_or_none, validators=[Optional()])
    period_start = DateField(_l("Từ ngày"), validators=[InputRequired(BAD_DATE)])
    period_end = DateField(_l("Đến ngày"), validators=[InputRequired(BAD_DATE)])


class MetaForm(FlaskForm):
    version = HiddenField()
    period_start = DateField(_l("Từ ngày"), validators=[InputRequired(BAD_DATE)])
    period_end = DateField(_l("Đến ngày"), validators=[InputRequired(BAD_DATE)])
    number = IntegerField(
        _l("Số"), validators=[InputRequired(REQUIRED), NumberRange(1, 9999, _l("Số không hợp lệ."))]
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


class TemplateUploadForm(FlaskForm):
    kind = SelectField(_l("Loại báo cáo"), choices=choices(KIND_CHOICES))
    file = FileField(
        _l("Tệp mẫu (.docx)"), validators=[FileRequired(_l("Vui lòng chọn tệp .docx."))]
    )
