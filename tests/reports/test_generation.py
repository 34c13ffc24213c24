"""Generating reports through a real worker: download, scope, retries, lost workers, runaways."""

from __future__ import annotations

import io
import os
import signal
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import AppClient, client_for
from tests.factories import PASSWORD
from tests.reports.docx_helpers import docx_text, make_docx
from tests.reports.factories import make_draft
from tests.test_queue import wait_for_state
from webapp.extensions import db
from webapp.models import Job, JobState
from webapp.models.reports import ReportFile, ReportKind
from webapp.reports.services.templates import upload

pytestmark = pytest.mark.worker


def _generate(client: AppClient, draft_id: int) -> Job:
    response = client.post_form(f"/reports/{draft_id}/generate", htmx=True)
    assert response.status_code == 200
    db.session.expire_all()
    return db.session.scalars(select(Job).order_by(Job.id.desc())).first()


def test_generate_download_and_regenerate(app, world, worker):
    draft = make_draft(
        world.commune_a,
        narrative={
            "tinh_hinh": "<p>Cán bộ, hội viên <b>phấn khởi</b> với Lê &amp; Con &lt;Hội&gt;.</p>"
        },
    )
    staff = client_for(app, world.staff_a, PASSWORD)
    job = wait_for_state(_generate(staff, draft.id).id, JobState.DONE)
    status = staff.get(f"/reports/{draft.id}/job", headers={"HX-Request": "true"})
    assert status.status_code == 286 and "Tải báo cáo (.docx)" in status.get_data(as_text=True)

    row = db.session.scalars(select(ReportFile).where(ReportFile.job_id == job.id)).one()
    with staff.get(f"/reports/files/{row.id}") as download:
        assert download.status_code == 200
        data = download.data
    text = docx_text(data)
    assert "Cán bộ, hội viên phấn khởi với Lê & Con <Hội>." in text
    assert "HỘI LHPN XÃ ĐỨC XƯƠNG" in text and "Số: 01/BC-BTV" in text
    assert len(data) == row.size and row.template_label == "mẫu mặc định"

    # A second file for the same records prints the same figures.
    job2 = wait_for_state(_generate(staff, draft.id).id, JobState.DONE)
    row2 = db.session.scalars(select(ReportFile).where(ReportFile.job_id == job2.id)).one()
    assert row2.figures_fingerprint == row.figures_fingerprint
    page = staff.get(f"/reports/{draft.id}").get_data(as_text=True)
    assert page.count("Tải .docx") == 2 and "Không đổi" in page

    # Only users whose scope covers the draft's unit may download it.
    assert (
        client_for(app, world.staff_b, PASSWORD).get(f"/reports/files/{row.id}").status_code == 404
    )
    with client_for(app, world.viewer_district, PASSWORD).get(f"/reports/files/{row.id}") as resp:
        assert resp.status_code == 200
    mine = staff.get("/reports/mine").get_data(as_text=True)
    assert mine.count("Hoàn thành") == 2


def test_a_failed_render_is_readable_and_can_be_retried(app, world, worker):
    admin = client_for(app, world.admin, PASSWORD)
    upload(ReportKind.ANNUAL, "hong.docx", make_docx("Giá trị: {{ 1 / 0 }}"), world.admin)
    db.session.commit()
    draft = make_draft(world.commune_a)
    failed = wait_for_state(_generate(admin, draft.id).id, JobState.FAILED)
    assert "Không tạo được báo cáo" in failed.message and "Giá trị:" in failed.message
    fragment = admin.get(f"/reports/{draft.id}/job", headers={"HX-Request": "true"}).get_data(
        as_text=True
    )
    assert "Thử lại" in fragment

    admin.post_form("/reports/templates/default/annual")  # fix the cause, then retry
    admin.post_form(f"/jobs/{failed.id}/retry", htmx=True)
    assert wait_for_state(failed.id, JobState.DONE).attempts == 1


