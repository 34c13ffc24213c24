"""Bank statements: the bank's list of balances per household of a group, imported from .xlsx,
reconciled against the register, and accepted as repayments / corrections in one transaction.

The file is read whole before anything is stored: one unknown column, one missing name, one
amount that is not a whole number of đồng, and the file is refused with the row and column.
Reconciling compares, per household, the bank's balance with the register's balance of the
household's loans in the group at the statement date:
- equal → "khớp";
- the bank's lower → the household paid the bank directly: a repayment of the difference,
  oldest loan first;
- the bank's higher → a correction that raises the register's balance (newest loan first);
- a name the register does not know → "không có trong sổ" (nothing is written for it);
- a household of the register with a balance that the file leaves out → "thiếu trong sao kê".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from typing import IO

from flask_babel import gettext as _
from openpyxl import load_workbook
from sqlalchemy import or_, select

from webapp import formatting
from webapp.extensions import db
from webapp.imports.statement_savings import SAVINGS_COLUMNS, apply_savings, savings_cell
from webapp.loans.services import ledger
from webapp.models import (
    BankStatement,
    Household,
    Loan,
    LoanGroup,
    LoanRepayment,
    RepaymentKind,
    User,
)
from webapp.models.base import utcnow
from webapp.refusals import Problems, RecordError
from webapp.scope import require_write
from webapp.text import nfc, search_key
from webapp.trash import move_to_trash
from webapp.uploads import NotAZip, UploadRejected, check_zip_upload

# Headers a statement may have (compared without diacritics or case) → what they hold.
COLUMNS = {
    "stt": None,
    "ma ho": "ref",
    "ho va ten": "name",
    "ho ten": "name",
    "ten chu ho": "name",
    "chu ho": "name",
    "du no": "balance",
    "so du no": "balance",
    "ghi chu": None,
    **SAVINGS_COLUMNS,  # a savings balance beside the loan balance (issue 14)
}
# The file's own column names, shown in the message about an unknown column.
ALLOWED = "STT, Mã hộ, Họ và tên (hoặc Chủ hộ), Dư nợ, Ghi chú"  # vi-only
MAX_ROWS = 2000
MAX_MISTAKES = 20  # rows named in one refusal; more would bury the first ones
HEADER_SEARCH = 10  # rows a title may take above the header
TOTAL_ROWS = {"cong", "tong", "tong cong"}  # a sum line at the bottom is not a household


def _header_key(value: object) -> str:
    return search_key(_cell_text(value)).rstrip(":").strip()


def _cell_text(value: object) -> str:
    return "" if value is None else nfc(str(value))


def _amount(value: object, row: int) -> int:
    """A balance cell as whole đồng: numbers must be whole, text is read the Vietnamese way."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise RecordError("file", _("Dòng %(row)s: thiếu số dư nợ.", row=row))
    if isinstance(value, bool):
        raise RecordError(
            "file", _("Dòng %(row)s: số dư nợ không hợp lệ “%(value)s”.", row=row, value=value)
        )
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise RecordError(
                "file",
                _(
                    "Dòng %(row)s: số dư nợ phải là số nguyên đồng “%(value)s”.",
                    row=row,
                    value=value,
                ),
            )
        amount = int(value)
    else:
        try:
            amount = formatting.parse_number(str(value))
        except ValueError:
            raise RecordError(
                "file",
                _(
                    "Dòng %(row)s: số dư nợ không phải là số “%(value)s”.",
                    row=row,
                    value=_cell_text(value),
                ),
            ) from None
    if amount < 0:
        raise RecordError("file", _("Dòng %(row)s: số dư nợ không được âm.", row=row))
    return amount


