"""Forms of the reports area."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from webapp.form_helpers import choices
from webapp.models.reports import ReportKind

REQUIRED = "Vui lòng nhập trường này."
BAD_DATE = "Ngày không hợp lệ."
KIND_CHOICES = [(k.value, k.label) for k in ReportKind]


def _int_or_none(value: str | int | None) -> int | None:
    return int(value) if value not in (None, "", "None") else None


class NewDraftForm(FlaskForm):
    unit_id = SelectField("Đơn vị", coerce=_int_or_none)
    kind = SelectField("Loại báo cáo", choices=choices(KIND_CHOICES))
    year = IntegerField(
        "Năm (nhiệm kỳ: năm bắt đầu)",
        default=lambda: date.today().year,
        validators=[InputRequired(REQUIRED), NumberRange(2000, 2100, "Năm không hợp lệ.")],
    )
    part = SelectField("Tháng / quý", coerce=_int_or_none, validators=[Optional()])
    period_start = DateField("Từ ngày", validators=[InputRequired(BAD_DATE)])
    period_end = DateField("Đến ngày", validators=[InputRequired(BAD_DATE)])


class MetaForm(FlaskForm):
    version = HiddenField()
    period_start = DateField("Từ ngày", validators=[InputRequired(BAD_DATE)])
    period_end = DateField("Đến ngày", validators=[InputRequired(BAD_DATE)])
    number = IntegerField(
        "Số", validators=[InputRequired(REQUIRED), NumberRange(1, 9999, "Số không hợp lệ.")]
    )
    symbol = StringField("Ký hiệu", validators=[DataRequired(REQUIRED), Length(max=40)])
    place = StringField("Địa danh", validators=[DataRequired(REQUIRED), Length(max=120)])
    issued_on = DateField("Ngày ban hành", validators=[InputRequired(BAD_DATE)])
    title = StringField(
        "Trích yếu (tên báo cáo)", validators=[DataRequired(REQUIRED), Length(max=300)]
    )
    recipients = TextAreaField("Nơi nhận (mỗi dòng một nơi)", validators=[Length(max=2000)])
    signatory_title = StringField("Thẩm quyền ký", validators=[Length(max=120)])
    signatory_position = StringField("Chức vụ người ký", validators=[Length(max=120)])
    signatory_name = StringField("Họ tên người ký", validators=[Length(max=120)])


class TemplateUploadForm(FlaskForm):
    kind = SelectField("Loại báo cáo", choices=choices(KIND_CHOICES))
    file = FileField("Tệp mẫu (.docx)", validators=[FileRequired("Vui lòng chọn tệp .docx.")])
