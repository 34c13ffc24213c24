"""The columns of the member spreadsheet: the export writes them, the import reads them back
(by header name, in any order, accents optional)."""

from __future__ import annotations

from webapp.text import search_key

# (key, header) in the order of the blank template and of the export. The headers are a file
# format (the import reads them back), so they stay Vietnamese whatever the user's language.
COLUMNS = [
    ("number", "STT"),
    ("full_name", "Họ và tên"),  # vi-only
    ("birth_year", "Năm sinh"),  # vi-only
    ("birth_date", "Ngày sinh"),  # vi-only
    ("gender", "Giới tính"),  # vi-only
    ("unit", "Chi hội"),  # vi-only
    ("address", "Thôn, địa chỉ"),  # vi-only
    ("phone", "Điện thoại"),  # vi-only
    ("ethnicity", "Dân tộc"),  # vi-only
    ("religion", "Tôn giáo"),  # vi-only
    ("joined_on", "Ngày vào Hội"),  # vi-only
    ("is_core", "Nòng cốt"),  # vi-only
    ("is_honorary", "Danh dự"),  # vi-only
    ("attends_regularly", "Sinh hoạt thường xuyên"),  # vi-only
    ("left_on", "Ngày ra"),  # vi-only
    ("leave_reason", "Lý do ra"),  # vi-only
    ("note", "Ghi chú"),  # vi-only
    ("id", "Mã hội viên"),  # vi-only
]
EXPORT_HEADERS = [header for _, header in COLUMNS]
# The blank template leaves out what only an export carries (the record id).
TEMPLATE_HEADERS = [header for key, header in COLUMNS if key != "id"]
REQUIRED = ("full_name", "unit")

# Other ways people head these columns in their own notebooks.
ALIASES = {
    "ho ten": "full_name",
    "ten": "full_name",
    "ho va ten hoi vien": "full_name",
    "nam sinh": "birth_year",
    "chi hoi": "unit",
    "thon": "address",
    "dia chi": "address",
    "so dien thoai": "phone",
    "sdt": "phone",
    "ngay vao hoi": "joined_on",
    "ngay ket nap": "joined_on",
    "hoi vien nong cot": "is_core",
    "hoi vien danh du": "is_honorary",
    "sinh hoat": "attends_regularly",
    "ma": "id",
}


def column_key(header: object) -> str | None:
    """The column a header cell names, or None for a column the import ignores."""
    if header is None:
        return None
    key = search_key(str(header)).strip(" *:")
    for name, title in COLUMNS:
        if search_key(title) == key:
            return name
    return ALIASES.get(key)
