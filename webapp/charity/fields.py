"""The one field of the charity area that is its own: a whole number whose sign the services
judge. Dates, choices and ids come from ``webapp.fields``."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from webapp.fields import MONEY_MAX, IntegerField
from webapp.fields import enum_value as enum_or_none

__all__ = ["WholeNumberField", "enum_or_none"]


class WholeNumberField(IntegerField):
    """A whole number typed "1.500.000", "1500000" or "1 500 000 đ"; ``data`` is an int or
    None (left empty). A negative value is refused by the services, which name the rule."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("minimum", None)
        kwargs.setdefault("maximum", MONEY_MAX)
        kwargs.setdefault("message", _l("Số không hợp lệ: hãy nhập số nguyên, ví dụ 1.500.000."))
        super().__init__(label, validators, **kwargs)
