"""The default templates' layout as Word reads it (Nghị định 30/2020): heading styles, page
numbers from page 2, drawn rules, a closing block that never splits, charts at body size."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from webapp.documents import charts
from webapp.documents.narrative import plain_text, sanitize, to_paragraphs
from webapp.documents.produce import produce
from webapp.documents.requests import request_for_unit
from webapp.indicators import Period
from webapp.models.reports import ReportKind

PERIODS = {
    ReportKind.MONTHLY: Period(date(2023, 5, 1), date(2023, 5, 31)),
    ReportKind.QUARTERLY: Period(date(2023, 4, 1), date(2023, 6, 30)),
    ReportKind.HALF_YEAR: Period(date(2023, 1, 1), date(2023, 6, 30)),
    ReportKind.ANNUAL: Period(date(2023, 1, 1), date(2023, 12, 31)),
    ReportKind.MID_TERM: Period(date(2021, 1, 1), date(2023, 10, 20)),
    ReportKind.END_TERM: Period(date(2021, 1, 1), date(2025, 12, 31)),
}


def _document(world, kind: ReportKind):
    req = request_for_unit(world.commune_a, kind, PERIODS[kind])
    return Document(io.BytesIO(produce(req, kind).data))


@pytest.mark.parametrize("kind", list(ReportKind), ids=lambda k: k.value)
def test_the_layout_of_every_kind(app, world, kind):
    doc = _document(world, kind)
    body = doc.element.body

    # Headings use Word's heading styles, so the navigation pane lists them.
    styled = {p.text: p.style.name for p in doc.paragraphs if p.text.strip()}
    headings = [text for text, style in styled.items() if style.startswith("Heading")]
    assert len(headings) >= 4
    for text, style in styled.items():
        if re.match(r"[IVX]+\. ", text):
            assert style == "Heading 1", text
        elif re.match(r"[0-9]+\. [A-ZĐÂÊÔƠƯ]", text):
            assert style == "Heading 2", text

    # Page numbers: a PAGE field centred in the header, none on the first page.
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml and 'w:val="center"' in header_xml
    assert "PAGE" not in section.first_page_header._element.xml

    # The header: no "***", no underlined run, the short rules drawn as borders, and no
    # cell that starts with an empty paragraph.
    head = doc.tables[0]
    text = "\n".join(c.text for c in head.rows[0].cells)
    assert "***" not in text and "CHỦ NGHĨA VIỆT NAM" in text
    for cell in head.rows[0].cells:
        assert cell.paragraphs[0].text.strip()
        assert not [r.text for p in cell.paragraphs for r in p.runs if r.underline]
        rules = [
            p
            for p in cell.paragraphs
            if p._p.find(f".//{qn('w:pBdr')}/{qn('w:bottom')}") is not None
        ]
        assert len(rules) == 1
        indent = rules[0].paragraph_format
        assert indent.left_indent and indent.left_indent == indent.right_indent

    # The closing block: a row that cannot split, kept with the body's last paragraph.
    blocks = [el for el in body.iterchildren() if el.tag in (qn("w:p"), qn("w:tbl"))]
    closing = blocks[-1]
    assert closing.tag == qn("w:tbl") and "Nơi nhận" in "".join(closing.itertext())
    assert closing.findall(f".//{qn('w:trPr')}/{qn('w:cantSplit')}")
    before = blocks[-2]
    if before.tag == qn("w:tbl"):  # a figures table ends the body: its last row
        before = before.findall(qn("w:tr"))[-1].findall(f".//{qn('w:p')}")[-1]
    assert before.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None


def _bar_rows(image: Image.Image) -> list[int]:
    """The rows where a bar is drawn."""
    bar = charts.BAR
    return [y for y in range(image.height) if bar in [image.getpixel((x, y)) for x in range(0, image.width, 4)]]  # fmt: skip


def test_chart_text_prints_at_body_proportionate_size_and_targets_show_100_percent():
    # The drawing is placed 150 mm wide: its label font must print at 11 pt at least.
    label_px = charts._font(charts._px(charts.LABEL_PT)).size
    printed_pt = label_px / (charts.WIDTH * charts.SCALE) * charts.WIDTH_MM / 25.4 * 72
    assert 11.5 <= printed_pt <= 14

    png = charts.bar_chart("Tiến độ", ["Một chỉ tiêu"], [50.0], str, reference=(100.0, "100%"))
    image = Image.open(io.BytesIO(png)).convert("RGB")
    y = _bar_rows(image)[len(_bar_rows(image)) // 2]
    bar_x = [x for x in range(image.width) if image.getpixel((x, y)) == charts.BAR]
    start, end = bar_x[0], bar_x[-1]
    line_x = start + 2 * (end - start)  # 100% is twice as far as 50%
    column = [image.getpixel((x, yy)) for x in range(line_x - 3, line_x + 4) for yy in range(image.height)]  # fmt: skip
    assert charts.TEXT in column
    plain = charts.bar_chart("Tiến độ", ["Một chỉ tiêu"], [50.0], str)
    plain_image = Image.open(io.BytesIO(plain)).convert("RGB")
    assert charts.TEXT not in [
        plain_image.getpixel((x, yy))
        for x in range(line_x - 3, line_x + 4)
        for yy in range(plain_image.height)
    ]


@pytest.mark.parametrize(
    "typed",
    [
        "Đoạn một.<div>Đoạn hai.</div>",  # Chromium's Enter
        "<div>Đoạn một.</div><div>Đoạn hai.</div>",
        "Đoạn một.<br>Đoạn hai.",  # older engines' Enter
        "<p>Đoạn một.</p><div><div>Đoạn hai.</div></div>",
    ],
)
def test_enter_in_the_editor_is_a_paragraph_break(typed):
    assert plain_text(typed) == "Đoạn một.\nĐoạn hai."
    assert to_paragraphs(typed).xml.count("<w:p>") == 2
    assert "<div" not in sanitize(typed)
