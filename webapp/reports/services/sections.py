"""The narrative sections staff write for each kind of report: the ONE list of them.

The default templates print exactly these keys, in this order, each under its own heading
(``{{p narrative.<key> }}``; scripts/build_report_templates.py refuses to build a template that
differs, and tests/reports/test_every_kind.py types a text in every section of every kind and
finds it in the .docx). An uploaded template may ask for other keys, which then appear in the
editor too (see drafts.sections_for).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from webapp.models.reports import ReportKind

# The sections, in the user's language (the editor) or in Vietnamese (the starter template:
# report wording, through webapp.i18n.vietnamese).
LABELS = {
    "tinh_hinh": _l("Tình hình tư tưởng cán bộ, hội viên, phụ nữ"),
    "ket_qua_khac": _l("Các kết quả khác"),
    "danh_gia_chung": _l("Đánh giá chung"),
    "ton_tai": _l("Tồn tại, hạn chế"),
    "nguyen_nhan": _l("Nguyên nhân"),
    "uu_diem": _l("Ưu điểm"),
    "bai_hoc": _l("Bài học kinh nghiệm"),
    "de_xuat_chi_tieu": _l("Đề xuất chỉ tiêu nhiệm kỳ tới"),
    "phuong_huong": _l("Phương hướng, nhiệm vụ thời gian tới"),
    "kien_nghi": _l("Đề xuất, kiến nghị"),
}

BY_KIND: dict[ReportKind, tuple[str, ...]] = {
    ReportKind.MONTHLY: ("tinh_hinh", "ket_qua_khac", "phuong_huong"),
    ReportKind.QUARTERLY: ("tinh_hinh", "ket_qua_khac", "ton_tai", "phuong_huong"),
    ReportKind.HALF_YEAR: (
        "tinh_hinh",
        "ket_qua_khac",
        "danh_gia_chung",
        "ton_tai",
        "phuong_huong",
    ),
    ReportKind.ANNUAL: (
        "tinh_hinh",
        "ket_qua_khac",
        "uu_diem",
        "ton_tai",
        "nguyen_nhan",
        "bai_hoc",
        "phuong_huong",
        "kien_nghi",
    ),
    ReportKind.MID_TERM: ("tinh_hinh", "danh_gia_chung", "ton_tai", "nguyen_nhan", "phuong_huong"),
    ReportKind.END_TERM: (
        "tinh_hinh",
        "danh_gia_chung",
        "ton_tai",
        "nguyen_nhan",
        "bai_hoc",
        "de_xuat_chi_tieu",
        "phuong_huong",
        "kien_nghi",
    ),
}


def label(key: str) -> str:
    """The editor's heading of a section; a key only an uploaded template knows shows as is."""
    return str(LABELS[key]) if key in LABELS else key.replace("_", " ").capitalize()
