"""A report whose template asks for more memory than TASK_MEMORY_LIMIT_MB fails cleanly, and
the worker goes on serving (issue 11, §6)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.reports.docx_helpers import make_docx
from tests.reports.factories import make_draft
from tests.test_queue import wait_for_state
from webapp.extensions import db
from webapp.models import Job, JobState
from webapp.models.reports import ReportKind
from webapp.reports.services.templates import upload

pytestmark = pytest.mark.worker


def test_a_template_that_needs_too_much_memory_fails_the_job_and_the_worker_goes_on(
    app, world, worker
):
    limit = app.config["TASK_MEMORY_LIMIT_MB"]
    # A string larger than the whole allowance, built by a filter the sandbox's length check on
    # ``*`` and ``+`` does not see: without the cap the child would take it, then several
    # copies more while the document is built.
    upload(
        ReportKind.ANNUAL,
        "ngon-bo-nho.docx",
        make_docx(f"{{{{ 'x' | center({(limit + 100) * 1024 * 1024}) }}}}"),
        world.admin,
    )
    db.session.commit()
    draft = make_draft(world.commune_a)
    staff = client_for(app, world.staff_a, PASSWORD)

    def generate() -> int:
        assert staff.post_form(f"/reports/{draft.id}/generate", htmx=True).status_code == 200
        db.session.expire_all()
        return db.session.scalars(select(Job.id).order_by(Job.id.desc())).first()

    failed = wait_for_state(generate(), JobState.FAILED, timeout=60)
    assert f"nhiều bộ nhớ hơn mức cho phép ({limit} MB)" in failed.message
    assert failed.attempts == 1
    # The same worker serves the next job, with the default template back.
    client_for(app, world.admin, PASSWORD).post_form("/reports/templates/default/annual")
    wait_for_state(generate(), JobState.DONE)
