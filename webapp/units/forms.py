"""Unit forms (admin)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length

from webapp.fields import (
    BaseForm,
    CheckboxesField,
    ChoiceField,
    DateField,
    EnumField,
    id_choice,
    optional_int,
)
from webapp.form_helpers import choices
from webapp.models.units import KIND_WORDS, UnitKind

KIND_WORD_CHOICES = list(dict.fromkeys(w for words in KIND_WORDS.values() for w in words))

REQUIRED = _l("Vui lòng nhập trường này.")


class UnitForm(BaseForm):
    name = StringField(_l("Tên đơn vị"), validators=[DataRequired(REQUIRED), Length(max=120)])
    kind = EnumField(_l("Cấp"), enum_cls=UnitKind)
    parent_id = ChoiceField(_l("Trực thuộc"), coerce=optional_int)
    # The unit's own word ("Phường", "Đặc khu"); the service checks it fits the level.
    kind_word = ChoiceField(
        _l("Tên gọi"),
        choices=choices([("", _l("— Theo cấp —")), *((w, w) for w in KIND_WORD_CHOICES)]),
        validate_choice=False,  # optional; create_unit refuses a word that does not fit
    )


class RenameForm(BaseForm):
    name = StringField(_l("Tên mới"), validators=[DataRequired(REQUIRED), Length(max=120)])


class MoveForm(BaseForm):
    parent_id = ChoiceField(_l("Chuyển về trực thuộc"), coerce=optional_int)
    on = DateField(_l("Từ ngày"))  # empty: today; reports before it keep the old parent


class MergeForm(BaseForm):
    """Merge commune-level unions on a date (the branch plan is read by the view)."""

    communes = CheckboxesField(_l("Các đơn vị cấp xã hợp nhất"), coerce=id_choice)
    on = DateField(_l("Ngày hợp nhất (có hiệu lực)"), required=True)
    into = ChoiceField(_l("Hợp nhất vào"), coerce=optional_int)
    new_name = StringField(_l("Tên đơn vị mới"), validators=[Length(max=120)])
    new_kind_word = ChoiceField(
        _l("Tên gọi"),
        choices=choices([(w, w) for w in KIND_WORDS[UnitKind.COMMUNE]]),
    )
    new_parent = ChoiceField(_l("Đơn vị mới trực thuộc"), coerce=optional_int)


class InstallForm(BaseForm):
    """ "Cài đặt cho cả tỉnh": the province, and the .xlsx list of its commune-level unions."""

    province_name = StringField(
        _l("Tên tỉnh / thành phố"),
        validators=[DataRequired(REQUIRED), Length(max=120)],
    )
    province_word = ChoiceField(
        _l("Gọi là"), choices=choices((w, w) for w in UnitKind.PROVINCE.words)
    )
    file = FileField(_l("Danh sách đơn vị cấp xã (.xlsx)"))
    with_accounts = BooleanField(_l("Tạo mỗi xã một tài khoản cán bộ (mật khẩu dùng một lần)"))
