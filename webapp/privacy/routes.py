"""Thin views of the personal-data pages."""

from __future__ import annotations

import functools
import io
from datetime import date, datetime, time, timedelta

from flask import abort, current_app, flash, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from webapp.accounts.services import accounts_visible_to
from webapp.extensions import db
from webapp.fields import query_date, query_enum, query_int
from webapp.form_helpers import done, refused_status, save
from webapp.formatting import local_today, local_tz
from webapp.models import Member, Role, User
from webapp.models.privacy import (
    DataSubjectRequest,
    LoginEvent,
    PersonalDataRead,
    ReadKind,
)
from webapp.privacy import bp
from webapp.privacy import services as privacy
from webapp.privacy.access import ABOVE_COMMUNE
from webapp.privacy.forms import BasisForm, ConfirmForm, RequestForm
from webapp.privacy.reads import reads_query
from webapp.privacy.registry import LEVEL_LABELS, PERSON_TABLES, Level
from webapp.scope import get_scoped_or_404, scoped, visible_unit_ids
from webapp.spreadsheets import XlsxWriter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _admins_only() -> None:
    if not current_user.is_admin:
        abort(403)


def _writers_only() -> None:
    if not current_user.role.can_write:
        abort(403)


# ---- what is held -----------------------------------------------------------------------


@bp.get("/")
def index():
    _admins_only()
    return render_template(
        "privacy/index.html",
        tables=PERSON_TABLES,
        levels=LEVEL_LABELS,
        Level=Level,
        labels=_column_labels,
    )


# Columns derived from the name for searching and sorting: declared, not worth a line.
_DERIVED = {"search_key", "sort_key"}


@functools.cache
def _audit_areas(database) -> dict[str, str | None]:
    """Table → the ``__audit_area__`` of its model, from one walk of the mappers (they are fixed
    once the app is built; the page asked for each of its ~40 tables)."""
    return {
        mapper.local_table.name: getattr(mapper.class_, "__audit_area__", None)
        for mapper in database.Model.registry.mappers
        if getattr(mapper.local_table, "name", None)
    }


def _column_labels(table: str, columns) -> str:
    """The columns as the forms name them, for the admin page."""
    from webapp.audit_log.present import field_label
    from webapp.extensions import db as database

    area = _audit_areas(database).get(table)
    names = sorted(
        {field_label(area, table, c) for c in columns if c not in _DERIVED}, key=str.lower
    )
    return ", ".join(names) or "—"


# ---- who read what ----------------------------------------------------------------------


def _window(default_days: int = 30) -> tuple[date, date]:
    end = query_date("end") or local_today()
    start = query_date("start") or end - timedelta(days=default_days)
    return start, end


def _utc_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = local_tz()
    return (
        datetime.combine(start, time.min, zone),
        datetime.combine(end + timedelta(days=1), time.min, zone),
    )


def _visible_user_ids():
    return accounts_visible_to(current_user).with_only_columns(User.id)


def _reads_stmt():
    start, end = _window()
    since, until = _utc_bounds(start, end)
    stmt = reads_query(
        user_id=query_int("user_id"),
        table_name=request.args.get("table") or None,
        record_id=query_int("record_id"),
        kind=query_enum("kind", ReadKind),
        since=since,
        until=until,
    )
    return stmt.where(PersonalDataRead.user_id.in_(_visible_user_ids())), start, end


@bp.get("/reads")
def reads():
    _admins_only()
    stmt, start, end = _reads_stmt()
    page = db.paginate(
        stmt, page=query_int("page", 1), per_page=current_app.config["PAGE_SIZE"], error_out=False
    )
    context = {"reads": page, "start": start, "end": end, "args": request.args}
    if request.htmx:
        return render_template("privacy/_read_rows.html", **context)
    users = db.session.scalars(accounts_visible_to(current_user).order_by(User.username)).all()
    return render_template(
        "privacy/reads.html", users=users, tables=PERSON_TABLES, kinds=ReadKind, **context
    )


