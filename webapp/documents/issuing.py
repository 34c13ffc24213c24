"""How a report is issued: its number, its date, its recipients and its file's name.

- Numbers run per unit, symbol and calendar year of issue (09/BC-BTV of 2022 and 09/BC-BTV of
  2023 are different reports; 01/BC-BCH starts again at 1): the suggestion is one above the
  highest number so far, deleted drafts included (a number once used is not given twice).
- A periodic report (month, quarter, half-year, year) is often sent before its period ends, with
  the last weeks' figures estimated: its date may fall before the period's end, with a warning.
  A term report counts the term up to the day it is signed: its date may not.
- Default recipients follow the unit's level: the union above (b/c), the party committee of the
  same level (b/c), the unions below for a district or province, the office's copy.
- Files are named as offices file them: ``BC-09-BTV-bao-cao-nam-2022.docx``, no diacritics.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select, text

from webapp import formatting
from webapp.extensions import db
from webapp.models import Unit, UnitKind
from webapp.models.reports import ReportDraft, ReportKind
from webapp.refusals import RecordError
from webapp.scope import children_on, parent_unit_on
from webapp.trash import before_restore

EARLY_KINDS = frozenset(
    {ReportKind.MONTHLY, ReportKind.QUARTERLY, ReportKind.HALF_YEAR, ReportKind.ANNUAL}
)


def may_be_sent_early(kind: ReportKind) -> bool:
    """Whether a report of ``kind`` may be dated before its period ends."""
    return kind in EARLY_KINDS


def check_issue_date(kind: ReportKind, start: date, end: date, issued_on: date) -> None:
    """Refuse a date of issue before the period starts, or before it ends for a term report."""
    if issued_on < start:
        raise RecordError(
            "issued_on",
            _(
                "Ngày ban hành không được trước ngày bắt đầu kỳ báo cáo (%(start)s).",
                start=formatting.date_short(start),
            ),
        )
    if issued_on < end and not may_be_sent_early(kind):
        raise RecordError(
            "issued_on",
            _(
                "Báo cáo nhiệm kỳ tính số liệu đến ngày ban hành: ngày ban hành không được trước "
                "ngày kết thúc kỳ báo cáo (%(end)s). Hãy sửa “Đến ngày” cho trùng ngày ban hành.",
                end=formatting.date_short(end),
            ),
        )


def _same_series(unit_id: int, symbol: str, year: int):
    return (
        ReportDraft.unit_id == unit_id,
        ReportDraft.symbol == symbol,
        ReportDraft.issued_on >= date(year, 1, 1),
        ReportDraft.issued_on <= date(year, 12, 31),
    )


def hold_numbering(unit_id: int) -> None:
    """Make reports of one unit numbered at the same moment wait for each other until the
    first commits, so that the second's check sees the number the first took (two staff saving
    "số 05" in the same second would both pass a check that only reads).

    PostgreSQL: a row lock on the unit. SQLite: a write, which takes the database's one write
    lock now rather than at the flush; the reads that follow then see every committed report.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(Unit.id).where(Unit.id == unit_id).with_for_update())
    else:
        db.session.execute(text("UPDATE units SET id = id WHERE id = :id"), {"id": unit_id})


def next_free_number(unit_id: int, symbol: str, year: int, exclude_id: int | None = None) -> int:
    """1 + the highest number the unit has given a report of ``symbol`` issued in ``year``
    (a draft being renumbered, ``exclude_id``, does not count its own)."""
    highest = db.session.scalar(
        select(func.max(ReportDraft.number))
        .where(*_same_series(unit_id, symbol, year), ReportDraft.id != (exclude_id or 0))
        .execution_options(include_deleted=True)
    )
    return (highest or 0) + 1


def check_number_free(draft: ReportDraft, number: int, symbol: str, issued_on: date) -> None:
    """Refuse a number another live report of the unit already carries for the same symbol and
    year of issue (a trashed one does not hold its number: only the suggestion skips it)."""
    other = db.session.scalar(
        select(ReportDraft)
        .where(
            *_same_series(draft.unit_id, symbol, issued_on.year),
            ReportDraft.number == number,
            ReportDraft.id != draft.id,
        )
        .order_by(ReportDraft.id)
        .limit(1)
    )
    if other is not None:
        free = next_free_number(draft.unit_id, symbol, issued_on.year, exclude_id=draft.id)
        raise RecordError(
            "number",
            _(
                "Số %(number)s năm %(year)s đã dùng cho báo cáo “%(title)s” (ngày %(date)s); "
                "số còn trống tiếp theo là %(free)s.",
                number=f"{number:02d}/{symbol}",
                year=issued_on.year,
                title=other.title,
                date=formatting.date_short(other.issued_on),
                free=f"{free:02d}",
            ),
        )


