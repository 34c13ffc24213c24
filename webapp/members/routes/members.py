"""The member list, detail page, add/edit in place, leaving, trash and export."""

from __future__ import annotations

from functools import partial

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from webapp.extensions import db
from webapp.fields import optional_int
from webapp.form_helpers import (
    done,
    form_data,
    form_page,
    page_or_part,
    paged,
    refused_status,
    submit,
)
from webapp.members import bp
from webapp.members.forms import LeaveForm, MemberForm, VersionForm
from webapp.members.routes.unit_fields import (
    branch_choices,
    require_write_of_posted_unit,
)
from webapp.members.services.exports import export_csv, export_filename, export_xlsx
from webapp.members.services.members import (
    DuplicateMember,
    MemberData,
    MemberFilters,
    check_leave,
    clean,
    create_member,
    history,
    leave_member,
    member_list,
    members_among,
    rejoin_member,
    restore_member,
    trash_member,
    trashed_members,
    update_member,
)
from webapp.members.services.related import member_registers
from webapp.models.members import Gender, Member
from webapp.scope import can_write_unit, get_scoped_or_404, require_write, scoped, unit_filter


def _filters() -> MemberFilters:
    args = request.args
    return MemberFilters(
        q=args.get("q", "").strip(),
        unit_id=optional_int(args.get("unit_id")),
        status=args.get("status", "active"),
        core=args.get("core", ""),
        honorary=args.get("honorary", ""),
        sort=args.get("sort", "name"),
    )


def _member(member_id: int) -> Member:
    return get_scoped_or_404(Member, member_id, current_user)


def _member_form(member: Member | None = None) -> MemberForm:
    form = MemberForm(obj=member if request.method == "GET" else None)
    form.unit_id.choices = branch_choices(_("— Chọn chi hội —"))
    if request.method == "GET" and member is not None:
        form.load_version(member)
    return form


def _submit(form: MemberForm, member: Member | None, action, *args) -> tuple[object | None, bool]:
    """``submit`` the member form (a form refused field by field is checked against the member
    rules too, so every mistake shows in one answer); returns (what the service returned or
    None, whether she looked like a member already registered: the form then offers "Vẫn
    lưu")."""
    duplicate = False

    def run():
        nonlocal duplicate
        try:
            return action(*args)
        except DuplicateMember:
            duplicate = True
            raise

    check = (
        clean,
        form_data(form, MemberData, gender=form.gender.data or Gender.FEMALE),
        None,
        member.left_on if member else None,
    )
    return submit(form, run, check=check), duplicate


@bp.get("/")
def index():
    filters = _filters()
    few = partial(members_among, sort=filters.sort) if filters.q else None
    members = paged(member_list(current_user, filters), when_few=few)
    context = {
        "members": members,
        "filters": filters,
        "units": unit_filter(current_user, filters.unit_id),
    }
    return page_or_part("members/index.html", "members/_rows.html", "member-rows", **context)


@bp.route("/new", methods=["GET", "POST"])
def create():
    if not current_user.role.can_write:
        abort(403)
    require_write_of_posted_unit()
    form = _member_form()
    if request.method == "GET" and len(form.unit_id.choices) == 2:
        form.unit_id.data = int(form.unit_id.choices[1].value)  # the user's only branch
    member, duplicate = _submit(
        form,
        None,
        create_member,
        form_data(form, MemberData, gender=form.gender.data or Gender.FEMALE),
        current_user,
        form.allow_duplicate.data,
    )
    if isinstance(member, Member):
        if request.htmx:
            fresh = _member_form()
            fresh.unit_id.data = member.unit_id
            response = Response(
                render_template("members/_form.html", form=fresh, member=None, added=member)
            )
            response.headers["HX-Trigger"] = "members-changed"
            return response
        saved = _("Đã thêm hội viên %(name)s.", name=member.full_name)
        return done("members.show", saved, member_id=member.id)
    template = "members/_form.html" if request.htmx else "members/new.html"
    return form_page(template, form, member=None, duplicate=duplicate)


@bp.get("/<int:member_id>")
def show(member_id: int):
    member = _member(member_id)
    return render_template(
        "members/show.html",
        member=member,
        events=history(member),
        registers=member_registers(member),
        can_write=can_write_unit(current_user, member.unit_id),
        leave_form=_leave_form(member),
        version_form=_version_form(member),
    )


@bp.get("/<int:member_id>/card")
def card(member_id: int):
    """The member's information card again (the "Huỷ" button of the edit form)."""
    member = _member(member_id)
    return render_template(
        "members/_card.html", member=member, can_write=can_write_unit(current_user, member.unit_id)
    )


