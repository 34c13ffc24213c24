"""Loans: a repayment entered wrongly is corrected (period lock, version check, audit trail),
every mistake of a form shows at once, and the household's history tells its repayments and
savings (issues 12, 14 §5 and 16)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.conftest import client_for, page_text
from tests.factories import PASSWORD
from tests.loans.factories import make_repayment
from tests.reports.factories import make_draft, make_report_file
from webapp.extensions import db
from webapp.models import AuditEntry, LoanRepayment, RepaymentKind


def _fresh(repayment: LoanRepayment) -> LoanRepayment:
    db.session.expire_all()
    return db.session.get(LoanRepayment, repayment.id)


def _edit(client, repayment, version, **values):
    data = {
        "paid_on": "2022-06-10",
        "principal": "5.000.000",
        "interest": "300.000",
        "note": "",
        "version": str(version),
    }
    data.update(values)
    return client.post_form(f"/loans/repayments/{repayment.id}/edit", data)


def _history(page: str) -> str:
    """The "Lịch sử thay đổi" section of a household page."""
    start = page.index('id="household-history"')
    return page[start : page.index("</section>", start)]


# --- correcting a repayment (issue 14 §5) ---------------------------------------------------------


def test_correcting_a_repayment_changes_the_balance_and_is_audited(lw, staff):
    household_url = f"/loans/households/{lw.household.id}"
    page = page_text(staff.get(household_url))
    assert "45.000.000 đồng" in page  # 50.000.000 lent, 5.000.000 repaid
    assert f"/loans/repayments/{lw.repayment.id}/edit" in page  # linked from the list

    form = page_text(staff.get(f"/loans/repayments/{lw.repayment.id}/edit"))
    assert 'value="5.000.000"' in form and 'value="2022-06-10"' in form

    response = _edit(
        staff,
        lw.repayment,
        lw.repayment.version,
        principal="8.000.000",
        note="Nhập nhầm số gốc",
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(household_url)

    page = page_text(staff.get(household_url))
    assert 'class="loan-balance bad">42.000.000 đồng</strong>' in page  # due in 2025: overdue
    assert "Nhập nhầm số gốc" in page
    group_page = page_text(staff.get(f"/loans/groups/{lw.group.id}"))
    assert "42.000.000" in group_page and "45.000.000" not in group_page

    entry = db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.table_name == "loan_repayments",
            AuditEntry.record_id == lw.repayment.id,
            AuditEntry.action == "update",
        )
    ).one()
    assert entry.changes["principal"] == [5_000_000, 8_000_000]
    assert entry.changes["note"] == ["", "Nhập nhầm số gốc"]


def test_a_correction_may_not_repay_more_than_the_loan(lw, staff):
    response = _edit(staff, lw.repayment, lw.repayment.version, principal="50.000.001")
    assert response.status_code == 422
    # The repayment's own 5.000.000 is not counted twice: all 50.000.000 may be repaid.
    assert "lớn hơn dư nợ còn lại (50.000.000 đồng)." in page_text(response)
    assert _fresh(lw.repayment).principal == 5_000_000


def _send_2023(app, world) -> None:
    """Commune A's 2023 annual report, generated and marked as sent: 2023 is locked."""
    draft = make_draft(world.commune_a)
    make_report_file(draft, world.staff_a.id)
    client = client_for(app, world.staff_a, PASSWORD)
    assert client.post_form(f"/reports/{draft.id}/send").status_code == 302


def test_a_repayment_moved_into_a_reported_period_is_refused(app, world, lw, staff):
    _send_2023(app, world)
    response = _edit(staff, lw.repayment, lw.repayment.version, paid_on="2023-05-01")
    assert response.status_code == 422
    page = page_text(response)
    assert "Kỳ báo cáo từ 01/01/2023 đến 31/12/2023 đã gửi" in page
    assert "không thể thêm, sửa hay xoá bản ghi ngày 01/05/2023" in page
    assert 'value="2023-05-01"' in page  # what was typed stays
    assert _fresh(lw.repayment).paid_on == date(2022, 6, 10)


def test_a_repayment_inside_a_reported_period_is_not_corrected(app, world, lw, staff):
    inside = make_repayment(lw.loan, date(2023, 3, 1), 1_000_000)
    _send_2023(app, world)
    response = _edit(
        staff, inside, inside.version, paid_on="2023-03-01", principal="2.000.000", interest=""
    )
    assert response.status_code == 422
    assert "không thể thêm, sửa hay xoá bản ghi ngày 01/03/2023" in page_text(response)
    assert _fresh(inside).principal == 1_000_000


def test_a_loan_disbursed_in_a_reported_period_still_takes_repayments_after_it(app, world, lw):
    """Adding a repayment bumps the loan's version (concurrent payments conflict); that alone
    changes nothing the sent report counted, so the lock does not refuse it."""
    draft = make_draft(
        world.commune_a, period_start=date(2022, 1, 1), period_end=date(2022, 12, 31)
    )
    make_report_file(draft, world.staff_a.id)
    staff = client_for(app, world.staff_a, PASSWORD)
    assert staff.post_form(f"/reports/{draft.id}/send").status_code == 302
    prefix = f"loan{lw.loan.id}-"
    response = staff.post_form(
        f"/loans/loans/{lw.loan.id}/repayments",
        {prefix + "paid_on": "2024-01-05", prefix + "principal": "1.000.000"},
        htmx=True,
    )
    page = page_text(response)
    assert "đã gửi" not in page and "44.000.000 đồng" in page
    # The loan itself stays locked: its amount cannot change.
    db.session.expire_all()
    moved = staff.post_form(
        f"/loans/loans/{lw.loan.id}/edit",
        {
            "programme_id": str(lw.programme.id),
            "group_id": str(lw.group.id),
            "disbursed_on": "2022-01-10",
            "amount": "60.000.000",
            "due_on": "2025-01-10",
            "version": str(db.session.get(type(lw.loan), lw.loan.id).version),
        },
    )
    assert "đã gửi" in page_text(moved)


