"""The portfolio page's tables (by bank, programme and group) and its overdue list: the
figures a hand count gives, with the subtree's repayments summed once for the three tables."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import event

from tests.conftest import page_text
from tests.factories import PASSWORD
from tests.loans.factories import (
    make_bank,
    make_group,
    make_household,
    make_loan,
    make_programme,
    make_repayment,
)
from webapp.extensions import db
from webapp.loans.services import portfolio as pf

AT = date(2023, 6, 30)
M = 1_000_000


@pytest.fixture()
def book(world):
    """Commune A: two banks, three programmes, two groups, three households, six loans (one
    settled, one lent after AT, one repayment after AT); commune B: one loan of its own."""
    nhcsxh, agribank = make_bank(world.commune_a), make_bank(world.commune_a, "agribank")
    poor = make_programme(nhcsxh, "Cho vay hộ nghèo")
    students = make_programme(nhcsxh, "Cho vay học sinh sinh viên")
    unsecured = make_programme(agribank, "Cho vay tín chấp")
    an_cu = make_group(world.branch_a1, nhcsxh, "Tổ An Cư")
    trung_ha = make_group(world.branch_a2, nhcsxh, "Tổ Trung Hà")
    mai = make_household(world.branch_a1, an_cu, "Nguyễn Thị Mai")
    lan = make_household(world.branch_a2, trung_ha, "Trần Thị Lan")
    hoa = make_household(world.branch_a2, None, "Lê Thị Hoa")
    make_repayment(
        make_loan(mai, poor, date(2022, 1, 10), 50 * M, date(2025, 1, 10)), date(2022, 6, 10), 5 * M
    )
    late = make_loan(mai, students, date(2021, 1, 1), 20 * M, date(2023, 1, 1))
    make_repayment(late, date(2022, 1, 1), 8 * M)
    make_repayment(
        make_loan(lan, poor, date(2020, 1, 1), 30 * M, date(2023, 3, 1)), date(2023, 2, 1), 30 * M
    )
    make_loan(lan, unsecured, date(2022, 5, 1), 10 * M, date(2024, 5, 1), group=False)
    just_late = make_loan(hoa, unsecured, date(2021, 6, 1), 6 * M, date(2023, 6, 1), group=False)
    make_repayment(just_late, date(2023, 7, 15), 1 * M)  # after AT: not yet repaid
    make_loan(hoa, poor, date(2023, 7, 1), 9 * M, date(2026, 7, 1), group=False)  # after AT
    other = make_programme(make_bank(world.commune_b, "vbsp", "Ngân hàng khác"))
    make_loan(make_household(world.branch_b1, None, "Hộ xã khác"), other, date(2022, 1, 1), 7 * M)
    return late, just_late


def _lines(totals):
    return [(t.bank, t.label, t.outstanding, t.households, t.loans, t.overdue) for t in totals]


def test_breakdowns_count_what_a_hand_count_gives(world, book):
    tables = pf.breakdowns(world.staff_a, world.commune_a.id, AT)
    assert _lines(tables.programmes) == [
        ("Agribank", "Cho vay tín chấp", 16 * M, 2, 2, 6 * M),
        # by the Vietnamese alphabet ("hộ" before "học"), on every database
        ("NHCSXH", "Cho vay hộ nghèo", 45 * M, 1, 1, 0),
        ("NHCSXH", "Cho vay học sinh sinh viên", 12 * M, 1, 1, 12 * M),
    ]
    # Mai borrows twice from NHCSXH: one household; Lan's NHCSXH loan is settled.
    assert _lines(tables.banks) == [
        ("Agribank", "Agribank", 16 * M, 2, 2, 6 * M),
        ("NHCSXH", "NHCSXH", 57 * M, 1, 2, 12 * M),
    ]
    # Trung Hà's only loan is settled; loans made without a group come last.
    assert _lines(tables.groups) == [
        ("", "Tổ An Cư", 57 * M, 1, 2, 12 * M),
        ("", "", 16 * M, 2, 2, 6 * M),
    ]
    assert tables.overdue_loans == 2


def test_the_overdue_list_is_the_longest_overdue_first_a_page_at_a_time(world, book):
    late, just_late = book

    def page(n: int):
        return pf.overdue_loans(world.staff_a, world.commune_a.id, AT, n, per_page=1, total=2)

    first = page(1)
    assert [(o.loan.id, o.balance, o.days) for o in first] == [(late.id, 12 * M, 180)]
    assert (first.total, first.pages, first.has_next) == (2, 2, True)
    second = page(2)
    assert [(o.loan.id, o.balance, o.days) for o in second] == [(just_late.id, 6 * M, 29)]
    assert second.items[0].loan.household.head_name == "Lê Thị Hoa"
    assert page(9).page == 2  # past the end: the last page


def test_a_branch_sees_only_its_own_loans_in_the_breakdowns(world, book):
    tables = pf.breakdowns(world.branch_user_a1, world.commune_a.id, AT)
    assert _lines(tables.programmes) == [
        ("NHCSXH", "Cho vay hộ nghèo", 45 * M, 1, 1, 0),
        ("NHCSXH", "Cho vay học sinh sinh viên", 12 * M, 1, 1, 12 * M),
    ]
    assert tables.overdue_loans == 1
    overdue = pf.overdue_loans(world.branch_user_a1, world.commune_a.id, AT)
    assert [o.balance for o in overdue] == [12 * M]


def test_the_page_sums_the_repayments_once_for_its_figures_and_once_for_its_tables(
    app, world, book, staff
):
    """The tables and the overdue list used to aggregate every repayment of the subtree five
    times (390 ms for a province of 20 communes); the three tables now share one pass, and the
    overdue list sums its own loans' repayments only."""
    passes = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        if "loan_repayments" in statement and "sum(" in statement.lower():
            passes.append(statement)

    db.session.expire_all()
    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        page = page_text(staff.get(f"/loans/?unit={world.commune_a.id}&at={AT.isoformat()}"))
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert "57.000.000 đồng" in page and "Cho vay học sinh sinh viên" in page
    assert "Lê Thị Hoa" in page and "180 ngày" in page
    # compute()'s loan figures, the three tables, the overdue page, the chart's repaid series
    assert len(passes) == 4, [" ".join(s.split())[:120] for s in passes]