def read_statement(stream: IO[bytes]) -> list[dict]:
    """The lines of a statement file: [{"row", "name", "ref", "balance"}]. Refuses the whole
    file on the first problem (RecordError on field "file")."""
    data = stream.read()
    try:
        check_zip_upload(data)  # the shared check: sizes, zip bombs, DOCTYPE (webapp/uploads.py)
    except NotAZip:
        raise RecordError("file", _("Không đọc được tệp; hãy chọn tệp Excel .xlsx.")) from None
    except UploadRejected as exc:
        raise RecordError("file", str(exc)) from None
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise RecordError("file", _("Không đọc được tệp; hãy chọn tệp Excel .xlsx.")) from None
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # a huge declared dimension must not cost anything
        rows = []
        # Every row counts, empty ones too: a file of empty rows stops at the cap.
        for values in sheet.iter_rows(values_only=True):
            rows.append(values)
            if len(rows) > MAX_ROWS + HEADER_SEARCH:
                raise RecordError("file", _("Tệp có quá %(n)s dòng.", n=MAX_ROWS))
    except RecordError:
        raise
    except Exception:  # a malformed sheet (shared-string index out of range, …)
        raise RecordError("file", _("Không đọc được tệp; hãy chọn tệp Excel .xlsx.")) from None
    finally:
        book.close()
    filled = [(n, v) for n, v in enumerate(rows, start=1) if any(_cell_text(c) for c in v)]
    if not filled:
        raise RecordError("file", _("Tệp không có dữ liệu."))
    # Banks put a title above the table: the header is the first row naming a known column.
    header_row, header = next(
        (
            (n, v)
            for n, v in filled[:HEADER_SEARCH]
            if any(COLUMNS.get(_header_key(c)) for c in v if _cell_text(c))
        ),
        filled[0],
    )
    roles: list[str | None] = []
    for value in header:
        text = _cell_text(value)
        if not text:
            roles.append(None)
            continue
        key = _header_key(text)
        if key not in COLUMNS:
            raise RecordError(
                "file",
                _(
                    "Cột không nhận ra: “%(text)s”. Các cột được dùng: %(allowed)s.",
                    text=text,
                    allowed=ALLOWED,
                ),
            )
        roles.append(COLUMNS[key])
    if "name" not in roles and "ref" not in roles:
        raise RecordError("file", _("Thiếu cột “Họ và tên”."))
    if "balance" not in roles:
        raise RecordError("file", _("Thiếu cột “Dư nợ”."))
    lines: list[dict] = []
    mistakes: list[str] = []  # every row's mistake, so that one upload names them all
    seen: set[tuple] = set()
    for number, values in filled:
        if number <= header_row:
            continue
        try:
            line = _line(number, values, roles, seen)
        except RecordError as exc:
            mistakes.append(exc.message)
            continue
        if line is not None:
            lines.append(line)
    if mistakes:
        raise RecordError("file", " ".join(mistakes[:MAX_MISTAKES]))
    if not lines:
        raise RecordError("file", _("Tệp không có dòng dữ liệu nào."))
    return lines


def _line(number: int, values, roles: list[str | None], seen: set[tuple]) -> dict | None:
    """One household's row of the statement (None: a sum line), or a refusal naming the row."""
    cells = {role: values[i] for i, role in enumerate(roles) if role and i < len(values)}
    name = _cell_text(cells.get("name"))
    ref_text = _cell_text(cells.get("ref"))
    if search_key(name) in TOTAL_ROWS:
        return None
    if not name and not ref_text:
        raise RecordError("file", _("Dòng %(row)s: thiếu họ tên chủ hộ.", row=number))
    ref = None
    if ref_text:
        try:
            ref = int(float(ref_text))
        except ValueError:
            raise RecordError(
                "file",
                _("Dòng %(row)s: mã hộ không hợp lệ “%(ref)s”.", row=number, ref=ref_text),
            ) from None
    key = ("ref", ref) if ref is not None else ("name", search_key(name))
    if key in seen:
        raise RecordError(
            "file",
            _(
                "Dòng %(row)s: hộ “%(name)s” có hai lần trong tệp.",
                row=number,
                name=name or ref,
            ),
        )
    seen.add(key)
    return {
        "row": number,
        "name": name,
        "ref": ref,
        "balance": _amount(cells.get("balance"), number),
        "savings": savings_cell(cells, number),
    }


