"""Thin views: drafts, narrative autosave, figures, generation, downloads, "Báo cáo của tôi"."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import TooManyRequests

from tasks.names import RENDER_REPORT
from webapp.documents import storage
from webapp.documents.templates import active_template, template_codes
from webapp.extensions import db, limiter
from webapp.fields import enum_value, optional_int, query_enum, query_int
from webapp.form_helpers import choices
from webapp.formatting import local_today
from webapp.indicators import Period, catalogue, compute
from webapp.jobs.services import broker_down_message, broker_was_unreachable, jobs_of
from webapp.models import JobState
from webapp.models.reports import ReportDraft, ReportFile, ReportKind
from webapp.reports import bp, sections
from webapp.reports.forms import MetaForm, NewDraftForm
from webapp.reports.sending import (
    SendError,
    figures_changed_since_sent,
    mark_sent,
    reopen,
    start_override,
    stop_override,
)
from webapp.reports.services import (
    META_FIELDS,
    DraftData,
    DraftError,
    create_draft,
    default_period,
    drafts_for,
    request_file,
    save_narrative,
    sections_for,
    update_meta,
)
from webapp.scope import can_write_unit, get_scoped_or_404
from webapp.trash import move_to_trash
from webapp.units.services import unit_choices

MONTHS = [(m, _l("Tháng %(n)s", n=m)) for m in range(1, 13)]
QUARTERS = [(q, _l("Quý %(n)s", n=q)) for q in range(1, 5)]


@bp.before_request
@login_required
def _logged_in() -> None:
    """Every page of the area needs a logged-in user."""


@bp.before_app_request
def _admin_override_reason() -> None:
    """An admin who gave a reason may change records of locked periods (webapp/locking.py)."""
    if current_user.is_authenticated and current_user.is_admin:
        from webapp.reports.sending import current_override

        g.audit_reason = g.get("audit_reason") or current_override()


@bp.app_context_processor
def _override_banner() -> dict:
    return {"lock_override": g.get("audit_reason") if current_user.is_authenticated else None}


def _draft(draft_id: int) -> ReportDraft:
    return get_scoped_or_404(ReportDraft, draft_id, current_user)


@bp.get("/")
def index():
    page = query_int("page", 1)
    drafts = db.paginate(
        drafts_for(current_user),
        page=page,
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template("reports/index.html", drafts=drafts)


def _new_form() -> NewDraftForm:
    form = NewDraftForm()
    form.unit_id.choices = choices(unit_choices(current_user))
    kind = enum_value(ReportKind, form.kind.data) or ReportKind.ANNUAL  # unknown: the form refuses
    form.part.choices = choices(
        [(None, "—"), *(MONTHS if kind is ReportKind.MONTHLY else QUARTERS)]
    )
    return form


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = _new_form()
    if request.method == "GET":
        form.kind.data = form.kind.data or ReportKind.ANNUAL.value
        period = default_period(ReportKind(form.kind.data), form.year.data or local_today().year)
        form.period_start.data, form.period_end.data = period.start, period.end
    elif form.validate_on_submit():
        try:
            draft = create_draft(
                DraftData(
                    form.unit_id.data,
                    ReportKind(form.kind.data),
                    form.period_start.data,
                    form.period_end.data,
                ),
                current_user,
            )
        except DraftError as exc:
            getattr(form, exc.field).errors.append(exc.message)
        else:
            db.session.commit()
            return redirect(url_for("reports.show", draft_id=draft.id))
    return render_template("reports/new.html", form=form)


@bp.get("/period")
def period_fields():
    """The period fields for the chosen kind and year (htmx, when either changes)."""
    form = _new_form()
    kind = query_enum("kind", ReportKind, ReportKind.ANNUAL)
    year = query_int("year", local_today().year, minimum=-(2**31), maximum=2**31)
    if not 2000 <= year <= 2100:
        year = local_today().year
    part = query_int("part")
    period = default_period(kind, year, part)
    form.period_start.data, form.period_end.data = period.start, period.end
    return render_template("reports/_period.html", form=form, kind=kind)


@bp.get("/<int:draft_id>")
def show(draft_id: int):
    draft = _draft(draft_id)
    form = MetaForm(obj=draft)
    form.version.data = draft.version
    return _show(draft, form)


def _show(draft: ReportDraft, form: MetaForm, status: int = 200):
    keys = sections_for(draft)
    return render_template(
        "reports/show.html",
        draft=draft,
        form=form,
        sections=[(k, sections.label(k), (draft.narrative or {}).get(k, "")) for k in keys],
        can_write=can_write_unit(current_user, draft.unit_id),
        template=active_template(draft.kind),
        latest_job=_latest_job(draft),
        changed=figures_changed_since_sent(draft) if draft.sent_at else [],
    ), status


def _latest_job(draft: ReportDraft):
    from sqlalchemy import select

    from webapp.models import Job

    return db.session.scalar(
        select(Job)
        .where(Job.kind == RENDER_REPORT, Job.params["draft_id"].as_integer() == draft.id)
        .order_by(Job.id.desc())
        .limit(1)
    )


@bp.post("/<int:draft_id>")
def update(draft_id: int):
    draft = _draft(draft_id)
    form = MetaForm()
    if form.validate_on_submit():
        try:
            values = {name: getattr(form, name).data for name in META_FIELDS}
            values["recipients"] = values["recipients"] or ""
            update_meta(draft, values, optional_int(form.version.data), current_user)
            db.session.commit()
        except DraftError as exc:
            db.session.rollback()
            getattr(form, exc.field).errors.append(exc.message)
        except StaleDataError:
            db.session.rollback()
            form.version.errors.append(_("Báo cáo đã được người khác sửa; vui lòng tải lại trang."))
        else:
            flash(_("Đã lưu thông tin báo cáo."), "success")
            return redirect(url_for("reports.show", draft_id=draft.id))
    db.session.expire_all()
    return _show(_draft(draft_id), form, 422)


@bp.post("/<int:draft_id>/narrative/<key>")
def narrative(draft_id: int, key: str):
    """Autosave of one narrative section (htmx, as the user types)."""
    draft = _draft(draft_id)
    try:
        save_narrative(draft, key, request.form.get("html", ""), current_user)
        db.session.commit()
    except DraftError as exc:
        db.session.rollback()
        return render_template("reports/_saved.html", error=exc.message), 422
    except StaleDataError:
        db.session.rollback()
        return render_template(
            "reports/_saved.html", error=_("Không lưu được do có người vừa sửa; hãy thử gõ lại.")
        ), 409
    return render_template("reports/_saved.html", error=None)


@bp.get("/<int:draft_id>/figures")
def figures(draft_id: int):
    """The figures the template will print, with their values for the draft's period."""
    draft = _draft(draft_id)
    used = set(template_codes(draft.kind))
    values = compute(draft.unit_id, Period(draft.period_start, draft.period_end))
    rows = [
        (ind, values.formatted.get(ind.code, ""))
        for ind in catalogue()
        if ind.code in used or any(u.startswith(ind.code + ".") for u in used)
    ]
    return render_template("reports/_figures.html", rows=rows, draft=draft)


