"""The member picker of the insurance, Party-referral and cadre forms: search, then pick."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from webapp.fields import query_int
from webapp.members import bp
from webapp.members.services.picker import search_members
from webapp.models.members import Member
from webapp.scope import get_scoped_or_404

MAX_MATCHES = 10


@bp.get("/search", endpoint="search")
def member_search():
    """Up to ten members in scope whose name matches ``q`` (typed with or without diacritics)."""
    q = request.args.get("q", "").strip()
    matches = search_members(current_user, q, MAX_MATCHES) if q else []
    return render_template("members/_picker_results.html", matches=matches, q=q)


@bp.get("/pick", endpoint="pick")
def member_pick():
    """The picker with one member chosen (what a click on a search match swaps in)."""
    member_id = query_int("member_id", 0)
    # No id: the "clear" button, which empties the choice.
    member = get_scoped_or_404(Member, member_id, current_user) if member_id else None
    return render_template(
        "members/_picker.html",
        picked=member,
        value=member.id if member else "",
        errors=[],
        label=request.args.get("label") or _("Hội viên"),
    )
