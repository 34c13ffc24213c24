"""Every default date is Vietnam's date (issue 16), on every page, not only the forms
tests/test_local_dates.py opens one by one: at 23:30 UTC (06:30 next morning in Vietnam) no
date field of any page a staff user opens holds the server's UTC date, and an activity held
today in Vietnam is not refused as "in the future"."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.activities.test_activity_log import _form as activity_form
from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.routes import html_pages
from webapp import formatting

DATE_INPUT = re.compile(r'<input[^>]*type="date"[^>]*>')


@pytest.fixture()
def days(monkeypatch) -> tuple[date, date]:
    """Freeze the app's clock at 23:30 UTC of the server's real day: (UTC day, Vietnam day)."""
    utc_day = datetime.now(UTC).date()
    frozen = datetime(utc_day.year, utc_day.month, utc_day.day, 23, 30, tzinfo=UTC)
    monkeypatch.setattr(formatting, "_utcnow", lambda: frozen)
    return utc_day, utc_day + timedelta(days=1)


def _date_values(page: str) -> list[tuple[str, str]]:
    """(name, value) of every date field of ``page`` that has a value."""
    found = []
    for tag in DATE_INPUT.findall(page):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and value and value.group(1):
            found.append((name.group(1), value.group(1)))
    return found


def test_no_page_offers_the_servers_date_as_today(app, world, days):
    utc_day, vietnam_day = days
    staff = client_for(app, world.staff_a, PASSWORD)
    wrong, today_fields = [], []
    for url, page in html_pages(app, staff, world):
        for name, value in _date_values(page):
            if value == utc_day.isoformat():
                wrong.append(f"{url} {name}={value}")
            elif value == vietnam_day.isoformat():
                today_fields.append(f"{url} {name}")
    assert not wrong, "the server's date offered as today:\n" + "\n".join(wrong)
    assert len(today_fields) >= 10, today_fields  # the walk saw the forms' default dates


def test_an_activity_held_today_in_vietnam_is_accepted(app, world, days):
    _, vietnam_day = days
    staff = client_for(app, world.staff_a, PASSWORD)
    response = staff.post_form(
        "/activities/new", activity_form(world, held_on=vietnam_day.isoformat())
    )
    assert "sau ngày hôm nay" not in response.get_data(as_text=True)
    assert response.status_code == 302
