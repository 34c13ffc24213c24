"""Vietnamese numbers, money, dates, amounts in words — one module for pages and reports.

Every page template and every exported report formats values through this module so that
"1.412", "92,6%", "890.000.000 đồng" and "ngày 05 tháng 02 năm 2024" look the same
everywhere.  Conventions:

* Thousands are grouped with "." and the decimal mark is "," (Vietnamese standard).
* Rounding is ROUND_HALF_UP on a Decimal built from ``str(value)``: reports are checked by
  hand against a calculator, which rounds 92,55 up to 92,6; Python's ``round()`` uses
  banker's rounding and binary floats (0.9255 is really 0.92549999…) would round it down.
* Money is an integer number of đồng; floats are refused so that rounding errors can
  never slip into an amount.
* Formatting functions return "" for None so templates can pass missing values through.

Stdlib only; no Flask imports. It also gives today's date, the current time and stored times
in the union's time zone (:func:`local_today`, :func:`local_now`, :func:`local_datetime`).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal, localcontext
from zoneinfo import ZoneInfo

__all__ = [
    "amount_in_words",
    "billions",
    "date_long",
    "date_short",
    "fraction",
    "local_datetime",
    "local_now",
    "local_today",
    "local_tz",
    "millions",
    "money",
    "money_in_words",
    "money_scaled",
    "number",
    "parse_number",
    "percent",
    "place_date",
    "ratio_percent",
]


# --- today in the union's time zone ------------------------------------------------------

# The union's time zone; create_app sets it from the TIMEZONE setting. Servers and
# containers run in UTC, so the server's own date is yesterday until 07:00 in Vietnam.
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
_local_tz: tzinfo = ZoneInfo(DEFAULT_TIMEZONE)


def _utcnow() -> datetime:
    # The one clock the app reads (tests freeze it here).
    return datetime.now(UTC)


def set_timezone(name: str) -> None:
    """Use the IANA zone ``name`` (e.g. "Asia/Ho_Chi_Minh") for today's date and local times."""
    global _local_tz
    _local_tz = ZoneInfo(name)


def local_tz() -> tzinfo:
    """The union's time zone."""
    return _local_tz


def local_now() -> datetime:
    """The current time in the union's time zone (aware)."""
    return _utcnow().astimezone(_local_tz)


def local_today() -> date:
    """Today's date in the union's time zone: the one "today" of every default and every
    "not in the future" rule."""
    return local_now().date()


