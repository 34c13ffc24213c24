"""The narrative sections staff write for each kind of report.

The default templates print exactly these keys (``{{p narrative.<key> }}``); an uploaded template
may ask for other keys, which then appear in the editor too (see services.sections_for).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from webapp.models.reports import ReportKind

# The sections as the report words them (the starter template lists them): report wording.
HEADINGS = {
    "tinh_hinh": "Tình hình tư tưởng cán bộ, hội viên, phụ nữ",  # vi-only
    "ket_qua_khac": "Các kết quả khác",  # vi-only
    "danh_gia_chung": "Đánh giá chung",  # vi-only
    "ton_tai": "Tồn tại, hạn chế",  # vi-only
    "nguyen_nhan": "Nguyên nhân",  # vi-only
    "phuong_huong": "Phương hướng, nhiệm vụ thời gian tới",  # vi-only
    "kien_nghi": "Đề xuất, kiến nghị",  # vi-only
}

# The same sections as the editor names them (the user's language).
LABELS = {
    "tinh_hinh": _l("Tình hình tư tưởng cán bộ, hội viên, phụ nữ"),
    "ket_qua_khac": _l("Các kết quả khác"),
    "danh_gia_chung": _l("Đánh giá chung"),
    "ton_tai": _l("Tồn tại, hạn chế"),
    "nguyen_nhan": _l("Nguyên nhân"),
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
    """The editor's heading of a section; a key only an uploaded template knows shows as is."""
    return str(LABELS[key]) if key in LABELS else key.replace("_", " ").capitalize()
