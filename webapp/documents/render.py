"""Render a .docx template with docxtpl inside the sandbox, and explain failures readably."""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from flask_babel import gettext as _
from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from webapp.documents.filters import collecting
from webapp.documents.sandbox import make_env


class RenderError(Exception):
    """A failure to show the user, naming the offending tag or paragraph (Vietnamese in the
    worker, which stores it on the job row)."""


def render_docx(
    template: Path | IO[bytes],
    build_context: Callable[[DocxTemplate], dict[str, Any]],
    warnings: list[str] | None = None,
    properties: dict[str, Any] | None = None,
) -> bytes:
    """Render ``template`` with the context ``build_context(tpl)`` returns; the .docx bytes.

    The context is built against the template object because images (charts) must be
    attached to the document being rendered. A placeholder whose filter could not read its
    value prints "[?]" and its Vietnamese explanation is appended to ``warnings``.
    ``properties`` (filled in by ``build_context`` at the latest) are set on the file's core
    properties after rendering: ``author`` (the issuing unit) and ``generated`` (a datetime).
    """
    tpl = DocxTemplate(template)
    context = build_context(tpl)
    env = make_env()
    try:
        with collecting(_paragraph_finder(tpl)) as problems:
            tpl.render(context, jinja_env=env, autoescape=True)
        if warnings is not None:
            warnings.extend(p.message() for p in problems)
    except TemplateSyntaxError as exc:
        raise RenderError(
            _(
                "Lỗi cú pháp trong mẫu: %(error)s%(near)s",
                error=exc.message,
                near=_near(tpl, exc.lineno),
            )
        ) from exc
    except SecurityError as exc:
        raise RenderError(
            _(
                "Mẫu báo cáo cố truy cập vào phần bên trong của hệ thống, điều này không được "
                "phép%(near)s. Hãy xoá thẻ đó khỏi mẫu.",
                near=_near_traceback(tpl, exc),
            )
        ) from exc
    except UndefinedError as exc:
        raise RenderError(
            _(
                "Mẫu dùng một giá trị không có: %(error)s%(near)s",
                error=exc.message,
                near=_near_traceback(tpl, exc),
            )
        ) from exc
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise RenderError(
            _(
                "Lỗi khi điền số liệu vào mẫu: %(error)s%(near)s",
                error=exc,
                near=_near_traceback(tpl, exc),
            )
        ) from exc
    keep_closing_block_together(tpl.docx)
    if properties:
        _set_properties(tpl.docx, properties)
    out = BytesIO()
    tpl.save(out)
    return out.getvalue()


def keep_closing_block_together(document) -> None:
    """When the body ends with a table (the "Nơi nhận" and signature block), its rows never
    split across pages and the body's last paragraph is kept with it, so page 2 never holds
    the signatory's name alone. Set after rendering: the narrative's paragraphs replace the
    template's, and their properties with them."""
    body = document.element.body
    blocks = [el for el in body.iterchildren() if el.tag in (qn("w:p"), qn("w:tbl"))]
    if not blocks or blocks[-1].tag != qn("w:tbl"):
        return
    table = blocks[-1]
    for tr in table.iterchildren(qn("w:tr")):
        _cant_split(tr)
        for p in tr.iter(qn("w:p")):  # a row of several paragraphs stays on one page in Word
            _keep_next(p)
    # The empty paragraphs between body and block, and the last one with text; or the last
    # row of a table that ends the body (a figures table).
    for el in reversed(blocks[:-1]):
        if el.tag == qn("w:tbl"):
            rows = el.findall(qn("w:tr"))
            if rows:
                _cant_split(rows[-1])
                for p in rows[-1].iter(qn("w:p")):
                    _keep_next(p)
            break
        _keep_next(el)
        if "".join(el.itertext()).strip():
            break


def _keep_next(p) -> None:
    p.get_or_add_pPr().get_or_add_keepNext()


# What may follow <w:cantSplit/> in a row's properties (the schema's order).
_AFTER_CANT_SPLIT = tuple(
    f"w:{t}" for t in ("trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden")
)


def _cant_split(tr) -> None:
    tr_pr = tr.get_or_add_trPr()
    if tr_pr.find(qn("w:cantSplit")) is None:
        tr_pr.insert_element_before(OxmlElement("w:cantSplit"), *_AFTER_CANT_SPLIT)


def _set_properties(document, properties: dict[str, Any]) -> None:
    core = document.core_properties
    if properties.get("author"):
        core.author = properties["author"]
        core.last_modified_by = properties["author"]
    if properties.get("generated"):
        core.created = core.modified = properties["generated"]


def patched_xml(tpl: DocxTemplate, xml: str) -> str:
    """The XML as docxtpl hands it to Jinja: a new line before each paragraph (so Jinja's line
    numbers count paragraphs), tags split by Word formatting joined again."""
    return tpl.patch_xml(re.sub(r"<w:p([ >])", r"\n<w:p\1", xml))


def _paragraph_text(tpl: DocxTemplate, lineno: int | None) -> str:
    """The text of the paragraph at ``lineno`` of the body."""
    if not lineno:
        return ""
    try:
        xml = patched_xml(tpl, tpl.xml_to_string(tpl.docx._element.body))
    except Exception:  # the message is still useful without the paragraph
        return ""
    lines = xml.split("\n")
    if not 0 < lineno <= len(lines):
        return ""
    text = re.sub(r"<[^>]+>", "", lines[lineno - 1])
    return " ".join(text.split())[:160]


def _paragraph_finder(tpl: DocxTemplate) -> Callable[[int], str]:
    """``lineno`` → the text of that body paragraph, while the body is still the template's
    (a header's or footer's line numbers are not the body's: "" then)."""
    tpl.init_docx()
    body = tpl.docx._element.body
    lines: list[str] = []

    def paragraph_at(lineno: int) -> str:
        if tpl.docx._element.body is not body:
            return ""
        if not lines:
            lines.extend(patched_xml(tpl, tpl.xml_to_string(body)).split("\n"))
        if not 0 < lineno <= len(lines):
            return ""
        return " ".join(re.sub(r"<[^>]+>", "", lines[lineno - 1]).split())[:160]

    return paragraph_at


def _near(tpl: DocxTemplate, lineno: int | None) -> str:
    """ " — ở đoạn: “…”", the paragraph a message points at (appended to the message), or ""."""
    text = _paragraph_text(tpl, lineno)
    return " " + _("— ở đoạn: “%(text)s”", text=text) if text else ""


def _near_traceback(tpl: DocxTemplate, exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    return _near(tpl, frames[-1].lineno) if frames else ""
