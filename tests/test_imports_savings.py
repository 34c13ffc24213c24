"""Savings balances import: households found or created, one opening deposit each, a
different balance refused (the statement corrects it), and export → import → same figures."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from tests.factories import make_unit
from tests.imports_support import confirm, import_file, preview, xlsx
from tests.loans.factories import make_bank, make_deposit, make_group, make_household
from webapp.extensions import db
from webapp.imports import engine
from webapp.imports.registry import register_of
from webapp.indicators import Period, compute
from webapp.models import Household, SavingsDeposit, UnitKind

AS_OF = date(2024, 12, 31)
FIGURES = {"savings.balance_vnd", "savings.households"}


def _figures(unit_id: int) -> dict:
    values = compute(unit_id, Period(date(2024, 1, 1), AS_OF), FIGURES)
    return {c: values[c] for c in FIGURES}


def test_savings_balances_land_once_and_a_different_balance_is_refused(world):
    bank = make_bank(None)
    group = make_group(world.branch_a1, bank, "Tổ Bình Minh")
    mai = make_household(world.branch_a1, group, "Nguyễn Thị Mai")
    lan = make_household(world.branch_a1, group, "Trần Thị Lan")
    make_deposit(lan, date(2024, 6, 1), 900_000)
    header = ["STT", "Tên tổ", "Họ tên chủ hộ", "Chi hội", "Tiền gửi tiết kiệm (đồng)"]
    rows = [
        [1, "Tổ Bình Minh", "Nguyen Thi Mai", "An Cư 2", "1.200.000"],
        [2, "Tổ Bình Minh", "Trần Thị Lan", "An Cư 2", 1_000_000],
        [3, "Tổ Bình Minh", "Hoàng Thị Yến", "An Cư 2", 500_000],
        [4, "Tổ Không Có", "Đỗ Thị Hà", "An Cư 2", 100_000],
        [5, "", "Phan Thị Thu", "Trung Hà", 300_000],
    ]
    data = xlsx(header, rows, [["DANH SÁCH TIẾT KIỆM"]], ["", "Cộng", "", "", 3_100_000])
    shown = preview("savings", world.staff_a, data, world.commune_a, AS_OF)
    errors = {r.line: r.errors for r in shown.rows if r.errors}
    assert shown.counts == {"new": 3, "matched": 0, "rejected": 2}
    assert errors[4][0].startswith("Sổ Hội đã ghi số dư 900.000 đồng tại 31/12/2024")
    assert errors[6][0].startswith("Chưa có tổ “Tổ Không Có”")
    assert shown.rows[0].matches[-1] == "Hộ Nguyen Thi Mai"  # typed without diacritics
    assert confirm("savings", world.staff_a, shown.token) == 3
    assert db.session.scalar(select(func.count()).select_from(Household)) == 4
    deposit = db.session.scalar(select(SavingsDeposit).where(SavingsDeposit.household_id == mai.id))
    assert (deposit.deposited_on, deposit.amount, deposit.source) == (AS_OF, 1_200_000, "import")
    assert _figures(world.commune_a.id) == {
        "savings.balance_vnd": 900_000 + 1_200_000 + 500_000 + 300_000,
        "savings.households": 4,
    }
    again = preview("savings", world.staff_a, data, world.commune_a, AS_OF)
    assert again.counts == {"new": 0, "matched": 3, "rejected": 2}


def test_savings_export_then_import_into_an_empty_commune(world):
    bank = make_bank(None)
    group = make_group(world.commune_a, bank, "Tổ liên chi")
    make_deposit(
        make_household(world.branch_a1, group, "Nguyễn Thị Mai"), date(2023, 1, 5), 700_000
    )
    lan = make_household(world.branch_a2, group, "Trần Thị Lan")
    make_deposit(lan, date(2023, 1, 5), 900_000)
    make_deposit(lan, date(2024, 3, 5), 200_000, withdrawal=True)
    make_deposit(make_household(world.commune_a, None, "Lê Thị Hoa"), date(2024, 2, 1), 50_000)
    make_deposit(make_household(world.commune_a, None, "Ngô Thị Bích"), date(2025, 2, 1), 80_000)
    before = _figures(world.commune_a.id)
    data = engine.export_xlsx(register_of("savings"), world.staff_a, world.commune_a, AS_OF)
    commune = make_unit("Đức Lạc", UnitKind.COMMUNE, world.district)
    make_unit("An Cư 2", UnitKind.BRANCH, commune)
    make_unit("Trung Hà", UnitKind.BRANCH, commune)
    make_group(commune, bank, "Tổ liên chi")  # savings name groups the loan import created
    shown, count = import_file("savings", world.admin, data, commune, AS_OF)
    assert shown.counts["rejected"] == 0 and count == 3
    assert (
        _figures(commune.id)
        == before
        == {"savings.balance_vnd": 1_450_000, "savings.households": 3}
    )
