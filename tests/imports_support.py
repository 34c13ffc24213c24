"""Helpers of the register import tests: a workbook built in memory, and the engine's service
functions called the way the pages call them (no HTTP)."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook

from webapp.extensions import db
from webapp.imports import engine
from webapp.imports.registry import register_of


def xlsx(
    header: list, rows: list[list], title: list[list] | None = None, total: list | None = None
) -> bytes:
    """A workbook: optional title lines, the header, the rows, an optional total line."""
    book = Workbook()
    sheet = book.active
    for line in title or []:
        sheet.append(line)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if total is not None:
        sheet.append(total)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def preview(
    kind: str, user, data: bytes, unit=None, as_of: date | None = None, name: str = "tep.xlsx"
):
    """Upload ``data`` as the pages do; return the preview (nothing written)."""
    return engine.upload(
        register_of(kind), user, io.BytesIO(data), name, unit.id if unit else None, as_of
    )


def confirm(kind: str, user, token: str) -> int:
    """Confirm a preview and commit, as webapp.form_helpers.save does."""
    count = engine.confirm(register_of(kind), user, token)
    db.session.commit()
    return count


def import_file(
    kind: str, user, data: bytes, unit=None, as_of: date | None = None, name: str = "tep.xlsx"
):
    """Preview then confirm; return (preview, count)."""
    shown = preview(kind, user, data, unit, as_of, name)
    return shown, confirm(kind, user, shown.token)
