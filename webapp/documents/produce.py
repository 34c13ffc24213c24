"""One report, start to finish: context → active template → .docx bytes.

The worker's task and ``flask report render`` both call :func:`produce`, so a report rendered
from the command line is exactly the one the worker would have made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from webapp.documents.context import ReportRequest, build_context, fingerprint
from webapp.documents.render import render_docx
from webapp.documents.templates import ActiveTemplate, active_template
from webapp.models.reports import ReportKind


@dataclass
class Produced:
    data: bytes
    figures: dict
    fingerprint: str
    template: ActiveTemplate
    # Placeholders that printed "[?]" (Vietnamese, one line each); the rest was rendered.
    warnings: list[str] = field(default_factory=list)


def produce(
    req: ReportRequest, kind: ReportKind, progress: Callable[[int], None] = lambda pct: None
) -> Produced:
    """Render the request with the kind's active template (raises RenderError on failure)."""
    template = active_template(kind)
    figures: dict = {}
    properties: dict = {}

    def context_for(tpl):
        context, raw = build_context(req, tpl)
        figures.update({k: v for k, v in raw.items() if v is not None})
        # The file says who issued it and when it was made (Word's File > Info).
        properties["author"] = context["unit"]["union_name"]
        properties["generated"] = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
        progress(50)
        return context

    warnings: list[str] = []
    data = render_docx(template.path, context_for, warnings, properties)
    return Produced(data, figures, fingerprint(figures), template, warnings)
