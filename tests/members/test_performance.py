"""The member list stays fast with 50,000 members (indexes on unit, status, sort key)."""

from __future__ import annotations

import random
import time

from sqlalchemy import insert

from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.extensions import db
from webapp.members.services.members import sort_key_of
from webapp.models.base import utcnow
from webapp.models.members import Gender, Member
from webapp.text import search_key

GIVEN = ["Huế", "Hoa", "Lan", "Mai", "Hương", "Hạnh", "Nga", "Yến", "Thảo", "Trang"]


def test_list_search_filter_sort_and_late_pages_at_50000_members(app, world):
    rng = random.Random(50_000)
    now = utcnow()
    branches = [world.branch_a1.id, world.branch_a2.id]
    rows = []
    for i in range(50_000):
        name = f"Nguyễn Thị {rng.choice(GIVEN)} {i}"
        rows.append(
            {
                "unit_id": branches[i % 2],
                "full_name": name,
                "search_key": search_key(name),
                "sort_key": sort_key_of(name),
                "gender": Gender.FEMALE,
                "birth_year": rng.randint(1940, 2004),
                "birth_date": None,
                "address": "",
                "phone": "",
                "ethnicity": "",
                "religion": "",
                "joined_on": None,
                "left_on": None,
                "leave_reason": None,
                "is_core": i % 4 == 0,
                "is_honorary": False,
                "attends_regularly": False,
                "note": "",
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
    db.session.execute(insert(Member), rows)
    db.session.commit()

    staff = client_for(app, world.staff_a, PASSWORD)
    headers = {"HX-Request": "true", "HX-Target": "member-rows"}
    for query in ("", "q=hue", "sort=-birth&core=1", f"unit_id={world.branch_a2.id}&page=400"):
        start = time.perf_counter()
        response = staff.get(f"/members/?{query}", headers=headers)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200
        assert elapsed < 1.5, (query, elapsed)
        print(f"{query or 'first page'}: {elapsed * 1000:.0f} ms")
    # Counted up to the cap (LIST_COUNT_LIMIT), exactly below it.
    assert "hơn 10.000 hội viên" in staff.get("/members/", headers=headers).get_data(as_text=True)
    app.config["LIST_COUNT_LIMIT"] = 100_000
    try:
        exact = staff.get("/members/", headers=headers).get_data(as_text=True)
    finally:
        app.config["LIST_COUNT_LIMIT"] = 10_000
    assert "50.000 hội viên" in exact
