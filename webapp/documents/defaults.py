"""Defaults of a report's metadata: title wording, recipients, signatory."""

from __future__ import annotations

from datetime import date

from webapp.formatting import local_today
from webapp.indicators import Period
from webapp.models.reports import ReportKind

ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}
DEFAULT_RECIPIENTS = "Hội LHPN huyện (b/c);\nĐảng ủy xã (b/c);\nLưu VP."


def default_title(kind: ReportKind, period: Period, unit_id: int | None = None) -> str:
    """The title line as these reports usually word it; staff can edit it. A term report
    names the years of the unit's term from its record ("nhiệm kỳ 2025 - 2030"); without a
    term record it names no years rather than guess them."""
    from webapp.indicators.targets import running_term

    y = period.end.year
    term = running_term(unit_id, period.at) if unit_id is not None else None
    years = f" {term.start_on.year} - {term.end_on.year}" if term is not None else ""
    return {
        ReportKind.MONTHLY: f"Kết quả hoạt động công tác Hội tháng {period.end.month} năm {y}",
        ReportKind.QUARTERLY: "Kết quả hoạt động công tác Hội quý "
        f"{ROMAN_QUARTERS[(period.end.month - 1) // 3 + 1]} năm {y}",
        ReportKind.HALF_YEAR: f"Kết quả hoạt động công tác Hội 6 tháng đầu năm {y}",
        ReportKind.ANNUAL: f"Kết quả hoạt động công tác Hội năm {y}",
        ReportKind.MID_TERM: "Kết quả thực hiện Nghị quyết Đại hội đại biểu Phụ nữ nửa nhiệm kỳ"
        + years,
        ReportKind.END_TERM: "Tổng kết thực hiện Nghị quyết Đại hội đại biểu Phụ nữ nhiệm kỳ"
        + years,
    }[kind]


def default_signatory(unit_id: int, on: date | None = None) -> str:
    """The name of the unit's chair in the cadre register on ``on`` (today), or ""."""
    from webapp.models.cadres import current_chair

    chair = current_chair(unit_id, on or local_today())
    return chair.full_name if chair else ""
