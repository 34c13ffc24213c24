"""The form fields every area uses, and the reading of query-string arguments.

One place decides what a date, an amount, a count, an id, a choice and a piece of text may be,
so that no hostile value reaches the database: a number that does not fit a 64-bit column, a
date SQLite or PostgreSQL cannot order, an enum value that does not exist, or a control
character that breaks the .xlsx exports. Each field keeps what the user typed when it refuses
it and says why in Vietnamese (translated when shown).

- dates: ISO (what ``<input type="date">`` sends) or typed "20/10/2023", between
  ``DATE_MIN`` and ``DATE_MAX``;
- money: whole đồng typed "1.500.000" (``formatting.parse_number``), 0 … ``MONEY_MAX``;
- counts and ids: whole numbers, ids and page numbers 1 … ``ID_MAX``;
- choices of an enum: parsed into the enum, an unknown value is a field error;
- text: NFC, control characters removed (tab and new line kept in multi-line fields).

``BaseForm`` is the FlaskForm every area's forms derive from: it cleans the text of every
string field, whatever its class.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TypeVar

from flask import Flask, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.exceptions import BadRequest
from wtforms import (
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import ValidationError

from webapp import formatting

# The sane windows. Wider than any record of the Union (members born in 1900 are long gone, a
# term ending in 2100 is far away) and narrow enough for every database and every report.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2100, 12, 31)
MONEY_MAX = 10**15  # một triệu tỷ đồng: above any fund, below 2^63
ID_MAX = 2**31 - 1  # ids, page numbers and counts fit a 32-bit INTEGER column
COUNT_MAX = ID_MAX
E = TypeVar(
    "E", bound=enum.Enum
)  # characters in one text field (the request body is capped separately)

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")

# C0 controls but tab/LF/CR, DEL and the C1 block: what XML 1.0 (and so .xlsx) refuses or what
# no one types. Multi-line text keeps tab and new lines; a single line turns them into spaces.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"[\t\r\n]")
# Unpaired surrogates and the two non-characters XML refuses as well.
_NONCHARACTERS = re.compile("[\ud800-\udfff\ufffe\uffff]")


# --- plain functions (services, routes and tests call them too) ---------------------------


def clean_text(value: str | None, multiline: bool = False) -> str | None:
    """``value`` in NFC without control characters (tab/new line kept when ``multiline``)."""
    if value is None:
        return None
    text = _NONCHARACTERS.sub("", _CONTROLS.sub("", value))
    if not multiline:
        text = _LINE_BREAKS.sub(" ", text)
    return unicodedata.normalize("NFC", text)


def parse_date(text: str) -> date:
    """A date typed as ISO or dd/mm/yyyy (also dd-mm-yyyy, dd.mm.yyyy) inside the sane window.

    Raises ValueError with a message for the user.
    """
    text = (text or "").strip()
    for fmt in DATE_FORMATS:
        try:
            value = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if not DATE_MIN <= value <= DATE_MAX:
            raise ValueError(
                _(
                    "Ngày phải trong khoảng %(low)s – %(high)s.",
                    low=formatting.date_short(DATE_MIN),
                    high=formatting.date_short(DATE_MAX),
                )
            )
        return value
    raise ValueError(_("Ngày không hợp lệ. Nhập theo dạng ngày/tháng/năm, ví dụ 20/10/2023."))


def parse_int(
    text: str,
    minimum: int | None = 0,
    maximum: int = COUNT_MAX,
    message: str | None = None,
    below_message: str | None = None,
) -> int:
    """A whole number typed "1.400" or "1400" within [minimum, maximum].

    ``minimum=None`` lets negative numbers through (down to ``-maximum``) for the services that
    refuse them with a message of their own. Raises ValueError with a message for the user.
    """
    try:
        value = formatting.parse_number(text)
    except ValueError:
        if message is None:
            raise ValueError(_("Vui lòng nhập một số nguyên.")) from None
        # A message may quote what was typed: "Số không hợp lệ: “%(text)s”".
        said = str(message)
        if "%(text)s" in said:
            said = said % {"text": text.strip()[:100]}
        raise ValueError(said) from None
    low = -maximum if minimum is None else minimum
    if value > maximum:
        raise ValueError(_("Số quá lớn (tối đa %(max)s).", max=formatting.number(maximum)))
    if value < low:
        if minimum is None:
            raise ValueError(_("Số quá nhỏ."))
        if below_message:
            raise ValueError(below_message)
        if minimum == 0:
            raise ValueError(_("Không được nhập số âm."))
        raise ValueError(_("Số phải từ %(min)s trở lên.", min=formatting.number(minimum)))
    return value


def optional_int(value: object, maximum: int = ID_MAX) -> int | None:
    """An id from a select, a hidden field or a query string: "" → None, "12" → 12.

    Anything else — garbage, 0, a negative number, a number above ``maximum`` — is None too, so
    that it reads as "nothing chosen" and never reaches the database.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip() if value is not None else ""
        if not text.isascii() or not text.isdigit() or len(text) > 12:
            return None
        number = int(text)
    return number if 1 <= number <= maximum else None


