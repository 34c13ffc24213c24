"""Loading the demo is a background job whose real progress the home page shows (issue 16).

"Nạp dữ liệu mẫu" queues a job (tasks/demo.py) that the real worker runs; the page polls
GET /demo through htmx and shows the job's percent; a second click while it runs shows the same
job; once done the home page reloads with the demo's figures.
"""

from __future__ import annotations

import re
import time

from sqlalchemy import func, select

from tests.conftest import client_for, page_text
from tests.factories import PASSWORD, make_user
from webapp.extensions import db
from webapp.models import Job, Role, Unit


def _percent(fragment: str) -> int:
    match = re.search(r'<progress max="100" value="(\d+)"', fragment)
    assert match, fragment
    return int(match.group(1))


def test_the_demo_loads_in_the_background_with_its_progress(app, worker):
    admin = make_user(Role.ADMIN, None, "quantri")
    c = client_for(app, admin, PASSWORD)

    first = c.post_form("/demo", htmx=True)
    assert first.status_code == 200
    fragment = page_text(first)
    assert 'id="demo-job"' in fragment and 'hx-get="/demo"' in fragment
    assert 'hx-trigger="every 1s"' in fragment
    # A second click while the job is queued or running shows that job: one job, not two.
    second = page_text(c.post_form("/demo", htmx=True))
    assert 'id="demo-job"' in second
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Job)) == 1
    home = page_text(c.get("/"))
    assert 'id="demo-job"' in home and 'hx-get="/demo"' in home
    assert "Nạp dữ liệu mẫu</button>" not in home

    seen: list[int] = []
    deadline = time.monotonic() + 90
    while True:
        assert time.monotonic() < deadline, seen
        polled = c.htmx_get("/demo")
        if polled.headers.get("HX-Redirect"):
            break
        assert polled.status_code == 200, page_text(polled)
        seen.append(_percent(page_text(polled)))
        time.sleep(0.2)
    assert polled.headers["HX-Redirect"] == "/"
    assert seen == sorted(seen), seen  # the bar never goes back
    if db.engine.dialect.name == "postgresql":
        # Written from the worker while the seed's rows are uncommitted (SQLite: one writer).
        assert any(0 < p < 100 for p in seen), seen

    db.session.rollback()
    job = db.session.scalar(select(Job))
    assert (job.kind, job.state.value, job.progress) == ("demo.load", "done", 100)
    # The seed's 7 units and the 2025 merge's 5 (tests/test_smoke.py).
    assert db.session.scalar(select(func.count()).select_from(Unit)) == 12
    home = page_text(c.get("/"))
    assert "Đã nạp dữ liệu mẫu: Hội LHPN xã Đức Xương với 4 chi hội." in home
    assert 'id="first-run"' not in home and 'id="dashboard"' in home
    # The home page's figures: the whole province, the merged communes included.
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", home))
    assert "Hội viên 1.688" in text
    assert re.search(r"Dư nợ \d+(,\d)? tỷ đồng", text), text


def test_the_demo_is_refused_once_the_install_has_units(app, world):
    c = client_for(app, world.admin, PASSWORD)
    page = page_text(c.post_form("/demo", follow_redirects=True))
    assert "Cơ sở dữ liệu đã có dữ liệu; chỉ nạp dữ liệu mẫu vào một hệ thống trống." in page
    assert db.session.scalar(select(func.count()).select_from(Job)) == 0


def test_only_an_admin_of_the_whole_tree_loads_the_demo(app, world):
    for user in (world.staff_a, world.admin_b, world.viewer_district):
        c = client_for(app, user, PASSWORD)
        assert c.post_form("/demo").status_code == 403
        assert c.htmx_get("/demo").status_code == 403


def test_a_failed_load_says_why_and_offers_the_button_again(app):
    from webapp.models import JobState

    admin = make_user(Role.ADMIN, None, "quantri")
    db.session.add(
        Job(
            kind="demo.load",
            params={},
            state=JobState.FAILED,
            message="Công việc chạy quá thời gian cho phép và đã bị dừng.",
            created_by_id=admin.id,
        )
    )
    db.session.commit()
    c = client_for(app, admin, PASSWORD)
    home = page_text(c.get("/"))
    assert "Công việc chạy quá thời gian cho phép và đã bị dừng." in home
    assert "Nạp dữ liệu mẫu</button>" in home and 'hx-get="/demo"' not in home
    polled = c.htmx_get("/demo")
    assert polled.status_code == 286  # htmx stops polling
    assert "Nạp dữ liệu mẫu</button>" in page_text(polled)