@bp.get("/reads.xlsx")
def reads_export():
    _admins_only()
    stmt, _start, _end = _reads_stmt()
    book = XlsxWriter()
    book.add_sheet(_("Nhật ký xem dữ liệu"), widths=(18, 16, 12, 26, 10, 40))
    book.append(
        [_("Thời điểm"), _("Người xem"), _("Cách"), _("Sổ"), _("Mã bản ghi"), _("Địa chỉ trang")],
        bold=True,
    )
    for read in db.session.scalars(stmt.limit(50_000)):
        entry = PERSON_TABLES.get(read.table_name)
        book.append(
            [
                read.at.astimezone(local_tz()).replace(tzinfo=None),
                read.user.username if read.user else "",
                read.kind.label,
                str(entry.title) if entry else read.table_name,
                read.record_id,
                read.where,
            ]
        )
    return send_file(
        io.BytesIO(book.to_bytes()),
        as_attachment=True,
        download_name=f"nhat-ky-xem-du-lieu-{local_today().isoformat()}.xlsx",
        mimetype=XLSX,
    )


@bp.get("/breach")
def breach():
    """The facts a breach notice needs, for a time window: logins, reads and exports."""
    _admins_only()
    start, end = _window(default_days=7)
    since, until = _utc_bounds(start, end)
    users = _visible_user_ids()
    logins = db.session.scalars(
        select(LoginEvent)
        .where(LoginEvent.at >= since, LoginEvent.at < until, LoginEvent.user_id.in_(users))
        .order_by(LoginEvent.at.desc())
        .limit(500)
    ).all()
    totals = db.session.execute(
        select(
            PersonalDataRead.user_id,
            PersonalDataRead.kind,
            PersonalDataRead.table_name,
            func.count(PersonalDataRead.id),
            func.count(func.distinct(PersonalDataRead.record_id)),
        )
        .where(
            PersonalDataRead.at >= since,
            PersonalDataRead.at < until,
            PersonalDataRead.user_id.in_(users),
        )
        .group_by(PersonalDataRead.user_id, PersonalDataRead.kind, PersonalDataRead.table_name)
        .order_by(PersonalDataRead.user_id, PersonalDataRead.table_name)
    ).all()
    exports = db.session.scalars(
        reads_query(kind=ReadKind.EXPORT, since=since, until=until)
        .where(PersonalDataRead.user_id.in_(users))
        .limit(500)
    ).all()
    names = {u.id: u for u in db.session.scalars(accounts_visible_to(current_user))}
    return render_template(
        "privacy/breach.html",
        start=start,
        end=end,
        logins=logins,
        totals=totals,
        exports=exports,
        names=names,
        tables=PERSON_TABLES,
    )


# ---- a member's basis and data ----------------------------------------------------------


@bp.route("/members/<int:member_id>/basis", methods=["GET", "POST"])
def member_basis(member_id: int):
    member = get_scoped_or_404(Member, member_id, current_user)
    record = privacy.basis_of(member)
    form = BasisForm(obj=record)
    if request.method == "GET" and record is not None:
        form.load_version(record)
    if request.method == "POST":
        _writers_only()
        if form.validate_on_submit():
            values = privacy.BasisValues(
                basis=form.basis.data,
                consent_on=form.consent_on.data,
                consent_scope=form.consent_scope.data or "",
                withdrawn_on=form.withdrawn_on.data,
            )
            if save(form, privacy.set_basis, member, values, current_user, form.loaded_version):
                return done("privacy.member_basis", member_id=member.id)
    return render_template(
        "privacy/basis.html", form=form, member=member, record=record
    ), refused_status(form)


@bp.get("/members/<int:member_id>/data.<any(xlsx,json):fmt>")
def member_data(member_id: int, fmt: str):
    """Everything held about a member, for an access request (logged as an export)."""
    _writers_only()
    member = get_scoped_or_404(Member, member_id, current_user)
    stem = f"du-lieu-hoi-vien-{member.id}-{local_today().isoformat()}"
    if fmt == "json":
        body, mimetype = privacy.held_as_json(member).encode(), "application/json"
    else:
        body, mimetype = privacy.held_as_xlsx(member), XLSX
    return send_file(
        io.BytesIO(body), as_attachment=True, download_name=f"{stem}.{fmt}", mimetype=mimetype
    )


