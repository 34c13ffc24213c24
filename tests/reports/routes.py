"""Routes of the reports area for the authorization matrix (see tests/routes.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _draft(world: Any) -> dict:
    from tests.reports.factories import make_draft

    return {"draft_id": make_draft(world.commune_a).id}


def _file(world: Any) -> dict:
    from tests.reports.factories import make_draft, make_report_file

    return {"file_id": make_report_file(make_draft(world.branch_a1, number=7)).id}


def _template(world: Any) -> dict:
    from webapp.extensions import db
    from webapp.models.reports import ReportKind, ReportTemplate

    row = ReportTemplate(
        kind=ReportKind.ANNUAL,
        version=1,
        filename="x.docx",
        storage_name="x.docx",
        size=1,
        sha256="0" * 64,
        is_active=False,
    )
    db.session.add(row)
    db.session.commit()
    return {"template_id": row.id}


def _trashed(world: Any) -> dict:
    from tests.reports.factories import make_draft
    from webapp.extensions import db
    from webapp.trash import move_to_trash

    draft = make_draft(world.commune_a, number=5)
    move_to_trash(draft)
    db.session.commit()
    return {"table": "report_drafts", "record_id": draft.id}


# endpoint → world → URL arguments of a record of commune A (outside commune B's scope)
RECORD_ARGS: dict[str, Callable[[Any], dict]] = {
    "reports.show": _draft,
    "reports.update": _draft,
    "reports.number_field": _draft,
    "reports.narrative": lambda w: {**_draft(w), "key": "tinh_hinh"},
    "reports.figures": _draft,
    "reports.generate": _draft,
    "reports.job_status": _draft,
    "reports.delete": _draft,
    "reports.download": _file,
    "reports.download_pdf": _file,
    "reports.activate_template": _template,
    "reports.download_template": _template,
    "reports.use_default_template": lambda w: {"kind": "annual"},
    "reports.download_default_template": lambda w: {"kind": "annual"},
    "reports.send": _draft,
    "reports.reopen_draft": _draft,
    # The province's page of a unit above commune B (the district): outsiders get 404.
    "reports.province_unit": lambda w: {"unit_id": w.district.id},
    "reports.province_export": lambda w: {"unit_id": w.district.id},
    "reports.province_changes": _draft,
    "trash_bin.restore": _trashed,
    "trash_bin.purge": _trashed,
}
