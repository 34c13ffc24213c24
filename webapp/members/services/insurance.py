"""Household health-insurance cards (BHYT) and voluntary social-insurance books (BHXH)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, or_, select

from webapp.extensions import db
from webapp.formatting import local_today
from webapp.members.services.members import check_unit
from webapp.members.services.picker import picked_member
from webapp.members.services.rules import check_not_future
from webapp.models import User
from webapp.models.members import InsuranceKind, InsurancePolicy
from webapp.refusals import Problems, RecordError, check_version
from webapp.scope import scoped
from webapp.text import nfc, search_key
from webapp.trash import move_to_trash


@dataclass
class PolicyData:
    kind: InsuranceKind
    holder_name: str
    unit_id: int | None
    started_on: date | None
    member_id: int | None = None
    number: str = ""
    ended_on: date | None = None
    note: str = ""


def policy_list(user: User, kind: str = "", status: str = "kept", q: str = "") -> Select:
    """Cards and books in scope: kept today (default), ended, or all; by holder name."""
    stmt = scoped(select(InsurancePolicy), InsurancePolicy.unit_id, user)
    if kind in {k.value for k in InsuranceKind}:
        stmt = stmt.where(InsurancePolicy.kind == InsuranceKind(kind))
    today = local_today()
    if status == "kept":
        stmt = stmt.where(or_(InsurancePolicy.ended_on.is_(None), InsurancePolicy.ended_on > today))
    elif status == "ended":
        stmt = stmt.where(InsurancePolicy.ended_on <= today)
    if q.strip():
        stmt = stmt.where(InsurancePolicy.search_key.contains(search_key(q), autoescape=True))
    return stmt.order_by(InsurancePolicy.started_on.desc(), InsurancePolicy.id.desc())


def check_policy(data: PolicyData, user: User, today: date | None = None) -> str:
    """Every rule of a new card or book at once; returns the holder's name (the member's when
    the holder is a member and no name was typed)."""
    today = today or local_today()
    problems = Problems()
    holder = nfc(data.holder_name)
    if data.member_id is not None:
        member = picked_member(user, data.member_id)
        if member is None:
            problems.add(
                "member_id",
                _("Không tìm thấy hội viên mã %(id)s trong phạm vi của bạn.", id=data.member_id),
            )
        else:
            holder = holder or member.full_name
    if not holder and data.member_id is None:
        problems.add("holder_name", _("Vui lòng nhập tên người tham gia."))
    problems.check(check_unit, data.unit_id)
    if data.started_on is None:
        problems.add("started_on", _("Vui lòng nhập ngày bắt đầu."))
    else:
        problems.check(check_not_future, data.started_on, "started_on", _("Ngày bắt đầu"), today)
        if data.ended_on is not None and data.ended_on < data.started_on:
            problems.add("ended_on", _("Ngày kết thúc phải sau ngày bắt đầu."))
    problems.raise_any()
    return holder


def create_policy(data: PolicyData, user: User, today: date | None = None) -> InsurancePolicy:
    """Record a card or book; the holder may be a member (then her name is taken)."""
    holder = check_policy(data, user, today)
    policy = InsurancePolicy(
        kind=data.kind,
        holder_name=holder,
        search_key=search_key(holder),
        unit_id=data.unit_id,
        member_id=data.member_id,
        number=nfc(data.number)[:30],
        started_on=data.started_on,
        ended_on=data.ended_on,
        note=nfc(data.note)[:300],
    )
    db.session.add(policy)
    db.session.flush()
    return policy


def end_policy(
    policy: InsurancePolicy, on: date | None, version: int | None, today: date | None = None
) -> None:
    """The card or book is no longer kept from ``on``."""
    check_version(policy, version)
    if on is None:
        raise RecordError("ended_on", _("Vui lòng nhập ngày kết thúc."))
    if on < policy.started_on:
        raise RecordError("ended_on", _("Ngày kết thúc phải sau ngày bắt đầu."))
    check_not_future(on, "ended_on", _("Ngày kết thúc"), today or local_today())
    policy.ended_on = on
    db.session.flush()


def trash_policy(policy: InsurancePolicy) -> None:
    move_to_trash(policy)
    db.session.flush()
