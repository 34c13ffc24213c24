"""Acting on the data-protection law: a member's basis of processing, the register of data
subjects' requests, anonymisation in place, retention, and everything held about one person.

Anonymisation keeps every column an indicator reads (unit, dates of joining and leaving,
gender, flags, amounts, categories) and blanks what identifies the person, in the member's row
and the rows that copy her name (insurance, cadre, beneficiary, household, rotating group), and
in the edit trail of those rows. Past reports therefore compute the same figures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, func, insert, or_, select, update

from webapp.extensions import db
from webapp.formatting import local_today, local_tz
from webapp.locking import personal_details_only
from webapp.models import (
    AuditEntry,
    Beneficiary,
    Cadre,
    DuesPayment,
    Household,
    InsurancePolicy,
    Member,
    MemberEvent,
    PartyReferral,
    RotatingMember,
    User,
)
from webapp.models.base import utcnow
from webapp.models.privacy import Basis, DataSubjectRequest, ProcessingBasis, RequestKind
from webapp.refusals import Problems, RecordError, check_version
from webapp.scope import require_write
from webapp.spreadsheets import XlsxWriter
from webapp.text import nfc, search_key

ANONYMOUS = "Người đã ẩn danh #{id}"  # vi-only: stored in the records, as reports print it


# ---- basis of processing ---------------------------------------------------------------


@dataclass
class BasisValues:
    basis: Basis
    consent_on: date | None = None
    consent_scope: str = ""
    withdrawn_on: date | None = None


def basis_of(member: Member) -> ProcessingBasis | None:
    """The recorded basis for ``member`` (None: not recorded yet)."""
    return db.session.scalar(select(ProcessingBasis).where(ProcessingBasis.member_id == member.id))


def set_basis(
    member: Member, values: BasisValues, user: User, version: int | None = None
) -> ProcessingBasis:
    """Record or change the basis on which the union processes ``member``'s data."""
    require_write(user, member.unit_id)
    today = local_today()
    problems = Problems()
    if values.basis is Basis.CONSENT and values.consent_on is None:
        problems.add("consent_on", _("Khi căn cứ là sự đồng ý, hãy ghi ngày đồng ý."))
    if values.consent_on and values.consent_on > today:
        problems.add("consent_on", _("Ngày đồng ý không được sau ngày hôm nay."))
    if values.withdrawn_on and values.withdrawn_on > today:
        problems.add("withdrawn_on", _("Ngày rút lại sự đồng ý không được sau ngày hôm nay."))
    if values.withdrawn_on and values.basis is not Basis.CONSENT:
        problems.add("withdrawn_on", _("Chỉ rút lại được khi căn cứ là sự đồng ý."))
    if values.withdrawn_on and values.consent_on and values.withdrawn_on < values.consent_on:
        problems.add("withdrawn_on", _("Ngày rút lại không được trước ngày đồng ý."))
    problems.raise_any()
    record = basis_of(member)
    if record is None:
        record = ProcessingBasis(member_id=member.id, unit_id=member.unit_id)
        db.session.add(record)
    else:
        check_version(record, version)
    record.basis = values.basis
    record.consent_on = values.consent_on if values.basis is Basis.CONSENT else None
    record.consent_scope = nfc(values.consent_scope) if values.basis is Basis.CONSENT else ""
    record.withdrawn_on = values.withdrawn_on
    db.session.flush()
    return record


# ---- grants -----------------------------------------------------------------------------


def set_grant(viewer: User, granted: bool, admin: User) -> None:
    """Let a district or province viewer see personal details of its units' people, or not."""
    if not admin.is_admin:
        raise RecordError(None, _("Chỉ quản trị được cấp quyền xem thông tin cá nhân."))
    viewer.sees_personal_details = granted
    db.session.flush()


# ---- requests ---------------------------------------------------------------------------


@dataclass
class RequestValues:
    requester_name: str
    kind: RequestKind
    received_on: date
    member_id: int | None = None
    details: str = ""
    answer: str = ""
    answered_on: date | None = None