def enum_value(cls: type[enum.Enum], value: object) -> enum.Enum | None:
    """The member of ``cls`` whose value is ``value``; None when empty or unknown."""
    if value in (None, ""):
        return None
    if isinstance(value, cls):
        return value
    try:
        return cls(value)
    except ValueError:
        return None


# --- query strings --------------------------------------------------------------------------


class BadQuery(BadRequest):
    """400 for a query-string argument out of range; ``user_message`` is shown on the page."""

    def __init__(self, user_message: str) -> None:
        super().__init__(description=user_message)
        self.user_message = user_message


def query_int(
    name: str,
    default: int | None = None,
    minimum: int = 1,
    maximum: int = ID_MAX,
    source: object = None,
) -> int | None:
    """The whole number ``name`` of the query string (or of ``source``, a MultiDict).

    Absent or empty gives ``default``; anything that is not a whole number in
    [minimum, maximum] aborts with 400, so it never reaches a query.
    """
    args = request.args if source is None else source
    text = (args.get(name) or "").strip()  # type: ignore[attr-defined]
    if not text:
        return default
    digits = text.removeprefix("-")
    if (
        text.isascii()
        and digits.isdigit()
        and len(digits) <= 19
        and minimum <= int(text) <= maximum
    ):
        return int(text)
    raise BadQuery(_("Tham số “%(name)s” không hợp lệ.", name=name))


def query_enum(
    name: str, cls: type[E], default: E | None = None, source: object = None
) -> E | None:
    """The enum member named by the query-string argument ``name``; empty gives ``default``,
    an unknown value aborts with 400."""
    args = request.args if source is None else source
    text = args.get(name) or ""  # type: ignore[attr-defined]
    if not text:
        return default
    member = enum_value(cls, text)
    if member is None:
        raise BadQuery(_("Tham số “%(name)s” không hợp lệ.", name=name))
    return member


def query_date(name: str, default: date | None = None, source: object = None) -> date | None:
    """The date ``name`` of the query string (ISO or dd/mm/yyyy, inside the sane window);
    absent, malformed or outside the window gives ``default``, as a filter left empty."""
    args = request.args if source is None else source
    text = args.get(name) or ""  # type: ignore[attr-defined]
    try:
        return parse_date(text) if text.strip() else default
    except ValueError:
        return default


def query_ids(name: str, source: object = None, maximum: int = ID_MAX) -> list[int]:
    """Every valid id among the values of ``name`` (check boxes of a list); others are dropped."""
    args = request.values if source is None else source
    ids = (optional_int(v, maximum) for v in args.getlist(name))  # type: ignore[attr-defined]
    return list(dict.fromkeys(i for i in ids if i is not None))


# --- the door ---------------------------------------------------------------------------------


def _has_controls(text: object) -> bool:
    return isinstance(text, str) and bool(_CONTROLS.search(text) or _NONCHARACTERS.search(text))


def _cleaned(values: MultiDict) -> MultiDict | None:
    """``values`` without control characters, or None when it had none (the common case)."""
    pairs = list(values.items(multi=True))
    if not any(_has_controls(k) or _has_controls(v) for k, v in pairs):
        return None
    return MultiDict(
        (clean_text(k, multiline=True), clean_text(v, multiline=True) if isinstance(v, str) else v)
        for k, v in pairs
    )