@before_restore(ReportDraft)
def check_number_free_to_restore(draft: ReportDraft) -> None:
    """Refuse to bring a draft back from the trash when a live report of the unit now carries
    its number (a trashed draft does not hold its number, so it may have been typed again):
    the user renumbers or deletes the other report first."""
    hold_numbering(draft.unit_id)
    other = db.session.scalar(
        select(ReportDraft)
        .where(
            *_same_series(draft.unit_id, draft.symbol, draft.issued_on.year),
            ReportDraft.number == draft.number,
            ReportDraft.id != draft.id,
        )
        .order_by(ReportDraft.id)
        .limit(1)
    )
    if other is not None:
        raise RecordError(
            None,
            _(
                "Không khôi phục được: số %(number)s năm %(year)s đã dùng cho báo cáo "
                "“%(title)s” (ngày %(date)s). Hãy đổi số của báo cáo đó rồi khôi phục lại.",
                number=f"{draft.number:02d}/{draft.symbol}",
                year=draft.issued_on.year,
                title=other.title,
                date=formatting.date_short(other.issued_on),
            ),
        )


def number_to_keep(draft: ReportDraft, number: int | None, symbol: str, issued_on: date) -> int:
    """The number a saved draft carries: the one typed; a fresh suggestion when the field was
    emptied, or when the year of issue or the symbol changed and the number was left as it was
    (it belonged to the old series, so it was not chosen for the new one)."""
    moved = symbol != draft.symbol or issued_on.year != draft.issued_on.year
    if number is None or (moved and number == draft.number):
        return next_free_number(draft.unit_id, symbol, issued_on.year, exclude_id=draft.id)
    return number


# The party committee of a level, by the word the unit calls itself (vi-only: document wording).
_PARTY = {
    "Tỉnh": "Tỉnh ủy",  # vi-only
    "Thành phố": "Thành ủy",  # vi-only
    "Huyện": "Huyện ủy",  # vi-only
    "Quận": "Quận ủy",  # vi-only
    "Thị xã": "Thị ủy",  # vi-only
}


def default_recipients(unit: Unit, on: date) -> str:
    """The "Nơi nhận" lines of a new draft, one a line, by the unit's level (vi-only)."""
    parent = parent_unit_on(unit, on)
    lines: list[str] = []
    if parent is not None:
        lines.append(f"{parent.union_name} (b/c);")
    elif unit.kind is UnitKind.PROVINCE:
        lines.append("Trung ương Hội LHPN Việt Nam (b/c);")  # vi-only
    if unit.kind is UnitKind.COMMUNE:
        lines.append(f"Đảng ủy {unit.level_word.lower()} (b/c);")  # vi-only
    elif unit.kind in (UnitKind.DISTRICT, UnitKind.PROVINCE):
        party = _PARTY.get(unit.level_word, f"Ban Thường vụ {unit.level_word} ủy")  # vi-only
        lines.append(f"{party} {unit.name} (b/c);")
        below = db.session.scalars(children_on(unit.id, on)).all()
        words = list(dict.fromkeys(child.level_word.lower() for child in below))
        if words:
            lines.append(f"Hội LHPN các {', '.join(words)};")  # vi-only
    office = unit.kind not in (UnitKind.BRANCH, UnitKind.GROUP)
    lines.append("Lưu VP." if office else "Lưu.")  # vi-only
    return "\n".join(lines)


def slug(text: str, lower: bool = True) -> str:
    """ASCII words joined by "-": "Báo cáo năm 2022" → "bao-cao-nam-2022"."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))  # vi-only
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")
    return text.lower() if lower else text


def _period_words(draft: ReportDraft) -> str:
    end = draft.period_end
    return {
        ReportKind.MONTHLY: f"thang {end.month} {end.year}",
        ReportKind.QUARTERLY: f"quy {(end.month - 1) // 3 + 1} {end.year}",
        ReportKind.HALF_YEAR: f"{end.year}",
        ReportKind.ANNUAL: f"{end.year}",
        ReportKind.MID_TERM: f"{draft.period_start.year} {end.year}",
        ReportKind.END_TERM: f"{draft.period_start.year} {end.year}",
    }[draft.kind]


_KIND_WORDS = {
    ReportKind.MONTHLY: "bao cao",
    ReportKind.QUARTERLY: "bao cao",
    ReportKind.HALF_YEAR: "bao cao 6 thang",
    ReportKind.ANNUAL: "bao cao nam",
    ReportKind.MID_TERM: "bao cao giua nhiem ky",
    ReportKind.END_TERM: "bao cao tong ket nhiem ky",
}


def file_name(draft: ReportDraft, extension: str = "docx") -> str:
    """``BC-09-BTV-bao-cao-nam-2022.docx``: the symbol's first part, the number, the rest of
    the symbol, then the kind and period in words without diacritics."""
    kind, _sep, issuer = slug(draft.symbol, lower=False).partition("-")
    number = f"{draft.number:02d}"
    head = "-".join(part for part in (kind, number, issuer) if part)
    words = slug(f"{_KIND_WORDS[draft.kind]} {_period_words(draft)}")
    return f"{head}-{words}.{extension}"