def due_date(received_on: date) -> date:
    """The legal deadline of a request (PRIVACY_REQUEST_DAYS after it was received)."""
    return received_on + timedelta(days=current_app.config["PRIVACY_REQUEST_DAYS"])


def _check_request(values: RequestValues, user: User, unit_id: int) -> None:
    today = local_today()
    problems = Problems()
    if not nfc(values.requester_name).strip():
        problems.add("requester_name", _("Hãy ghi tên người yêu cầu."))
    if values.received_on > today:
        problems.add("received_on", _("Ngày nhận không được sau ngày hôm nay."))
    if values.answered_on is not None:
        if values.answered_on > today:
            problems.add("answered_on", _("Ngày trả lời không được sau ngày hôm nay."))
        elif values.answered_on < values.received_on:
            problems.add("answered_on", _("Ngày trả lời không được trước ngày nhận."))
        if not nfc(values.answer).strip():
            problems.add("answer", _("Hãy ghi nội dung trả lời."))
    if values.member_id is not None:
        member = db.session.get(Member, values.member_id)
        if member is None:
            problems.add("member_id", _("Không tìm thấy hội viên này."))
        else:
            require_write(user, member.unit_id)
    problems.raise_any()
    require_write(user, unit_id)


def add_request(values: RequestValues, unit_id: int, user: User) -> DataSubjectRequest:
    """Register a request received from a data subject."""
    _check_request(values, user, unit_id)
    request = DataSubjectRequest(unit_id=unit_id)
    _fill(request, values)
    db.session.add(request)
    db.session.flush()
    return request


def update_request(
    request: DataSubjectRequest, values: RequestValues, user: User, version: int | None
) -> DataSubjectRequest:
    """Change a request (typically: record the answer and when it was given)."""
    check_version(request, version)
    _check_request(values, user, request.unit_id)
    _fill(request, values)
    db.session.flush()
    return request


def _fill(request: DataSubjectRequest, values: RequestValues) -> None:
    request.requester_name = nfc(values.requester_name).strip()
    request.kind = values.kind
    request.received_on = values.received_on
    request.due_on = due_date(values.received_on)
    request.member_id = values.member_id
    request.details = nfc(values.details).strip()
    request.answer = nfc(values.answer).strip()
    request.answered_on = values.answered_on


def open_requests_near_deadline(unit_ids: Any, within_days: int = 2) -> list[DataSubjectRequest]:
    """Unanswered requests due within ``within_days`` (or already late), earliest first."""
    limit = local_today() + timedelta(days=within_days)
    return list(
        db.session.scalars(
            select(DataSubjectRequest)
            .where(
                DataSubjectRequest.unit_id.in_(unit_ids),
                DataSubjectRequest.answered_on.is_(None),
                DataSubjectRequest.due_on <= limit,
            )
            .order_by(DataSubjectRequest.due_on, DataSubjectRequest.id)
        )
    )


# ---- everything held about a person -----------------------------------------------------


def _row(obj: Any) -> dict[str, Any]:
    return {
        c.key: getattr(obj, c.key)
        for c in obj.__table__.columns
        if c.key not in {"search_key", "sort_key", "deleted_at", "version"}
    }


