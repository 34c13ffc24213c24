"""Gift list (filters, totals), one gift, and quick entry of a distribution to many people."""

from __future__ import annotations

from flask import flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from webapp.charity import bp
from webapp.charity.forms import DistributionForm, GiftForm
from webapp.charity.routes.selection import (
    gift_filter,
    require_writer,
    set_unit_choices,
)
from webapp.charity.services.beneficiaries import beneficiaries_stmt, beneficiary_choices
from webapp.charity.services.funds import visible_funds, writable_fund_choices
from webapp.charity.services.gifts import (
    DistributionData,
    GiftData,
    GiftFilter,
    check_distribution,
    check_gift,
    create_distribution,
    create_gift,
    delete_distribution,
    delete_gift,
    gift_breakdown,
    gift_totals,
    gifts_stmt,
    update_gift,
)
from webapp.charity.services.ledger import balances
from webapp.extensions import db
from webapp.fields import query_enum, query_ids, query_int
from webapp.form_helpers import choices, done, form_data, form_page, paged, run_action, submit
from webapp.formatting import local_today
from webapp.models.charity import (
    Beneficiary,
    BeneficiaryCategory,
    Distribution,
    Gift,
    GiftKind,
    GiftSource,
    Occasion,
)
from webapp.scope import get_scoped_or_404, unit_filter


def _list_context(f: GiftFilter) -> dict:
    return {
        "filter": f,
        "gifts": paged(gifts_stmt(current_user, f)),
        "totals": gift_totals(current_user, f),
        "by_kind": gift_breakdown(current_user, f, "kind"),
        "by_occasion": gift_breakdown(current_user, f, "occasion"),
        "by_category": gift_breakdown(current_user, f, "category"),
        "units": unit_filter(current_user, f.unit_id),
    }


@bp.get("/")
def index():
    """The gift list: filters, totals and breakdowns; the list part reloads alone (htmx)."""
    f = gift_filter()
    context = _list_context(f)
    if request.htmx and request.htmx.target == "gift-list":
        return render_template("charity/_gift_list.html", **context)
    return render_template(
        "charity/index.html",
        kinds=list(GiftKind),
        occasions=list(Occasion),
        categories=list(BeneficiaryCategory),
        sources=list(GiftSource),
        funds=visible_funds(current_user),
        **context,
    )


def _gift_form(gift: Gift | None = None) -> GiftForm:
    form = GiftForm(obj=gift if request.method == "GET" else None)
    set_unit_choices(form)
    form.beneficiary_id.choices = choices(
        [(None, _("— nhóm người nhận (ghi bên dưới) —")), *beneficiary_choices(current_user)]
    )
    form.fund_id.choices = choices([(None, _("— không —")), *writable_fund_choices(current_user)])
    if request.method == "GET":
        if gift is None:
            form.beneficiary_id.data = query_int("beneficiary_id")
            form.given_on.data = local_today()
            form.quantity.data = 1
        else:
            for name in ("occasion", "kind", "source", "category"):
                getattr(form, name).data = getattr(gift, name).value
            form.load_version(gift)
    return form


@bp.route("/gifts/new", methods=["GET", "POST"])
def gift_new():
    """Record one gift."""
    require_writer()
    form = _gift_form()
    data = form_data(form, GiftData)
    gift = submit(form, create_gift, data, current_user, check=(check_gift, data, current_user))
    if gift is not None:
        return done("charity.index", _("Đã ghi quà tặng cho %(name)s.", name=gift.recipient))
    return form_page("charity/gift_form.html", form, gift=None)


@bp.route("/gifts/<int:gift_id>", methods=["GET", "POST"])
def gift_edit(gift_id: int):
    """Correct a gift."""
    gift = get_scoped_or_404(Gift, gift_id, current_user)
    form = _gift_form(gift)
    data = form_data(form, GiftData)
    check = (check_gift, data, current_user)
    if submit(form, update_gift, gift, data, current_user, form.loaded_version, check=check):
        return done("charity.index", _("Đã lưu quà tặng."))
    return form_page("charity/gift_form.html", form, gift=gift)


