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
from sqlalchemy import func, insert, select

from webapp import formatting
from webapp.extensions import db
from webapp.imports.engine import Column, Context, Register, Row, _, unit_ids
from webapp.imports.loans import ADDRESS, BRANCH, HEAD, STT, _above
from webapp.indicators.loans import signed_deposit
from webapp.models import Household, LoanGroup, SavingsDeposit, Unit, User
from webapp.models.base import utcnow
from webapp.text import search_key

GROUP = Column(
    "group",
    "Tổ TK&VV",  # vi-only
    ("tổ", "tên tổ", "tổ tiết kiệm và vay vốn", "tổ TK và VV", "tổ vay vốn"),  # vi-only
    width=24,
    help="Tên tổ tiết kiệm và vay vốn đã có trong Sổ Hội (để trống: hộ không qua tổ).",  # vi-only
)
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
    columns = (STT, GROUP, HEAD, ADDRESS, BRANCH, BALANCE)
    notes = (
        "Mỗi hộ một dòng; chọn ngày chốt số liệu khi nhập.",  # vi-only
        "Hộ chưa có trong Sổ Hội được tạo mới; hộ đã có số dư khác với tệp cần đối chiếu "
        "bằng sao kê của tổ.",  # vi-only
    )

    def begin(self, ctx: Context, rows: list[Row]) -> None:
        scope_ids = [*ctx.units.by_id, *_above(ctx.unit)]
        groups = db.session.scalars(select(LoanGroup).where(LoanGroup.unit_id.in_(scope_ids))).all()
        by_key: dict[str, list[LoanGroup]] = {}
        for g in groups:
            by_key.setdefault(g.search_key, []).append(g)
        households = db.session.execute(
            select(Household.id, Household.unit_id, Household.group_id, Household.search_key).where(
                Household.unit_id.in_(list(ctx.units.by_id))
            )
        ).all()
        balances = dict(
            db.session.execute(
                select(SavingsDeposit.household_id, func.sum(signed_deposit()))
                .where(
                    SavingsDeposit.unit_id.in_(list(ctx.units.by_id)),
                    SavingsDeposit.deposited_on <= ctx.as_of,
                )
                .group_by(SavingsDeposit.household_id)
            ).all()
        )
        ctx.state.update(
            groups=by_key,
            households={(u, g, k): hid for hid, u, g, k in households},
            balances={k: int(v or 0) for k, v in balances.items()},
            seen={},
        )

    def plan(self, ctx: Context, row: Row) -> None:
        v, s = row.values, ctx.state
        try:
            unit = ctx.units.find(v.get("branch") or "")
        except ValueError as exc:
            row.refuse(str(exc))
            return
        group_id = None
        if v.get("group"):
            line = ctx.units.ancestors(unit.id) + _above(ctx.unit)
            found = [g for g in s["groups"].get(search_key(v["group"]), []) if g.unit_id in line]
            if not found:
                row.refuse(
                    _(
                        "Chưa có tổ “%(name)s” trong Sổ Hội; hãy nhập danh sách vay vốn của tổ "
                        "trước (tổ cần ngân hàng).",
                        name=v["group"],
                    )
                )
                return
            group_id = found[0].id
            row.matches.append(_("Tổ %(name)s", name=found[0].name))
        key = (unit.id, group_id, search_key(v["head"]))
        if key in s["seen"]:
            row.refuse(_("Trùng với dòng %(line)s của tệp.", line=s["seen"][key]))
            return
        s["seen"][key] = row.line
        household_id = s["households"].get(key)
        balance = v["balance"]
        if household_id is None:
            row.creates.append(_("Hộ mới: %(name)s (%(unit)s)", name=v["head"], unit=unit.name))
            current = 0
        else:
            row.matches.append(_("Hộ %(name)s", name=v["head"]))
            current = s["balances"].get(household_id, 0)
        if current == balance:
            row.matches.append(
                _("Số dư tiết kiệm %(amount)s đã đúng", amount=formatting.money(balance))
            )
        elif current:
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
        else:
            try:
                ctx.locks.check(unit.id, ctx.as_of)
            except ValueError as exc:
                row.refuse(str(exc))
                return
            row.creates.append(
                _(
                    "Số dư tiết kiệm đầu kỳ %(amount)s tại %(d)s",
                    amount=formatting.money(balance),
                    d=formatting.date_short(ctx.as_of),
                )
            )
        row.plan = {"unit_id": unit.id, "group_id": group_id, "household_id": household_id}

    def write(self, ctx: Context, rows: list[Row]) -> int:
        now = utcnow()
        new = [r for r in rows if r.plan["household_id"] is None]
        if new:
            ids = db.session.scalars(
                insert(Household).returning(Household.id, sort_by_parameter_order=True),
                [
                    {
                        "unit_id": r.plan["unit_id"],
                        "group_id": r.plan["group_id"],
                        "head_name": r.values["head"],
                        "search_key": search_key(r.values["head"]),
                        "address": (r.values.get("address") or "")[:200],
                        "created_at": now,
                        "updated_at": now,
                        "version": 1,
                    }
                    for r in new
                ],
            ).all()
            for r, hid in zip(new, ids, strict=True):
                r.plan["household_id"] = hid
        deposits = [
            {
                "unit_id": r.plan["unit_id"],
                "household_id": r.plan["household_id"],
                "deposited_on": ctx.as_of,
                "amount": r.values["balance"],
                "is_withdrawal": False,
                "source": "import",
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
            for r in rows
            if r.values["balance"] > 0
        ]
        if deposits:
            db.session.execute(insert(SavingsDeposit), deposits)
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
            yield [number, r[0] or "", r[1], r[2], "" if r[4] == unit.id else r[3], int(r[5])]