def held_about(member: Member) -> dict[str, list[dict[str, Any]]]:
    """Every record that names ``member``: her row, history, dues, insurance, referrals, cadre
    and beneficiary rows, households (with their loans, repayments and savings), rotating
    groups, the recorded basis and her requests."""
    from webapp.models import Loan, LoanRepayment, SavingsDeposit

    def rows(stmt) -> list[dict[str, Any]]:
        return [_row(o) for o in db.session.scalars(stmt)]

    households = list(db.session.scalars(select(Household).where(Household.member_id == member.id)))
    household_ids = [h.id for h in households]
    loans = list(db.session.scalars(select(Loan).where(Loan.household_id.in_(household_ids))))
    loan_ids = [loan.id for loan in loans]
    return {
        "members": [_row(member)],
        "member_events": rows(select(MemberEvent).where(MemberEvent.member_id == member.id)),
        "dues_payments": rows(select(DuesPayment).where(DuesPayment.member_id == member.id)),
        "insurance_policies": rows(
            select(InsurancePolicy).where(InsurancePolicy.member_id == member.id)
        ),
        "party_referrals": rows(select(PartyReferral).where(PartyReferral.member_id == member.id)),
        "cadres": rows(select(Cadre).where(Cadre.member_id == member.id)),
        "charity_beneficiaries": rows(
            select(Beneficiary).where(Beneficiary.member_id == member.id)
        ),
        "loan_households": [_row(h) for h in households],
        "loans": [_row(loan) for loan in loans],
        "loan_repayments": rows(select(LoanRepayment).where(LoanRepayment.loan_id.in_(loan_ids))),
        "savings_deposits": rows(
            select(SavingsDeposit).where(SavingsDeposit.household_id.in_(household_ids))
        ),
        "rotating_members": rows(
            select(RotatingMember).where(RotatingMember.member_id == member.id)
        ),
        "processing_bases": rows(
            select(ProcessingBasis).where(ProcessingBasis.member_id == member.id)
        ),
        "data_subject_requests": rows(
            select(DataSubjectRequest).where(DataSubjectRequest.member_id == member.id)
        ),
    }


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "value"):  # enums
        return value.value
    return value


