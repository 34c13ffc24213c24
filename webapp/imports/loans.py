"""Loan portfolio import: the list a bank's transaction office gives the union for its
savings-and-loan groups (group, household head, address, branch, programme, loan date, amount
disbursed, maturity, outstanding, overdue).

Each row becomes (or matches) a group, a household and a loan; the outstanding balance at the
import's as-of date is the loan's opening balance: the register keeps balances as amount minus
principal repaid, so a loan partly repaid before the register started gets one repayment of
the difference dated the as-of date (kind "payment", source "import"). Overdue debt is not
stored: the register derives it from the due date (a loan past due with a balance is overdue),
so the file's overdue column is checked against that rule.

A row matches an existing loan when the household (by name, in its group and branch) already
has a loan of the same programme, date and amount: it creates nothing, so the same file imported
twice creates nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from webapp.extensions import db
from webapp.imports.engine import (
    Column,
    Context,
    Register,
    Row,
    _,
    bulk_insert,
    day,
    key_of,
    money,
    unit_ids,
)
from webapp.imports.households import Households, group_for, groups_of, household_columns
from webapp.indicators.loans import loans_with_balance
from webapp.models import (
    Bank,
    Household,
    Loan,
    LoanGroup,
    LoanProgramme,
    LoanRepayment,
    RepaymentKind,
    Unit,
    User,
)
from webapp.text import search_key


class LoanRegister(Register):
    """The loan portfolio list."""

    key = "loans"
    title = _l("Danh sách vay vốn (dư nợ theo tổ)")
    sheet = "Danh sách vay vốn"  # vi-only: the file's sheet
    filename = "mau-danh-sach-vay-von.xlsx"
    needs_as_of = True
    done_endpoint = "loans.index"
    columns = (
        *household_columns(
            "Tên tổ tiết kiệm và vay vốn; tổ chưa có được tạo mới (ngân hàng theo chương "
            "trình).",  # vi-only
            "tổ trưởng tổ",  # vi-only
        ),
        Column(
            "programme",
            "Chương trình",  # vi-only
            (
                "chương trình vay",  # vi-only
                "chương trình cho vay",  # vi-only
                "tên chương trình",  # vi-only
                "loại cho vay",  # vi-only
            ),  # vi-only
            required=True,
            width=30,
            help="Tên chương trình vay như trong Sổ Hội, ví dụ “Cho vay hộ nghèo” hoặc "
            "“NHCSXH · Cho vay hộ nghèo”.",  # vi-only
        ),
        Column(
            "disbursed_on",
            "Ngày vay",  # vi-only
            ("ngày giải ngân", "ngày cho vay", "ngày phát tiền vay", "ngày vay vốn"),  # vi-only
            required=True,
            kind="date",
            width=12,
            help="Ngày giải ngân, dạng ngày/tháng/năm.",  # vi-only
        ),
        Column(
            "amount",
            "Số tiền vay",  # vi-only
            (
                "số tiền giải ngân",  # vi-only
                "giải ngân",  # vi-only
                "số tiền cho vay",  # vi-only
                "số tiền",  # vi-only
                "tiền vay",  # vi-only
                "số tiền vay ban đầu",  # vi-only
            ),
            required=True,
            kind="money",
            width=14,
            help="Số tiền đã giải ngân, đồng.",  # vi-only
        ),
        Column(
            "due_on",
            "Hạn trả",  # vi-only
            (
                "hạn trả nợ",  # vi-only
                "ngày đến hạn",  # vi-only
                "ngày hết hạn",  # vi-only
                "hạn cuối",  # vi-only
                "ngày đáo hạn",  # vi-only
                "thời hạn",  # vi-only
            ),  # vi-only
            required=True,
            kind="date",
            width=12,
            help="Ngày đến hạn trả nợ cuối cùng.",  # vi-only
        ),
        Column(
            "outstanding",
            "Dư nợ",  # vi-only
            (
                "dư nợ hiện tại",  # vi-only
                "số dư nợ",  # vi-only
                "dư nợ còn lại",  # vi-only
                "dư nợ cuối kỳ",  # vi-only
                "tổng dư nợ",  # vi-only
            ),  # vi-only
            required=True,
            kind="money",
            width=14,
            help="Dư nợ tại ngày chốt số liệu, đồng.",  # vi-only
        ),
        Column(
            "overdue",
            "Nợ quá hạn",  # vi-only
            ("quá hạn", "dư nợ quá hạn", "nợ qh"),  # vi-only
            kind="money",
            width=12,
            help="Để kiểm tra: Sổ Hội tính nợ quá hạn từ hạn trả (quá hạn mà còn dư nợ).",  # vi-only
        ),
        Column(
            "contract_no",
            "Số khế ước",  # vi-only
            ("khế ước", "số hợp đồng", "mã khế ước"),  # vi-only
            width=12,  # vi-only
        ),  # vi-only
    )
    notes = (
        "Mỗi khoản vay một dòng; một hộ vay nhiều chương trình ghi nhiều dòng.",  # vi-only
        "Dòng tiêu đề của ngân hàng ở trên và dòng “Tổng cộng” ở dưới được bỏ qua.",  # vi-only
        "Khi nhập, chọn ngày chốt số liệu: dư nợ của tệp là dư nợ tại ngày đó.",  # vi-only
        "Nhập lại cùng tệp không tạo trùng: khoản vay đã có được nhận ra.",  # vi-only
    )

    # --- matching ---------------------------------------------------------------------------

    def begin(self, ctx: Context, rows: list[Row]) -> None:
        scope_ids = [*ctx.units.by_id, *ctx.units.above]
        banks = db.session.scalars(
            select(Bank).where(or_(Bank.unit_id.is_(None), Bank.unit_id.in_(scope_ids)))
        ).all()
        bank_by_id = {b.id: b for b in banks}
        programmes = db.session.scalars(
            select(LoanProgramme).where(
                LoanProgramme.bank_id.in_(list(bank_by_id)), LoanProgramme.active.is_(True)
            )
        ).all()
        by_name: dict[str, list[LoanProgramme]] = {}
        for p in programmes:
            bank = bank_by_id[p.bank_id]
            names = {p.name, f"{bank.short_name} · {p.name}", f"{bank.short_name} - {p.name}"}
            for name in names:
                for key in {search_key(name), _short(search_key(name))}:
                    bucket = by_name.setdefault(key, [])
                    if p not in bucket:
                        bucket.append(p)
        loans = db.session.execute(
            select(Loan.household_id, Loan.programme_id, Loan.disbursed_on, Loan.amount).where(
                Loan.unit_id.in_(list(ctx.units.by_id))
            )
        ).all()
        # Groups created by this import are founded on their earliest loan in the file.
        founded: dict[str, date] = {}
        for row in rows:
            key, on = key_of(row.values.get("group") or ""), row.values.get("disbursed_on")
            if key and on:
                founded[key] = min(on, founded.get(key, on))
        ctx.state.update(
            programmes=by_name,
            programme_memo={},
            banks=bank_by_id,
            groups=groups_of(ctx),
            households=Households(ctx),
            loans={tuple(r) for r in loans},
            founded=founded,
            new_groups={},
        )

    def plan(self, ctx: Context, row: Row) -> None:
        v, s = row.values, ctx.state
        unit = ctx.unit_of(row, v.get("branch") or "")
        if unit is None:
            return
        found = s["programme_memo"].get(v["programme"])
        if found is None:
            key = search_key(v["programme"])
            found = s["programmes"].get(key) or s["programmes"].get(_short(key), [])
            s["programme_memo"][v["programme"]] = found
        if not found:
            row.refuse(_("Không có chương trình vay “%(name)s”.", name=v["programme"]))
            return
        if len({p.bank_id for p in found}) > 1:
            example = f"{s['banks'][found[0].bank_id].short_name} · {found[0].name}"
            row.refuse(
                _(
                    "Chương trình “%(name)s” có ở nhiều ngân hàng; ghi kèm tên ngân hàng, "
                    "ví dụ “%(example)s”.",
                    name=v["programme"],
                    example=example,
                )
            )
            return
        programme = found[0]
        amount, outstanding = v["amount"], v["outstanding"]
        disbursed, due = v["disbursed_on"], v["due_on"]
        if amount <= 0:
            row.refuse(_("Số tiền vay phải lớn hơn 0."))
        if outstanding > amount:
            row.refuse(_("Dư nợ lớn hơn số tiền vay."))
        if due <= disbursed:
            row.refuse(_("Hạn trả phải sau ngày vay."))
        if disbursed > ctx.as_of:
            row.refuse(
                _(
                    "Ngày vay sau ngày chốt số liệu (%(d)s).",
                    d=day(ctx.as_of),
                )
            )
        overdue = v.get("overdue")
        if overdue and overdue > outstanding:
            row.refuse(_("Nợ quá hạn lớn hơn dư nợ."))
        if row.errors:
            return
        if overdue and due >= ctx.as_of:
            row.notes.append(
                _(
                    "Tệp ghi nợ quá hạn nhưng hạn trả (%(d)s) chưa qua: Sổ Hội chỉ tính quá hạn "
                    "sau hạn trả.",
                    d=day(due),
                )
            )
        elif overdue is not None and due < ctx.as_of and outstanding and overdue != outstanding:
            row.notes.append(_("Đã quá hạn trả: Sổ Hội tính cả dư nợ là nợ quá hạn."))

        # The group: an existing one of the household's unit or a unit above, or a new one.
        group_ref = None
        name = v.get("group") or ""
        if name:
            key = key_of(name)
            group = group_for(ctx, s["groups"], unit, name)
            if group is not None:
                if group.bank_id != programme.bank_id:
                    row.refuse(
                        _(
                            "Chương trình vay không thuộc ngân hàng của tổ “%(name)s”.",
                            name=group.name,
                        )
                    )
                    return
                group_ref = ("old", group.id)
                row.matches.append(_("Tổ %(name)s", name=group.name))
            else:
                planned = s["new_groups"].get(key)
                if planned and planned["bank_id"] != programme.bank_id:
                    row.refuse(_("Tổ “%(name)s” có chương trình của hai ngân hàng.", name=name))
                    return
                if planned is None:
                    planned = s["new_groups"][key] = {
                        "name": name,
                        "bank_id": programme.bank_id,
                        "unit_id": ctx.units.unit.id,
                        "founded_on": s["founded"].get(key, disbursed),
                        "first_line": row.line,
                    }
                    row.creates.append(_("Tổ mới: %(name)s", name=name))
                else:
                    row.matches.append(
                        _(
                            "Tổ %(name)s (tạo ở dòng %(line)s)",
                            name=name,
                            line=planned["first_line"],
                        )
                    )
                group_ref = ("new", key)
        if not ctx.unlocked(row, unit.id, disbursed, ctx.as_of if outstanding < amount else None):
            return
        household_ref = s["households"].plan(row, unit, group_ref)

        # The loan itself.
        if not ctx.once(row, (household_ref, programme.id, disbursed, amount)):
            return
        if (
            household_ref[0] == "old"
            and (household_ref[1], programme.id, disbursed, amount) in s["loans"]
        ):
            row.matches.append(
                _(
                    "Khoản vay %(amount)s ngày %(d)s đã có trong sổ",
                    amount=money(amount),
                    d=day(disbursed),
                )
            )
            return
        row.creates.append(
            _(
                "Khoản vay %(amount)s (%(programme)s) ngày %(d)s",
                amount=money(amount),
                programme=programme.name,
                d=day(disbursed),
            )
        )
        row.creates.append(
            _(
                "Dư nợ đầu kỳ %(balance)s tại %(d)s",
                balance=money(outstanding),
                d=day(ctx.as_of),
            )
        )
        row.plan = {
            "unit_id": unit.id,
            "group": group_ref,
            "household": household_ref,
            "programme_id": programme.id,
        }

    # --- writing ----------------------------------------------------------------------------

    def write(self, ctx: Context, rows: list[Row]) -> int:
        s = ctx.state
        used_groups = {
            r.plan["group"][1] for r in rows if r.plan["group"] and r.plan["group"][0] == "new"
        }
        new_groups = [
            {
                "unit_id": s["new_groups"][key]["unit_id"],
                "bank_id": s["new_groups"][key]["bank_id"],
                "name": s["new_groups"][key]["name"],
                "search_key": key,
                "leader_name": "",
                "founded_on": s["new_groups"][key]["founded_on"],
            }
            for key in sorted(used_groups)
        ]
        group_ids = {
            k[0]: i for k, i in bulk_insert(LoanGroup, new_groups, ("search_key",)).items()
        }

        def group_id(ref) -> int | None:
            if ref is None:
                return None
            return ref[1] if ref[0] == "old" else group_ids[ref[1]]

        households = s["households"]
        written = households.write([r.plan["household"] for r in rows], group_id)
        loans = [
            {
                "unit_id": r.plan["unit_id"],
                "household_id": households.id_of(r.plan["household"], written),
                "group_id": group_id(r.plan["group"]),
                "programme_id": r.plan["programme_id"],
                "disbursed_on": r.values["disbursed_on"],
                "amount": r.values["amount"],
                "due_on": r.values["due_on"],
                "purpose": "",
                "contract_no": (r.values.get("contract_no") or "")[:40],
            }
            for r in rows
        ]
        key = ("household_id", "programme_id", "disbursed_on", "amount")
        loan_ids = bulk_insert(Loan, loans, key)
        bulk_insert(
            LoanRepayment,
            [
                {
                    "unit_id": r.plan["unit_id"],
                    "loan_id": loan_ids[tuple(loan[k] for k in key)],
                    "paid_on": ctx.as_of,
                    "principal": r.values["amount"] - r.values["outstanding"],
                    "interest": 0,
                    "kind": RepaymentKind.PAYMENT,
                    "source": "import",
                    # Stored with the repayment: the records' language.
                    "note": f"Dư nợ đầu kỳ nhập từ tệp (dòng {r.line})",  # vi-only
                }
                for r, loan in zip(rows, loans, strict=True)
                if r.values["amount"] > r.values["outstanding"]
            ],
        )
        return len(loan_ids)

    # --- export -----------------------------------------------------------------------------

    def export_rows(self, user: User, unit: Unit, at: date) -> Iterable[list[object]]:
        ids = unit_ids(user, unit)
        stmt, balance = loans_with_balance(at, ids)
        stmt = (
            stmt.with_only_columns(
                LoanGroup.name,
                Household.head_name,
                Household.address,
                Unit.name,
                Bank.short_name,
                LoanProgramme.name,
                Loan.disbursed_on,
                Loan.amount,
                Loan.due_on,
                balance,
                Loan.contract_no,
                Household.unit_id,
            )
            .join(Household, Household.id == Loan.household_id)
            .join(Unit, Unit.id == Household.unit_id)
            .join(LoanProgramme, LoanProgramme.id == Loan.programme_id)
            .join(Bank, Bank.id == LoanProgramme.bank_id)
            .outerjoin(LoanGroup, LoanGroup.id == Loan.group_id)
            .where(
                Loan.unit_id.in_(ids),
            )
            .order_by(func.coalesce(LoanGroup.name, ""), Household.search_key, Loan.disbursed_on)
        )
        for number, r in enumerate(db.session.execute(stmt), start=1):
            outstanding = int(r[9])
            yield [
                number,
                r[0] or "",
                r[1],
                None,  # the head's birth year: a member's personal data, not exported
                r[2],
                "" if r[11] == unit.id else r[3],
                f"{r[4]} · {r[5]}",
                r[6],
                r[7],
                r[8],
                outstanding,
                outstanding if r[8] < at and outstanding > 0 else 0,
                r[10],
            ]


def _short(key: str) -> str:
    """A programme name without "cho vay" in front ("cho vay ho ngheo" → "ho ngheo")."""
    for prefix in ("nhcsxh ", "cho vay "):
        key = key.removeprefix(prefix).lstrip("· -")
    return key
