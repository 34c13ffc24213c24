"""The starter template: a .docx that lists every variable a report template can use.

Its content is report wording (a .docx template authors start from), so it stays Vietnamese.
"""

from __future__ import annotations

import io

from docx import Document
from docx.shared import Pt

from webapp.documents.context import indicator_catalogue
from webapp.i18n import vietnamese
from webapp.reports.sections import LABELS

BLOCKS = [
    ("unit.issuer", "Tên cơ quan ban hành, ví dụ HỘI LHPN XÃ ĐỨC XƯƠNG"),  # vi-only
    ("unit.parent_issuer", "Cơ quan cấp trên, ví dụ HỘI LHPN HUYỆN ĐỨC THỌ"),  # vi-only
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
    ("prev.<mã chỉ tiêu>", "Giá trị của kỳ trước (cùng độ dài) để so sánh"),  # vi-only
    ("raw.<mã chỉ tiêu>", "Giá trị số chưa định dạng (dùng với bộ lọc)"),  # vi-only
    ("charts.<tên>", "Biểu đồ (ảnh): {{ charts.members_by_branch }}"),  # vi-only
    (
        "Bộ lọc",  # vi-only
        "number, percent, money, billions, millions, date, date_long, words, money_words",
    ),
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
