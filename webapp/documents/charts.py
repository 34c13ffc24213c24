"""Charts drawn in the worker and placed in the document as images (PNG drawn with Pillow)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from PIL import Image, ImageDraw, ImageFont

from webapp import formatting
from webapp.extensions import db
from webapp.indicators import REGISTRY, Period, Values
from webapp.indicators.series import by_unit
from webapp.models import Unit
from webapp.scope import children_on

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  # Debian's fonts-dejavu-core
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)
BAR = (176, 23, 79)
TEXT = (31, 35, 40)
MUTED = (91, 99, 109)
SCALE = 2  # drawn at twice the size: crisp when Word scales it to 15 cm
WIDTH = 640  # points of the drawing (before SCALE), placed 150 mm wide in the document
WIDTH_MM = 150
LABEL_PT, TITLE_PT = 12, 13  # as printed: beside a 14 pt body, as a table's text would be


def _px(points: float) -> int:
    """The drawing size (before SCALE) that prints at ``points`` once the image is 150 mm wide."""
    return round(points * 25.4 / 72 * WIDTH / WIDTH_MM)


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A font with Vietnamese letters; Pillow's own font if none is installed."""
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            return ImageFont.truetype(path, size * SCALE)
    return ImageFont.load_default(size * SCALE)


def bar_chart(
    title: str,
    labels: list[str],
    values: list[float],
    fmt: Callable[[float], str],
    reference: tuple[float, str] | None = None,
) -> bytes:
    """A horizontal bar chart (PNG) with each bar's value written in Vietnamese format; its
    text prints at 12-13 pt when placed 150 mm wide. ``reference`` (value, label) draws a
    dashed vertical line across the bars there (the 100% of a target).

    Drawn with Pillow: a few milliseconds, where a plotting library would take a tenth of a
    second per chart and more to import.
    """
    label_font, title_font = _font(_px(LABEL_PT)), _font(_px(TITLE_PT))
    measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    label_w = max((measure.textlength(text, font=label_font) for text in labels), default=0)
    # A long name takes two lines of at most 40% of the width; the bars need the rest.
    label_w = min(label_w, WIDTH * SCALE * 0.4)
    lines = [_wrap(measure, text, label_font, label_w) for text in labels]
    line_h = int(_px(LABEL_PT) * 1.2) * SCALE
    rows_of = max((len(x) for x in lines), default=1)
    width, row = WIDTH * SCALE, int(_px(LABEL_PT) * 0.7) * SCALE + line_h * rows_of
    top = int(_px(TITLE_PT) * 2.2) * SCALE
    left = int(label_w) + 12 * SCALE
    value_room = int(_px(LABEL_PT) * 7) * SCALE
    bottom = (_px(LABEL_PT) + 12) * SCALE if reference else 8 * SCALE
    height = top + row * len(labels) + bottom
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((width // 2, 6 * SCALE), title, font=title_font, fill=TEXT, anchor="ma")
    top_value = max([*values, reference[0] if reference else 0]) or 1
    span = width - left - value_room
    for i, value in enumerate(values):
        y = top + i * row
        label_lines = lines[i]
        for n, line in enumerate(label_lines):
            centre = y + row // 2 + (n - (len(label_lines) - 1) / 2) * line_h
            draw.text((left - 8 * SCALE, centre), line, font=label_font, fill=MUTED, anchor="rm")
        bar = max(int(span * value / top_value), 1 if value else 0)
        half = min(row // 2 - 5 * SCALE, int(_px(LABEL_PT) * 0.75) * SCALE)
        draw.rectangle((left, y + row // 2 - half, left + bar, y + row // 2 + half), fill=BAR)
        draw.text(
            (left + bar + 6 * SCALE, y + row // 2),
            fmt(value),
            font=label_font,
            fill=TEXT,
            anchor="lm",
        )
    draw.line((left, top, left, top + row * len(labels)), fill=MUTED, width=SCALE)
    if reference:
        x = left + int(span * reference[0] / top_value)
        for y in range(top - 4 * SCALE, top + row * len(labels) + 4 * SCALE, 10 * SCALE):
            draw.line((x, y, x, y + 6 * SCALE), fill=TEXT, width=SCALE)
        draw.text(
            (x, top + row * len(labels) + 6 * SCALE),
            reference[1],
            font=label_font,
            fill=TEXT,
            anchor="ma",
        )
    out = io.BytesIO()
    # Flat colours compress well even at the fastest level, which is 5× quicker than the default.
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()


def _wrap(measure: ImageDraw.ImageDraw, text: str, font, room: float) -> list[str]:
    """``text`` on one line or two of at most ``room`` pixels, the second shortened with "…"
    if even two lines are not enough."""
    if measure.textlength(text, font=font) <= room:
        return [text]
    words, first = text.split(), ""
    while words and measure.textlength((first + " " + words[0]).strip(), font=font) <= room:
        first = (first + " " + words.pop(0)).strip()
    if not first:  # one word longer than the room
        first, words = words[0], words[1:]
    rest = " ".join(words)
    if rest and measure.textlength(rest, font=font) > room:
        while rest and measure.textlength(rest + "…", font=font) > room:
            rest = rest[:-1]
        rest = rest.rstrip() + "…"
    return [first, rest] if rest else [first]


def _by_child_unit(unit: Unit, period: Period, code: str) -> tuple[list[str], list[float]]:
    """The indicator for each unit directly below ``unit`` (up to 40 branches of a merged
    commune, or the communes of a province): one query for all of them."""
    # The units below it as the tree was at the as-of date (history: moves and merges).
    children = db.session.scalars(children_on(unit.id, period.at)).all()
    values = by_unit(unit.id, period, code, [child.id for child in children])
    return [child.name for child in children], [float(v or 0) for v in values]


# name → (indicator code, chart title); the code must be one that series.BY_UNIT computes
BY_CHILD_UNIT = {
    "members_by_branch": ("members.total", "Số hội viên theo đơn vị"),
}


def build(
    tpl: DocxTemplate,
    text: str,
    unit: Unit,
    period: Period,
    values: Values,
    targets: list[dict[str, Any]],
) -> dict[str, Any]:
    """Chart images for the template, by name; only those whose indicators exist and whose
    template's ``text`` asks for them ({{ charts.<name> }}) are drawn (drawing costs time)."""
    wanted = set(re.findall(r"charts\.([a-z_]+)", text))
    charts: dict[str, Any] = {}
    if "loans_by_bank" in wanted:
        # The per-bank parts of the outstanding balance (loans.outstanding_vnd.<bank>).
        parts = sorted(
            c
            for c in values.raw
            if c.startswith("loans.outstanding_vnd.") and values.raw[c] is not None
        )
        if parts:
            labels = [REGISTRY.indicators[c].label.removeprefix("Dư nợ ") for c in parts]
            amounts = [float(values.raw[c]) for c in parts]
            png = bar_chart(
                "Dư nợ theo ngân hàng", labels, amounts, lambda v: formatting.money_scaled(int(v))
            )
            charts["loans_by_bank"] = InlineImage(tpl, io.BytesIO(png), width=Mm(150))
    for name, (code, title) in BY_CHILD_UNIT.items():
        if name not in wanted or code not in REGISTRY.indicators:
            continue
        labels, values = _by_child_unit(unit, period, code)
        if labels:
            ind = REGISTRY.indicators[code]
            png = bar_chart(
                title,
                labels,
                values,
                lambda v, ind=ind: ind.format(
                    int(v) if ind.kind in ("count", "money", "money_scaled") else v
                ),
            )
            charts[name] = InlineImage(tpl, io.BytesIO(png), width=Mm(150))
    if "targets" in wanted:
        from webapp.documents.lists import targets_chart_data

        data = targets_chart_data(targets)
        if data:
            names, percents = data
            png = bar_chart(
                "Tiến độ thực hiện chỉ tiêu",
                names,
                percents,
                lambda v: formatting.percent(v / 100),
                reference=(100.0, "100%"),
            )
            charts["targets"] = InlineImage(tpl, io.BytesIO(png), width=Mm(150))
    return charts
