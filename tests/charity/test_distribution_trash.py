"""A distribution and its gifts leave the trash and come back consistently.

Two rules always hold: no live gift belongs to a trashed distribution, and no live distribution
is left without a live gift. Removing one recipient keeps the distribution; removing the last
takes the distribution along; restoring a gift brings its distribution back; restoring a
distribution brings back the gifts trashed with it (not those removed one by one before).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from tests.charity import factories as f
from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.extensions import db
from webapp.models.charity import Distribution, Gift

ON = date(2023, 7, 27)


def _distribution_of(world, n: int) -> tuple[Distribution, list[Gift]]:
    dist = f.make_distribution(world.commune_a, ON, title="Thăm hỏi 27/7")
    gifts = [
        f.make_gift(
            world.commune_a,
            ON,
            beneficiary=f.make_beneficiary(world.commune_a, f"Người nhận {i}"),
            distribution_id=dist.id,
        )
        for i in range(n)
    ]
    return dist, gifts


def _all(model) -> list:
    db.session.expire_all()
    return list(db.session.scalars(select(model).execution_options(include_deleted=True)))


def _live(rows) -> set[int]:
    return {r.id for r in rows if r.deleted_at is None}


def _assert_consistent() -> None:
    dists, gifts = _all(Distribution), _all(Gift)
    live_dists = _live(dists)
    for gift in gifts:
        if gift.deleted_at is None and gift.distribution_id is not None:
            assert gift.distribution_id in live_dists, (
                f"live gift {gift.id} in a trashed distribution"
            )
    for dist in dists:
        if dist.deleted_at is None:
            assert any(g.distribution_id == dist.id and g.deleted_at is None for g in gifts), (
                f"live distribution {dist.id} without a live gift"
            )


def test_removing_the_last_gift_takes_the_distribution_along(app, world):
    dist, gifts = _distribution_of(world, 3)
    staff = client_for(app, world.staff_a, PASSWORD)
    for gift in gifts[:2]:
        assert staff.post_form(f"/charity/gifts/{gift.id}/delete").status_code == 302
        _assert_consistent()
    assert _live(_all(Distribution)) == {dist.id}  # one recipient removed: still a distribution
    staff.post_form(f"/charity/gifts/{gifts[2].id}/delete")
    page = staff.get("/charity/").get_data(as_text=True)
    assert "“Thăm hỏi 27/7” không còn quà tặng nào nên cũng được chuyển vào thùng rác" in page
    assert _live(_all(Distribution)) == set()
    _assert_consistent()
    assert staff.get(f"/charity/distributions/{dist.id}").status_code == 404
    trash = staff.get("/trash/").get_data(as_text=True)
    assert "Thăm hỏi 27/7" in trash


def test_restoring_a_gift_brings_its_distribution_back(app, world):
    dist, gifts = _distribution_of(world, 2)
    staff = client_for(app, world.staff_a, PASSWORD)
    staff.post_form(f"/charity/distributions/{dist.id}/delete")
    assert _live(_all(Gift)) == set() and _live(_all(Distribution)) == set()
    restored = staff.post_form(f"/trash/charity_gifts/{gifts[0].id}/restore")
    assert restored.status_code == 302
    assert _live(_all(Distribution)) == {dist.id}
    assert _live(_all(Gift)) == {gifts[0].id}  # the other recipient stays in the trash
    _assert_consistent()
    assert "Người nhận 0" in staff.get(f"/charity/distributions/{dist.id}").get_data(as_text=True)


def test_restoring_a_distribution_brings_back_the_gifts_trashed_with_it(app, world):
    dist, gifts = _distribution_of(world, 3)
    staff = client_for(app, world.staff_a, PASSWORD)
    staff.post_form(f"/charity/gifts/{gifts[0].id}/delete")  # one recipient removed first
    staff.post_form(f"/charity/distributions/{dist.id}/delete")
    _assert_consistent()
    assert staff.post_form(f"/trash/charity_distributions/{dist.id}/restore").status_code == 302
    assert _live(_all(Distribution)) == {dist.id}
    assert _live(_all(Gift)) == {gifts[1].id, gifts[2].id}
    _assert_consistent()


def test_restoring_the_distribution_after_its_last_gift_went(app, world):
    dist, gifts = _distribution_of(world, 2)
    staff = client_for(app, world.staff_a, PASSWORD)
    for gift in gifts:
        staff.post_form(f"/charity/gifts/{gift.id}/delete")
    staff.post_form(f"/trash/charity_distributions/{dist.id}/restore")
    # It comes back with the gift whose removal took it along; the first stays removed.
    assert _live(_all(Gift)) == {gifts[1].id}
    _assert_consistent()


def test_a_distribution_trashed_before_the_fix_comes_back_with_its_gifts(app, world):
    # Older data: gifts and distribution trashed at slightly different instants.
    dist, gifts = _distribution_of(world, 2)
    from webapp.models.base import utcnow

    now = utcnow()
    for i, gift in enumerate(gifts):
        gift.deleted_at = now - timedelta(milliseconds=5 * (i + 1))
    dist.deleted_at = now
    db.session.commit()
    staff = client_for(app, world.staff_a, PASSWORD)
    staff.post_form(f"/trash/charity_distributions/{dist.id}/restore")
    assert _live(_all(Gift)) == {g.id for g in gifts}
    _assert_consistent()
