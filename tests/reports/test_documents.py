"""Rendering: sandbox everywhere, autoescaping, narrative formatting, readable errors."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from docx import Document
from lxml import etree

from tests.reports.docx_helpers import docx_text, make_docx
from webapp.documents.context import ReportRequest, build_context, nest
from webapp.documents.narrative import plain_text, sanitize, to_paragraphs
from webapp.documents.render import RenderError, render_docx
from webapp.indicators import Period

PERIOD = Period(date(2023, 1, 1), date(2023, 12, 31))


def _render(template: bytes, context: dict) -> bytes:
    return render_docx(io.BytesIO(template), lambda tpl: context)


def test_narrative_is_sanitised_to_paragraphs_bold_italic_and_lists():
    html = (
        "<p>Tình hình <b>ổn định</b><script>alert(1)</script></p>"
        '<ul><li><i>Một</i></li><li>Hai</li></ul><p onclick="x()">Ba</p><img src=x>'
    )
    assert sanitize(html) == (
        "<p>Tình hình <b>ổn định</b></p><ul><li><i>Một</i></li><li>Hai</li></ul><p>Ba</p>"
    )
    assert plain_text(html) == "Tình hình ổn định\nMột\nHai\nBa"
    xml = to_paragraphs(html).xml
    assert xml.count("<w:p>") == 4
    assert xml.count('<w:pStyle w:val="ListBullet"/>') == 2
    assert "<w:b/>" in xml and "<w:i/>" in xml


def test_narrative_renders_into_the_docx_with_its_formatting():
    template = make_docx("Mở đầu", "{{p narrative.a }}", "Kết thúc")
    context = {
        "narrative": {"a": to_paragraphs("<p>Đoạn <strong>đậm</strong></p><ol><li>Ý một</li></ol>")}
    }
    doc = Document(io.BytesIO(_render(template, context)))
    texts = [p.text for p in doc.paragraphs]
    assert texts == ["Mở đầu", "Đoạn đậm", "Ý một", "Kết thúc"]
    bold_runs = [r.text for r in doc.paragraphs[1].runs if r.bold]
    assert bold_runs == ["đậm"]
    assert doc.paragraphs[2].style.name == "List Number"


@pytest.mark.parametrize("where", ["body", "header", "footer", "properties"])
def test_templates_cannot_reach_python_internals_anywhere(where):
    evil = "{{ ''.__class__.__mro__[1].__subclasses__() }}"
    kwargs = {
        "body": {},
        "header": {"header": evil},
        "footer": {"footer": evil},
        "properties": {"title": evil},
    }[where]
    body = [evil] if where == "body" else ["Bình thường"]
    with pytest.raises(RenderError, match="phần bên trong của hệ thống"):
        _render(make_docx(*body, **kwargs), {})


def test_special_characters_are_written_as_text_and_the_file_stays_valid():
    name = "Lê & Con <Hội> \"trích dẫn\" 'nháy'"
    template = make_docx("Hội viên: {{ name }}", "{{p narrative.a }}", header="{{ name }}")
    data = _render(
        template,
        {
            "name": name,
            "narrative": {
                "a": to_paragraphs(
                    f"<p>{name.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}</p>"
                )
            },
        },
    )
    text = docx_text(data)
    assert f"Hội viên: {name}" in text
    assert text.count(name) >= 3  # body, narrative, header
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # every XML part still parses
        for part in archive.namelist():
            if part.endswith(".xml"):
                etree.fromstring(archive.read(part))


def test_a_syntax_error_names_the_paragraph():
    template = make_docx("Đầu", "Tổng số: {{ members.total }", "Cuối")
    with pytest.raises(RenderError) as exc:
        _render(template, {})
    assert "Tổng số: {{ members.total }" in str(exc.value)


def test_a_missing_value_prints_an_ellipsis_not_an_error():
    assert "Tổng: …" in docx_text(_render(make_docx("Tổng: {{ khong.co.gi }}"), {}))


def test_vietnamese_filters_are_available_in_templates():
    template = make_docx(
        "{{ n|number }} · {{ r|percent }} · {{ m|money }} · {{ b|billions }} · "
        "{{ d|date_long }} · {{ w|money_words }}"
    )
    text = docx_text(
        _render(
            template,
            {
                "n": 1412,
                "r": 0.926,
                "m": 890_000_000,
                "b": 36_800_000_000,
                "d": date(2023, 10, 20),
                "w": 1_005_000,
            },
        )
    )
    assert (
        "1.412 · 92,6% · 890.000.000 đồng · 36,8 tỷ đồng · ngày 20 tháng 10 năm 2023 · "
        "Một triệu không trăm linh năm nghìn đồng"
    ) in text


def test_codes_nest_into_names_a_template_can_write():
    tree = nest({"members.total": 1, "members.core_share": 0.2, "loans.a": 3, "loans.a.b": 4})
    assert tree == {"members": {"total": 1, "core_share": 0.2}, "loans": {"a": 3}}
    # A code with sub-codes is still its own number, and gives its parts as attributes.
    assert tree["loans"]["a"] + 1 == 4 and tree["loans"]["a"].b == 4


def test_context_holds_document_metadata(app, world):
    req = ReportRequest(
        unit_id=world.commune_a.id,
        kind_label="Báo cáo năm",
        period=PERIOD,
        number_symbol="09/BC-BTV",
        place="Đức Xương",
        issued_on=date(2023, 10, 20),
        title="Tiêu đề",
        recipients=["Hội LHPN huyện"],
        signatory_name="Nguyễn Thị Huế",
    )
    context, _ = build_context(req)
    assert context["unit"]["issuer"] == "HỘI LHPN XÃ ĐỨC XƯƠNG"
    assert context["unit"]["parent_issuer"] == "HỘI LHPN HUYỆN ĐỨC THỌ"
    assert context["doc"]["place_date"] == "Đức Xương, ngày 20 tháng 10 năm 2023"
    assert context["period"]["label"] == "từ ngày 01/01/2023 đến ngày 31/12/2023"


def _members_then_and_now(world) -> ReportRequest:
    from tests.members.factories import make_member

    make_member(world.branch_a1, "Trần Thị Một", joined_on=date(2020, 5, 1))
    make_member(world.branch_a1, "Trần Thị Hai", joined_on=date(2023, 5, 1))
    make_member(world.branch_a2, "Trần Thị Ba", joined_on=date(2023, 6, 1))
    return ReportRequest(unit_id=world.commune_a.id, kind_label="Báo cáo năm", period=PERIOD)


def test_a_template_compares_with_the_previous_period_in_body_or_header(app, world):
    req = _members_then_and_now(world)
    build = lambda tpl: build_context(req, tpl)[0]  # noqa: E731
    body = render_docx(
        io.BytesIO(make_docx("{{ members.total }} so với {{ prev.members.total }}")), build
    )
    assert "3 so với 1" in docx_text(body)
    header = render_docx(
        io.BytesIO(make_docx("Nay {{ members.total }}", header="Trước {{ prev.members.total }}")),
        build,
    )
    assert "Nay 3" in docx_text(header) and "Trước 1" in docx_text(header)


def test_the_previous_period_is_left_out_for_a_template_that_does_not_print_it(app, world):
    from docxtpl import DocxTemplate

    req = _members_then_and_now(world)
    context, _ = build_context(req, DocxTemplate(io.BytesIO(make_docx("{{ members.total }}"))))
    assert context["members"]["total"] == "3" and context["prev"] == {}
    # Without a template (the figures shown beside a draft) everything is computed.
    assert build_context(req)[0]["prev"]["members"]["total"] == "1"
