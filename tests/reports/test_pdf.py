"""Where LibreOffice is installed, a report also comes as a PDF."""

from __future__ import annotations

import shutil

import pytest

from tasks.reports import _pdf
from tests.reports.docx_helpers import make_docx


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_a_docx_is_converted_to_pdf_beside_it(tmp_path):
    docx = tmp_path / "job-1.docx"
    docx.write_bytes(make_docx("Báo cáo thử: Lê & Con <Hội>"))
    name = _pdf(docx)
    assert name == "job-1.pdf"
    assert (tmp_path / name).read_bytes()[:5] == b"%PDF-"