def _after_change(member: Member):
    """The card, the status box and the history, swapped in place after a change."""
    return render_template(
        "members/_changed.html",
        member=member,
        events=history(member),
        can_write=True,
        leave_form=_leave_form(member),
        version_form=_version_form(member),
    )


@bp.route("/<int:member_id>/edit", methods=["GET", "POST"])
def edit(member_id: int):
    member = _member(member_id)
    require_write(current_user, member.unit_id)
    require_write_of_posted_unit()
    form = _member_form(member)
    saved, duplicate = _submit(
        form,
        member,
        update_member,
        member,
        form_data(form, MemberData, gender=form.gender.data or Gender.FEMALE),
        form.loaded_version,
        current_user,
        form.allow_duplicate.data,
    )
    if saved is not None:
        if request.htmx:
            return _after_change(member)
        return done("members.show", _("Đã lưu."), member_id=member.id)
    template = "members/_form.html" if request.htmx else "members/edit.html"
    return form_page(template, form, member=member, duplicate=duplicate)


def _leave_form(member: Member) -> LeaveForm:
    form = LeaveForm(formdata=None)
    form.load_version(member)
    return form


def _version_form(member: Member) -> VersionForm:
    form = VersionForm(formdata=None)
    form.load_version(member)
    return form


def _flash_refusal(*forms) -> None:
    """Without htmx a refused button goes back to the page: its messages as flashes."""
    for form in forms:
        for error in [*form.form_errors, *(e for f in form for e in f.errors)]:
            flash(error, "error")


@bp.post("/<int:member_id>/leave")
def leave(member_id: int):
    member = _member(member_id)
    require_write(current_user, member.unit_id)
    form = LeaveForm()
    left_on, reason = form.left_on.data, form.leave_reason.data
    values = (member, left_on, reason)
    check = (check_leave, *values)
    saved = submit(form, leave_member, *values, form.loaded_version, current_user, check=check)
    if saved is not None:
        if request.htmx:
            return _after_change(member)
        left = _("%(name)s đã ra khỏi danh sách.", name=member.full_name)
        return done("members.show", left, member_id=member.id)
    return _status_refused(member, form, _version_form(member), form)


@bp.post("/<int:member_id>/rejoin")
def rejoin(member_id: int):
    member = _member(member_id)
    require_write(current_user, member.unit_id)
    form = VersionForm()
    if submit(form, rejoin_member, member, form.loaded_version, current_user):
        if request.htmx:
            return _after_change(member)
        return redirect(url_for("members.show", member_id=member.id))
    return _status_refused(member, _leave_form(member), form, form)


def _status_refused(member: Member, leave_form: LeaveForm, version_form: VersionForm, refused):
    """A refused leave or rejoin: the status box again with the messages (htmx), or back to
    the member's page with them flashed."""
    db.session.refresh(member)  # as stored: the refused change was rolled back
    if request.htmx:
        return render_template(
            "members/_status.html",
            member=member,
            can_write=True,
            leave_form=leave_form,
            version_form=version_form,
        ), refused_status(refused)
    _flash_refusal(refused)
    return redirect(url_for("members.show", member_id=member.id))


@bp.post("/<int:member_id>/trash")
def trash(member_id: int):
    member = _member(member_id)
    require_write(current_user, member.unit_id)
    form = VersionForm()
    if submit(form, trash_member, member, current_user):
        return done("members.index", _("Đã chuyển %(name)s vào thùng rác.", name=member.full_name))
    _flash_refusal(form)
    return done("members.show", member_id=member_id)


@bp.get("/trash")
def trash_list():
    members = paged(trashed_members(current_user))
    return render_template("members/trash.html", members=members, form=VersionForm())


@bp.post("/trash/<int:member_id>/restore")
def restore(member_id: int):
    member = db.session.scalar(
        scoped(select(Member).where(Member.id == member_id), Member.unit_id, current_user)
        .where(Member.deleted_at.is_not(None))
        .execution_options(include_deleted=True)
    )
    if member is None:
        abort(404)
    require_write(current_user, member.unit_id)
    form = VersionForm()
    if submit(form, restore_member, member, current_user):
        flash(_("Đã khôi phục %(name)s.", name=member.full_name), "success")
        return redirect(url_for("members.show", member_id=member.id))
    _flash_refusal(form)
    return redirect(url_for("members.trash_list"))


@bp.get("/export.xlsx")
def export_excel():
    stmt = member_list(current_user, _filters())
    return Response(
        export_xlsx(stmt),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{export_filename("xlsx")}"'},
    )


@bp.get("/export.csv")
def export_text():
    stmt = member_list(current_user, _filters())
    return Response(
        export_csv(stmt),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{export_filename("csv")}"'},
    )
