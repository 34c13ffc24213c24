"""Savings balances import: one household a row, its savings balance at the as-of date.

A household is found by name in its group (or without a group) and branch, or created. The
register keeps a savings balance as deposits minus withdrawals, so a household without savings
gets one opening deposit of the balance dated the as-of date (source "import"). A household
whose balance at that date already equals the file's is matched and nothing is written (the same
file imported twice creates nothing twice); one whose balance differs is refused here — the
bank statement reconciliation (Vốn vay → tổ → sao kê) corrects balances that already exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from webapp import formatting
from webapp.extensions import db
from webapp.imports.engine import Column, Context, Register, Row, _, bulk_insert, key_of, unit_ids
from webapp.imports.households import Households, group_for, groups_of, household_columns
from webapp.indicators.loans import signed_deposit
from webapp.models import Household, LoanGroup, SavingsDeposit, Unit, User

BALANCE = Column(
    "balance",
    "Số dư tiết kiệm",  # vi-only
    (
        "tiết kiệm",  # vi-only
        "tiền gửi tiết kiệm",  # vi-only
        "số dư tiền gửi",  # vi-only
        "số dư tiền gửi tiết kiệm",  # vi-only
        "dư tiết kiệm",  # vi-only
        "số dư TK",  # vi-only
        "tiền gửi",  # vi-only
    ),
    required=True,
    kind="money",
    width=16,
    help="Số dư tiền gửi tiết kiệm tại ngày chốt số liệu, đồng.",  # vi-only
)


class SavingsRegister(Register):
    """Savings balances per household."""

    key = "savings"
    title = _l("Số dư tiết kiệm theo hộ")
    sheet = "Số dư tiết kiệm"  # vi-only: the file's sheet
    filename = "mau-so-du-tiet-kiem.xlsx"
    needs_as_of = True
    done_endpoint = "loans.households"
    columns = (
        *household_columns(
            "Tên tổ tiết kiệm và vay vốn đã có trong Sổ Hội (để trống: hộ không qua tổ)."  # vi-only
        ),
        BALANCE,
    )
    notes = (
        "Mỗi hộ một dòng; chọn ngày chốt số liệu khi nhập.",  # vi-only
        "Hộ chưa có trong Sổ Hội được tạo mới; hộ đã có số dư khác với tệp cần đối chiếu "
        "bằng sao kê của tổ.",  # vi-only
    )

    def begin(self, ctx: Context, rows: list[Row]) -> None:
        balances = db.session.execute(
            select(SavingsDeposit.household_id, func.sum(signed_deposit()))
            .where(
                SavingsDeposit.unit_id.in_(list(ctx.units.by_id)),
                SavingsDeposit.deposited_on <= ctx.as_of,
            )
            .group_by(SavingsDeposit.household_id)
        )
        ctx.state.update(
            groups=groups_of(ctx),
            households=Households(ctx),
            balances={k: int(v or 0) for k, v in balances},
        )

    def plan(self, ctx: Context, row: Row) -> None:
        v, s = row.values, ctx.state
        unit = ctx.unit_of(row, v.get("branch") or "")
        if unit is None:
            return
        group = None
        if v.get("group"):
            group = group_for(ctx, s["groups"], unit, v["group"])
            if group is None:
                row.refuse(
                    _(
                        "Chưa có tổ “%(name)s” trong Sổ Hội; hãy nhập danh sách vay vốn của tổ "
                        "trước (tổ cần ngân hàng).",
                        name=v["group"],
                    )
                )
                return
            row.matches.append(_("Tổ %(name)s", name=group.name))
        group_ref = ("old", group.id) if group else None
        if not ctx.once(row, (unit.id, group_ref, key_of(v["head"]))):
            return
        balance = v["balance"]
        current = 0
        household_id = s["households"].find(unit.id, group.id if group else None, v["head"])
        if household_id is not None:
            current = s["balances"].get(household_id, 0)
        if current and current != balance:
            row.refuse(
                _(
                    "Sổ Hội đã ghi số dư %(current)s tại %(d)s, khác tệp (%(amount)s): hãy đối "
                    "chiếu bằng sao kê của tổ.",
                    current=formatting.money(current),
                    d=formatting.date_short(ctx.as_of),
                    amount=formatting.money(balance),
                )
            )
            return
        if current != balance and not ctx.unlocked(row, unit.id, ctx.as_of):
            return
        household = s["households"].plan(row, unit, group_ref)
        if current == balance:
            row.matches.append(
                _("Số dư tiết kiệm %(amount)s đã đúng", amount=formatting.money(balance))
            )
        else:
            row.creates.append(
                _(
                    "Số dư tiết kiệm đầu kỳ %(amount)s tại %(d)s",
                    amount=formatting.money(balance),
                    d=formatting.date_short(ctx.as_of),
                )
            )
        row.plan = {"unit_id": unit.id, "household": household}

    def write(self, ctx: Context, rows: list[Row]) -> int:
        households = ctx.state["households"]
        written = households.write([r.plan["household"] for r in rows], lambda ref: ref and ref[1])
        bulk_insert(
            SavingsDeposit,
            [
                {
                    "unit_id": r.plan["unit_id"],
                    "household_id": households.id_of(r.plan["household"], written),
                    "deposited_on": ctx.as_of,
                    "amount": r.values["balance"],
                    "is_withdrawal": False,
                    "source": "import",
                }
                for r in rows
                if r.values["balance"] > 0
            ],
        )
        return len(rows)

    def export_rows(self, user: User, unit: Unit, at: date) -> Iterable[list[object]]:
        ids = unit_ids(user, unit)
        balance = func.sum(signed_deposit())
        stmt = (
            select(
                LoanGroup.name,
                Household.head_name,
                Household.address,
                Unit.name,
                Household.unit_id,
                balance,
            )
            .select_from(SavingsDeposit)
            .join(Household, Household.id == SavingsDeposit.household_id)
            .join(Unit, Unit.id == Household.unit_id)
            .outerjoin(LoanGroup, LoanGroup.id == Household.group_id)
            .where(
                SavingsDeposit.unit_id.in_(ids),
                SavingsDeposit.deposited_on <= at,
            )
            .group_by(
                Household.id,
                LoanGroup.name,
                Household.head_name,
                Household.address,
                Unit.name,
                Household.unit_id,
                Household.search_key,
            )
            .having(balance != 0)
            .order_by(func.coalesce(LoanGroup.name, ""), Household.search_key)
        )
        for number, r in enumerate(db.session.execute(stmt), start=1):
            branch = "" if r[4] == unit.id else r[3]
            # The head's birth year (a member's personal data) is not exported.
            yield [number, r[0] or "", r[1], None, r[2], branch, int(r[5])]
