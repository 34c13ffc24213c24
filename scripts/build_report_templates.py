"""Build the default report templates (templates/reports/<kind>.docx) from the text below.

The .docx files are generated, not edited by hand: change this script and run
    .venv/bin/python scripts/build_report_templates.py
Layout per Nghị định 30/2020/NĐ-CP: A4, margins 20/20/30/15 mm, Times New Roman 14 pt body,
issuing body top-left, national motto top-right, number and symbol, place and date line, title,
body, "Nơi nhận" bottom-left and the signature block bottom-right.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "templates" / "reports"

H, P, N, B = "heading", "paragraph", "narrative", "bullet"
C = "centred heading"  # "Phần thứ nhất", the part titles

# ---- bodies ---------------------------------------------------------------------------------

MEMBERS = [
    (
        P,
        "Tổng số hội viên đến cuối kỳ: {{ members.total }} hội viên; tỷ lệ tập hợp hội viên đạt "
        "{{ members.gathering_rate }}; kết nạp mới {{ members.admitted }} hội viên; giảm "
        "{{ members.left }} hội viên (chết, chuyển đi, xin ra); {{ members.core }} hội viên nòng cốt "
        "({{ members.core_share }}); hội viên sinh hoạt thường xuyên {{ members.regular_share }}; "
        "hội viên đóng hội phí đạt {{ members.dues_paid_share }}; {{ members.honorary }} hội viên danh dự.",
    ),
]

SHORT_BODY = [
    (H, "I. TÌNH HÌNH TƯ TƯỞNG CÁN BỘ, HỘI VIÊN, PHỤ NỮ"),
    (N, "tinh_hinh"),
    (H, "II. KẾT QUẢ HOẠT ĐỘNG"),
    (H, "1. Công tác tuyên truyền, giáo dục"),
    (
        P,
        "Trong kỳ tổ chức {{ activities.count }} hoạt động với {{ activities.sessions }} buổi, "
        "thu hút {{ activities.participants }} lượt cán bộ, hội viên, phụ nữ tham gia.",
    ),
    (H, "2. Hỗ trợ phụ nữ phát triển kinh tế"),
    (
        P,
        "Tổng dư nợ vốn vay qua Hội: {{ loans.outstanding_vnd }} cho {{ loans.borrowing_households }} "
        "hộ vay; giải ngân trong kỳ {{ loans.disbursed_vnd }} cho {{ loans.disbursed_turns }} lượt hộ; "
        "nợ quá hạn {{ loans.overdue_vnd }}, tỷ lệ {{ loans.overdue_ratio }}.",
    ),
    (H, "3. Công tác nhân đạo, từ thiện"),
    (P, "Trao {{ charity.gifts_count }} phần quà, trị giá {{ charity.gifts_value_vnd }}."),
    (H, "4. Xây dựng tổ chức Hội"),
    *MEMBERS,
    (N, "ket_qua_khac"),
    (H, "III. ĐÁNH GIÁ CHUNG"),
    (N, "danh_gia_chung"),
    (H, "IV. TỒN TẠI, HẠN CHẾ"),
    (N, "ton_tai"),
    (H, "V. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"),
    (N, "phuong_huong"),
    (N, "kien_nghi"),
]


def T(code: str) -> str:
    """The result of the target counting ``code``, when the term has one."""
    return f"{{% if target.{code} %}} ({{{{ target.{code}.result }}}} chỉ tiêu NQĐH){{% endif %}}"


CHART = "chart"

MID_TERM_BODY = [
    (C, "Phần thứ nhất"),
    (
        H,
        # The term's years from the Term record; without one no years are guessed.
        "KẾT QUẢ ĐẠT ĐƯỢC TRONG NỬA NHIỆM KỲ{% if term.years %} ({{ term.years }}){% endif %}",
    ),
    (H, "I. TÌNH HÌNH CHUNG"),
    (N, "tinh_hinh"),
    (H, "II. KẾT QUẢ THỰC HIỆN CÁC PHONG TRÀO THI ĐUA, CUỘC VẬN ĐỘNG"),
    (
        H,
        "1. Phong trào thi đua “Phụ nữ tích cực học tập, lao động sáng tạo, xây dựng gia đình hạnh phúc”",
    ),
    (
        P,
        "Các phong trào, cuộc vận động thu hút {{ activities.reach_branches }} chi hội, "
        "{{ activities.reach_cadres }}/{{ activities.reach_cadres_total }} cán bộ và "
        "{{ activities.reach_members }} hội viên tham gia.",
    ),
    (
        P,
        "Hội đã chỉ đạo {{ ratings.branches_total }}/{{ ratings.branches_total }} chi hội triển khai "
        "Cuộc vận động “Xây dựng gia đình 5 có 3 sạch”; nửa nhiệm kỳ qua hội đã giúp đỡ có "
        "{{ campaign.households_all_criteria }} hộ gia đình đạt đủ 8 tiêu chí của Cuộc vận động."
        + T("campaign.households_all_criteria"),
    ),
    (
        P,
        "Tổ chức ra quân vệ sinh môi trường, thu hút {{ activities.cleanup_participants }} lượt hội viên "
        "tham gia; trồng {{ outputs.trees }} cây keo; cấp {{ outputs.stoves }} bếp đun cải tiến và "
        "{{ outputs.led_bulbs }} bóng đèn LED; tổ chức {{ activities.population_sessions }} buổi tuyên "
        "truyền về dân số, kế hoạch hoá gia đình.",
    ),
    (H, "III. KẾT QUẢ THỰC HIỆN 3 NHIỆM VỤ TRỌNG TÂM, 2 KHÂU ĐỘT PHÁ"),
    (H, "1. Khâu đột phá: nâng cao chất lượng đội ngũ cán bộ Hội"),
    (
        P,
        "{{ cadres.trained }}/{{ cadres.trainable }} đồng chí Ban Chấp hành và chi hội trưởng, chi hội phó "
        "tham gia học tập chuyên đề; {{ cadres.bch_grade12 }}/{{ cadres.bch_total }} ủy viên BCH có trình độ "
        "văn hoá 12/12; {{ cadres.bch_theory_basic_plus }}/{{ cadres.bch_total }} ủy viên BCH có trình độ lý "
        "luận chính trị sơ cấp trở lên; {{ cadres.branch_heads_grade12 }}/{{ cadres.branch_heads_total }} "
        "chi hội trưởng có trình độ văn hoá 12/12.",
    ),
    (H, "2. Đề án 939: hỗ trợ phụ nữ khởi nghiệp, nâng cao quyền năng kinh tế"),
    (
        P,
        "Tiếp tục quản lý và khai thác các nguồn vốn từ Ngân hàng NN&PTNT ({{ loans.outstanding_vnd.agribank }}) "
        "và Ngân hàng CSXH ({{ loans.outstanding_vnd.nhcsxh }}), tổng dư nợ đến nay là "
        "{{ loans.outstanding_vnd }} cho {{ loans.borrowing_households }} gia đình vay "
        "(nửa nhiệm kỳ bổ sung mới là {{ loans.disbursed_vnd }}/{{ loans.disbursed_turns }} lượt hộ vay); "
        "nợ quá hạn {{ loans.overdue_vnd }} (tỷ lệ {{ loans.overdue_ratio }}); đã thu hồi dứt điểm "
        "{{ loans.overdue_settled_vnd }} nợ quá hạn.",
    ),
    (CHART, "loans_by_bank"),
    (
        P,
        "Duy trì {{ loans.groups }} tổ tiết kiệm và vay vốn với {{ savings.households }} hộ tiết kiệm "
        "{{ savings.monthly_vnd }}/tháng, số dư tiết kiệm {{ savings.balance_vnd }}.",
    ),
    (
        P,
        "Thành lập {{ rotating.groups }} tổ nhóm góp vốn cho vay luân chuyển với {{ rotating.members }} "
        "thành viên, cho {{ rotating.borrowers }} chị em vay {{ rotating.lent_vnd }}; quỹ quay vòng không "
        "lãi suất {{ rotating.fund_vnd }} cho {{ rotating.turns }} lượt chị em vay.",
    ),
    (
        P,
        "Phối hợp tổ chức {{ activities.training_sessions }} buổi chuyển giao khoa học kỹ thuật cho "
        "{{ activities.training_participants }} lượt cán bộ, hội viên; {{ activities.job_counselling_sessions }} "
        "buổi tư vấn giới thiệu việc làm có {{ activities.job_counselling_participants }} lượt người tham gia, "
        "giới thiệu việc làm cho {{ outputs.job_referrals }} lao động nữ; cung ứng "
        "{{ outputs.fertiliser_tonnes }} tấn phân bón. Các hoạt động của Hội góp phần giảm tỷ lệ hộ nghèo từ "
        "{{ stats.poverty_rate_start }} xuống còn {{ stats.poverty_rate }}.",
    ),
    (H, "3. Nhiệm vụ trọng tâm: tuyên truyền, giáo dục; chăm lo phụ nữ"),
    (
        P,
        "Phối hợp tổ chức {{ activities.insurance_conferences }} hội nghị tuyên truyền về chính sách "
        "BHYT hộ gia đình, BHXH tự nguyện. Duy trì {{ insurance.bhyt_kept }} thẻ BHYT hộ gia đình và "
        "{{ insurance.bhxh_kept }} sổ BHXH tự nguyện; nửa nhiệm kỳ tăng mới {{ insurance.bhyt_new }} thẻ BHYT "
        "và {{ insurance.bhxh_new }} sổ BHXH tự nguyện." + T("insurance.bhyt_new"),
    ),
    (
        P,
        "Hoà giải thành {{ mediation.cases }} vụ việc; tổ chức hội nghị đối thoại với "
        "{{ activities.dialogue_opinions }} ý kiến được giải quyết. Ra mắt {{ clubs.dance_count }} CLB dân vũ "
        "với {{ clubs.dance_members }} thành viên, tổ chức {{ clubs.exchanges }} lượt giao lưu."
        + T("clubs.dance_count"),
    ),
    (
        P,
        "Công tác nhân đạo từ thiện: quỹ khuyến học trao {{ charity.scholarships_value_vnd }} cho "
        "{{ charity.scholarships_count }} em học sinh; tặng {{ charity.rice_kg }} kg gạo và "
        "{{ charity.parcels }} suất quà trị giá {{ charity.rice_parcels_value_vnd }}; tặng "
        "{{ charity.water_tanks }} téc nước trị giá {{ charity.water_tanks_value_vnd }}; trao "
        "{{ charity.houses_count }} mái ấm tình thương trị giá {{ charity.houses_value_vnd }}."
        + T("charity.houses_count"),
    ),
    (
        P,
        "Chương trình “Mẹ đỡ đầu”: khảo sát {{ sponsorship.orphans_surveyed }} trẻ mồ côi, "
        "{{ sponsorship.single_mother_children_surveyed }} trẻ là con mẹ đơn thân; nhận đỡ đầu "
        "{{ sponsorship.children_sponsored }} cháu, mức {{ sponsorship.monthly_vnd }}/tháng, trong đó "
        "{{ unit.union_short }} nhận đỡ đầu {{ sponsorship.union_funded }} cháu. Tiếp nhận hỗ trợ trị giá "
        "{{ charity.support_received_value_vnd }} cho nghĩa trang liệt sĩ và nhà văn hoá thôn.",
    ),
    (H, "4. Nhiệm vụ trọng tâm: xây dựng tổ chức Hội vững mạnh"),
    (
        P,
        "Nửa nhiệm kỳ Hội kết nạp mới được {{ members.admitted }} hội viên mới; hội viên chết, chuyển "
        "đi nơi khác là {{ members.left }} hội viên. Đến nay tổng số hội viên phụ nữ trong toàn {{ unit.level_word_lower }} là "
        "{{ members.total }} hội viên, tỷ lệ tập hợp hội viên đạt {{ members.gathering_rate }}; "
        "{{ members.core }}/{{ members.total }} = {{ members.core_share }} hội viên nòng cốt, hội viên tham "
        "gia sinh hoạt thường xuyên {{ members.regular_share }}, hội viên đóng hội phí đạt "
        "{{ members.dues_paid_share }}." + T("members.total"),
    ),
    (CHART, "members_by_branch"),
    (P, "Vận động và ra quyết định công nhận {{ members.honorary }} hội viên danh dự."),
    (
        P,
        "Hội Phụ nữ đã giới thiệu với Đảng {{ party.referrals }} hội viên ưu tú để xem xét kết nạp."
        + T("party.referrals"),
    ),
    (
        P,
        "{{ ratings.branches_excellent }}/{{ ratings.branches_total }} chi hội hoàn thành xuất sắc nhiệm vụ; "
        "{{ unit.union_short }} hoàn thành xuất sắc nhiệm vụ {{ ratings.commune_excellent_years }} năm liền."
        + T("ratings.branches_excellent_ratio"),
    ),
    (H, "IV. ĐÁNH GIÁ CHUNG"),
    (N, "danh_gia_chung"),
    (P, "Qua đánh giá có {{ targets_summary }}"),
    (P, "{%p for t in lists.targets %}"),
    (B, "{{ t.short_name }}: {{ t.value }} / {{ t.goal }} — {{ t.result }}"),
    (P, "{%p endfor %}"),
    (CHART, "targets"),
    (H, "1. Tồn tại, hạn chế"),
    (N, "ton_tai"),
    (H, "2. Nguyên nhân"),
    (N, "nguyen_nhan"),
    (C, "Phần thứ hai"),
    (C, "PHƯƠNG HƯỚNG, NHIỆM VỤ NỬA NHIỆM KỲ CÒN LẠI"),
    (N, "phuong_huong"),
]

END_TERM_BODY = [
    (
        x[0],
        x[1]
        .replace("NỬA NHIỆM KỲ", "NHIỆM KỲ")
        .replace("Nửa nhiệm kỳ", "Nhiệm kỳ")
        .replace("nửa nhiệm kỳ", "nhiệm kỳ"),
    )
    for x in MID_TERM_BODY
] + [(N, "kien_nghi")]

BODIES = {
    "monthly": SHORT_BODY,
    "quarterly": SHORT_BODY,
    "half-year": SHORT_BODY,
    "annual": SHORT_BODY,
    "mid-term": MID_TERM_BODY,
    "end-term": END_TERM_BODY,
}

# ---- layout ----------------------------------------------------------------------------------


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _line(
    cell_or_doc,
    text: str,
    bold=False,
    italic=False,
    size=13,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    underline=False,
):
    par = cell_or_doc.add_paragraph()
    par.alignment = align
    par.paragraph_format.space_after = Pt(0)
    par.paragraph_format.first_line_indent = Mm(0)
    run = par.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)
    return par


def build(kind: str) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    normal.font.size = Pt(14)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.first_line_indent = Mm(10)
    for name in ("List Bullet", "List Number"):
        doc.styles[name].font.name = "Times New Roman"
        doc.styles[name].font.size = Pt(14)

    head = doc.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    head.autofit = False
    _no_borders(head)
    left, right = head.rows[0].cells
    for column, width in zip(head.columns, (Mm(62), Mm(103)), strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    left.paragraphs[0].text = ""
    _line(left, "{{ issuing.parent_union_upper }}", size=12)
    _line(left, "{{ unit.union_name_upper }}", bold=True, size=12)
    _line(left, "***")
    _line(left, "Số: {{ doc.number_symbol }}")
    _line(right, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    _line(right, "Độc lập - Tự do - Hạnh phúc", bold=True, underline=True)
    _line(right, "")
    _line(right, "{{ doc.place_date }}", italic=True, size=14)

    _line(doc, "")
    _line(doc, "BÁO CÁO", bold=True, size=14)
    _line(doc, "{{ doc.title }}", bold=True, size=14)
    _line(doc, "({{ period.label }})", italic=True, size=14)
    _line(doc, "")

    for what, text in BODIES[kind]:
        if what == C:
            _line(doc, text, bold=True, size=14)
        elif what == H:
            par = doc.add_paragraph()
            par.paragraph_format.first_line_indent = Mm(10)
            par.add_run(text).bold = True
        elif what == N:
            doc.add_paragraph("{{p narrative." + text + " }}")
        elif what == B:
            doc.add_paragraph(text, style="List Bullet")
        elif what == CHART:
            par = doc.add_paragraph("{{ charts." + text + " }}")
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            par.paragraph_format.first_line_indent = Mm(0)
        else:
            doc.add_paragraph(text)

    foot = doc.add_table(rows=1, cols=2)
    _no_borders(foot)
    left, right = foot.rows[0].cells
    left.paragraphs[0].text = ""
    par = _line(left, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(
        left,
        "{% for r in doc.recipients %}- {{ r }}{% if not loop.last %}\n{% endif %}{% endfor %}",
        size=11,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    _line(right, "{{ doc.signatory_title }}", bold=True)
    _line(right, "{{ doc.signatory_position }}", bold=True)
    for _ in range(3):
        _line(right, "")
    _line(right, "{{ doc.signatory_name }}", bold=True, size=14)
    doc.core_properties.title = "{{ doc.title }}"
    doc.core_properties.author = "{{ unit.union_name_upper }}"
    return doc


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for kind in BODIES:
        path = OUT / f"{kind}.docx"
        build(kind).save(path)
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