def test_the_overdue_list_pages_alone(app, world, book, staff, monkeypatch):
    """The overdue list's pager asks for the list alone (htmx, target #overdue-list): its
    page and its count from one statement; the figures, tables and chart are not computed
    again (2 s for a province of 660.000 members, 0,4 s for the list)."""
    monkeypatch.setitem(app.config, "PAGE_SIZE", 1)
    url = f"/loans/?unit={world.commune_a.id}&at={AT.isoformat()}"
    full = page_text(staff.get(url))
    assert 'hx-target="#overdue-list"' in full and "Trang 1/2" in full
    statements = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        if "loan_repayments" in statement:
            statements.append(statement)

    db.session.expire_all()
    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        part = staff.get(
            url + "&page=2", headers={"HX-Request": "true", "HX-Target": "overdue-list"}
        )
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    text = page_text(part)
    assert (
        part.get_data(as_text=True).lstrip().startswith('<section class="card" id="overdue-list">')
    )
    assert "Lê Thị Hoa" in text and "29 ngày" in text  # the second longest overdue
    assert "180 ngày" not in text  # the first page's loan
    assert "Trang 2/2" in text and "‹ Trước" in text
    assert "Dư nợ theo" not in text  # no table of the portfolio
    assert len(statements) == 1, [" ".join(s.split())[:120] for s in statements]
    # Past the end: the last page, as the full page shows it.
    past = page_text(
        staff.get(url + "&page=9", headers={"HX-Request": "true", "HX-Target": "overdue-list"})
    )
    assert "Lê Thị Hoa" in past and "Trang 2/2" in past


def test_the_overdue_list_counts_itself_when_not_told(world, book):
    whole = pf.overdue_loans(world.staff_a, world.commune_a.id, AT, 1, per_page=1)
    assert (whole.total, whole.pages, len(whole)) == (2, 2, 1)
    assert pf.overdue_loans(world.staff_a, world.commune_a.id, AT, 5, per_page=1).page == 2
    none = pf.overdue_loans(world.staff_a, world.commune_a.id, date(2020, 1, 1), 1, per_page=1)
    assert (none.total, none.items) == (0, [])


@pytest.mark.browser
def test_the_overdue_list_pages_in_place_in_a_browser(app, world, book, page, monkeypatch):
    """In chromium: "Sau ›" replaces the overdue list with its next page and puts the page in
    the address; the figures above stay as they were."""
    monkeypatch.setitem(app.config, "PAGE_SIZE", 1)
    page.goto("/auth/login")
    page.get_by_label("Tên đăng nhập").fill("canbo_a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/auth/login" not in url)
    page.goto(f"/loans/?unit={world.commune_a.id}&at={AT.isoformat()}")
    overdue = page.locator("#overdue-list")
    expect(overdue).to_contain_text("180 ngày")
    page.evaluate("document.getElementById('overdue-total').dataset.mark = 'kept'")
    overdue.get_by_role("link", name="Sau ›").click()
    expect(page.locator("#overdue-list")).to_contain_text("Lê Thị Hoa")
    expect(page.locator("#overdue-list")).to_contain_text("Trang 2/2")
    expect(page.locator("#overdue-list")).not_to_contain_text("180 ngày")
    assert "page=2" in page.url
    # The rest of the page was not replaced: the mark set on it is still there.
    assert page.evaluate("document.getElementById('overdue-total').dataset.mark") == "kept"
