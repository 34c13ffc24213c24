"""In a real browser: the targets page's progress bars wear the union's colour, not the
browser's default blue (issue 16)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.activities.factories import make_target, make_term
from tests.factories import PASSWORD
from tests.test_browser import _login
from webapp.formatting import local_today

pytestmark = pytest.mark.browser

ACCENT = "rgb(176, 23, 79)"  # --accent: #b0174f


def test_progress_bars_wear_the_unions_colour(page, world):
    today = local_today()
    term = make_term(world.commune_a, today - timedelta(days=700), today + timedelta(days=1100))
    make_target(term, "Trồng cây xanh", "500", "outputs.trees")
    _login(page, "canbo_a", PASSWORD)
    page.wait_for_url(lambda url: url.endswith("/"))
    page.goto("/activities/targets/")
    bars = page.locator("main progress")
    assert bars.count() >= 1
    colours = bars.evaluate_all("bars => bars.map(b => getComputedStyle(b).accentColor)")
    assert colours and all(c == ACCENT for c in colours), colours
