"""A narrative section left empty prints nothing, not even its heading, and the headings after it
are numbered without a gap; a heading whose part also holds figures stays.

No section of a default template is mandatory (DESIGN.md, "The report document": nothing is
printed that the records, or the staff, did not say): an empty "Tồn tại, hạn chế" is left out
rather than filled with a sentence nobody wrote.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from webapp.documents.context import ReportRequest
from webapp.documents.produce import produce
from webapp.indicators import Period
from webapp.models.reports import ReportKind


def _headings(unit_id: int, kind: ReportKind, period: Period, narrative: dict) -> list[str]:
    request = ReportRequest(unit_id, kind.document_label, period, narrative=narrative)
    request.with_charts = False
    doc = Document(io.BytesIO(produce(request, kind).data))
    return [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]


YEAR_2023 = Period(date(2023, 1, 1), date(2023, 12, 31))


def test_an_empty_section_of_the_annual_report_prints_no_heading(app, world):
    narrative = {"ton_tai": "<p>Một số chi hội sinh hoạt chưa đều.</p>"}
    headings = _headings(world.commune_a.id, ReportKind.ANNUAL, YEAR_2023, narrative)
    # Nothing typed: no "I. TÌNH HÌNH…", "6. Các kết quả khác", "V. ĐỀ XUẤT, KIẾN NGHỊ"…
    assert not [h for h in headings if "TÌNH HÌNH TƯ TƯỞNG" in h]
    assert not [h for h in headings if "Các kết quả khác" in h or "KIẾN NGHỊ" in h]
    assert not [
        h for h in headings if h.endswith(("Ưu điểm", "Nguyên nhân", "Bài học kinh nghiệm"))
    ]
    # … and what is printed is numbered without a gap.
    assert "I. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CÔNG TÁC HỘI NĂM 2023" in headings
    assert "6. Kết quả thực hiện chỉ tiêu năm 2023" in headings
    assert "II. ĐÁNH GIÁ CHUNG" in headings and "1. Tồn tại, hạn chế" in headings
    assert not [h for h in headings if h.startswith("III.")]  # no directions, no next year's plan
    assert "BIỂU SỐ LIỆU NĂM 2023" in headings


def test_every_section_written_prints_every_heading(app, world):
    narrative = {key: f"<p>Mục {key}.</p>" for key in ("tinh_hinh", "uu_diem", "kien_nghi")}
    headings = _headings(world.commune_a.id, ReportKind.ANNUAL, YEAR_2023, narrative)
    assert headings[0] == "I. TÌNH HÌNH TƯ TƯỞNG CÁN BỘ, HỘI VIÊN, PHỤ NỮ"
    assert "III. ĐÁNH GIÁ CHUNG" in headings and "1. Ưu điểm" in headings
    assert "2. Tồn tại, hạn chế" not in headings
    assert "IV. ĐỀ XUẤT, KIẾN NGHỊ" in headings


def test_a_section_of_only_spaces_counts_as_empty(app, world):
    narrative = {"tinh_hinh": "<p> </p><p><br></p>", "phuong_huong": "<p>Tiếp tục.</p>"}
    headings = _headings(world.commune_a.id, ReportKind.MONTHLY, YEAR_2023, narrative)
    assert headings[0] == "I. KẾT QUẢ HOẠT ĐỘNG"
    assert "II. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI" in headings


@pytest.mark.parametrize("kind", [ReportKind.MID_TERM, ReportKind.END_TERM])
def test_a_term_report_without_narrative_keeps_only_its_figures(app, world, kind):
    period = Period(date(2021, 1, 1), date(2023, 10, 20))
    headings = _headings(world.commune_a.id, kind, period, {})
    assert not [h for h in headings if "TÌNH HÌNH CHUNG" in h or h.startswith("Phần thứ")]
    assert not [h for h in headings if "PHƯƠNG HƯỚNG" in h or "Nguyên nhân" in h]
    assert headings[0].startswith("KẾT QUẢ ĐẠT ĐƯỢC TRONG")
    assert headings[1].startswith("I. KẾT QUẢ THỰC HIỆN CÁC PHONG TRÀO THI ĐUA")
    if kind is ReportKind.END_TERM:
        # The targets' results are figures: their heading stays, numbered after the gap.
        assert "III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT ĐẠI HỘI" in headings


def test_a_mid_term_report_with_directions_has_its_two_parts(app, world):
    period = Period(date(2021, 1, 1), date(2023, 10, 20))
    narrative = {"phuong_huong": "<p>Tiếp tục thực hiện Nghị quyết.</p>"}
    headings = _headings(world.commune_a.id, ReportKind.MID_TERM, period, narrative)
    assert headings[0] == "Phần thứ nhất" and "Phần thứ hai" in headings
    assert headings[-1] == "PHƯƠNG HƯỚNG, NHIỆM VỤ NỬA NHIỆM KỲ CÒN LẠI"
