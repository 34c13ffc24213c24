"""A user who chose English sees the reports area in English; the report itself stays Vietnamese."""

from __future__ import annotations

from flask_babel import force_locale

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.reports.factories import make_draft
from webapp.documents.requests import request_from_draft
from webapp.extensions import db
from webapp.models.reports import ReportDraft, ReportKind


def test_report_pages_are_in_english(app, world):
    draft = make_draft(world.commune_a)
    staff = client_for(app, world.staff_a, PASSWORD, locale="en")

    index = staff.get("/reports/").get_data(as_text=True)
    assert "My reports" in index and "New report" in index and "Annual report" in index
    assert "Soạn báo cáo mới" not in index

    page = staff.get(f"/reports/{draft.id}").get_data(as_text=True)
    assert "Generate report" in page and "Text written by cadres" in page
    assert "Strengths" in page  # a narrative section's heading in the editor (annual: "Ưu điểm")
    assert "Xuất báo cáo" not in page and "Nội dung do cán bộ viết" not in page

    response = staff.post_form(
        f"/reports/{draft.id}", {"version": str(draft.version), "number": "0", "symbol": ""}
    )
    assert response.status_code == 422
    errors = response.get_data(as_text=True)
    assert "Invalid number." in errors and "Please fill in this field." in errors
    assert "Vui lòng nhập trường này." not in errors


def test_template_upload_checks_speak_english(app, world):
    admin = client_for(app, world.admin, PASSWORD, locale="en")
    page = admin.get("/reports/templates").get_data(as_text=True)
    assert "Upload a new template" in page and "Half-year report" in page
    assert "Tải lên mẫu mới" not in page

    from io import BytesIO

    response = admin.post_form(
        "/reports/templates",
        {"kind": "annual", "file": (BytesIO(b"%PDF-1.4 not a docx"), "mau.docx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "The file is not a Word document (.docx)." in response.get_data(as_text=True)


def test_an_english_users_draft_is_worded_in_vietnamese(app, world):
    staff = client_for(app, world.staff_a, PASSWORD, locale="en")
    response = staff.post_form(
        "/reports/new",
        {
            "unit_id": str(world.commune_a.id),
            "kind": "annual",
            "year": "2023",
            "part": "",
            "period_start": "2023-01-01",
            "period_end": "2023-12-31",
        },
    )
    assert response.status_code == 302
    draft = db.session.scalars(db.select(ReportDraft)).one()
    assert draft.title == "Kết quả hoạt động công tác Hội năm 2023"
    assert draft.signatory_title == "TM. BAN THƯỜNG VỤ"
    with app.test_request_context(), force_locale("en"):
        assert ReportKind.ANNUAL.label == "Annual report"
        assert request_from_draft(draft).kind_label == "Báo cáo năm"