def held_as_json(member: Member) -> str:
    """``held_about`` as JSON (dates ISO, enums by value), for the person to take away."""
    data = {
        t: [{k: _plain(v) for k, v in r.items()} for r in rs]
        for t, rs in held_about(member).items()
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _cell(value: Any) -> Any:
    """A value as a spreadsheet cell: local time without zone, enums by label, dates as dates."""
    if isinstance(value, datetime):
        return value.astimezone(local_tz()).replace(tzinfo=None)
    if isinstance(value, date) or value is None or isinstance(value, int | str):
        return value
    if hasattr(value, "label"):
        return value.label
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def held_as_xlsx(member: Member) -> bytes:
    """``held_about`` as a workbook: one sheet per register that holds something."""
    from webapp.privacy.registry import PERSON_TABLES

    book = XlsxWriter()
    for table, records in held_about(member).items():
        if not records:
            continue
        entry = PERSON_TABLES.get(table)
        book.add_sheet(str(entry.title) if entry else table)
        headers = list(records[0])
        book.append(headers, bold=True)
        for record in records:
            book.append([_cell(record[h]) for h in headers])
    return book.to_bytes()


# ---- anonymisation ----------------------------------------------------------------------

# The columns anonymise_member blanks, by table: personal details, never a counted figure.
BLANKED: dict[str, set[str]] = {
    "members": {
        "full_name",
        "search_key",
        "sort_key",
        "birth_date",
        "birth_year",
        "address",
        "phone",
        "note",
        "ethnicity",
        "religion",
    },
    "member_events": {"description"},
    "insurance_policies": {"holder_name", "search_key", "number", "note"},
    "party_referrals": {"note"},
    "cadres": {"full_name", "search_key", "birth_year"},
    "charity_beneficiaries": {"full_name", "search_key", "birth_year", "address", "note"},
    "loan_households": {"head_name", "search_key", "address"},
    "rotating_members": {"full_name", "search_key"},
}


def anonymise_member(member: Member, user: User | None, reason: str) -> None:
    """Blank what identifies ``member`` in place; figures stay as they were (see module doc)."""
    if user is not None:
        require_write(user, member.unit_id)
    if member.full_name == ANONYMOUS.format(id=member.id):
        raise RecordError(None, _("Hội viên này đã được ẩn danh."))
    # A deletion is the law's duty even when a sent report locked the period these rows are
    # dated in: only the columns below change, and no indicator counts them.
    with personal_details_only(db.session, BLANKED):
        name = ANONYMOUS.format(id=member.id)
        touched: list[tuple[str, int]] = [("members", member.id)]

        member.full_name = name
        member.search_key = search_key(name)
        member.sort_key = search_key(name)
        member.birth_date = None
        member.birth_year = None
        member.address = member.phone = member.note = ""
        member.ethnicity = member.religion = ""
        for event in db.session.scalars(
            select(MemberEvent).where(MemberEvent.member_id == member.id)
        ):
            event.description = ""
        for policy in db.session.scalars(
            select(InsurancePolicy).where(InsurancePolicy.member_id == member.id)
        ):
            policy.holder_name, policy.search_key = name, search_key(name)
            policy.number = policy.note = ""
            touched.append(("insurance_policies", policy.id))
        for referral in db.session.scalars(
            select(PartyReferral).where(PartyReferral.member_id == member.id)
        ):
            referral.note = ""
            touched.append(("party_referrals", referral.id))
        for cadre in db.session.scalars(select(Cadre).where(Cadre.member_id == member.id)):
            cadre.full_name, cadre.search_key, cadre.birth_year = name, search_key(name), None
            touched.append(("cadres", cadre.id))
        for person in db.session.scalars(
            select(Beneficiary).where(Beneficiary.member_id == member.id)
        ):
            person.full_name, person.search_key = name, search_key(name)
            person.birth_year, person.address, person.note = None, "", ""
            touched.append(("charity_beneficiaries", person.id))
        for household in db.session.scalars(
            select(Household).where(Household.member_id == member.id)
        ):
            household.head_name, household.search_key, household.address = (
                name,
                search_key(name),
                "",
            )
            touched.append(("loan_households", household.id))
        for rotating in db.session.scalars(
            select(RotatingMember).where(RotatingMember.member_id == member.id)
        ):
            rotating.full_name, rotating.search_key = name, search_key(name)
            touched.append(("rotating_members", rotating.id))
        db.session.flush()  # writes the audit rows of these changes, which still hold the old values
    _scrub_history(touched, name)
    db.session.execute(
        insert(AuditEntry).values(
            at=utcnow(),
            user_id=user.id if user is not None else None,
            action="anonymise",
            area="privacy",
            table_name="members",
            record_id=member.id,
            unit_id=member.unit_id,
            label=name,
            changes={},
            reason=reason,
        )
    )


def _scrub_history(records: list[tuple[str, int]], name: str) -> None:
    """The edit trail of the anonymised rows keeps what happened and when, not the values."""
    condition = or_(
        *(and_(AuditEntry.table_name == t, AuditEntry.record_id == i) for t, i in records)
    )
    db.session.execute(
        update(AuditEntry).where(condition).values(label=name, changes={}),
        execution_options={"synchronize_session": False},
    )


# ---- retention --------------------------------------------------------------------------


def past_retention(unit_ids: Any, today: date | None = None) -> list[Member]:
    """Members who left more than RETENTION_YEARS ago and are not anonymised yet."""
    years = current_app.config["RETENTION_YEARS"]
    today = today or local_today()
    try:
        limit = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - years, day=28)
    return list(
        db.session.scalars(
            select(Member)
            .where(
                Member.unit_id.in_(unit_ids),
                Member.left_on.is_not(None),
                Member.left_on < limit,
                ~Member.full_name.like(ANONYMOUS.format(id="%")),
            )
            .order_by(Member.left_on, Member.id)
        )
    )


def apply_retention(unit_ids: Any, user: User | None, today: date | None = None) -> int:
    """Anonymise every member past the retention period; the number done."""
    members = past_retention(unit_ids, today)
    years = current_app.config["RETENTION_YEARS"]
    for member in members:
        anonymise_member(
            member,
            user,
            f"Hết thời hạn lưu trữ ({years} năm sau khi ra khỏi Hội)",  # vi-only
        )
    return len(members)


def apply_retention_everywhere() -> int:
    """The periodic job (tasks/worker.py): the retention rule over every unit, committed."""
    from webapp.models import Unit

    done = apply_retention(select(Unit.id), None)
    db.session.commit()
    return done


def count_requests_open(unit_ids: Any) -> int:
    """Unanswered requests of the units."""
    return (
        db.session.scalar(
            select(func.count(DataSubjectRequest.id)).where(
                DataSubjectRequest.unit_id.in_(unit_ids), DataSubjectRequest.answered_on.is_(None)
            )
        )
        or 0
    )