@bp.route("/members/<int:member_id>/anonymise", methods=["GET", "POST"])
def member_anonymise(member_id: int):
    """Delete a member's personal data by anonymising her in place (admins, after a request)."""
    _admins_only()
    member = get_scoped_or_404(Member, member_id, current_user)
    form = ConfirmForm()
    if form.validate_on_submit():
        reason = (form.reason.data or "").strip()
        if not reason:
            form.reason.errors = [_("Hãy ghi lý do (ví dụ: yêu cầu xoá dữ liệu ngày …).")]
        elif save(form, privacy.anonymise_member, member, current_user, reason):
            return done("members.show", member_id=member.id)
    return render_template("privacy/anonymise.html", form=form, member=member), refused_status(form)


# ---- requests ---------------------------------------------------------------------------


def _requests_stmt():
    return scoped(
        select(DataSubjectRequest).order_by(
            DataSubjectRequest.answered_on.is_not(None),
            DataSubjectRequest.due_on,
            DataSubjectRequest.id.desc(),
        ),
        DataSubjectRequest.unit_id,
        current_user,
    )


@bp.get("/requests")
def requests():
    page = db.paginate(
        _requests_stmt(),
        page=query_int("page", 1),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template("privacy/requests.html", requests=page, today=local_today())


def _request_values(form: RequestForm) -> privacy.RequestValues:
    return privacy.RequestValues(
        requester_name=form.requester_name.data or "",
        kind=form.kind.data,
        received_on=form.received_on.data,
        member_id=form.member_id.data,
        details=form.details.data or "",
        answer=form.answer.data or "",
        answered_on=form.answered_on.data,
    )


@bp.route("/requests/new", methods=["GET", "POST"])
def request_new():
    _writers_only()
    form = RequestForm()
    if request.method == "GET":
        form.received_on.data = local_today()
        form.member_id.data = query_int("member_id")
    if form.validate_on_submit():
        unit_id = current_user.unit_id
        if form.member_id.data:
            member = db.session.get(Member, form.member_id.data)
            unit_id = member.unit_id if member is not None else unit_id
        if save(form, privacy.add_request, _request_values(form), unit_id, current_user):
            return done("privacy.requests")
    return render_template("privacy/request_form.html", form=form, record=None), refused_status(
        form
    )


@bp.route("/requests/<int:request_id>", methods=["GET", "POST"])
def request_edit(request_id: int):
    record = get_scoped_or_404(DataSubjectRequest, request_id, current_user)
    form = RequestForm(obj=record)
    if request.method == "GET":
        form.load_version(record)
    if request.method == "POST":
        _writers_only()
        if form.validate_on_submit() and save(
            form,
            privacy.update_request,
            record,
            _request_values(form),
            current_user,
            form.loaded_version,
        ):
            return done("privacy.requests")
    return render_template("privacy/request_form.html", form=form, record=record), refused_status(
        form
    )


# ---- retention --------------------------------------------------------------------------


@bp.route("/retention", methods=["GET", "POST"])
def retention():
    """Who the retention rule would anonymise today (a dry run), and the button to do it."""
    _admins_only()
    units = visible_unit_ids(current_user)
    form = ConfirmForm()
    if form.validate_on_submit():
        done_count = save(form, privacy.apply_retention, units, current_user)
        if done_count is not None:
            flash(_("Đã ẩn danh %(n)d hội viên.", n=done_count))
            return done("privacy.retention")
    members = privacy.past_retention(units)
    return render_template(
        "privacy/retention.html",
        form=form,
        members=members,
        years=current_app.config["RETENTION_YEARS"],
    ), refused_status(form)


# ---- grants -----------------------------------------------------------------------------


@bp.route("/grants", methods=["GET", "POST"])
def grants():
    """District and province viewers, and whether each may see personal details."""
    _admins_only()
    viewers = [
        u
        for u in db.session.scalars(
            accounts_visible_to(current_user)
            .where(User.role == Role.VIEWER)
            .order_by(User.username)
        )
        if u.unit is not None and u.unit.kind in ABOVE_COMMUNE
    ]
    if request.method == "POST":
        form = ConfirmForm()
        user_id = query_int("user_id", source=request.form)
        chosen = next((u for u in viewers if u.id == user_id), None)
        if form.validate_on_submit() and chosen is not None:
            granted = request.form.get("grant") == "1"
            if save(form, privacy.set_grant, chosen, granted, current_user):
                return done("privacy.grants")
        abort(400)
    return render_template("privacy/grants.html", viewers=viewers)
