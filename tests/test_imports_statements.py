"""The bank statement reconciliation covers savings as well as loans: a "Tiết kiệm" column
beside "Dư nợ" is compared with the register's savings at the statement date, and accepting
the statement writes the differences as deposits or withdrawals in the same transaction."""

from __future__ import annotations

import io
from datetime import date

from sqlalchemy import select

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.imports_support import xlsx
from tests.loans.factories import loan_world, make_deposit, make_household, make_loan
from webapp.extensions import db
from webapp.models import SavingsDeposit


def test_a_statement_with_savings_reconciles_and_corrects_them(app, world):
    lw = loan_world(world)  # Nguyễn Thị Mai: 45.000.000 owed, 100.000 saved on 10/06/2022
    lan = make_household(world.branch_a1, lw.group, "Trần Thị Lan")
    make_loan(lan, lw.programme, date(2022, 3, 1), 20_000_000, date(2026, 3, 1))
    make_deposit(lan, date(2022, 5, 1), 500_000)
    staff = client_for(app, world.staff_a, PASSWORD)
    data = xlsx(
        ["STT", "Họ và tên", "Dư nợ", "Số dư tiết kiệm"],
        [[1, "Nguyễn Thị Mai", 45_000_000, 100_000], [2, "Trần Thị Lan", 20_000_000, "350.000"]],
        [["SAO KÊ DƯ NỢ VÀ TIẾT KIỆM"]],
    )
    created = staff.post_form(
        f"/loans/groups/{lw.group.id}/statements/new",
        {"statement_on": "2023-01-31", "file": (io.BytesIO(data), "saoke.xlsx")},
        content_type="multipart/form-data",
    )
    assert created.status_code == 302, created.get_data(as_text=True)
    page = staff.get(created.location).get_data(as_text=True)
    assert 'id="savings-reconciliation"' in page
    assert "-150.000 đồng" in page and "ghi rút tiết kiệm" in page
    statement_id = int(created.location.rstrip("/").split("/")[-1])
    accepted = staff.post_form(f"/loans/statements/{statement_id}/accept")
    assert accepted.status_code == 302
    written = db.session.scalars(
        select(SavingsDeposit).where(SavingsDeposit.source == "statement")
    ).all()
    assert [(d.household_id, d.amount, d.is_withdrawal, d.deposited_on) for d in written] == [
        (lan.id, 150_000, True, date(2023, 1, 31))
    ]
    page = staff.get(created.location).get_data(as_text=True)
    assert page.count("Khớp") >= 3  # both loans and both savings balances now agree


def test_a_bad_savings_cell_refuses_the_statement_with_its_row(app, world):
    lw = loan_world(world)
    staff = client_for(app, world.staff_a, PASSWORD)
    data = xlsx(
        ["STT", "Họ và tên", "Dư nợ", "Tiết kiệm"], [[1, "Nguyễn Thị Mai", 45_000_000, "abc"]]
    )
    refused = staff.post_form(
        f"/loans/groups/{lw.group.id}/statements/new",
        {"statement_on": "2023-01-31", "file": (io.BytesIO(data), "saoke.xlsx")},
        content_type="multipart/form-data",
    )
    assert refused.status_code in (200, 422)
    assert "Dòng 2: số dư tiết kiệm “abc” không phải là số tiền." in refused.get_data(as_text=True)
