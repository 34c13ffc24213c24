"""In a real browser: Enter in the narrative editor starts a new paragraph, in the page and in
the .docx ("Đoạn một." and "Đoạn hai." are never printed glued together)."""

from __future__ import annotations

import io

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.reports.factories import make_draft
from tests.test_browser import _login
from webapp.documents.produce import produce
from webapp.documents.requests import request_from_draft
from webapp.extensions import db
from webapp.models.reports import ReportDraft

pytestmark = pytest.mark.browser


def test_enter_in_the_editor_makes_two_paragraphs_in_the_docx(page, world):
    draft = make_draft(world.commune_a)
    _login(page, "canbo_a", PASSWORD)
    page.goto(f"/reports/{draft.id}")
    editor = page.locator('.editor[data-section="tinh_hinh"]')
    editor.click()
    page.keyboard.type("Đoạn một.")
    page.keyboard.press("Enter")
    page.keyboard.type("Đoạn hai.")
    form = editor.locator("xpath=ancestor::form")
    expect(form.locator(".save-state")).to_contain_text("Đã lưu lúc", timeout=10_000)
    # The browser made a paragraph, not a <div> the server would have dropped.
    assert editor.locator("p").count() >= 1 and editor.locator("div").count() == 0

    db.session.expire_all()
    saved = db.session.get(ReportDraft, draft.id)
    assert saved.narrative["tinh_hinh"] in (
        "Đoạn một.<p>Đoạn hai.</p>",
        "<p>Đoạn một.</p><p>Đoạn hai.</p>",
    )
    doc = Document(io.BytesIO(produce(request_from_draft(saved), saved.kind).data))
    texts = [p.text for p in doc.paragraphs]
    assert "Đoạn một." in texts and "Đoạn hai." in texts
    assert texts.index("Đoạn hai.") == texts.index("Đoạn một.") + 1
    assert not [t for t in texts if "Đoạn một.Đoạn hai." in t]
