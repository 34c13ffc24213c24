"""The home page: key figures of the user's scope for the current year, with small charts."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.activities.factories import make_activity, make_target, make_term
from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.formatting import local_today
from webapp.main.dashboard import bar_chart, line_chart


def _tile(page: str, title: str) -> str:
    match = re.search(
        rf"<section class=\"card tile\"[^>]*>(?:(?!</section>).)*{title}(?:(?!</section>).)*</section>",
        page,
        re.S,
    )
    assert match, f"no tile {title}"
    return match.group(0)


def test_staff_sees_this_months_activities_and_targets_at_risk(app, world):
    today = local_today()
    make_activity(world.branch_a1, today, topic="Hôm nay", participants=12)
    make_activity(world.commune_a, today.replace(day=1), topic="Đầu tháng", participants=8)
    if today.month > 1:
        make_activity(
            world.commune_a, today.replace(day=1) - timedelta(days=1), topic="Tháng trước"
        )
    make_activity(world.branch_b1, today, topic="Xã khác")
    term = make_term(
        world.commune_a, today - timedelta(days=365 * 2), today + timedelta(days=365 * 3)
    )
    make_target(term, "Trồng cây", "500", "outputs.trees")  # 0% with 40% of the term gone
    make_target(term, "Nhập tay", "1", manual_value="1", position=2)
    page = client_for(app, world.staff_a, PASSWORD).get("/").get_data(as_text=True)

    activities = _tile(page, "Hoạt động tháng này")
    assert "<strong>2</strong>" in activities and "20 lượt người tham gia" in activities
    assert f'href="/activities/?year={today.year}&amp;month={today.month}"' in activities
    assert activities.count("<rect") == today.month  # one bar per month so far
    assert '<svg class="chart"' in activities and 'role="img"' in activities

    targets = _tile(page, "Chỉ tiêu có nguy cơ không đạt")
    assert "<strong>1</strong>" in targets and "1/2 chỉ tiêu đạt và vượt" in targets
    assert f'href="/activities/targets/?term={term.id}"' in targets

    members = _tile(page, "Hội viên")
    assert "<strong>" in members
    assert "Xã Đức Xương" in page and "Đức Long" not in page


def test_without_a_term_the_targets_tile_shows_a_dash(app, world):
    page = client_for(app, world.viewer_district, PASSWORD).get("/").get_data(as_text=True)
    assert "Huyện Đức Thọ" in page
    assert "<strong>—</strong>" in _tile(page, "Chỉ tiêu có nguy cơ không đạt")


def test_charts_are_drawn_from_the_values():
    line = line_chart([None, 10.0, 20.0], "x")
    assert line is not None and len(line.points.split()) == 2
    assert line_chart([None, None], "x") is None
    bars = bar_chart([0, 5, 10], ["T1", "T2", "T3"], "x").bars
    assert [b["h"] for b in bars] == [0.0, 19.0, 38.0]
    assert [b["label"] for b in bars] == ["T1", "T2", "T3"]
