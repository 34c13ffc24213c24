"""The app starts, the login page speaks Vietnamese, a user can log in."""

from tests.conftest import client_for
from tests.factories import PASSWORD


def test_login_page_is_vietnamese(client):
    response = client.get("/auth/login")
    assert response.status_code == 200
    assert "Đăng nhập" in response.get_data(as_text=True)


def test_staff_logs_in_and_sees_home(app, world):
    c = client_for(app, world.staff_a, PASSWORD)
    page = c.get("/").get_data(as_text=True)
    assert "Nguyễn Thị Huế" in page
    assert "Đức Xương" in page and "Đức Long" not in page


def _run_demo_job(c) -> str:
    """Run the queued demo job here (or wait for the shared worker, if it took it); the home
    page the browser is then sent to."""
    import time

    from tasks.demo import load_demo
    from tasks.jobs import execute_job
    from webapp.extensions import db
    from webapp.models import Job

    job_id = db.session.scalar(db.select(Job.id).order_by(Job.id.desc()))
    db.session.rollback()
    execute_job(job_id, load_demo)
    deadline = time.monotonic() + 60
    while not (polled := c.htmx_get("/demo")).headers.get("HX-Redirect"):
        assert time.monotonic() < deadline, _job_state(job_id)
        time.sleep(0.2)
    # Should the demo fail, say how (the job's state and message), not only that a text is missing.
    assert _job_state(job_id).startswith(f"job {job_id}: done"), _job_state(job_id)
    return c.get(polled.headers["HX-Redirect"]).get_data(as_text=True)


def _job_state(job_id: int) -> str:
    from webapp.extensions import db
    from webapp.models import Job

    db.session.expire_all()
    job = db.session.get(Job, job_id)
    return f"job {job_id}: {job.state.value}, attempts {job.attempts}, message {job.message!r}"


def test_a_fresh_install_offers_the_demo_or_an_empty_start(app):
    from tests.factories import make_user
    from webapp.models import Role, Unit

    admin = make_user(Role.ADMIN, None, "quantri")
    c = client_for(app, admin, PASSWORD)
    page = c.get("/").get_data(as_text=True)
    assert "Nạp dữ liệu mẫu" in page and "Bắt đầu trống: thêm đơn vị" in page
    page = c.post_form("/demo", follow_redirects=True).get_data(as_text=True)
    assert 'id="demo-job"' in page  # a background job (tests/test_demo_job.py)
    page = _run_demo_job(c)
    assert "Đã nạp dữ liệu mẫu: Hội LHPN xã Đức Xương với 4 chi hội." in page
    assert "Nạp dữ liệu mẫu</button>" not in page
    from webapp.extensions import db

    # The seed's 7 units, plus the 2025 merge: a neighbour commune with 3 branches, and the
    # new commune both merged into (webapp/demo/merge2025.py).
    assert db.session.query(Unit).count() == 12
    again = c.post_form("/demo", follow_redirects=True).get_data(as_text=True)
    assert "Cơ sở dữ liệu đã có dữ liệu" in again


def test_an_admin_reading_english_loads_a_demo_whose_records_are_vietnamese(app):
    from tests.factories import make_user
    from webapp.extensions import db
    from webapp.models import Role
    from webapp.models.activities import MediationCase, MediationKind
    from webapp.models.members import MemberEvent

    admin = make_user(Role.ADMIN, None, "quantri")
    c = client_for(app, admin, PASSWORD, locale="en")
    c.post_form("/demo")
    page = _run_demo_job(c)
    assert "Demo data loaded: the Đức Xương commune Women&#39;s Union with 4 branches." in page
    land = db.session.scalars(
        db.select(MediationCase.summary).where(MediationCase.kind == MediationKind.LAND)
    ).first()
    assert land == "Tranh chấp đất đai"
    descriptions = set(db.session.scalars(db.select(MemberEvent.description)))
    assert "Chuyển đi nơi khác." in descriptions
