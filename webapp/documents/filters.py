"""The filters a report template can use: ONE registry, read by the sandbox (which registers
them), the variable catalogue page and the starter template.

Every filter reads its value the same forgiving way, so one odd placeholder never fails the
whole report:

* a figure with sub-codes (``raw.loans.outstanding_vnd``) is read as its total;
* a formatted figure typed where a number was meant (``{{ members.total|number }}``, i.e.
  "1.412") is read back as the number it shows, when it is a plain Vietnamese integer;
* amounts (``money``, ``money_scaled``, ``billions``, ``millions``, ``words``, ``money_words``)
  are whole đồng: a decimal is rounded half up to the nearest đồng (as a calculator would:
  1.234,5 → 1.235), negative amounts keep their sign ("âm …" in words);
* nothing (None) prints nothing, and a value the records do not give prints "…" as elsewhere;
* a value the filter cannot read at all (text, a date given to ``money``) prints :data:`MARKER`
  in its place and is reported, in Vietnamese, with the filter, the value and the paragraph,
  while the rest of the report is rendered (see :func:`collecting`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from jinja2 import Undefined

from webapp import formatting
from webapp.documents.figures import plain

MARKER = "[?]"


class Unreadable(Exception):
    """A filter was given a value it cannot read."""


@dataclass(frozen=True)
class Problem:
    """One placeholder that printed :data:`MARKER`: which filter, what value, where."""

    filter: str
    value: str
    paragraph: str

    def message(self) -> str:
        """In Vietnamese: the worker stores it on the job row, like its other messages."""
        where = f" — ở đoạn: “{self.paragraph}”" if self.paragraph else ""  # vi-only
        name, value = self.filter, self.value
        return f"Bộ lọc “{name}” không đọc được giá trị “{value}”; chỗ đó in {MARKER}{where}."  # vi-only


_problems: ContextVar[tuple[list[Problem], Callable[[int], str]] | None] = ContextVar(
    "report_filter_problems", default=None
)


@contextmanager
def collecting(paragraph_at: Callable[[int], str] = lambda lineno: "") -> Iterator[list[Problem]]:
    """Collect the placeholders that could not be filled while rendering inside the block;
    ``paragraph_at(lineno)`` names the paragraph of a template line."""
    problems: list[Problem] = []
    token = _problems.set((problems, paragraph_at))
    try:
        yield problems
    finally:
        _problems.reset(token)


def _template_line() -> int | None:
    """The line of the template being rendered that called the filter (Jinja's own mapping)."""
    frame = sys._getframe(2)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return template.get_corresponding_lineno(frame.f_lineno)
        frame = frame.f_back
    return None


def _report(name: str, value: Any) -> str:
    state = _problems.get()
    if state is not None:
        problems, paragraph_at = state
        lineno = _template_line()
        shown = str(value)[:80]
        problems.append(Problem(name, shown, paragraph_at(lineno) if lineno else ""))
    return MARKER


# --- reading values -------------------------------------------------------------------------


def _number(value: Any) -> int | float | Decimal:
    if isinstance(value, bool):
        raise Unreadable
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, str):
        try:
            return formatting.parse_number(value)
        except ValueError:
            raise Unreadable from None
    raise Unreadable


def _whole(value: Any) -> int:
    """Whole đồng: decimals rounded half up (documented in the module docstring)."""
    number = _number(value)
    if isinstance(number, int):
        return number
    exact = Decimal(str(number)) if isinstance(number, float) else number
    if not exact.is_finite():
        raise Unreadable
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _date(value: Any) -> date:
    if isinstance(value, (date, datetime)):
        return value
    raise Unreadable


READERS: dict[str, Callable[[Any], Any]] = {"number": _number, "whole": _whole, "date": _date}


