"""Charts drawn in the worker and placed in the document as images."""

from __future__ import annotations

from typing import Any

from docxtpl import DocxTemplate

from webapp.indicators import Period
from webapp.models import Unit


def build(tpl: DocxTemplate, unit: Unit, period: Period) -> dict[str, Any]:
    """Chart images for the template, by name."""
    return {}