def check_statement(statement_on: date | None, filename: str, stream: IO[bytes] | None) -> list:
    """Every rule of an upload at once: a statement day, an .xlsx file whose rows all read.
    Returns the statement's lines."""
    problems, lines = Problems(), []
    if statement_on is None:
        problems.add("statement_on", _("Vui lòng chọn ngày chốt sao kê."))
    if not filename or stream is None:
        problems.add("file", _("Vui lòng chọn tệp sao kê."))
    elif not filename.lower().endswith(".xlsx"):
        problems.add("file", _("Chỉ nhận tệp Excel .xlsx."))
    else:
        lines = problems.check(read_statement, stream)
    problems.raise_any()
    return lines


def create_statement(
    user: User, group: LoanGroup, statement_on: date | None, filename: str, stream: IO[bytes]
) -> BankStatement:
    """Read the file and keep it as a draft to reconcile (nothing in the register changes)."""
    require_write(user, group.unit_id)
    lines = check_statement(statement_on, filename, stream)
    statement = BankStatement(
        unit_id=group.unit_id,
        group_id=group.id,
        statement_on=statement_on,
        filename=nfc(filename)[:200],
        lines=lines,
    )
    db.session.add(statement)
    db.session.flush()
    return statement


# --- reconciling --------------------------------------------------------------------------------

MATCH, DIFF, UNKNOWN, MISSING, BLOCKED = "match", "diff", "unknown", "missing", "blocked"


def status_label(status: str) -> str:
    """What the preview page calls a line's status (in the user's language)."""
    return {
        MATCH: _("Khớp"),
        DIFF: _("Chênh lệch"),
        UNKNOWN: _("Không có trong sổ"),
        MISSING: _("Thiếu trong sao kê"),
        BLOCKED: _("Cần kiểm tra"),
    }[status]


@dataclass
class Line:
    """One household of the reconciliation."""

    status: str
    name: str
    row: int | None = None
    household: Household | None = None
    bank: int | None = None
    register: int | None = None
    note: str = ""
    plan: list[tuple[Loan, int]] = field(default_factory=list)

    @property
    def difference(self) -> int | None:
        if self.bank is None or self.register is None:
            return None
        return self.bank - self.register

    @property
    def label(self) -> str:
        return status_label(self.status)


@dataclass
class Reconciliation:
    lines: list[Line]

    def count(self, status: str) -> int:
        return sum(1 for line in self.lines if line.status == status)

    @property
    def to_apply(self) -> list[Line]:
        return [line for line in self.lines if line.status == DIFF]


def _group_loans(group: LoanGroup, at: date) -> dict[int, list[tuple[Loan, int]]]:
    """Per household: its loans in the group disbursed by ``at`` with their balance at ``at``."""
    loans = db.session.scalars(
        select(Loan)
        .where(Loan.group_id == group.id, Loan.disbursed_on <= at)
        .order_by(Loan.disbursed_on, Loan.id)
    ).all()
    result: dict[int, list[tuple[Loan, int]]] = {}
    for loan in loans:
        result.setdefault(loan.household_id, []).append((loan, ledger.loan_balance(loan, at)))
    return result


def _plan(loans: list[tuple[Loan, int]], change: int) -> list[tuple[Loan, int]] | None:
    """How to move the household's balance by ``change`` (−: repay oldest first; +: correct the
    newest first, never above what was lent). None when it cannot be done."""
    plan = []
    if change < 0:
        left = -change
        for loan, balance in loans:
            part = min(left, balance)
            if part:
                plan.append((loan, part))
                left -= part
    else:
        left = change
        for loan, balance in reversed(loans):
            part = min(left, loan.amount - balance)
            if part:
                plan.append((loan, -part))
                left -= part
    return None if left else plan


