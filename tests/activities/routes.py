"""Routes of the activities area for the authorization matrix (see tests/routes.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any


def _activity(w) -> dict:
    from tests.activities.factories import make_activity

    return {"activity_id": make_activity(w.branch_a1, topic="Hoạt động của xã A").id}


_BUILTIN = {"kind": "propaganda", "tag": "population", "output_unit": "trees"}


def _lookup(factory: str) -> Callable[[Any], dict]:
    """Commune A's own entry (issue 13 §3): outside commune B's scope, so 404 for its admin.
    Shared entries are read-only for unit admins (tests/test_reference_data.py)."""

    def args(w) -> dict:
        from tests.activities import factories
        from webapp.extensions import db

        model = type(getattr(factories, factory)(_BUILTIN[factory]))
        code = f"{_BUILTIN[factory]}_xa_a"
        own = db.session.scalar(db.select(model).where(model.code == code))
        if own is None:
            own = model(code=code, name=f"Riêng xã A {code}", unit_id=w.commune_a.id)
            db.session.add(own)
            db.session.commit()
        return {"item_id": own.id}

    return args


def _record(make: str) -> Callable[[Any], dict]:
    def args(w) -> dict:
        from tests.activities import factories

        if make == "households":
            record = factories.make_household(w.branch_a1, "Nguyễn Văn A", 2022)
        elif make == "ratings":
            record = factories.make_rating(w.branch_a1, 2022)
        elif make == "clubs":
            record = factories.make_club(w.branch_a1)
        else:
            record = factories.make_mediation(w.branch_a1)
        return {"record_id": record.id}

    return args


def _statistic():
    from tests.activities.factories import make_statistic
    from webapp.extensions import db
    from webapp.models.activities import ManualStatistic

    # Called once per route: the definition is shared, its code unique.
    existing = db.session.scalar(db.select(ManualStatistic).filter_by(code="poverty_rate"))
    return existing or make_statistic()


def _stat(w) -> dict:
    return {"stat_id": _statistic().id}


def _value(w) -> dict:
    from tests.activities.factories import make_value

    return {"value_id": make_value(_statistic(), w.commune_a, date(2022, 1, 1), "0.039").id}


def _term(w) -> dict:
    from tests.activities.factories import make_term

    return {"term_id": make_term(w.commune_a).id}


def _target(w) -> dict:
    from tests.activities.factories import make_target, make_term

    return {
        "target_id": make_target(make_term(w.commune_a), "Chỉ tiêu A", "5", manual_value="1").id
    }


# endpoint → world → URL arguments of a record of commune A (outside commune B's scope).
# The shared lists (kinds, tags, output units, statistic definitions) belong to no unit: only
# admins of the whole system may change them. Kinds, tags and output units may also be a unit's
# own addition: commune A's is outside commune B's scope (404).
RECORD_ARGS: dict[str, Callable[[Any], dict]] = {
    "activities.edit": _activity,
    "activities.delete": _activity,
    **{
        f"activities.{slug}_{action}": _lookup(model)
        for slug, model in (("kinds", "kind"), ("tags", "tag"), ("output_units", "output_unit"))
        for action in ("row", "edit", "retire", "delete")
    },
    **{
        f"activities.{slug}_{action}": _record(slug)
        for slug in ("clubs", "mediations", "households", "ratings")
        for action in ("edit", "delete")
    },
    "activities.statistics_edit": _stat,
    "activities.statistics_retire": _stat,
    "activities.statistic_values_edit": _value,
    "activities.statistic_values_delete": _value,
    "activities.terms_edit": _term,
    "activities.terms_delete": _term,
    "activities.targets_new": _term,
    "activities.targets_edit": _target,
    "activities.targets_delete": _target,
}
