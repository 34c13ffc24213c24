"""Report templates: which one renders a kind, and the checks an uploaded file must pass.

An uploaded file is checked before python-docx ever opens it (a real .docx, bounded size, then
the shared upload check of webapp/uploads.py: no zip bomb, every part intact, no DOCTYPE in any
XML part whatever its encoding), then its Jinja is parsed: syntax errors are refused with the offending
paragraph, access to Python internals is refused, and variables the registry does not know are
listed as warnings.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docxtpl import DocxTemplate
from flask import current_app
from flask_babel import gettext as _
from jinja2 import TemplateSyntaxError, nodes
from sqlalchemy import select

from webapp.documents import storage
from webapp.documents.context import RESERVED
from webapp.documents.render import _near, patched_xml
from webapp.documents.sandbox import make_env
from webapp.extensions import db
from webapp.indicators import catalogue
from webapp.models.reports import ReportKind, ReportTemplate
from webapp.uploads import UploadRejected, check_zip_upload

MAX_FILE = 10 * 1024 * 1024


class TemplateRejected(ValueError):
    """An upload refused, with a message for the user (in the user's language)."""


@dataclass
class Checked:
    warnings: list[str] = field(default_factory=list)
    variables: set[str] = field(default_factory=set)


@dataclass
class ActiveTemplate:
    path: Path
    template_id: int | None
    label: str


def active_template(kind: ReportKind) -> ActiveTemplate:
    """The newest active uploaded version of the kind, or the built-in template."""
    row = db.session.scalar(
        select(ReportTemplate)
        .where(ReportTemplate.kind == kind, ReportTemplate.is_active)
        .order_by(ReportTemplate.version.desc())
        .limit(1)
    )
    if row is not None:
        return ActiveTemplate(storage.template_path(row.storage_name), row.id, row.label)
    return ActiveTemplate(storage.default_template_path(kind.value), None, _("mẫu mặc định"))


def check_zip(data: bytes) -> None:
    """Refuse anything that is not a plain, modest .docx, before any XML parser sees it."""
    if len(data) > MAX_FILE:
        raise TemplateRejected(_("Tệp mẫu lớn hơn 10 MB."))
    try:
        names = _part_names(data)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise TemplateRejected(_("Tệp không phải là tài liệu Word (.docx).")) from exc
    try:
        check_zip_upload(data)
    except UploadRejected as exc:
        raise TemplateRejected(str(exc)) from None
    if "word/document.xml" not in names:
        raise TemplateRejected(
            _("Tệp không phải là tài liệu Word (.docx): thiếu word/document.xml.")
        )


def _part_names(data: bytes) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return set(archive.namelist())


def known_variables() -> set[str]:
    """Top-level names a template may use: the context blocks and the indicator roots."""
    return set(RESERVED) | {ind.code.split(".")[0] for ind in catalogue()} | {"loop"}


def _template_xml(tpl: DocxTemplate) -> str:
    """Body first (so line numbers count its paragraphs), then headers and footers."""
    xml = patched_xml(tpl, tpl.xml_to_string(tpl.docx._element.body))
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for rel in tpl.docx._part.rels.values():
            if rel.reltype == uri:
                xml += patched_xml(tpl, rel.target_part.blob.decode("utf-8"))
    return xml


def check_jinja(data: bytes) -> Checked:
    """Parse the template's Jinja; refuse syntax errors and internals, warn on unknown names."""
    try:
        tpl = DocxTemplate(io.BytesIO(data))
        tpl.init_docx()
        xml = _template_xml(tpl)
    except Exception as exc:  # python-docx/lxml raise many kinds for a damaged document
        raise TemplateRejected(
            _(
                "Tệp .docx bị hỏng, không đọc được. Hãy mở và lưu lại bằng Word hoặc LibreOffice "
                "rồi tải lên lại."
            )
        ) from exc
    env = make_env()
    try:
        ast = env.parse(xml)
    except TemplateSyntaxError as exc:
        raise TemplateRejected(
            _(
                "Lỗi cú pháp trong mẫu: %(error)s%(near)s. Hãy kiểm tra dấu ngoặc {{ }} / {%% %%} "
                "và gõ lại thẻ bằng dấu nháy thẳng.",
                error=exc.message,
                near=_near(tpl, exc.lineno),
            )
        ) from exc
    for node in ast.find_all((nodes.Getattr, nodes.Getitem)):
        attr = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", "")
        if isinstance(attr, str) and attr.startswith("_"):
            raise TemplateRejected(
                _(
                    "Mẫu cố truy cập thuộc tính nội bộ “%(name)s”, điều này không được phép.",
                    name=attr,
                )
            )
    from jinja2 import meta

    used = meta.find_undeclared_variables(ast)
    unknown = sorted(used - known_variables())
    checked = Checked(variables=set(used))
    checked.warnings = [
        _("Biến “%(name)s” không có trong danh mục chỉ tiêu; mẫu sẽ in ô trống.", name=name)
        for name in unknown
    ]
    codes = {ind.code for ind in catalogue()}
    for dotted in sorted(set(re.findall(r"\b([a-z_]+(?:\.[a-z0-9_]+)+)", xml))):
        root = dotted.split(".")[0]
        if (
            root in known_variables() - RESERVED
            and dotted not in codes
            and not any(c.startswith(dotted + ".") for c in codes)
        ):
            checked.warnings.append(
                _("Chỉ tiêu “%(code)s” không có trong danh mục; mẫu sẽ in ô trống.", code=dotted)
            )
    return checked


def template_codes(kind: ReportKind) -> list[str]:
    """The dotted names (indicator codes, narrative keys) the kind's active template uses."""
    active = active_template(kind)
    try:
        tpl = DocxTemplate(active.path)
        tpl.init_docx()
        xml = _template_xml(tpl)
    except Exception:
        current_app.logger.warning("could not read template %s", active.path)
        return []
    return sorted(set(re.findall(r"\b([a-z_]+(?:\.[a-z0-9_]+)+)", re.sub(r"<[^>]+>", "", xml))))
