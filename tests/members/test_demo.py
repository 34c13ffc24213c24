"""The demo commune reproduces the seed report's membership figures through the CLI."""

from __future__ import annotations

import json

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Unit
from webapp.models.cadres import CadrePosition, current_chair
from webapp.models.members import Member


def test_seed_demo_reproduces_the_seed_report(app):
    runner = app.test_cli_runner()
    seeded = runner.invoke(args=["seed-demo"])
    assert seeded.exit_code == 0, seeded.output
    result = runner.invoke(
        args=[
            "indicators",
            "--unit",
            "Đức Xương",
            "--from",
            "2021-01-01",
            "--to",
            "2023-10-20",
            "--json",
        ]
    )
    assert result.exit_code == 0, result.output
    values = json.loads(result.output)
    f = values["formatted"]

    assert f["members.total"] == "1.412"
    assert f["members.gathering_rate"] == "92,6%"
    assert values["members.core"] == 335 and f["members.core_share"] == "23,7%"
    assert f["members.regular_share"] == "85%"
    assert f["members.dues_paid_share"] == "100%"
    assert values["members.admitted"] == 37
    assert values["members.left"] == 25
    assert values["members.left_died"] + values["members.left_moved"] == 22
    assert values["members.total_start"] + 37 - 25 == 1412
    assert values["members.honorary"] == 12 and values["members.honorary_male"] == 12

    assert (values["cadres.bch_grade12"], values["cadres.bch_total"]) == (7, 10)
    assert (values["cadres.bch_theory_basic_plus"], values["cadres.bch_total"]) == (5, 10)
    assert (values["cadres.branch_heads_grade12"], values["cadres.branch_heads_total"]) == (2, 4)
    assert (values["cadres.trained"], values["cadres.trainable"]) == (15, 15)
    assert values["cadres.chair_standard"] == 1

    assert values["insurance.bhyt_kept"] > 500
    assert values["insurance.bhxh_kept"] == 42
    assert values["insurance.bhyt_new"] == 130
    assert values["insurance.bhxh_new"] == 12
    assert values["party.referrals"] == 1


def test_demo_names_the_chair_and_hands_member_ids_to_later_areas(app):
    from webapp.demo import seed_demo

    demo = seed_demo()
    db.session.commit()
    commune = db.session.scalars(select(Unit).where(Unit.name == "Đức Xương")).one()
    chair = current_chair(commune.id, demo.commune.created_at.date().replace(2023, 10, 20))
    assert chair is not None and chair.full_name == "Nguyễn Thị Huế"
    assert chair.position is CadrePosition.CHAIR
    ids = demo.extra["members"]
    assert len(ids) >= 20
    linked = db.session.scalars(select(Member).where(Member.id.in_(ids))).all()
    assert len(linked) == len(ids)
    assert all(m.left_on is None and not m.is_honorary for m in linked)
    assert {m.unit_id for m in linked} == {b.id for b in demo.branches}