def local_datetime(value: datetime | None) -> str:
    """A stored UTC time as the union's local time, "20/10/2023 14:05" ("" for None)."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(_local_tz).strftime("%d/%m/%Y %H:%M")


# --- numbers ------------------------------------------------------------------------------


def _to_decimal(value: object) -> Decimal:
    # bool is an int subclass but "True" is never a quantity: refuse it explicitly.
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"expected int, float or Decimal, got {type(value).__name__}")
    # str() gives the shortest repr of a float, i.e. the number the user actually saw.
    result = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not result.is_finite():
        raise ValueError(f"cannot format non-finite number {value!r}")
    return result


def _format_decimal(value: Decimal, decimals: int, drop_zero_fraction: bool = False) -> str:
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    with localcontext() as ctx:
        # Default precision (28 digits) would make quantize() fail on very large values.
        ctx.prec = max(28, value.adjusted() + decimals + 5)
        rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""  # -0,04 rounded to 1 place is "0,0", not "-0,0"
    integer, _, fraction_digits = f"{abs(rounded):f}".partition(".")
    if drop_zero_fraction and not fraction_digits.strip("0"):
        fraction_digits = ""
    grouped = f"{int(integer):,}".replace(",", ".")
    return sign + grouped + ("," + fraction_digits if fraction_digits else "")


def number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """Format a number Vietnamese-style: number(1412) == "1.412", number(92.6, 1) == "92,6"."""
    if value is None:
        return ""
    return _format_decimal(_to_decimal(value), decimals)


def percent(ratio: int | float | Decimal | None, decimals: int = 1) -> str:
    """Format a RATIO as a percentage: 0.926 -> "92,6%", 1.0 -> "100%" (",0" is dropped)."""
    if ratio is None:
        return ""
    return _format_decimal(_to_decimal(ratio) * 100, decimals, drop_zero_fraction=True) + "%"


def ratio_percent(numerator, denominator, decimals: int = 1) -> str:
    """Format numerator/denominator as a percentage; "" if either is None or denominator is 0."""
    if numerator is None or denominator is None or denominator == 0:
        return ""
    with localcontext() as ctx:
        ctx.prec = 40  # exact enough that 1851/2000 stays 0.9255 and rounds to 92,6%
        ratio = _to_decimal(numerator) / _to_decimal(denominator)
    return percent(ratio, decimals)


def fraction(a: int | None, b: int | None) -> str:
    """Format "a out of b" as "7/10" (thousands grouped: "1.412/2.000")."""
    if a is None or b is None:
        return ""
    return f"{number(a)}/{number(b)}"


# --- money --------------------------------------------------------------------------------


def _check_dong(vnd: object) -> int:
    if isinstance(vnd, bool) or not isinstance(vnd, int):
        raise TypeError(f"money must be an integer number of đồng, got {type(vnd).__name__}")
    return vnd


def money(vnd: int | None, short: bool = False) -> str:
    """Format integer đồng: "890.000.000 đồng", or "890.000.000 đ" with short=True.

    Pages and reports write "đồng" everywhere, tables included (one money style, as the
    amounts in tỷ/triệu đồng beside them; tests/test_money_style.py): ``short`` is for
    places outside the pages that have no room, never beside the long form.
    """
    if vnd is None:
        return ""
    return f"{number(_check_dong(vnd))} {'đ' if short else 'đồng'}"


def scaled_number(vnd: int, exponent: int, decimals: int = 1) -> str:
    """Đồng divided by 10^exponent, without a unit (",0" dropped): a chart's axis label, whose
    unit is written once beside the axis. scaled_number(37_500_000_000, 9) == "37,5"."""
    value = Decimal(_check_dong(vnd)).scaleb(-exponent)
    return _format_decimal(value, decimals, drop_zero_fraction=True)


def _scaled(vnd: int, exponent: int, decimals: int, unit: str) -> str:
    return f"{scaled_number(vnd, exponent, decimals)} {unit}"


def billions(vnd: int | None, decimals: int = 1) -> str:
    """Format đồng in tỷ (10^9): 36_800_000_000 -> "36,8 tỷ đồng", 30 tỷ -> "30 tỷ đồng"."""
    return "" if vnd is None else _scaled(vnd, 9, decimals, "tỷ đồng")


def millions(vnd: int | None, decimals: int = 1) -> str:
    """Format đồng in triệu (10^6): 320_000_000 -> "320 triệu đồng"."""
    return "" if vnd is None else _scaled(vnd, 6, decimals, "triệu đồng")


_MILLION, _THOUSAND_MILLIONS = Decimal(10**6), Decimal(1000)


def money_scaled(vnd: int | None) -> str:
    """Format đồng in the unit officers would write for its size (one decimal, ",0" dropped):

    * below 1 triệu: every đồng, "999.999 đồng";
    * from 1 triệu: in triệu, "84,6 triệu đồng", "40 triệu đồng";
    * from 1 tỷ: in tỷ, "36,8 tỷ đồng", "1 tỷ đồng".

    The unit is chosen on the ROUNDED amount, so an amount that rounds to 1.000 triệu
    (999.950.000 đ → 999,95 → 1.000,0) is written "1 tỷ đồng", never "1.000 triệu đồng";
    999.940.000 đ stays "999,9 triệu đồng". Negative amounts keep their sign. Where a
    document needs the exact amount, use :func:`money` ("84.640.000 đồng").
    """
    if vnd is None:
        return ""
    amount = _check_dong(vnd)
    if abs(amount) < 10**6:
        return money(amount)
    in_millions = Decimal(amount) / _MILLION
    with localcontext() as ctx:
        ctx.prec = max(28, in_millions.adjusted() + 6)
        rounded = in_millions.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if abs(rounded) < _THOUSAND_MILLIONS:
        return f"{_format_decimal(in_millions, 1, drop_zero_fraction=True)} triệu đồng"
    return billions(amount, 1)


# Typed input: optional "-", digits grouped by "." or by spaces (one kind only; groups after
# the first have exactly 3 digits), or plain digits; an optional currency suffix.
_SUFFIX = re.compile(r"\s*(?:đồng|đ|vnđ|vnd)\.?$", re.IGNORECASE)
_AMOUNT = re.compile(r"-?(?:\d+|\d{1,3}(?:\.\d{3})+|\d{1,3}(?: \d{3})+)")


def parse_number(text: str | None) -> int:
    """Parse an integer typed the Vietnamese way ("1.500.000 đ", "1 500 000", "-2.000").

    Raises ValueError("Số không hợp lệ: …") for anything else, including empty input or None
    (a form field that must hold an amount) and "1,5" (đồng have no decimals).
    """
    if text is not None and not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    if text is None or not text.strip():
        raise ValueError("Số không hợp lệ: chưa nhập giá trị")
    # Browsers and spreadsheets paste non-breaking / narrow spaces as digit separators.
    cleaned = re.sub(r"[\u00a0\u202f\u2009]", " ", text).strip()
    cleaned = _SUFFIX.sub("", cleaned)
    if not _AMOUNT.fullmatch(cleaned):
        raise ValueError(f"Số không hợp lệ: “{text.strip()}”")
    return int(cleaned.replace(".", "").replace(" ", ""))


# --- dates --------------------------------------------------------------------------------


def date_short(d: date | None) -> str:
    """Format a date as "20/10/2023" (dd/mm/yyyy, zero-padded)."""
    return "" if d is None else f"{d.day:02d}/{d.month:02d}/{d.year}"


def date_long(d: date | None) -> str:
    """Format a date for documents: "ngày 05 tháng 02 năm 2024", "ngày 15 tháng 3 năm 2024".

    Nghị định 30/2020/NĐ-CP (Phụ lục I) requires a leading zero for days below 10 and for
    months 1 and 2 only — so "tháng 01" cannot later be altered into "tháng 11" or "12".
    """
    if d is None:
        return ""
    day = f"{d.day:02d}"
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {day} tháng {month} năm {d.year}"


def place_date(place: str | None, d: date | None) -> str:
    """Format the document place-and-date line: "Đức Xương, ngày 20 tháng 10 năm 2023"."""
    if d is None:
        return ""
    return f"{place}, {date_long(d)}" if place else date_long(d)


# --- amounts in words ---------------------------------------------------------------------

_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_BILLION = 10**9


def _group_words(value: int, full: bool) -> list[str]:
    """Read 0 < value < 1000; full=True reads the hundreds even when 0 ("không trăm")."""
    hundreds, rest = divmod(value, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            # "linh" (northern; southern usage says "lẻ") marks the empty tens place, and is
            # only needed when something stands before it: 105 "một trăm linh năm", 5 "năm".
            words += ["linh", _DIGITS[units]] if words else [_DIGITS[units]]
        return words
    words += ["mười"] if tens == 1 else [_DIGITS[tens], "mươi"]
    if units == 1 and tens >= 2:
        words.append("mốt")  # 21 "hai mươi mốt", but 11 "mười một"
    elif units == 4 and tens >= 2:
        words.append("tư")  # 24 "hai mươi tư", but 14 "mười bốn"
    elif units == 5:
        words.append("lăm")  # 15 "mười lăm", 25 "hai mươi lăm" (105 keeps "linh năm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _words(n: int, leading: bool) -> list[str]:
    if n >= _BILLION:
        # Above tỷ the scale names repeat: 10^12 is "một nghìn tỷ", 10^15 "một triệu tỷ".
        high, low = divmod(n, _BILLION)
        return _words(high, leading) + ["tỷ"] + (_words(low, False) if low else [])
    words: list[str] = []
    for scale, unit in ((10**6, "triệu"), (10**3, "nghìn"), (1, "")):
        group = n // scale % 1000
        if group:  # groups that are entirely zero are skipped: 1_000_000 is "một triệu"
            # Only the very first group may omit its hundreds; later ones say "không trăm":
            # 1005 "một nghìn không trăm linh năm".
            words += _group_words(group, full=not leading or bool(words))
            words += [unit] if unit else []
    return words


def amount_in_words(n: int | None) -> str:
    """Read an integer in Vietnamese words, lowercase: 1005 -> "một nghìn không trăm linh
    năm", -5 -> "âm năm" (a deficit, a decrease).  Uses "nghìn" and "linh" (northern forms)
    consistently."""
    if n is None:
        return ""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"expected int, got {type(n).__name__}")
    if n < 0:
        return "âm " + amount_in_words(-n)
    return "không" if n == 0 else " ".join(_words(n, leading=True))


def money_in_words(n: int | None) -> str:
    """Amount in words for documents: 1_005_000 -> "Một triệu không trăm linh năm nghìn đồng"."""
    if n is None:
        return ""
    words = amount_in_words(n)
    return f"{words[0].upper()}{words[1:]} đồng"
