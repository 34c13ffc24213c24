"""Forms of the small registers: clubs, mediation cases, "5 có 3 sạch" households, ratings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from webapp.activities.fields import REQUIRED, CountField, YearField
from webapp.fields import BaseForm, ChoiceField, DateField, optional_int
from webapp.form_helpers import choices
from webapp.models.activities import (
    CAMPAIGN_CRITERIA,
    CLUB_KIND_LABELS,
    MEDIATION_KIND_LABELS,
    MEDIATION_OUTCOME_LABELS,
    RATING_LABELS,
)


class RecordForm(BaseForm):
    version = HiddenField()
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