def init_app(app: Flask) -> None:
    """Drop control characters (NUL first: PostgreSQL cannot store it) from every query-string
    and form value before any view reads it — the views that read ``request.args`` or
    ``request.form`` directly (searches, reasons, narratives) included. Tab and new lines stay;
    the form fields then clean each value for its own kind (single line, NFC)."""

    @app.before_request
    def _drop_control_characters() -> None:
        args = _cleaned(request.args)
        if args is not None:
            request.args = ImmutableMultiDict(args)  # type: ignore[misc]
        if request.method in ("POST", "PUT", "PATCH") and request.mimetype in FORM_TYPES:
            form = _cleaned(request.form)
            if form is not None:
                request.form = ImmutableMultiDict(form)  # type: ignore[misc]
        if args is not None or request.method in ("POST", "PUT", "PATCH"):
            request.__dict__.pop("values", None)  # recombined from the cleaned parts


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


# --- fields --------------------------------------------------------------------------------


class _ParsedField(StringField):
    """A text input whose value is parsed; a parse error shows beside it and the text stays.

    ``required=True`` refuses an empty value with "Vui lòng nhập trường này."; validators such
    as ``InputRequired`` work as with any field.
    """

    def __init__(self, label=None, validators=None, required: bool = False, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.required = required

    def parse(self, text: str):  # pragma: no cover - overridden
        raise NotImplementedError

    def format(self, value) -> str:
        return str(value)

    def process_formdata(self, valuelist):
        self.data = None
        text = valuelist[0] if valuelist else ""
        if text and text.strip():
            self.data = self.parse(text)  # ValueError → the field's error

    def _value(self) -> str:
        if self.raw_data and (self.process_errors or self.data is None):
            return self.raw_data[0]
        if self.raw_data and not isinstance(self.data, date):
            return self.raw_data[0]
        return self.format(self.data) if self.data is not None else ""

    def pre_validate(self, form) -> None:
        if self.required and self.data is None and not self.process_errors:
            raise ValidationError(_("Vui lòng nhập trường này."))


class DateField(_ParsedField):
    """A date in the sane window, shown as ``<input type="date">``; typed "20/10/2023" works
    too (browsers without a date picker, pasted text)."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"type": "date"})
        super().__init__(label, validators, **kwargs)

    def parse(self, text: str) -> date:
        return parse_date(text)

    def format(self, value: date) -> str:
        return value.isoformat() if isinstance(value, date) else str(value)


class IntegerField(_ParsedField):
    """A whole number (a count, a year, a record number): "1.525" or "1525".

    ``minimum``/``maximum`` bound it (``minimum=None``: any sign, for services that explain a
    negative value themselves); ``message`` replaces the "not a number" message.
    """

    def __init__(
        self,
        label=None,
        validators=None,
        minimum: int | None = 0,
        maximum: int = COUNT_MAX,
        message: str | None = None,
        below_message: str | None = None,
        grouped: bool = True,
        **kwargs,
    ):
        kwargs.setdefault("render_kw", {"inputmode": "numeric"})
        super().__init__(label, validators, **kwargs)
        self.minimum, self.maximum = minimum, maximum
        self.message, self.below_message = message, below_message
        self.grouped = grouped

    def parse(self, text: str) -> int:
        return parse_int(text, self.minimum, self.maximum, self.message, self.below_message)

    def format(self, value) -> str:
        if isinstance(value, int) and self.grouped:
            return formatting.number(value)
        return str(value)


class MoneyField(IntegerField):
    """An amount in whole đồng: "12.000", "12000 đ", "1 500 000"; 0 … ``MONEY_MAX``."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("maximum", MONEY_MAX)
        kwargs.setdefault("message", _l("Số tiền không hợp lệ; ví dụ 12.000."))
        kwargs.setdefault("below_message", _l("Số tiền không được âm."))
        super().__init__(label, validators, **kwargs)


class IdField(IntegerField):
    """A record number typed by hand (a member's number): 1 … ``ID_MAX``."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("minimum", 1)
        kwargs.setdefault("maximum", ID_MAX)
        kwargs.setdefault("message", _l("Mã phải là một số nguyên."))
        kwargs.setdefault("grouped", False)
        super().__init__(label, validators, **kwargs)


class _RefusedInUserLanguage:
    """Refuse an unknown or malformed choice with our own message, translated when refused
    (WTForms' messages are English, and a lazy message must not end up in ``errors``)."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)  # type: ignore[misc]
        except ValueError as exc:
            raise ValueError(_("Lựa chọn không hợp lệ; vui lòng chọn lại.")) from exc

    def pre_validate(self, form):
        try:
            super().pre_validate(form)  # type: ignore[misc]
        except ValidationError as exc:
            raise ValidationError(_("Lựa chọn không hợp lệ; vui lòng chọn lại.")) from exc


class ChoiceField(_RefusedInUserLanguage, SelectField):
    """A select whose unknown values are refused in the user's language."""


class CheckboxesField(_RefusedInUserLanguage, SelectMultipleField):
    """Many choices as check boxes."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def id_choice(value: object) -> int | None:
    """Coerce for selects and check boxes of ids: "" → None, an id → int, else ValueError
    (shown as "Lựa chọn không hợp lệ")."""
    if value in (None, "", "None"):
        return None
    number = optional_int(value)
    if number is None:
        raise ValueError(value)
    return number


class EnumField(ChoiceField):
    """A select of the members of an enum; ``data`` is the member (None for the empty option).

    ``empty`` adds an empty first option with that label.
    """

    def __init__(self, label=None, validators=None, enum_cls=None, empty=None, **kwargs):
        assert enum_cls is not None, "EnumField needs enum_cls"
        self.enum_cls = enum_cls
        kwargs.setdefault("choices", enum_choices(enum_cls, empty))
        kwargs["coerce"] = self._coerce
        super().__init__(label, validators, **kwargs)

    def _coerce(self, value):
        if value in (None, ""):
            return None
        member = enum_value(self.enum_cls, value)
        if member is None:
            raise ValueError(value)
        return member


def enum_choices(cls: type[enum.Enum], empty: str | None = None) -> list:
    """Select choices for a labelled enum, optionally with an empty first option; the labels
    are translated when the select is shown (the choices are built at import time)."""
    from webapp.form_helpers import choices

    pairs = [(m.value, _l(m.label)) for m in cls]  # type: ignore[attr-defined]
    return choices([(None, empty), *pairs] if empty is not None else pairs)


# --- the base form ---------------------------------------------------------------------------


def _text_filter(multiline: bool) -> Callable[[object], object]:
    def clean(value):
        return clean_text(value, multiline) if isinstance(value, str) else value

    return clean


class _CleanTextMeta:
    """Adds the control-character filter to every string field of the form (however the
    area declared it), so that NUL or a form feed never gets saved."""

    def bind_field(self, form, unbound_field, options):
        field_class = unbound_field.field_class
        if issubclass(field_class, StringField) and not issubclass(
            field_class, _ParsedField | PasswordField
        ):
            multiline = issubclass(field_class, TextAreaField)
            own = list(unbound_field.kwargs.get("filters") or ())
            options = {**options, "filters": [_text_filter(multiline), *own]}
        return super().bind_field(form, unbound_field, options)  # type: ignore[misc]


class BaseForm(FlaskForm):
    """The FlaskForm of every area: text fields are cleaned (see ``clean_text``)."""

    class Meta(_CleanTextMeta):
        pass


class VersionedForm(BaseForm):
    """The form of a stored record: it carries the version the page was loaded with, so that a
    save based on an older version is refused (``refusals.check_version``)."""

    version = HiddenField()

    @property
    def loaded_version(self) -> int | None:
        """The record version the form was based on (None when absent or malformed)."""
        return optional_int(self.version.data)

    def load_version(self, record: object) -> None:
        """Remember the version of ``record`` as the page shows it."""
        self.version.data = str(record.version)  # type: ignore[attr-defined]


def clean_values(values: Iterable[str], multiline: bool = False) -> list[str]:
    """``clean_text`` over a list of values (the lines of a textarea, a getlist())."""
    return [clean_text(v, multiline) or "" for v in values]
