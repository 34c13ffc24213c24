"""Templates users bring: checked before use, versioned, restorable; the starter lists variables."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.reports.docx_helpers import docx_text, make_docx
from webapp.documents.templates import TemplateRejected, active_template, check_jinja, check_zip
from webapp.extensions import db
from webapp.models.reports import ReportKind, ReportTemplate


def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_not_a_zip_is_refused():
    with pytest.raises(TemplateRejected, match="không phải là tài liệu Word"):
        check_zip(b"%PDF-1.4 not a docx")


def test_a_zip_without_a_document_is_refused():
    with pytest.raises(TemplateRejected, match=r"thiếu word/document\.xml"):
        check_zip(_zip({"hello.txt": b"hi"}))


def test_a_zip_bomb_is_refused_before_anything_is_unpacked():
    bomb = _zip({"word/document.xml": b"<w/>", "word/padding.xml": b"\0" * (60 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    with pytest.raises(TemplateRejected, match=r"50 MB|bom nén"):
        check_zip(bomb)


def test_a_doctype_is_refused():
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    with pytest.raises(TemplateRejected, match="DOCTYPE"):
        check_zip(_zip({"word/document.xml": evil}))


def test_too_large_a_file_is_refused():
    with pytest.raises(TemplateRejected, match="10 MB"):
        check_zip(b"PK" + b"\0" * (10 * 1024 * 1024))


def test_a_syntax_error_is_reported_with_the_tag(app):
    with pytest.raises(TemplateRejected) as exc:
        check_jinja(make_docx("Mở đầu", "Số hội viên {% if members.total %} nhiều", "Hết"))
    assert "Số hội viên {% if members.total %} nhiều" in str(exc.value)


def test_word_curly_quotes_inside_a_tag_are_understood(app):
    checked = check_jinja(make_docx("{{ “chào” }} {% if doc.title == ‘x’ %}x{% endif %}"))
    assert checked.warnings == []


def test_reaching_for_internals_is_refused_at_upload(app):
    with pytest.raises(TemplateRejected, match="__class__"):
        check_jinja(make_docx("{{ doc.__class__ }}"))


def test_unknown_variables_are_listed_as_warnings(app):
    checked = check_jinja(make_docx("{{ doc.title }} {{ khong_ro }} {{ members.khong_co }}"))
    assert any("khong_ro" in w for w in checked.warnings)
    assert all("doc.title" not in w for w in checked.warnings)


def test_admin_uploads_a_version_and_can_restore_the_previous_one(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    for text in ("Phiên bản một {{ doc.title }}", "Phiên bản hai {{ doc.title }}"):
        response = admin.post_form(
            "/reports/templates",
            {"kind": "annual", "file": (io.BytesIO(make_docx(text)), "mau.docx")},
            content_type="multipart/form-data",
        )
        assert response.status_code == 302, response.get_data(as_text=True)
    rows = db.session.scalars(db.select(ReportTemplate).order_by(ReportTemplate.version)).all()
    assert [(r.version, r.is_active) for r in rows] == [(1, False), (2, True)]
    assert "Phiên bản hai" in docx_text(active_template(ReportKind.ANNUAL).path.read_bytes())

    admin.post_form(f"/reports/templates/{rows[0].id}/activate")
    db.session.expire_all()
    assert "Phiên bản một" in docx_text(active_template(ReportKind.ANNUAL).path.read_bytes())
    admin.post_form("/reports/templates/default/annual")
    assert active_template(ReportKind.ANNUAL).template_id is None


def test_a_broken_upload_is_refused_next_to_the_field_and_nothing_is_stored(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    response = admin.post_form(
        "/reports/templates",
        {"kind": "annual", "file": (io.BytesIO(b"not a docx"), "mau.docx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "Tệp không phải là tài liệu Word (.docx)." in response.get_data(as_text=True)
    assert db.session.query(ReportTemplate).count() == 0


def test_starter_template_lists_every_variable_with_its_meaning(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    text = docx_text(admin.get("/reports/templates/starter.docx").data)
    assert "doc.place_date" in text and "narrative.danh_gia_chung" in text
    from webapp.indicators import catalogue

    for ind in catalogue():
        assert ind.code in text
