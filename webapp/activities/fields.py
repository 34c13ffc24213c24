"""Form fields of the activities area: counts typed "1.400" and years (the shared whole-number
field of ``webapp.fields`` with this area's messages) and decimals typed "0,3" (manual
statistics and targets: no other area types decimals). Each keeps what the user typed when it
is refused."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import StringField

from webapp.fields import IntegerField

REQUIRED = _l("Vui lòng nhập trường này.")
DECIMAL_MAX = Decimal(10) ** 15

_DECIMAL = re.compile(r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?|-?\d+(?:[,.]\d+)?")
_GROUPED = re.compile(r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?")


def parse_decimal(text: str | None) -> Decimal:
    """A number typed the Vietnamese way: "1.378", "0,3", "92,5", "1.234,5" (a trailing "%"
    is allowed and ignored; the caller knows the scale). Raises ValueError otherwise."""
    cleaned = (text or "").strip().removesuffix("%").strip().replace("\u00a0", "")
    if not _DECIMAL.fullmatch(cleaned):
        raise ValueError(_l("Số không hợp lệ: “%(text)s”", text=(text or "").strip()))
    if _GROUPED.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the pattern already refused it
        raise ValueError(_l("Số không hợp lệ: “%(text)s”", text=text)) from exc


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


class YearField(CountField):
    """A year ("2023", never "2.023")."""

    def __init__(self, label: str, **kwargs) -> None:
        super().__init__(label, message=_l("Năm không hợp lệ."), grouped=False, **kwargs)