def reconcile(statement: BankStatement) -> Reconciliation:
    """Compare the statement with the register at its date (recomputed every time)."""
    group = statement.group
    at = statement.statement_on
    loans = _group_loans(group, at)
    households = db.session.scalars(
        select(Household).where(or_(Household.group_id == group.id, Household.id.in_(list(loans))))
    ).all()
    by_id = {h.id: h for h in households}
    by_key: dict[str, list[Household]] = {}
    for h in households:
        by_key.setdefault(h.search_key, []).append(h)

    lines, seen = [], set()
    for item in statement.lines:
        name, ref = item["name"], item.get("ref")
        candidates = [by_id[ref]] if ref in by_id else by_key.get(search_key(name), [])
        if ref is not None and ref not in by_id:
            candidates = []
        if len(candidates) != 1 or candidates[0].id in seen:
            note = _("trùng tên trong tổ") if len(candidates) > 1 else ""
            lines.append(
                Line(UNKNOWN, name or str(ref), item["row"], bank=item["balance"], note=note)
            )
            continue
        household = candidates[0]
        seen.add(household.id)
        own = loans.get(household.id, [])
        register = sum(balance for _loan, balance in own)
        line = Line(
            MATCH, name or household.head_name, item["row"], household, item["balance"], register
        )
        if line.difference:
            plan = _plan(own, line.difference)
            if plan is None:
                line.status = BLOCKED
                line.note = _("dư nợ ngân hàng lớn hơn số đã giải ngân cho hộ qua tổ")
            else:
                line.status, line.plan = DIFF, plan
        lines.append(line)
    for hid, own in loans.items():
        register = sum(balance for _loan, balance in own)
        if hid not in seen and register > 0:
            h = by_id[hid]
            lines.append(Line(MISSING, h.head_name, household=h, register=register))
    return Reconciliation(lines)


def accept_statement(user: User, statement: BankStatement) -> int:
    """Apply every difference as a repayment or correction dated the statement date, in the
    caller's one transaction (any refusal rolls all of it back). Returns how many were written."""
    require_write(user, statement.unit_id)
    if statement.accepted_at is not None:
        raise RecordError("statement", _("Sao kê này đã được chấp nhận."))
    result = reconcile(statement)
    blocked = result.count(BLOCKED)
    if blocked:
        raise RecordError(
            "statement",
            _("Còn %(n)s hộ cần kiểm tra trước khi chấp nhận sao kê.", n=blocked),
        )
    written = 0
    for line in result.to_apply:
        for loan, change in line.plan:
            if change > 0:
                try:
                    ledger.check_repayment(loan, statement.statement_on, change, 0)
                except RecordError as exc:
                    raise RecordError("statement", f"{line.name}: {exc.message}") from None
                kind = RepaymentKind.PAYMENT
            else:
                kind = RepaymentKind.CORRECTION
            db.session.add(
                LoanRepayment(
                    unit_id=loan.unit_id,
                    loan_id=loan.id,
                    paid_on=statement.statement_on,
                    principal=change,
                    interest=0,
                    kind=kind,
                    source="statement",
                    statement_id=statement.id,
                    # Stored with the repayment: the records' language.
                    note=f"Sao kê {formatting.date_short(statement.statement_on)}",  # vi-only
                )
            )
            loan.updated_at = utcnow()
            db.session.flush()
            written += 1
    written += apply_savings(user, statement)
    statement.accepted_at = utcnow()
    db.session.flush()
    return written


def discard_statement(user: User, statement: BankStatement) -> None:
    """Drop a draft statement (an accepted one stays: its repayments point at it)."""
    require_write(user, statement.unit_id)
    if statement.accepted_at is not None:
        raise RecordError("statement", _("Sao kê đã được chấp nhận; không thể huỷ."))
    move_to_trash(statement)
    db.session.flush()
