"""Form fields of the activities area: counts typed "1.400", decimals typed "0,3", dates with
Vietnamese messages, and check-box lists. Each keeps what the user typed when it is refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, SelectMultipleField, StringField, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.activities.common import parse_decimal
from webapp.formatting import number, parse_number

REQUIRED = _l("Vui lòng nhập trường này.")


class CountField(StringField):
    """A whole number ≥ 0 ("1.400" or "1400"); empty gives None."""

    def __init__(self, label: str, message: str | None = None, **kwargs) -> None:
        super().__init__(label, **kwargs)
        self.message = message or _l("%(label)s phải là số nguyên không âm.", label=label)

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None
        text = valuelist[0].strip() if valuelist else ""
        if not text:
            return
        try:
            value = parse_number(text)
        except ValueError:
            raise ValueError(self.message) from None
        if value < 0:
            raise ValueError(self.message)
        self.data = value

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return number(self.data) if isinstance(self.data, int) else ""


class DecimalTextField(StringField):
    """A number that may have decimals, typed "0,3" or "1.378"; empty gives None."""

    def __init__(self, label: str, message: str | None = None, **kwargs) -> None:
        super().__init__(label, **kwargs)
        self.message = message or _l("%(label)s: số không hợp lệ.", label=label)

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None
        text = valuelist[0].strip() if valuelist else ""
        if not text:
            return
        try:
            self.data = parse_decimal(text)
        except ValueError:
            raise ValueError(self.message) from None

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if isinstance(self.data, Decimal):
            text = f"{self.data:f}"
            if "." in text:
                text = text.rstrip("0").rstrip(".")
            return text.replace(".", ",")
        return ""


class VNDateField(DateField):
    """<input type="date"> with a translated message for a value that is not a date."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = date.fromisoformat(valuelist[0].strip())
        except ValueError:
            self.data = None
            raise ValueError(_("Ngày không hợp lệ.")) from None


class CheckboxListField(SelectMultipleField):
    """A list of check boxes (tags of an activity)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class YearField(CountField):
    """A year ("2023", never "2.023")."""

    def __init__(self, label: str, **kwargs) -> None:
        super().__init__(label, message=_l("Năm không hợp lệ."), **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return str(self.data) if isinstance(self.data, int) else ""


class ChoiceField(SelectField):
    """A select box whose refusal speaks the user's language (WTForms ships no Vietnamese
    messages)."""

    def pre_validate(self, form) -> None:
        if self.validate_choice and not any(
            match for _value, _label, match, *_rest in self.iter_choices()
        ):
            raise ValidationError(_("Lựa chọn không hợp lệ; vui lòng chọn lại."))
