"""The units a user may see are read once per request and listed by id in the member list's query
(issue 18): the recursive CTE inside the list made PostgreSQL think a commune held half the
province, and sort every member of the province for one page of a commune. A unit added, moved
or removed in the same request is seen at once."""

from __future__ import annotations

from sqlalchemy import event, insert, update

from tests.conftest import client_for, page_text
from tests.factories import PASSWORD
from tests.members.factories import make_member
from webapp.extensions import db
from webapp.models import Unit, UnitKind
from webapp.scope import unit_choices, visible_ids, visible_units


def _statements(action) -> tuple[object, list[str]]:
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        return action(), seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_the_visible_units_are_read_once_per_request(app, world):
    assert world.staff_a.unit_id and world.staff_b.unit_id  # loaded (expired by the commits)
    first, seen = _statements(lambda: visible_units(world.staff_a))
    assert [u.name for u in first] == ["Đức Xương", "An Cư 2", "Trung Hà"]
    assert len(seen) == 1
    again, seen = _statements(lambda: visible_ids(world.staff_a))
    assert again == [u.id for u in first]
    assert len(seen) <= 2  # the tree's version, and the tree unless this process has it
    # Another user of the same request (an admin acting for somebody) gets her own units.
    other, seen = _statements(lambda: visible_ids(world.staff_b))
    assert other == [world.commune_b.id, world.branch_b1.id]
    assert seen == []
    choices, seen = _statements(lambda: unit_choices(world.staff_a))
    assert choices == [
        (world.commune_a.id, "Xã Đức Xương"),
        (world.branch_a1.id, "\u2003Chi hội An Cư 2"),
        (world.branch_a2.id, "\u2003Chi hội Trung Hà"),
    ]
    assert seen == []


def test_the_tree_is_read_once_per_process_until_a_unit_changes(app, world):
    """The next request checks the tree's version (one aggregate) and reuses the tree; a unit
    renamed by another request (or process) is read again."""
    visible_ids(world.staff_a)
    db.session.commit()  # the request ends
    assert world.staff_a.unit_id  # loaded again after the commit
    again, seen = _statements(lambda: unit_choices(world.staff_a))
    assert len(seen) == 1 and "count(" in seen[0].lower(), seen
    assert again[0] == (world.commune_a.id, "Xã Đức Xương")
    db.session.execute(update(Unit).where(Unit.id == world.branch_a1.id).values(name="An Cư Mới"))
    db.session.commit()
    assert world.staff_a.unit_id
    renamed, seen = _statements(lambda: unit_choices(world.staff_a))
    assert len(seen) == 2, seen
    assert (world.branch_a1.id, "\u2003Chi hội An Cư Mới") in renamed


def test_a_branch_added_in_the_same_request_is_visible_at_once(app, world):
    assert world.commune_a.id in visible_ids(world.staff_a)
    branch = Unit(name="Xóm Mới", kind=UnitKind.BRANCH, parent_id=world.commune_a.id)
    db.session.add(branch)
    db.session.flush()
    assert branch.id in visible_ids(world.staff_a)


def test_units_written_by_a_bulk_statement_are_seen_at_once(app, world):
    before = visible_ids(world.staff_a)
    db.session.execute(
        insert(Unit),
        [{"name": "Xóm Bulk", "kind": UnitKind.BRANCH, "parent_id": world.commune_a.id}],
    )
    added = db.session.scalar(db.select(Unit.id).where(Unit.name == "Xóm Bulk"))
    assert sorted(visible_ids(world.staff_a)) == sorted([*before, added])
    # A branch moved to the other commune leaves the first one's scope.
    db.session.execute(
        update(Unit).where(Unit.id == world.branch_a2.id).values(parent_id=world.commune_b.id)
    )
    assert world.branch_a2.id not in visible_ids(world.staff_a)
    assert world.branch_a2.id in visible_ids(world.staff_b)


def test_the_member_list_shows_the_scope_and_lists_it_by_id(app, world):
    make_member(world.branch_a1, "Nguyễn Thị Hoa")
    make_member(world.branch_a2, "Trần Thị Lan")
    make_member(world.branch_b1, "Lê Thị Mai")
    client = client_for(app, world.staff_a, PASSWORD)
    for url in ("/members/", "/members/?q=thi"):
        response, seen = _statements(lambda url=url: client.get(url))
        text = page_text(response)
        assert "Nguyễn Thị Hoa" in text and "Trần Thị Lan" in text
        assert "Lê Thị Mai" not in text
        members = [s for s in seen if "FROM members" in s]
        assert members and not any("RECURSIVE" in s for s in members), members
    # The district sees both communes' members; a branch user only her branch.
    district = client_for(app, world.viewer_district, PASSWORD)
    text = page_text(district.get("/members/"))
    assert "Lê Thị Mai" in text and "Nguyễn Thị Hoa" in text
    branch = client_for(app, world.branch_user_a1, PASSWORD)
    text = page_text(branch.get("/members/"))
    assert "Nguyễn Thị Hoa" in text and "Trần Thị Lan" not in text
