"""The member list, detail page, add/edit in place, leaving, trash and export."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from webapp.extensions import db
from webapp.fields import query_int
from webapp.members import bp
from webapp.members.forms import (
    LeaveForm,
    MemberForm,
    VersionForm,
    leave_reason_of,
    optional_int,
    version_of,
)
from webapp.members.routes.common import (
    attempt,
    branch_choices,
    render_status,
    require_write_of_posted_unit,
    unit_filter_choices,
)
from webapp.members.services.exports import export_csv, export_filename, export_xlsx
from webapp.members.services.members import (
    DuplicateMember,
    MemberData,
    MemberFilters,
    create_member,
    history,
    leave_member,
    member_list,
    rejoin_member,
    restore_member,
    trash_member,
    trashed_members,
    update_member,
)
from webapp.members.services.registers import member_registers
from webapp.models.members import Gender, Member
from webapp.scope import can_write_unit, get_scoped_or_404, require_write, scoped


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
        form.gender.data = member.gender.value
        form.version.data = str(member.version)
    return form


def _data(form: MemberForm) -> MemberData:
    return MemberData(
        full_name=form.full_name.data or "",
        unit_id=form.unit_id.data,
        gender=Gender(form.gender.data or Gender.FEMALE.value),
        birth_year=form.birth_year.data,
        birth_date=form.birth_date.data,
        address=form.address.data or "",
        phone=form.phone.data or "",
        ethnicity=form.ethnicity.data or "",
        religion=form.religion.data or "",
        joined_on=form.joined_on.data,
        is_core=form.is_core.data,
        is_honorary=form.is_honorary.data,
        attends_regularly=form.attends_regularly.data,
        note=form.note.data or "",
    )


def _save(form: MemberForm, action) -> tuple[bool, bool]:
    """Run the save; returns (saved, a duplicate was suspected)."""
    duplicate = False

    def run():
        nonlocal duplicate
        try:
            action()
        except DuplicateMember:
            duplicate = True
            raise

    return attempt(form, run), duplicate


@bp.get("/")
def index():
    filters = _filters()
    members = db.paginate(
        member_list(current_user, filters),
        page=query_int("page", 1),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
        count=True,
    )
    context = {"members": members, "filters": filters, "unit_choices": unit_filter_choices()}
    if request.htmx and request.htmx.target == "member-rows":
        return render_template("members/_rows.html", **context)
    return render_template("members/index.html", **context)


@bp.route("/new", methods=["GET", "POST"])
def create():
    if not current_user.role.can_write:
        abort(403)
    require_write_of_posted_unit()
    form = _member_form()
    if request.method == "GET" and len(form.unit_id.choices) == 2:
        form.unit_id.data = int(form.unit_id.choices[1].value)  # the user's only branch
    duplicate = False
    if form.validate_on_submit():
        created: list[Member] = []
        saved, duplicate = _save(
            form,
            lambda: created.append(
                create_member(_data(form), current_user, form.allow_duplicate.data)
            ),
        )
        if saved:
            member = created[0]
            if request.htmx:
                fresh = _member_form()
                fresh.unit_id.data = member.unit_id
                response = Response(
                    render_template("members/_form.html", form=fresh, member=None, added=member)
                )
                response.headers["HX-Trigger"] = "members-changed"
                return response
            flash(_("Đã thêm hội viên %(name)s.", name=member.full_name), "success")
            return redirect(url_for("members.show", member_id=member.id))
    template = "members/_form.html" if request.htmx else "members/new.html"
    status = 200 if request.method == "GET" else render_status(True)
    return render_template(template, form=form, member=None, duplicate=duplicate), status


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
    duplicate = False
    if form.validate_on_submit():
        saved, duplicate = _save(
            form,
            lambda: update_member(
                member, _data(form), version_of(form), current_user, form.allow_duplicate.data
            ),
        )
        if saved:
            if request.htmx:
                return _after_change(member)
            flash(_("Đã lưu."), "success")
            return redirect(url_for("members.show", member_id=member.id))
    if request.htmx:
        return render_template("members/_form.html", form=form, member=member, duplicate=duplicate)
    status = 200 if request.method == "GET" else 422
    return render_template(
        "members/edit.html", form=form, member=member, duplicate=duplicate
    ), status


def _leave_form(member: Member) -> LeaveForm:
    form = LeaveForm(formdata=None)
    form.version.data = str(member.version)
    return form


def _version_form(member: Member) -> VersionForm:
    form = VersionForm(formdata=None)
    form.version.data = str(member.version)
    return form


@bp.post("/<int:member_id>/leave")
def leave(member_id: int):
    member = _member(member_id)
    require_write(current_user, member.unit_id)
    form = LeaveForm()
    if form.validate_on_submit() and attempt(
        form,
        lambda: leave_member(
            member, form.left_on.data, leave_reason_of(form), version_of(form), current_user
        ),
    ):
        if request.htmx:
            return _after_change(member)
        flash(_("%(name)s đã ra khỏi danh sách.", name=member.full_name), "success")
        return redirect(url_for("members.show", member_id=member.id))
    db.session.refresh(member)
    if request.htmx:
        return render_template(
            "members/_status.html",
            member=member,
            can_write=True,
            leave_form=form,
            version_form=_version_form(member),
        )
    for error in [*form.form_errors, *form.left_on.errors, *form.leave_reason.errors]:
        flash(error, "error")
    return redirect(url_for("members.show", member_id=member.id))


@bp.post("/<int:member_id>/rejoin")
def rejoin(member_id: int):
    member = _member(member_id)
    require_write(current_user, member.unit_id)
    form = VersionForm()
    ok = form.validate_on_submit() and attempt(
        form, lambda: rejoin_member(member, version_of(form), current_user)
    )
    if not ok:
        db.session.refresh(member)
    if request.htmx:
        if ok:
            return _after_change(member)
        return render_template(
            "members/_status.html",
            member=member,
            can_write=True,
            leave_form=_leave_form(member),
            version_form=form,
        )
    for error in form.form_errors:
        flash(error, "error")
    return redirect(url_for("members.show", member_id=member.id))


@bp.post("/<int:member_id>/trash")
def trash(member_id: int):
    member = _member(member_id)
    require_write(current_user, member.unit_id)
    form = VersionForm()
    if form.validate_on_submit() and attempt(form, lambda: trash_member(member, current_user)):
        flash(_("Đã chuyển %(name)s vào thùng rác.", name=member.full_name), "success")
        if request.htmx:
            return "", 204, {"HX-Redirect": url_for("members.index")}
        return redirect(url_for("members.index"))
    for error in form.form_errors:
        flash(error, "error")
    if request.htmx:
        return "", 204, {"HX-Redirect": url_for("members.show", member_id=member_id)}
    return redirect(url_for("members.show", member_id=member_id))


@bp.get("/trash")
def trash_list():
    members = db.paginate(
        trashed_members(current_user),
        page=query_int("page", 1),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
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
    if form.validate_on_submit() and attempt(form, lambda: restore_member(member, current_user)):
        flash(_("Đã khôi phục %(name)s.", name=member.full_name), "success")
        return redirect(url_for("members.show", member_id=member.id))
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
