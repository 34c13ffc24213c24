"""The starter template: a .docx that lists every variable a report template can use.

Its content is report wording (a .docx template authors start from), so it stays Vietnamese.
"""

from __future__ import annotations

import io

from docx import Document
from docx.shared import Pt

from webapp.documents.context import indicator_catalogue
from webapp.documents.filters import REGISTRY
from webapp.i18n import vietnamese
from webapp.reports.services.sections import LABELS

BLOCKS = [
    ("unit.issuer", "Tên cơ quan ban hành, ví dụ HỘI LHPN XÃ ĐỨC XƯƠNG"),  # vi-only
    ("unit.parent_issuer", "Cơ quan cấp trên, ví dụ HỘI LHPN HUYỆN ĐỨC THỌ"),  # vi-only
    (
        "unit.union_name_upper",
        "Như unit.issuer, theo tên gọi của đơn vị: HỘI LHPN PHƯỜNG …",  # vi-only
    ),
    (
        "issuing.parent_union_upper",  # vi-only
        "Cơ quan cấp trên tại ngày cuối kỳ báo cáo (xã trực thuộc tỉnh: HỘI LHPN TỈNH …)",  # vi-only
    ),
    ("unit.level_word / unit.level_word_lower", "Tên gọi cấp: Xã / xã, Phường / phường"),  # vi-only
    (
        "unit.union_name / unit.union_short",
        "Hội LHPN phường Thành Sen / Hội LHPN phường",  # vi-only
    ),
    ("doc.number_symbol", "Số, ký hiệu: 09/BC-BTV"),  # vi-only
    ("doc.place_date", "Địa danh, ngày tháng: Đức Xương, ngày 20 tháng 10 năm 2023"),  # vi-only
    ("doc.title", "Trích yếu (tên báo cáo)"),  # vi-only
    ("doc.kind", "Loại báo cáo"),  # vi-only
    (
        "doc.recipients",
        "Danh sách nơi nhận: {% for r in doc.recipients %}- {{ r }}{% endfor %}",  # vi-only
    ),
    ("doc.signatory_title / doc.signatory_position / doc.signatory_name", "Khối chữ ký"),  # vi-only
    ("period.start / period.end / period.label", "Kỳ báo cáo"),  # vi-only
    ("targets_summary", "Câu tổng hợp chỉ tiêu: 6/8 chỉ tiêu đạt và vượt; …"),  # vi-only
    (
        "term.congress / term.years / term.roman",
        "Nhiệm kỳ theo hồ sơ nhiệm kỳ: Đại hội đại biểu phụ nữ xã lần thứ I, "  # vi-only
        "nhiệm kỳ 2025 - 2030 / 2025 - 2030 / I (trống nếu chưa khai báo nhiệm kỳ)",  # vi-only
    ),
    (
        "year_targets / year_targets_summary",
        "Chỉ tiêu kế hoạch năm của kỳ báo cáo, kết quả trong năm đó: "  # vi-only
        "{% for t in year_targets %}{{ t.label }}: {{ t.value }} ({{ t.verdict }}){% endfor %}",
    ),
    (
        "next_year_targets",
        "Chỉ tiêu kế hoạch năm sau: {% for t in next_year_targets %}{{ t.label }} "  # vi-only
        "({{ t.goal }}){% endfor %}",
    ),
    ("prev.<mã chỉ tiêu>", "Giá trị của kỳ trước (cùng độ dài) để so sánh"),  # vi-only
    ("raw.<mã chỉ tiêu>", "Giá trị số chưa định dạng (dùng với bộ lọc)"),  # vi-only
    ("charts.<tên>", "Biểu đồ (ảnh): {{ charts.members_by_branch }}"),  # vi-only
]


def starter_docx() -> bytes:
    """Build the starter document from the registry (always current)."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    doc.add_heading("Mẫu khởi đầu: các biến dùng trong mẫu báo cáo", level=1)  # vi-only
    doc.add_paragraph(
        "Gõ biến trong cặp ngoặc {{ }} bằng dấu nháy thẳng. Đoạn văn do cán bộ viết: "  # vi-only
        "{{p narrative.<mục> }} trên một đoạn riêng."
    )
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Biến", "Ý nghĩa"  # vi-only
    rows = [(name, meaning) for name, meaning in BLOCKS]
    rows += [(f"narrative.{key}", vietnamese(label)) for key, label in LABELS.items()]
    # Every filter, from the one registry the sandbox registers.
    rows += [
        (
            f"|{f.name}",
            f"{vietnamese(f.description)}. Ví dụ: {f.example} → {f.example_output}",  # vi-only
        )
        for f in REGISTRY
    ]
    rows += [
        (v["name"], f"{v['label']} ({v['unit']})" if v["unit"] else v["label"])
        for v in indicator_catalogue()
    ]
    for name, meaning in rows:
        cells = table.add_row().cells
        # The names are printed as text: "{{" would be read as a tag if this file were uploaded.
        cells[0].text = name
        cells[1].text = meaning
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
