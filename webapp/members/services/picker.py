"""Finding members for the member picker (always within the user's scope)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from webapp.extensions import db
from webapp.members.services.members import SORTS
from webapp.models import User
from webapp.models.members import Member
from webapp.scope import scoped
from webapp.text import search_key


def search_members(user: User, q: str, limit: int) -> list[Member]:
    """Members the user may see whose name contains ``q`` ("hue" finds "Huế"), A→Z."""
    key = search_key(q)
    if not key:
        return []
    stmt = scoped(select(Member).options(joinedload(Member.unit)), Member.unit_id, user)
    stmt = stmt.where(Member.search_key.contains(key, autoescape=True))
    return list(db.session.scalars(stmt.order_by(*SORTS["name"]).limit(limit)).unique())


def picked_member(user: User, member_id: int | None) -> Member | None:
    """The member already chosen in a form, when the user may see her (else nobody)."""
    if not member_id:
        return None
    stmt = scoped(select(Member), Member.unit_id, user).where(Member.id == member_id)
    return db.session.scalar(stmt.options(joinedload(Member.unit)))
