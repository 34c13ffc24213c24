"""Today is Vietnam's today: at 23:30 UTC (06:30 next morning in Vietnam) every default date and
every "not in the future" rule uses the Vietnamese date, and no code reads the server's clock."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.loans.factories import loan_world
from webapp import formatting
from webapp.extensions import db
from webapp.models.members import Member

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def late_evening(monkeypatch) -> date:
    """Freeze the app's clock at 23:30 UTC of the server's real day; return Vietnam's date,
    which is already the next day. The real day is used so that code still reading the
    server's own clock (date.today()) sees the UTC date and the tests catch it."""
    utc_day = datetime.now(UTC).date()
    frozen = datetime(utc_day.year, utc_day.month, utc_day.day, 23, 30, tzinfo=UTC)
    monkeypatch.setattr(formatting, "_utcnow", lambda: frozen)
    vietnam = utc_day + timedelta(days=1)
    assert formatting.local_today() == vietnam
    assert formatting.local_now().strftime("%H:%M") == "06:30"
    return vietnam


def _input_date(html: str, name: str) -> date:
    """The date an ``<input name=…>`` shows (ISO or dd/mm/yyyy, whichever the field uses)."""
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    assert tag, f"no input {name}"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    assert value, f"input {name} has no value"
    text = value.group(1)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return date.fromisoformat(text)
    return datetime.strptime(text, "%d/%m/%Y").date()


def test_a_member_who_joined_today_in_vietnam_is_accepted(app, world, late_evening):
    staff = client_for(app, world.staff_a, PASSWORD)
    response = staff.post_form(
        "/members/new",
        {
            "full_name": "Lê Thị Sáng",
            "unit_id": str(world.branch_a1.id),
            "gender": "female",
            "birth_year": "1990",
            "joined_on": late_evening.isoformat(),
        },
        htmx=True,
    )
    text = response.get_data(as_text=True)
    assert "sau ngày hôm nay" not in text
    assert response.status_code == 200, text
    member = db.session.scalars(select(Member).where(Member.full_name == "Lê Thị Sáng")).one()
    assert member.joined_on == late_evening


def test_tomorrow_in_vietnam_is_still_the_future(app, world, late_evening):
    staff = client_for(app, world.staff_a, PASSWORD)
    response = staff.post_form(
        "/members/new",
        {
            "full_name": "Lê Thị Mai",
            "unit_id": str(world.branch_a1.id),
            "gender": "female",
            "birth_year": "1990",
            "joined_on": (late_evening + timedelta(days=1)).isoformat(),
        },
        htmx=True,
    )
    assert "Ngày vào Hội không được sau ngày hôm nay." in response.get_data(as_text=True)


def test_the_repayment_form_defaults_to_vietnams_date(app, world, late_evening):
    loans = loan_world(world)
    staff = client_for(app, world.staff_a, PASSWORD)
    html = staff.get(f"/loans/households/{loans.household.id}").get_data(as_text=True)
    assert _input_date(html, f"loan{loans.loan.id}-paid_on") == late_evening
    assert _input_date(html, "deposit-deposited_on") == late_evening


def test_the_gift_form_defaults_to_vietnams_date(app, world, late_evening):
    staff = client_for(app, world.staff_a, PASSWORD)
    html = staff.get("/charity/gifts/new").get_data(as_text=True)
    assert _input_date(html, "given_on") == late_evening


def test_the_member_dues_form_defaults_to_vietnams_year(app, world, monkeypatch):
    # 31 December, 23:30 UTC of the server's year: in Vietnam the new year has begun.
    year = datetime.now(UTC).year
    frozen = datetime(year, 12, 31, 23, 30, tzinfo=UTC)
    monkeypatch.setattr(formatting, "_utcnow", lambda: frozen)
    staff = client_for(app, world.staff_a, PASSWORD)
    html = staff.get("/members/dues").get_data(as_text=True)
    tag = re.search(r'<input[^>]*name="year"[^>]*>', html)
    assert tag and f'value="{year + 1}"' in tag.group(0), tag and tag.group(0)


def test_the_members_overview_and_the_dashboard_agree_on_today(app, world, late_evening):
    staff = client_for(app, world.staff_a, PASSWORD)
    overview = staff.get("/members/overview").get_data(as_text=True)
    assert _input_date(overview, "end") == late_evening
    home = staff.get("/").get_data(as_text=True)
    # The dashboard's "activities this month" tile links to Vietnam's month.
    link = re.search(r"/activities/?\?[^\"]*", home)
    assert link, "no activities link on the home page"
    query = link.group(0).replace("&amp;", "&")
    assert f"year={late_evening.year}" in query and f"month={late_evening.month}" in query


# --- no code reads the server's own date -----------------------------------------------------

SERVER_CLOCK = re.compile(r"\bdate\.today\(|\bdatetime\.today\(|\bdatetime\.now\(\s*\)")


def test_no_code_reads_the_servers_date():
    found = []
    for folder in ("webapp", "tasks"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == ROOT / "webapp" / "formatting.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                code = line.split("#", 1)[0]
                if SERVER_CLOCK.search(code) or re.search(r"default=date\.today\b", code):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "use webapp.formatting.local_today()/local_now():\n" + "\n".join(found)