@bp.post("/gifts/<int:gift_id>/delete")
def gift_delete(gift_id: int):
    """Trash a gift; from the list, the list and its totals reload (htmx)."""
    gift = get_scoped_or_404(Gift, gift_id, current_user)
    dist, _unused = run_action(delete_gift, gift, current_user)
    if isinstance(dist, Distribution):
        # The last gift of a distribution took it along (webapp/charity/services/gifts.py).
        flash(
            _(
                "Đợt trao “%(title)s” không còn quà tặng nào nên cũng được chuyển vào thùng rác.",
                title=dist.title,
            ),
            "info",
        )
    if request.htmx and request.htmx.target == "gift-list":
        return render_template("charity/_gift_list.html", **_list_context(gift_filter()))
    return done("charity.index", _("Đã chuyển quà tặng vào thùng rác."))


# --- quick entry: one distribution to many -----------------------------------------------------


def _candidates(selected: list[int]) -> list:
    """Beneficiaries to tick: the filter's matches, with those already ticked kept on top."""
    category = query_enum("pick_category", BeneficiaryCategory, source=request.values)
    q = request.values.get("pick_q", "")
    shown = db.session.scalars(
        beneficiaries_stmt(current_user, q=q, category=category).limit(300)
    ).all()
    ticked = (
        db.session.scalars(
            beneficiaries_stmt(current_user).where(Beneficiary.id.in_(selected))
        ).all()
        if selected
        else []
    )
    ids = {b.id for b in ticked}
    return [*ticked, *(b for b in shown if b.id not in ids)]


def _distribution_form() -> DistributionForm:
    form = DistributionForm()
    set_unit_choices(form)
    form.fund_id.choices = choices([(None, _("— không —")), *writable_fund_choices(current_user)])
    form.beneficiary_ids.choices = choices(beneficiary_choices(current_user))
    return form


@bp.get("/distributions/candidates")
def distribution_candidates():
    """The tick list of the quick-entry form, filtered (htmx)."""
    require_writer()
    selected = query_ids("beneficiary_ids")
    return render_template(
        "charity/_candidates.html", candidates=_candidates(selected), selected=set(selected)
    )


@bp.route("/distributions/new", methods=["GET", "POST"])
def distribution_new():
    """Quick entry: one form, one transaction, many gifts."""
    require_writer()
    form = _distribution_form()
    if request.method == "GET":
        form.given_on.data = local_today()
        form.quantity.data = 1
    data = DistributionData(
        title=form.title.data or "",
        gift=form_data(form, GiftData),  # what each recipient gets: the form has no recipient
        beneficiary_ids=list(form.beneficiary_ids.data or []),
        new_names=(form.new_names.data or "").splitlines(),
        total_value_vnd=form.total_value_vnd.data,
    )
    check = (check_distribution, data, current_user)
    dist = submit(form, create_distribution, data, current_user, check=check)
    if dist is not None:
        saved = _("Đã ghi đợt trao “%(title)s”.", title=dist.title)
        return done("charity.distribution_show", saved, distribution_id=dist.id)
    selected = list(form.beneficiary_ids.data or [])
    return form_page(
        "charity/distribution_form.html",
        form,
        candidates=_candidates(selected),
        selected=set(selected),
        categories=list(BeneficiaryCategory),
    )


@bp.get("/distributions/<int:distribution_id>")
def distribution_show(distribution_id: int):
    """A distribution: its gifts, totals and the balance of the fund it used."""
    dist = get_scoped_or_404(Distribution, distribution_id, current_user)
    f = GiftFilter(distribution_id=dist.id)
    gifts = db.session.scalars(gifts_stmt(current_user, f)).all()
    funds = {g.fund.id: g.fund for g in gifts if g.fund is not None}
    now = balances(list(funds))
    return render_template(
        "charity/distribution_show.html",
        dist=dist,
        gifts=gifts,
        totals=gift_totals(current_user, f),
        fund_balances=[(fund, now[fid]) for fid, fund in funds.items()],
    )


@bp.post("/distributions/<int:distribution_id>/delete")
def distribution_delete(distribution_id: int):
    """Trash a distribution and its gifts."""
    dist = get_scoped_or_404(Distribution, distribution_id, current_user)
    n, _unused = run_action(delete_distribution, dist, current_user)
    trashed = _(
        "Đã chuyển đợt trao “%(title)s” và %(n)s quà tặng vào thùng rác.", title=dist.title, n=n
    )
    return done("charity.index", trashed)