def _generate_key() -> str:
    """Report renders are rationed per user (``REPORT_GENERATE_RATE``), whatever their address."""
    return f"report-generate/{current_user.id}"


def _too_many_renders(limit) -> None:
    """Refuse with a message that says why (Flask-Limiter ``on_breach``; the error page shows
    ``user_message``, webapp/errors.py)."""
    item = limit.limit
    refused = TooManyRequests()
    refused.user_message = _(  # type: ignore[attr-defined]
        "Mỗi người được xuất tối đa %(amount)s báo cáo trong %(minutes)s phút. Vui lòng đợi một "
        "lát rồi xuất lại; các báo cáo đã xuất vẫn tải về được.",
        amount=item.amount,
        minutes=max(1, item.get_expiry() // 60),
    )
    raise refused


# Every role may queue renders (viewers too: the district needs its roll-ups), but each user only
# so many per window, so one account cannot fill the workers' queue for everybody.
@bp.post("/<int:draft_id>/generate")
@limiter.limit(
    lambda: current_app.config["REPORT_GENERATE_RATE"],
    key_func=_generate_key,
    exempt_when=lambda: not current_user.is_authenticated,
    on_breach=_too_many_renders,
)
def generate(draft_id: int):
    draft = _draft(draft_id)
    job = request_file(draft, current_user)
    db.session.commit()
    broker_down = broker_was_unreachable()
    if request.htmx:
        return render_template("reports/_job.html", job=job, draft=draft, broker_down=broker_down)
    if broker_down:
        flash(broker_down_message(), "warning")
    return redirect(url_for("reports.show", draft_id=draft.id))


@bp.get("/<int:draft_id>/job")
def job_status(draft_id: int):
    """The latest generation job of the draft; polls itself until done (286 stops htmx)."""
    draft = _draft(draft_id)
    job = _latest_job(draft)
    status = 286 if job is None or job.state.finished else 200
    return render_template("reports/_job.html", job=job, draft=draft), status


@bp.post("/<int:draft_id>/delete")
def delete(draft_id: int):
    draft = _draft(draft_id)
    if not can_write_unit(current_user, draft.unit_id):
        abort(403)
    if draft.sent_at is not None:
        # The report the district received stays where everyone can find it.
        flash(
            _("Báo cáo đã gửi không chuyển vào thùng rác được; hãy mở lại kỳ báo cáo trước."),
            "error",
        )
        return redirect(url_for("reports.show", draft_id=draft.id))
    move_to_trash(draft)
    db.session.commit()
    flash(
        _("Đã chuyển báo cáo số %(number)s vào thùng rác.", number=draft.number_symbol), "success"
    )
    return redirect(url_for("reports.index"))


def _file(file_id: int) -> ReportFile:
    row = db.get_or_404(ReportFile, file_id)
    _draft(row.draft_id)  # the scope of the draft's unit decides who may download
    return row


@bp.get("/files/<int:file_id>")
def download(file_id: int):
    row = _file(file_id)
    path = storage.report_path(row.storage_name)
    if not path.exists():
        abort(404)
    draft = row.draft
    name = (
        f"{draft.number:02d}-{draft.symbol}-{draft.kind.value}-{draft.period_end.isoformat()}.docx"
    )
    return send_file(
        path,
        as_attachment=True,
        download_name=name,
        mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@bp.get("/files/<int:file_id>/pdf")
def download_pdf(file_id: int):
    row = _file(file_id)
    if not row.pdf_storage_name or not storage.report_path(row.pdf_storage_name).exists():
        abort(404)
    return send_file(
        storage.report_path(row.pdf_storage_name),
        as_attachment=True,
        download_name=f"bao-cao-{row.draft_id}.pdf",
        mimetype="application/pdf",
    )


@bp.get("/mine")
def mine():
    """ "Báo cáo của tôi": the user's recent jobs across drafts, with states and links."""
    from webapp.reports.services import file_of_job

    jobs = [j for j in jobs_of(current_user, 50) if j.kind == RENDER_REPORT]
    files = {j.id: file_of_job(j.id) for j in jobs if j.state is JobState.DONE}
    drafts = {
        d.id: d
        for d in db.session.scalars(
            drafts_for(current_user).where(
                ReportDraft.id.in_([j.params.get("draft_id") for j in jobs])
            )
        )
    }
    return render_template("reports/mine.html", jobs=jobs, files=files, drafts=drafts)


@bp.post("/<int:draft_id>/send")
def send(draft_id: int):
    draft = _draft(draft_id)
    try:
        mark_sent(draft, current_user)
    except SendError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("Đã đánh dấu báo cáo là đã gửi. Số liệu trong kỳ báo cáo đã được khoá."), "success")
    return redirect(url_for("reports.show", draft_id=draft.id))


@bp.post("/<int:draft_id>/reopen")
def reopen_draft(draft_id: int):
    draft = _draft(draft_id)
    g.audit_reason = request.form.get("reason", "")
    try:
        reopen(draft, current_user, g.audit_reason)
    except SendError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("Đã mở lại kỳ báo cáo."), "success")
    return redirect(url_for("reports.show", draft_id=draft.id))


@bp.post("/override")
def override():
    """An admin starts (or ends) changing records of locked periods, with a reason."""
    if not current_user.is_admin:
        abort(403)
    if request.form.get("stop"):
        stop_override()
        flash(_("Đã kết thúc chế độ sửa số liệu trong kỳ đã gửi."), "info")
    else:
        try:
            start_override(request.form.get("reason", ""))
        except SendError as exc:
            flash(str(exc), "error")
        else:
            flash(
                _(
                    "Bạn có thể sửa bản ghi trong kỳ đã gửi trong 30 phút; mọi thay đổi được ghi "
                    "kèm lý do."
                ),
                "warning",
            )
    return redirect(_back())


def _back() -> str:
    target = request.form.get("next") or url_for("reports.index")
    return (
        target
        if target.startswith("/") and not target.startswith("//")
        else url_for("reports.index")
    )
