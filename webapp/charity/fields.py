"""Form fields of the charity area with messages in the user's language: whole numbers typed the
Vietnamese way ("1.500.000"), dates, and selects of enum values."""

from __future__ import annotations

import enum
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, SelectMultipleField, StringField, widgets
from wtforms.validators import ValidationError

from webapp import formatting
from webapp.form_helpers import choices


class WholeNumberField(StringField):
    """A whole number typed "1.500.000", "1500000" or "1 500 000 đ"; ``data`` is an int or
    None (left empty). What was typed is shown back as typed."""

    def process_formdata(self, valuelist):
        self.raw_text = valuelist[0] if valuelist else ""
        if not self.raw_text.strip():
            self.data = None
            return
        try:
            self.data = formatting.parse_number(self.raw_text)
        except ValueError as exc:
            self.data = None
            raise ValueError(_("Số không hợp lệ: hãy nhập số nguyên, ví dụ 1.500.000.")) from exc

    def _value(self) -> str:
        if getattr(self, "raw_text", None) is not None:
            return self.raw_text
        return formatting.number(self.data) if isinstance(self.data, int) else ""


class DayField(DateField):
    """<input type="date"> with a translated message for a bad value."""

    widget = widgets.DateInput()

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = date.fromisoformat(valuelist[0].strip())
        except ValueError as exc:
            self.data = None
            raise ValueError(_("Ngày không hợp lệ.")) from exc


class _RefusedInUserLanguage:
    """Refuse an unknown or malformed choice with our own message, translated when refused
    (WTForms' messages are English, and a lazy message must not end up in ``errors``)."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)  # type: ignore[misc]
        except ValueError as exc:
            raise ValueError(_("Lựa chọn không hợp lệ.")) from exc

    def pre_validate(self, form):
        try:
            super().pre_validate(form)  # type: ignore[misc]
        except ValidationError as exc:
            raise ValidationError(_("Lựa chọn không hợp lệ.")) from exc


class ChoiceField(_RefusedInUserLanguage, SelectField):
    """A select whose unknown values are refused in the user's language."""


class CheckboxesField(_RefusedInUserLanguage, SelectMultipleField):
    """Many choices as checkboxes (quick entry: the people who receive)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def enum_choices(cls: type[enum.Enum], empty: str | None = None):
    """Select choices for a labelled enum, optionally with an empty first option; the labels
    are translated when the select is shown (the choices are built at import time)."""
    pairs = [(m.value, _l(m.label)) for m in cls]  # type: ignore[attr-defined]
    return choices([(None, empty), *pairs] if empty is not None else pairs)


def optional_int(value) -> int | None:
    """Coerce for selects of ids with an empty option."""
    if value in (None, "", "None"):
        return None
    return int(value)


def enum_or_none(cls: type[enum.Enum], value: str | None):
    """The enum member for a select's value, None for the empty option."""
    return cls(value) if value else None
