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
from sqlalchemy import func, insert, or_, select

from webapp import formatting
from webapp.extensions import db
from webapp.imports.engine import Column, Context, Register, Row, _, unit_ids
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
from webapp.models.base import utcnow
from webapp.text import search_key

STT = Column("stt", "STT", ("số thứ tự", "tt"), width=6)  # vi-only
GROUP = Column(
    "group",
    "Tổ TK&VV",  # vi-only
    (
        "tổ",  # vi-only
        "tên tổ",  # vi-only
        "tổ tiết kiệm và vay vốn",  # vi-only
        "tổ TK và VV",  # vi-only
        "tổ vay vốn",  # vi-only
        "tổ trưởng tổ",  # vi-only
    ),  # vi-only
    width=24,
    help="Tên tổ tiết kiệm và vay vốn; tổ chưa có được tạo mới (ngân hàng theo chương trình).",  # vi-only
)
HEAD = Column(
    "head",
    "Chủ hộ",  # vi-only
    (
        "họ và tên chủ hộ",  # vi-only
        "tên chủ hộ",  # vi-only
        "họ tên chủ hộ",  # vi-only
        "họ và tên",  # vi-only
        "họ tên",  # vi-only
        "tên khách hàng",  # vi-only
        "khách hàng",  # vi-only
        "người vay",  # vi-only
        "hộ vay",  # vi-only
        "tên hộ vay",  # vi-only
    ),
    required=True,
    width=26,
    help="Họ và tên chủ hộ vay.",  # vi-only
)
ADDRESS = Column(
    "address",
    "Địa chỉ",  # vi-only
    ("thôn", "xóm", "thôn xóm", "thôn/xóm", "địa chỉ thôn xóm"),  # vi-only
    width=20,  # vi-only
)
BRANCH = Column(
    "branch",
    "Chi hội",  # vi-only
    ("tên chi hội", "hội cơ sở", "đơn vị"),  # vi-only
    width=16,
    help="Chi hội của hộ; để trống: hộ thuộc đơn vị đã chọn khi nhập.",  # vi-only
)


