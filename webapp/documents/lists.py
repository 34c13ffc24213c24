"""Lists from the registers that reports print: targets with progress, activities with their
outputs, gifts, members admitted. Each is one query over the unit subtree and period."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from webapp import formatting
from webapp.extensions import db
from webapp.indicators import Period
from webapp.indicators.registry import Scope
from webapp.models import Activity, ActivityOutput, Gift, Member
from webapp.models.activities import OutputUnit
from webapp.models.charity import ReceivedSupport
from webapp.scope import subtree_ids

LIMIT = 500  # a report lists at most this many rows of one kind


def build(
    unit_id: int, period: Period, target_rows: list[dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """All lists for the unit subtree and period, by name (targets evaluated by the caller)."""
    return {
        "targets": [_with_result(row) for row in target_rows],
        "activities": _activities(unit_id, period),
        "gifts": _gifts(unit_id, period),
        "members_admitted": _members_admitted(unit_id, period),
        "outputs": _outputs(unit_id, period),
        "support_purposes": _support_purposes(unit_id, period),
    }


def _lower_first(text: str) -> str:
    """ "Bóng đèn LED" → "bóng đèn LED" inside a sentence; "BHYT …" keeps its capitals."""
    text = text.strip()
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _outputs(unit_id: int, period: Period) -> list[dict[str, Any]]:
    """The outputs of the period's activities, one row per output unit with a quantity, worded
    from the output unit's own name and measure ("300 cây xanh trồng mới", "8 tấn phân bón
    cung ứng"): the nouns are the records', never a template's."""
    scope = Scope.of(unit_id, period)
    rows = db.session.execute(
        select(
            OutputUnit.code,
            OutputUnit.name,
            OutputUnit.measure,
            func.sum(ActivityOutput.quantity),
        )
        .select_from(ActivityOutput)
        .join(Activity, Activity.id == ActivityOutput.activity_id)
        .join(OutputUnit, OutputUnit.id == ActivityOutput.output_unit_id)
        .where(
            # The tree as it was on each record's day (a commune merged later keeps its past).
            scope.includes(Activity.unit_id),
            Activity.held_on.between(period.start, period.end),
            scope.on(Activity.unit_id, Activity.held_on),
        )
        .group_by(OutputUnit.code, OutputUnit.name, OutputUnit.measure, OutputUnit.sort_order)
        .order_by(OutputUnit.sort_order, OutputUnit.code)
    )
    found = []
    for code, name, measure, total in rows:
        if not total:
            continue
        noun = _lower_first(name)
        # "Bếp đun củi cải tiến" already names what is counted; "Phân bón" needs its "tấn".
        if measure and not noun.lower().startswith(measure.lower()):
            noun = f"{measure} {noun}"
        found.append(
            {
                "code": code,
                "name": name,
                "measure": measure,
                "quantity": formatting.number(int(total)),
                "phrase": f"{formatting.number(int(total))} {noun}",
            }
        )
    return found


def _support_purposes(unit_id: int, period: Period) -> list[str]:
    """What the support received in the period was for, as typed on its records (each once)."""
    scope = Scope.of(unit_id, period)
    rows = db.session.scalars(
        select(ReceivedSupport.purpose)
        .where(
            scope.includes(ReceivedSupport.unit_id),
            ReceivedSupport.received_on.between(period.start, period.end),
            scope.on(ReceivedSupport.unit_id, ReceivedSupport.received_on),
        )
        .order_by(ReceivedSupport.received_on, ReceivedSupport.id)
    )
    seen: list[str] = []
    for purpose in rows:
        text = _lower_first(purpose or "")
        if text and text not in seen:
            seen.append(text)
    return seen


def targets_chart_data(rows: list[dict[str, Any]]) -> tuple[list[str], list[float]] | None:
    """(labels, % achieved) of the targets, or None without targets."""
    if not rows:
        return None
    return (
        [str(r["short_name"]) for r in rows],
        [float(r["achieved_ratio"] or 0) * 100 for r in rows],
    )


def _with_result(row: dict[str, Any]) -> dict[str, Any]:
    """The wording reports use after each result: "Vượt 102,5%", "Đạt 100%", "Đạt 40%"."""
    return {**row, "result": row["verdict"] if row["met"] else f"Đạt {row['achieved']}"}


def _activities(unit_id: int, period: Period) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(Activity)
        .where(
            Activity.unit_id.in_(subtree_ids(unit_id)),
            Activity.held_on.between(period.start, period.end),
        )
        .options(
            selectinload(Activity.kind),
            selectinload(Activity.outputs).selectinload(ActivityOutput.output_unit),
        )
        .order_by(Activity.held_on, Activity.id)
        .limit(LIMIT)
    )
    return [
        {
            "date": formatting.date_short(a.held_on),
            "kind": a.kind.name,
            "topic": a.topic,
            "sessions": formatting.number(a.sessions),
            "participants": formatting.number(a.participants),
            "partners": a.partners,
            "outputs": ", ".join(
                f"{formatting.number(o.quantity)} {o.output_unit.measure or o.output_unit.name}"
                for o in a.outputs
            ),
        }
        for a in rows
    ]


def _gifts(unit_id: int, period: Period) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(Gift)
        .where(
            Gift.unit_id.in_(subtree_ids(unit_id)), Gift.given_on.between(period.start, period.end)
        )
        .order_by(Gift.given_on, Gift.id)
        .limit(LIMIT)
        .options(selectinload(Gift.beneficiary))
    )
    return [
        {
            "date": formatting.date_short(g.given_on),
            "kind": g.kind.label,
            "occasion": g.occasion.label,
            "recipient": g.recipient,
            "quantity": f"{formatting.number(g.quantity)} {g.measure}",
            "value": formatting.money(g.value_vnd),
        }
        for g in rows
    ]


def _members_admitted(unit_id: int, period: Period) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(Member)
        .where(
            Member.unit_id.in_(subtree_ids(unit_id)),
            Member.joined_on.between(period.start, period.end),
        )
        .order_by(Member.joined_on, Member.id)
        .limit(LIMIT)
        .options(selectinload(Member.unit))  # the branch of each: one query, not one per branch
    )
    return [
        {"name": m.full_name, "joined": formatting.date_short(m.joined_on), "branch": m.unit.name}
        for m in rows
    ]
