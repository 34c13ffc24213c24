"""Form fields of the activities area: counts typed "1.400" and years (the shared whole-number
field of ``webapp.fields`` with this area's messages), decimals typed "0,3", and check-box lists.
Each keeps what the user typed when it is refused."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.activities.common import parse_decimal
from webapp.fields import IntegerField

REQUIRED = _l("Vui lòng nhập trường này.")
DECIMAL_MAX = Decimal(10) ** 15


class CountField(IntegerField):
    """A whole number ≥ 0 ("1.400" or "1400"); empty gives None."""

    def __init__(self, label: str, message: str | None = None, **kwargs) -> None:
        message = message or _l("%(label)s phải là số nguyên không âm.", label=label)
        kwargs.setdefault("render_kw", None)
        super().__init__(label, message=message, below_message=message, **kwargs)


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
        # Numeric columns hold 15 digits before the point; more is no figure of ours.
        if not self.data.is_finite() or abs(self.data) >= DECIMAL_MAX:
            self.data = None
            raise ValueError(_("Số quá lớn."))

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if isinstance(self.data, Decimal):
            text = f"{self.data:f}"
            if "." in text:
                text = text.rstrip("0").rstrip(".")
            return text.replace(".", ",")
        return ""


class CheckboxListField(SelectMultipleField):
    """A list of check boxes (tags of an activity)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class YearField(CountField):
    """A year ("2023", never "2.023")."""

    def __init__(self, label: str, **kwargs) -> None:
        super().__init__(label, message=_l("Năm không hợp lệ."), grouped=False, **kwargs)
