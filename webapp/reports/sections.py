"""The narrative sections staff write for each kind of report.

The default templates print exactly these keys (``{{p narrative.<key> }}``); an uploaded template
may ask for other keys, which then appear in the editor too (see services.sections_for).
"""

from __future__ import annotations

from webapp.models.reports import ReportKind

LABELS = {
    "tinh_hinh": "Tình hình tư tưởng cán bộ, hội viên, phụ nữ",
    "ket_qua_khac": "Các kết quả khác",
    "danh_gia_chung": "Đánh giá chung",
    "ton_tai": "Tồn tại, hạn chế",
    "nguyen_nhan": "Nguyên nhân",
    "phuong_huong": "Phương hướng, nhiệm vụ thời gian tới",
    "kien_nghi": "Đề xuất, kiến nghị",
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
        "danh_gia_chung",
        "ton_tai",
        "nguyen_nhan",
        "phuong_huong",
        "kien_nghi",
    ),
    ReportKind.MID_TERM: ("tinh_hinh", "danh_gia_chung", "ton_tai", "nguyen_nhan", "phuong_huong"),
    ReportKind.END_TERM: (
        "tinh_hinh",
        "danh_gia_chung",
        "ton_tai",
        "nguyen_nhan",
        "phuong_huong",
        "kien_nghi",
    ),
}


def label(key: str) -> str:
    return LABELS.get(key, key.replace("_", " ").capitalize())
