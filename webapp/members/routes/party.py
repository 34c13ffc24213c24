"""Party referrals: list, add, record the outcome."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp.fields import DateField, EnumField, optional_int
from webapp.form_helpers import done, page_or_part, paged, refused_status, submit
from webapp.members import bp
from webapp.members.forms import ReferralForm, VersionForm
from webapp.members.services.party import (
    check_referral,
    create_referral,
    decide_referral,
    referral_list,
)
from webapp.members.services.picker import picked_member
from webapp.models.members import PartyReferral, ReferralOutcome
from webapp.scope import get_scoped_or_404, require_write


class DecideForm(VersionForm):
    outcome = EnumField(_l("Kết quả"), enum_cls=ReferralOutcome)
    decided_on = DateField(_l("Ngày có kết quả"))


def _page(form: ReferralForm):
    status = refused_status(form)
    outcome = request.args.get("outcome", "")
    referrals = paged(referral_list(current_user, outcome))
    context = {
        "referrals": referrals,
        "outcome": outcome,
        "outcomes": list(ReferralOutcome),
        "decide_form": DecideForm(formdata=None),
    }
    # A refused POST shows the whole page again, whatever the list's target.
    target = "referral-rows" if request.method == "GET" else ""
    picked = picked_member(current_user, form.member_id.data)
    rows = "members/_referral_rows.html"
    return page_or_part(
        "members/party.html", rows, target, status, form=form, picked=picked, **context
    )


@bp.get("/party", endpoint="party")
def party_index():
    form = ReferralForm(formdata=None)
    form.member_id.data = optional_int(request.args.get("member_id"))  # from a member's page
    return _page(form)


@bp.post("/party/new")
def party_create():
    if not current_user.role.can_write:
        abort(403)
    form = ReferralForm()
    values = (form.member_id.data, form.referred_on.data, form.outcome.data, form.decided_on.data)
    check = (check_referral, *values, current_user)
    if submit(form, create_referral, *values, form.note.data or "", current_user, check=check):
        return done("members.party", _("Đã ghi giới thiệu kết nạp Đảng."))
    return _page(form)


@bp.post("/party/<int:referral_id>/decide")
def party_decide(referral_id: int):
    referral = get_scoped_or_404(PartyReferral, referral_id, current_user)
    require_write(current_user, referral.unit_id)
    form = DecideForm()
    if submit(
        form,
        decide_referral,
        referral,
        form.outcome.data,
        form.decided_on.data,
        form.loaded_version,
    ):
        flash(_("Đã ghi kết quả."), "success")
    else:
        for error in [*form.form_errors, *form.decided_on.errors, *form.outcome.errors]:
            flash(error, "error")
    return redirect(url_for("members.party"))