def test_a_correction_based_on_an_old_version_is_refused(lw, staff):
    loaded = lw.repayment.version
    assert _edit(staff, lw.repayment, loaded, principal="6.000.000").status_code == 302
    late = _edit(staff, lw.repayment, loaded, principal="7.000.000")
    assert late.status_code == 422
    assert "Bản ghi đã được người khác sửa; vui lòng tải lại trang." in page_text(late)
    assert _fresh(lw.repayment).principal == 6_000_000


def test_a_correction_from_a_bank_statement_is_not_edited_here(lw, staff):
    correction = make_repayment(
        lw.loan, date(2023, 3, 1), -1_000_000, kind=RepaymentKind.CORRECTION
    )
    page = page_text(staff.get(f"/loans/households/{lw.household.id}"))
    assert f"/loans/repayments/{correction.id}/edit" not in page
    response = _edit(staff, correction, correction.version, paid_on="2023-03-01", principal="1")
    assert response.status_code == 422
    assert "Dòng điều chỉnh theo sao kê không sửa được" in page_text(response)
    assert _fresh(correction).principal == -1_000_000


# --- every mistake at once (issue 16) -------------------------------------------------------------


def test_a_correction_with_three_mistakes_shows_all_three(lw, staff):
    response = _edit(
        staff,
        lw.repayment,
        lw.repayment.version,
        paid_on="01/12/2021",
        principal="năm triệu",
        interest="-5.000",
    )
    assert response.status_code == 422
    page = page_text(response)
    assert "Ngày trả không được trước ngày giải ngân (10/01/2022)." in page
    assert "Số không hợp lệ: “năm triệu”" in page
    assert "Số tiền không được âm." in page
    assert 'role="alert"' in page and "Có 3 ô cần sửa:" in page
    assert _fresh(lw.repayment).principal == 5_000_000


def test_a_loan_form_with_three_mistakes_shows_all_three(lw, staff):
    response = staff.post_form(
        f"/loans/households/{lw.household.id}/loans/new",
        {
            "programme_id": "",
            "group_id": str(lw.group.id),
            "disbursed_on": "2023-03-01",
            "amount": "0",
            "due_on": "2023-02-01",
        },
    )
    assert response.status_code == 422
    page = page_text(response)
    assert "Vui lòng chọn chương trình vay." in page
    assert "Số tiền phải lớn hơn 0." in page
    assert "Hạn trả nợ phải sau ngày giải ngân." in page
    assert "Có 3 ô cần sửa:" in page


def test_an_htmx_repayment_with_two_broken_rules_shows_both_in_the_fragment(lw, staff):
    prefix = f"loan{lw.loan.id}-"
    response = staff.post_form(
        f"/loans/loans/{lw.loan.id}/repayments",
        {prefix + "paid_on": "2021-12-01", prefix + "principal": "45.000.001"},
        htmx=True,
    )
    assert response.status_code == 200  # htmx 2 swaps only 2xx answers
    page = page_text(response)
    assert "<html" not in page  # the loan's card, not a page
    assert "Ngày trả không được trước ngày giải ngân (10/01/2022)." in page
    assert "lớn hơn dư nợ còn lại (45.000.000 đồng)." in page
    assert "Có 2 ô cần sửa:" in page


# --- the household's history (issue 16) ------------------------------------------------------------


def test_repayments_and_deposits_are_in_the_households_history(world, lw, staff):
    url = f"/loans/households/{lw.household.id}"
    before = _history(page_text(staff.get(url)))  # the world's own repayment and deposit
    prefix = f"loan{lw.loan.id}-"
    repaid = staff.post_form(
        f"/loans/loans/{lw.loan.id}/repayments",
        {prefix + "paid_on": "2023-01-05", prefix + "principal": "1.000.000"},
        htmx=True,
    )
    # The answer refreshes the history on the page too (out of band).
    assert 'id="household-history" hx-swap-oob="true"' in page_text(repaid)
    saved = staff.post_form(
        f"/loans/households/{lw.household.id}/deposits",
        {"deposit-deposited_on": "2023-01-05", "deposit-amount": "200.000"},
        htmx=True,
    )
    assert saved.status_code == 200
    repayment = db.session.scalars(
        select(LoanRepayment).where(LoanRepayment.paid_on == date(2023, 1, 5))
    ).one()
    _edit(staff, repayment, repayment.version, paid_on="2023-01-05", principal="1.500.000")

    history = _history(page_text(staff.get(url)))
    assert history.count("Trả nợ:") == before.count("Trả nợ:") + 2  # recorded, then corrected
    assert history.count("Tiết kiệm:") == before.count("Tiết kiệm:") + 1
    assert world.staff_a.full_name in history
