"""Forms of the small registers: clubs, mediation cases, "5 có 3 sạch" households, ratings."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from webapp.activities.fields import REQUIRED, ChoiceField, CountField, VNDateField, YearField
from webapp.activities.forms import optional_int
from webapp.form_helpers import choices
from webapp.models.activities import (
    CAMPAIGN_CRITERIA,
    ClubKind,
    MediationKind,
    MediationOutcome,
    Rating,
)


class RecordForm(FlaskForm):
    version = HiddenField()
    unit_id = ChoiceField("Đơn vị", coerce=optional_int, validate_choice=False)


class ClubForm(RecordForm):
    name = StringField(
        "Tên câu lạc bộ, tổ nhóm", validators=[InputRequired(REQUIRED), Length(max=160)]
    )
    kind = ChoiceField("Loại", choices=choices((k.value, k.label) for k in ClubKind))
    members_count = CountField("Số thành viên", validators=[InputRequired(REQUIRED)])
    founded_on = VNDateField("Ngày ra mắt")
    dissolved_on = VNDateField("Ngày giải thể (nếu có)")
    notes = TextAreaField("Ghi chú")


class MediationForm(RecordForm):
    held_on = VNDateField("Ngày hoà giải", validators=[InputRequired(REQUIRED)])
    kind = ChoiceField("Loại việc", choices=choices((k.value, k.label) for k in MediationKind))
    outcome = ChoiceField("Kết quả", choices=choices((o.value, o.label) for o in MediationOutcome))
    summary = StringField("Tóm tắt (không ghi tên người)", validators=[Length(max=255)])


class HouseholdForm(RecordForm):
    year = YearField("Năm đánh giá", validators=[InputRequired(REQUIRED)])
    household = StringField(
        "Hộ gia đình (tên chủ hộ)", validators=[InputRequired(REQUIRED), Length(max=120)]
    )


for _key, _label in CAMPAIGN_CRITERIA:
    setattr(HouseholdForm, _key, BooleanField(_label))


class RatingForm(RecordForm):
    year = YearField("Năm", validators=[InputRequired(REQUIRED)])
    rating = ChoiceField("Xếp loại", choices=choices((r.value, r.label) for r in Rating))
    notes = StringField("Ghi chú", validators=[Length(max=255)])
