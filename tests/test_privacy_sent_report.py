"""Issue 17 §4: anonymising a person (a deletion request) leaves a report already sent exactly as
it was — the report regenerated afterwards prints the same figures, and its page does not warn
that figures changed since sending."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import PASSWORD, client_for, page_text
from tests.members.factories import make_cadre, make_dues, make_member, make_policy
from tests.reports.docx_helpers import docx_text
from tests.reports.factories import make_draft, make_report_file
from webapp.documents.produce import produce
from webapp.documents.requests import request_from_draft
from webapp.extensions import db
from webapp.locking import PeriodLocked, personal_details_only
from webapp.models import Member
from webapp.models.members import InsuranceKind
from webapp.models.reports import ReportKind
from webapp.privacy import services as privacy
from webapp.reports.services.sending import figures_changed_since_sent, mark_sent


def test_a_sent_report_regenerates_the_same_figures_after_an_anonymisation(app, world):
    for i in range(3):
        make_member(world.branch_a1, f"Trần Thị Lan {i}", joined_on=date(2016, 1, 1))
    member = make_member(
        world.branch_a2,
        "Lê Thị Mai",
        phone="0912345678",
        joined_on=date(2018, 5, 1),
        left_on=date(2023, 6, 30),
    )
    make_dues(member, 2023)
    make_policy(
        member.unit, InsuranceKind.BHYT, date(2023, 1, 1), member_id=member.id, number="HS401"
    )
    make_cadre(world.branch_a2, "Lê Thị Mai", member_id=member.id)
    draft = make_draft(world.commune_a, ReportKind.ANNUAL)
    with app.test_request_context():
        sent = produce(request_from_draft(draft), draft.kind)
    assert sent.figures.get("members.total")  # the report prints members at all
    make_report_file(draft, world.staff_a.id, produced=sent)
    db.session.refresh(draft)
    mark_sent(draft, world.staff_a)
    db.session.commit()

    privacy.anonymise_member(
        db.session.get(Member, member.id), world.admin, "Yêu cầu xoá ngày 01/12/2026"
    )
    db.session.commit()
    db.session.expire_all()

    with app.test_request_context():
        again = produce(request_from_draft(draft), draft.kind)
        assert figures_changed_since_sent(draft) == []
    assert again.figures == sent.figures and again.fingerprint == sent.fingerprint
    assert "Lê Thị Mai" not in docx_text(again.data)
    page = page_text(client_for(app, world.staff_a, PASSWORD).get(f"/reports/{draft.id}"))
    assert "Số liệu đã thay đổi sau khi gửi" not in page


def test_only_the_blanked_details_pass_the_lock_of_a_sent_period(app, world):
    member = make_member(world.branch_a1, "Lê Thị Mai", left_on=date(2023, 6, 30))
    draft = make_draft(world.commune_a, ReportKind.ANNUAL)
    with app.test_request_context():
        produced = produce(request_from_draft(draft), draft.kind)
    make_report_file(draft, world.staff_a.id, produced=produced)
    db.session.refresh(draft)
    mark_sent(draft, world.staff_a)
    db.session.commit()
    with personal_details_only(db.session, privacy.BLANKED):
        member.left_on = date(2023, 7, 1)  # a counted date: still refused
        with pytest.raises(PeriodLocked):
            db.session.flush()
    db.session.rollback()
    member.phone = "0900000000"  # outside the block, even a detail is refused
    with pytest.raises(PeriodLocked):
        db.session.flush()
    db.session.rollback()