def test_a_runaway_template_is_stopped_and_the_worker_goes_on(app, world, worker):
    upload(
        ReportKind.ANNUAL,
        "vo-han.docx",
        make_docx(
            # Loops over long strings: ``range`` is not offered to report templates.
            "{% for i in 'x' * 100000 %}{% for j in 'x' * 100000 %}{% endfor %}{% endfor %}"
        ),
        world.admin,
    )
    db.session.commit()
    draft = make_draft(world.commune_a)
    staff = client_for(app, world.staff_a, PASSWORD)
    failed = wait_for_state(_generate(staff, draft.id).id, JobState.FAILED, timeout=60)
    assert "quá thời gian" in failed.message
    # The same worker still serves the next job.
    client_for(app, world.admin, PASSWORD).post_form("/reports/templates/default/annual")
    wait_for_state(_generate(staff, draft.id).id, JobState.DONE)


def test_a_worker_killed_mid_render_leaves_a_job_that_completes_once(app, world, worker):
    # A template slow enough (about 2 s) to be killed in the middle of its render, and quick
    # enough to finish well inside the 8 s limit when it runs again on a busy machine.
    upload(
        ReportKind.ANNUAL,
        "cham.docx",
        make_docx(
            "{% for i in 'x' * 85000 %}{% for j in 'x' * 300 %}{% if i == 'y' %}x{% endif %}"
            "{% endfor %}{% endfor %}Xong"
        ),
        world.admin,
    )
    db.session.commit()
    draft = make_draft(world.commune_a)
    staff = client_for(app, world.staff_a, PASSWORD)
    job = wait_for_state(_generate(staff, draft.id).id, JobState.RUNNING)
    time.sleep(0.5)
    _kill_pool_child(worker.pid)
    done = wait_for_state(job.id, JobState.DONE, timeout=60)
    assert done.attempts == 2
    assert db.session.query(ReportFile).filter_by(job_id=job.id).count() == 1
    assert db.session.query(ReportFile).count() == 1


def _kill_pool_child(worker_pid: int) -> None:
    """SIGKILL the prefork child that runs tasks (the main worker process survives)."""
    # Every thread's children: the pool replaces a child it lost (hard time limit) from its
    # supervisor thread, and /proc lists a child under the thread that forked it.
    children = [
        pid
        for task in Path(f"/proc/{worker_pid}/task").iterdir()
        for pid in (task / "children").read_text().split()
    ]
    assert children, "the worker has no pool process"
    for pid in children:
        os.kill(int(pid), signal.SIGKILL)


def test_broker_down_keeps_the_request_and_sends_it_when_the_broker_is_back(
    broker_down_app, world, worker
):
    draft = make_draft(world.commune_a)
    with broker_down_app.app_context():
        staff = client_for(broker_down_app, world.staff_a, PASSWORD)
        fragment = staff.post_form(f"/reports/{draft.id}/generate", htmx=True).get_data(
            as_text=True
        )
    assert "Hàng đợi xử lý tạm thời không liên lạc được" in fragment
    db.session.expire_all()
    job = db.session.scalars(select(Job)).one()
    assert job.state is JobState.QUEUED and job.sent_at is None
    # The broker "comes back": the worker's reaper, on the real broker, sends it.
    assert wait_for_state(job.id, JobState.DONE, timeout=40).attempts == 1


def test_flask_report_render_writes_the_same_document(app, world, tmp_path):
    from tests.activities.factories import make_term

    # The heading's term years come from the unit's Term record, not from the period.
    make_term(world.commune_a, number=21, start_on=date(2021, 1, 1), end_on=date(2026, 12, 31))
    out = tmp_path / "bao-cao.docx"
    result = app.test_cli_runner().invoke(
        args=[
            "report",
            "render",
            "--unit",
            "Đức Xương",
            "--kind",
            "mid-term",
            "--from",
            "2021-01-01",
            "--to",
            "2023-10-20",
            "--out",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    text = docx_text(out.read_bytes())
    assert "Đức Xương, ngày 20 tháng 10 năm 2023" in text
    assert "KẾT QUẢ ĐẠT ĐƯỢC TRONG NỬA NHIỆM KỲ (2021 - 2026)" in text
    assert io.BytesIO(out.read_bytes()).read(2) == b"PK"
