"""English mode leftovers (issue 16) and the demo button's progress.

- a gift's stored unit ("lần", "suất") reads in English on English pages ("Cash: 7 times");
- the targets summary sentence is English on English pages, Vietnamese in documents;
- loading the demo goes through htmx and the page shows a progress region meanwhile.
"""

from __future__ import annotations

from flask_babel import force_locale

from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.main.labels import measure_label


def test_stored_units_read_in_the_readers_language(app):
    with force_locale("en"):
        assert measure_label("lần") == "times"
        assert measure_label("suất") == "parcels"
        assert measure_label("bao") == "bao"  # typed by a user, unknown: shown as typed
    with force_locale("vi"):
        assert measure_label("lần") == "lần"


def test_the_targets_summary_is_english_on_english_pages(app, world):
    from datetime import timedelta

    from tests.activities.factories import make_target, make_term
    from webapp.formatting import local_today
    from webapp.indicators.targets import summary_line, term_progress

    today = local_today()
    term = make_term(world.commune_a, today - timedelta(days=700), today + timedelta(days=1100))
    make_target(term, "Trồng cây xanh", "500", "outputs.trees")
    progress = term_progress(term, today)
    assert summary_line(progress).startswith("0/1 chỉ tiêu đạt và vượt")  # documents: Vietnamese
    with force_locale("en"):
        assert summary_line(progress, in_user_language=True).startswith("0/1 targets met")
    page = client_for(app, world.staff_a, PASSWORD, locale="en").get("/activities/targets/")
    assert "0/1 targets met or exceeded" in page.get_data(as_text=True)


def test_loading_the_demo_shows_its_progress(app):
    from tests.factories import make_user
    from webapp.models import Role

    admin = make_user(Role.ADMIN, None, "admin")
    home = client_for(app, admin, PASSWORD).get("/").get_data(as_text=True)
    assert 'hx-post="/demo"' in home and "Nạp dữ liệu mẫu</button>" in home
    # The job's real progress, polled by the page: tests/test_demo_job.py.