class LoanRegister(Register):
    """The loan portfolio list."""

    key = "loans"
    title = _l("Danh sách vay vốn (dư nợ theo tổ)")
    sheet = "Danh sách vay vốn"  # vi-only: the file's sheet
    filename = "mau-danh-sach-vay-von.xlsx"
    needs_as_of = True
    done_endpoint = "loans.index"
    columns = (
        STT,
        GROUP,
        HEAD,
        ADDRESS,
        BRANCH,
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
        units = ctx.units
        scope_ids = [*units.by_id, *_above(units.unit)]
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
        groups = db.session.scalars(select(LoanGroup).where(LoanGroup.unit_id.in_(scope_ids))).all()
        group_by_key: dict[str, list[LoanGroup]] = {}
        for g in groups:
            group_by_key.setdefault(g.search_key, []).append(g)
        households = db.session.execute(
            select(Household.id, Household.unit_id, Household.group_id, Household.search_key).where(
                Household.unit_id.in_(list(units.by_id))
            )
        ).all()
        household_by_key = {(u, g, k): hid for hid, u, g, k in households}
        loans = db.session.execute(
            select(Loan.household_id, Loan.programme_id, Loan.disbursed_on, Loan.amount).where(
                Loan.unit_id.in_(list(units.by_id))
            )
        ).all()
        # Groups created by this import are founded on their earliest loan in the file.
        founded: dict[str, date] = {}
        for row in rows:
            key, on = search_key(row.values.get("group") or ""), row.values.get("disbursed_on")
            if key and on:
                founded[key] = min(on, founded.get(key, on))
        ctx.state.update(
            programmes=by_name,
            programme_memo={},
            banks=bank_by_id,
            groups=group_by_key,
            households=household_by_key,
            loans={tuple(r) for r in loans},
            founded=founded,
            new_groups={},
            new_households={},
            seen={},
        )

    def plan(self, ctx: Context, row: Row) -> None:
        v, s = row.values, ctx.state
        try:
            unit = ctx.units.find(v.get("branch") or "")
        except ValueError as exc:
            row.refuse(str(exc))
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
                    d=formatting.date_short(ctx.as_of),
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
                    d=formatting.date_short(due),
                )
            )
        elif overdue is not None and due < ctx.as_of and outstanding and overdue != outstanding:
            row.notes.append(_("Đã quá hạn trả: Sổ Hội tính cả dư nợ là nợ quá hạn."))

        # The group: an existing one of the household's unit or a unit above, or a new one.
        group_ref = None
        name = v.get("group") or ""
        if name:
            key = search_key(name)
            line = ctx.units.ancestors(unit.id) + _above(ctx.units.unit)
            groups = [g for g in s["groups"].get(key, []) if g.unit_id in line]
            if groups:
                group = groups[0]
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
        try:
            ctx.locks.check(unit.id, disbursed)
            if outstanding < amount:
                ctx.locks.check(unit.id, ctx.as_of)
        except ValueError as exc:
            row.refuse(str(exc))
            return

        # The household: by name in its group (or without a group) and branch.
        head_key = search_key(v["head"])
        old_group = group_ref[1] if group_ref and group_ref[0] == "old" else None
        household_id = None
        if group_ref is None or old_group is not None:
            household_id = s["households"].get((unit.id, old_group, head_key))
        if household_id is not None:
            household_ref = ("old", household_id)
            row.matches.append(_("Hộ %(name)s", name=v["head"]))
        else:
            hkey = (unit.id, group_ref, head_key)
            planned = s["new_households"].get(hkey)
            if planned is None:
                s["new_households"][hkey] = {
                    "unit_id": unit.id,
                    "group": group_ref,
                    "head_name": v["head"],
                    "address": v.get("address") or "",
                    "first_line": row.line,
                }
                row.creates.append(_("Hộ mới: %(name)s (%(unit)s)", name=v["head"], unit=unit.name))
            else:
                row.matches.append(
                    _(
                        "Hộ %(name)s (tạo ở dòng %(line)s)",
                        name=v["head"],
                        line=planned["first_line"],
                    )
                )
            household_ref = ("new", hkey)

        # The loan itself.
        ident = (household_ref, programme.id, disbursed, amount)
        if ident in s["seen"]:
            row.refuse(_("Trùng với dòng %(line)s của tệp.", line=s["seen"][ident]))
            return
        s["seen"][ident] = row.line
        if (
            household_ref[0] == "old"
            and (household_id, programme.id, disbursed, amount) in s["loans"]
        ):
            row.matches.append(
                _(
                    "Khoản vay %(amount)s ngày %(d)s đã có trong sổ",
                    amount=formatting.money(amount),
                    d=formatting.date_short(disbursed),
                )
            )
            return
        row.creates.append(
            _(
                "Khoản vay %(amount)s (%(programme)s) ngày %(d)s",
                amount=formatting.money(amount),
                programme=programme.name,
                d=formatting.date_short(disbursed),
            )
        )
        row.creates.append(
            _(
                "Dư nợ đầu kỳ %(balance)s tại %(d)s",
                balance=formatting.money(outstanding),
                d=formatting.date_short(ctx.as_of),
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
        s, now = ctx.state, utcnow()
        used_groups = {
            r.plan["group"][1] for r in rows if r.plan["group"] and r.plan["group"][0] == "new"
        }
        group_ids: dict[str, int] = {}
        for key in used_groups:
            g = s["new_groups"][key]
            group = LoanGroup(
                unit_id=g["unit_id"],
                bank_id=g["bank_id"],
                name=g["name"],
                search_key=key,
                leader_name="",
                founded_on=g["founded_on"],
            )
            db.session.add(group)
            db.session.flush()
            group_ids[key] = group.id

        def group_id(ref) -> int | None:
            if ref is None:
                return None
            return ref[1] if ref[0] == "old" else group_ids[ref[1]]

        new_keys = list(
            dict.fromkeys(r.plan["household"][1] for r in rows if r.plan["household"][0] == "new")
        )
        household_ids: dict = {}
        if new_keys:
            records = []
            for hkey in new_keys:
                h = s["new_households"][hkey]
                records.append(
                    {
                        "unit_id": h["unit_id"],
                        "group_id": group_id(h["group"]),
                        "head_name": h["head_name"],
                        "search_key": search_key(h["head_name"]),
                        "address": h["address"][:200],
                        "created_at": now,
                        "updated_at": now,
                        "version": 1,
                    }
                )
            ids = db.session.scalars(
                insert(Household).returning(Household.id, sort_by_parameter_order=True), records
            ).all()
            household_ids = dict(zip(new_keys, ids, strict=True))
        loans = []
        for r in rows:
            ref = r.plan["household"]
            loans.append(
                {
                    "unit_id": r.plan["unit_id"],
                    "household_id": ref[1] if ref[0] == "old" else household_ids[ref[1]],
                    "group_id": group_id(r.plan["group"]),
                    "programme_id": r.plan["programme_id"],
                    "disbursed_on": r.values["disbursed_on"],
                    "amount": r.values["amount"],
                    "due_on": r.values["due_on"],
                    "purpose": "",
                    "contract_no": (r.values.get("contract_no") or "")[:40],
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
            )
        loan_ids = db.session.scalars(
            insert(Loan).returning(Loan.id, sort_by_parameter_order=True), loans
        ).all()
        repayments = [
            {
                "unit_id": r.plan["unit_id"],
                "loan_id": loan_id,
                "paid_on": ctx.as_of,
                "principal": r.values["amount"] - r.values["outstanding"],
                "interest": 0,
                "kind": RepaymentKind.PAYMENT,
                "source": "import",
                # Stored with the repayment: the records' language.
                "note": f"Dư nợ đầu kỳ nhập từ tệp (dòng {r.line})",  # vi-only
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
            for r, loan_id in zip(rows, loan_ids, strict=True)
            if r.values["amount"] > r.values["outstanding"]
        ]
        if repayments:
            db.session.execute(insert(LoanRepayment), repayments)
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


def _above(unit: Unit) -> list[int]:
    """The units above ``unit`` (its groups and banks may be kept there)."""
    ids, current = [], unit.parent
    while current is not None:
        ids.append(current.id)
        current = current.parent
    return ids
