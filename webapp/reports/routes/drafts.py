"""Thin views of drafts: the list, a new draft, its page and metadata, narrative autosave,
figures, generation, downloads, and "Báo cáo của tôi"."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import TooManyRequests

from tasks.names import RENDER_REPORT
from webapp.documents import issuing, storage
from webapp.documents.templates import active_template, template_codes
from webapp.extensions import db, limiter
from webapp.fields import enum_value, query_date, query_enum, query_int
from webapp.form_helpers import choices, done, form_page, paged, refused_status, run_action, submit
from webapp.formatting import local_today
from webapp.indicators import Period, catalogue, compute
from webapp.jobs.services import broker_down_message, broker_was_unreachable, jobs_of
from webapp.models import Job, JobState
from webapp.models.reports import ReportDraft, ReportFile, ReportKind
from webapp.reports import bp
from webapp.reports.forms import MetaForm, NewDraftForm
from webapp.reports.services import sections
from webapp.reports.services.drafts import (
    DraftData,
    DraftMeta,
    check_meta,
    check_new_draft,
    create_draft,
    default_period,
    drafts_for,
    file_of_job,
    request_file,
    save_narrative,
    sections_for,
    update_meta,
)
from webapp.reports.services.sending import figures_changed_since_sent
from webapp.scope import can_write_unit, get_scoped_or_404, unit_choices
from webapp.text import nfc
from webapp.trash import move_to_trash

MONTHS = [(m, _l("Tháng %(n)s", n=m)) for m in range(1, 13)]
QUARTERS = [(q, _l("Quý %(n)s", n=q)) for q in range(1, 5)]


def _draft(draft_id: int) -> ReportDraft:
    return get_scoped_or_404(ReportDraft, draft_id, current_user)


@bp.get("/")
def index():
    drafts = paged(drafts_for(current_user))
    return render_template("reports/index.html", drafts=drafts)


def _new_form() -> NewDraftForm:
    form = NewDraftForm()
    form.unit_id.choices = choices(unit_choices(current_user))
    kind = enum_value(ReportKind, form.kind.data) or ReportKind.ANNUAL  # unknown: the form refuses
    form.part.choices = choices(
        [(None, "—"), *(MONTHS if kind is ReportKind.MONTHLY else QUARTERS)]
    )
    return form


def _draft_data(form: NewDraftForm) -> DraftData:
    return DraftData(
        form.unit_id.data,
        enum_value(ReportKind, form.kind.data),
        form.period_start.data,
        form.period_end.data,
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = _new_form()
    if request.method == "GET":
        form.kind.data = form.kind.data or ReportKind.ANNUAL.value
        period = default_period(ReportKind(form.kind.data), form.year.data or local_today().year)
        form.period_start.data, form.period_end.data = period.start, period.end
    else:
        data = _draft_data(form)
        check = (check_new_draft, data, current_user)
        if (draft := submit(form, create_draft, data, current_user, check=check)) is not None:
            return done("reports.show", draft_id=draft.id)
    return form_page("reports/new.html", form)


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
    form.load_version(draft)
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


@bp.get("/<int:draft_id>/number")
def number_field(draft_id: int):
    """The number field once the year of issue or the symbol changed (htmx): the next free
    number of the new series, unless the user typed a number of her own."""
    draft = _draft(draft_id)
    form = MetaForm(formdata=None, obj=draft)
    symbol = nfc(request.args.get("symbol", "")) or draft.symbol
    issued_on = query_date("issued_on", draft.issued_on) or draft.issued_on
    typed = query_int("number", maximum=9999)
    form.number.data = issuing.number_to_keep(draft, typed, symbol[:40], issued_on)
    return render_template("reports/_number.html", form=form, draft=draft)


def _latest_job(draft: ReportDraft) -> Job | None:
    return db.session.scalar(
        select(Job)
        .where(Job.kind == RENDER_REPORT, Job.params["draft_id"].as_integer() == draft.id)
        .order_by(Job.id.desc())
        .limit(1)
    )


def _meta(form: MetaForm) -> DraftMeta:
    return DraftMeta(**{name: form[name].data for name in DraftMeta.__dataclass_fields__})


@bp.post("/<int:draft_id>")
def update(draft_id: int):
    draft = _draft(draft_id)
    form = MetaForm()
    meta, version = _meta(form), form.loaded_version
    check = (check_meta, draft, meta, current_user, version)
    if submit(form, update_meta, draft, meta, version, current_user, check=check):
        flash(_("Đã lưu thông tin báo cáo."), "success")
        return done("reports.show", draft_id=draft.id)
    return _show(_draft(draft_id), form, refused_status(form))


@bp.post("/<int:draft_id>/narrative/<key>")
def narrative(draft_id: int, key: str):
    """Autosave of one narrative section (htmx, as the user types); a refusal is shown where
    "Đã lưu lúc …" would be (200 for htmx, which swaps only 2xx answers)."""
    draft = _draft(draft_id)
    _stored, error = run_action(
        save_narrative, draft, key, request.form.get("html", ""), current_user
    )
    status = refused_status() if error else 200
    return render_template("reports/_saved.html", error=error), status


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
    job, error = run_action(request_file, draft, current_user)
    if error:  # pragma: no cover - request_file refuses with 404, never with a message
        flash(error, "error")
        return redirect(url_for("reports.show", draft_id=draft.id))
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
    number = draft.number_symbol
    _result, error = run_action(move_to_trash, draft)
    if error:
        flash(error, "error")
        return redirect(url_for("reports.show", draft_id=draft.id))
    flash(_("Đã chuyển báo cáo số %(number)s vào thùng rác.", number=number), "success")
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
    return send_file(
        path,
        as_attachment=True,
        download_name=issuing.file_name(row.draft, "docx"),
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
        download_name=issuing.file_name(row.draft, "pdf"),
        mimetype="application/pdf",
    )


@bp.get("/mine")
def mine():
    """ "Báo cáo của tôi": the user's recent jobs across drafts, with states and links."""
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