@dataclass(frozen=True)
class ReportFilter:
    """A filter: its name in templates, the function, how it reads its value, and the
    example the catalogue shows (``sample`` is the value the example stands for)."""

    name: str
    func: Callable[..., str]
    reads: str
    description: Any  # a lazy string: shown in the user's language
    example: str
    sample: Any
    args: tuple = ()
    # The arguments are figures read like the value (fraction's "b"), not options (decimals).
    args_are_values: bool = False

    def __call__(self, value: Any, *args: Any) -> Any:
        if isinstance(value, Undefined):
            return value  # prints "…" (or fails a strict check) as any missing value does
        value = plain(value)
        if value is None:
            return ""
        try:
            read = READERS[self.reads](value)
            reader = READERS[self.reads]
            extra = [reader(plain(a)) for a in args] if self.args_are_values else args
            return self.func(read, *extra)
        except (Unreadable, TypeError, ValueError, ArithmeticError):
            return _report(self.name, value)

    @property
    def example_output(self) -> str:
        """What the example prints (computed, so the catalogue can never disagree)."""
        return self(self.sample, *self.args)


REGISTRY: tuple[ReportFilter, ...] = (
    ReportFilter(
        "number",
        formatting.number,
        "number",
        _l("Số có dấu chấm phân cách hàng nghìn; tham số: số chữ số thập phân"),
        "{{ raw.members.total|number }}",
        1412,
    ),
    ReportFilter(
        "percent",
        formatting.percent,
        "number",
        _l("Tỷ lệ (0,926) in thành phần trăm; tham số: số chữ số thập phân"),
        "{{ raw.members.gathering_rate|percent }}",
        0.926,
    ),
    ReportFilter(
        "money",
        formatting.money,
        "whole",
        _l("Số tiền đầy đủ, đến từng đồng (số lẻ được làm tròn đến đồng)"),
        "{{ raw.loans.outstanding_vnd|money }}",
        84_640_000,
    ),
    ReportFilter(
        "money_scaled",
        formatting.money_scaled,
        "whole",
        _l(
            "Số tiền theo độ lớn, như cán bộ vẫn viết: từ 1 tỷ in “tỷ đồng”, từ 1 triệu in "
            "“triệu đồng” (một chữ số thập phân), dưới 1 triệu in đủ đồng"
        ),
        "{{ raw.loans.outstanding_vnd|money_scaled }}",
        84_640_000,
    ),
    ReportFilter(
        "billions",
        formatting.billions,
        "whole",
        _l("Số tiền luôn tính bằng tỷ đồng (số nhỏ in “0 tỷ đồng”: nên dùng money_scaled)"),
        "{{ raw.loans.outstanding_vnd|billions }}",
        36_812_000_000,
    ),
    ReportFilter(
        "millions",
        formatting.millions,
        "whole",
        _l("Số tiền luôn tính bằng triệu đồng"),
        "{{ raw.charity.gifts_value_vnd|millions }}",
        320_000_000,
    ),
    ReportFilter(
        "words",
        formatting.amount_in_words,
        "whole",
        _l("Số đọc thành chữ; số âm đọc “âm …”"),
        "{{ raw.members.admitted|words }}",
        105,
    ),
    ReportFilter(
        "money_words",
        formatting.money_in_words,
        "whole",
        _l("Số tiền bằng chữ, viết hoa chữ đầu"),
        "{{ raw.charity.gifts_value_vnd|money_words }}",
        1_005_000,
    ),
    ReportFilter(
        "fraction",
        formatting.fraction,
        "whole",
        _l("Hai số dạng “a/b”"),
        "{{ raw.activities.reach_cadres|fraction(raw.activities.reach_cadres_total) }}",
        18,
        (20,),
        args_are_values=True,
    ),
    ReportFilter(
        "date",
        formatting.date_short,
        "date",
        _l("Ngày dạng ngày/tháng/năm"),
        "{{ some_date|date }}",
        date(2023, 10, 20),
    ),
    ReportFilter(
        "date_long",
        formatting.date_long,
        "date",
        _l("Ngày viết trong văn bản (Nghị định 30/2020)"),
        "{{ some_date|date_long }}",
        date(2023, 10, 20),
    ),
)

FILTERS: dict[str, ReportFilter] = {f.name: f for f in REGISTRY}
