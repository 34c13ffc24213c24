"""Beneficiaries (with their category) and cadres (with education and political-theory
levels): lists of people, one a row, matched by name, birth year and unit.

Both write with bulk inserts (the audit trail keeps one summary line per table) after the same
checks their forms make; a person already in the register (same unit, name and birth year —
and for a cadre the same position and start) is matched and nothing is written for her.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from webapp.extensions import db
from webapp.imports.engine import (
    ADDRESS,
    BIRTH_YEAR,
    STT,
    UNIT,
    Column,
    Context,
    Register,
    Row,
    _,
    bulk_insert,
    listed,
)
from webapp.models import Unit, UnitKind, User
from webapp.models.cadres import Cadre, CadrePosition, PoliticalTheory
from webapp.models.charity import Beneficiary, BeneficiaryCategory
from webapp.text import nfc, search_key

NAME = Column(
    "full_name",
    "Họ và tên",  # vi-only
    ("họ tên", "tên", "họ và tên người nhận"),  # vi-only
    required=True,
    width=26,  # vi-only
)


def _vietnamese_labels(members: Iterable, extra: dict[str, str] | None = None) -> dict:
    """search key of a member's Vietnamese label (and of its value) → member."""
    with force_locale("vi"):
        found = {search_key(str(m.label)): m for m in members}
    found |= {search_key(m.value.replace("_", " ")): m for m in members}
    for alias, value in (extra or {}).items():
        found[alias] = next(m for m in members if m.value == value)
    return found


def vi_label(member) -> str:
    """A member's label in Vietnamese (the file's language, whatever the user reads)."""
    with force_locale("vi"):
        return str(member.label)


def _choice(lookup: dict, text: str, what: str, row: Row):
    if not text:
        return None
    found = lookup.get(search_key(text))
    if found is None:
        names = ", ".join(sorted({vi_label(m) for m in lookup.values()}))
        row.refuse(
            _(
                "%(what)s “%(value)s” không có; ghi một trong: %(names)s.",
                what=what,
                value=text,
                names=names,
            )
        )
    return found


def _existing(model, ctx: Context) -> dict:
    rows = db.session.execute(
        select(model).where(model.unit_id.in_(list(ctx.units.by_id)))
    ).scalars()
    found: dict = {}
    for record in rows:
        found.setdefault((record.unit_id, record.search_key), []).append(record)
    return found


def _same(a: str, b: str) -> bool:
    """Two names of one key are the same person when their diacritics agree (or one has none)."""
    x, y = nfc(a).casefold(), nfc(b).casefold()
    return x == y or x == search_key(a) or y == search_key(b)


# --- beneficiaries ---------------------------------------------------------------------------

CATEGORY_ALIASES = {
    "ngheo": "poor_woman",
    "ho ngheo": "poor_woman",
    "can ngheo": "near_poor_woman",
    "ho can ngheo": "near_poor_woman",
    "mo coi": "orphan",
    "khuyet tat": "disabled",
    "nguoi cao tuoi": "elderly",
    "hoc sinh": "pupil",
    "tan binh": "new_recruit",
}


class BeneficiaryRegister(Register):
    """People and households who receive aid."""

    key = "beneficiaries"
    title = _l("Người nhận hỗ trợ")
    sheet = "Người nhận hỗ trợ"  # vi-only: the file's sheet
    filename = "mau-nguoi-nhan-ho-tro.xlsx"
    done_endpoint = "charity.beneficiaries"
    columns = (
        STT,
        NAME,
        Column(
            "category",
            "Đối tượng",  # vi-only
            ("diện", "loại đối tượng", "đối tượng hỗ trợ", "hoàn cảnh"),  # vi-only
            required=True,
            width=28,
            help="Một trong: Phụ nữ nghèo, Phụ nữ cận nghèo, Trẻ mồ côi, Con của mẹ đơn thân, "
            "Vợ, mẹ liệt sĩ, Mẹ Việt Nam anh hùng, Người khuyết tật, Học sinh có hoàn cảnh khó "
            "khăn, Tân binh nhập ngũ, Người cao tuổi neo đơn, Hội viên có hoàn cảnh khó khăn, Khác.",  # vi-only
        ),
        Column(
            "is_household",
            "Là hộ",  # vi-only
            ("hộ", "hộ gia đình"),  # vi-only
            kind="flag",
            width=8,
            help="Ghi x nếu là một hộ gia đình.",  # vi-only
        ),
        BIRTH_YEAR,
        ADDRESS,
        UNIT,
        Column(
            "surveyed_on",
            "Ngày khảo sát",  # vi-only
            ("ngày khảo sát",),  # vi-only
            kind="date",
            width=12,
            help="Chỉ cho trẻ mồ côi, con của mẹ đơn thân (Mẹ đỡ đầu).",  # vi-only
        ),
        Column("note", "Ghi chú", ("ghi chú",), width=24),  # vi-only
    )
    notes = (
        "Mỗi người (hoặc hộ) một dòng.",  # vi-only
        "Người đã có (cùng đơn vị, họ tên và năm sinh) không được thêm lần nữa.",  # vi-only
    )

    def begin(self, ctx: Context, rows: list[Row]) -> None:
        ctx.state.update(
            categories=_vietnamese_labels(list(BeneficiaryCategory), CATEGORY_ALIASES),
            existing=_existing(Beneficiary, ctx),
        )

    def plan(self, ctx: Context, row: Row) -> None:
        v, s = row.values, ctx.state
        unit = ctx.unit_of(row, v.get("unit") or "")
        if unit is None:
            return
        category = _choice(s["categories"], v["category"], _("Đối tượng"), row)
        if len(v["full_name"]) > 120:
            row.refuse(_("Họ và tên dài quá 120 ký tự."))
        if v.get("surveyed_on") and category not in (
            BeneficiaryCategory.ORPHAN,
            BeneficiaryCategory.SINGLE_MOTHER_CHILD,
        ):
            row.refuse(_("Ngày khảo sát chỉ dành cho trẻ mồ côi và con của mẹ đơn thân."))
        ctx.unlocked(row, unit.id, v.get("surveyed_on"))
        key = (unit.id, search_key(v["full_name"]), v.get("birth_year"))
        if row.errors or not ctx.once(row, key):
            return
        same = [
            b
            for b in s["existing"].get(key[:2], [])
            if b.birth_year == v.get("birth_year") and _same(b.full_name, v["full_name"])
        ]
        if same:
            row.matches.append(
                _("Đã có: %(name)s (%(unit)s)", name=same[0].full_name, unit=unit.name)
            )
            return
        row.creates.append(
            _(
                "Người nhận hỗ trợ: %(name)s — %(category)s",
                name=v["full_name"],
                category=category.label,
            )
        )
        row.plan = {"unit_id": unit.id, "category": category}

    def write(self, ctx: Context, rows: list[Row]) -> int:
        bulk_insert(
            Beneficiary,
            [
                {
                    "unit_id": r.plan["unit_id"],
                    "full_name": r.values["full_name"],
                    "search_key": search_key(r.values["full_name"]),
                    "is_household": bool(r.values.get("is_household")),
                    "category": r.plan["category"],
                    "birth_year": r.values.get("birth_year"),
                    "address": (r.values.get("address") or "")[:200],
                    "surveyed_on": r.values.get("surveyed_on"),
                    "note": r.values.get("note") or "",
                }
                for r in rows
            ],
        )
        return len(rows)

    def export_rows(self, user: User, unit: Unit, at: date) -> Iterable[list[object]]:
        stmt = listed(Beneficiary, user, unit).order_by(Beneficiary.search_key, Beneficiary.id)
        for number, (b, unit_name) in enumerate(db.session.execute(stmt), start=1):
            yield [
                number,
                b.full_name,
                vi_label(b.category),
                "x" if b.is_household else "",
                b.birth_year,
                b.address,
                "" if b.unit_id == unit.id else unit_name,
                b.surveyed_on,
                b.note,
            ]


# --- cadres ----------------------------------------------------------------------------------

POSITION_ALIASES = {
    "chu tich hoi": "chair",
    "pho chu tich hoi": "vice_chair",
    "uy vien ban chap hanh": "committee",
    "uv bch": "committee",
    "bch": "committee",
    "chi hoi truong": "branch_head",
    "chi hoi pho": "branch_deputy",
}
THEORY_ALIASES = {
    "": "none",
    "chua": "none",
    "khong": "none",
    "chua qua dao tao": "none",
    "so cap": "basic",
    "trung cap": "intermediate",
    "cao cap": "advanced",
    "cu nhan": "advanced",
}
BCH = (CadrePosition.CHAIR, CadrePosition.VICE_CHAIR, CadrePosition.COMMITTEE)


class CadreRegister(Register):
    """Union officers with their education and political-theory levels."""

    key = "cadres"
    title = _l("Cán bộ Hội")
    sheet = "Cán bộ Hội"  # vi-only: the file's sheet
    filename = "mau-can-bo-hoi.xlsx"
    done_endpoint = "members.cadres"
    columns = (
        STT,
        NAME,
        BIRTH_YEAR,
        Column(
            "unit",
            "Đơn vị",  # vi-only
            ("chi hội", "tên chi hội", "đơn vị công tác"),  # vi-only
            width=16,
            help="Chi hội của chi hội trưởng, chi hội phó; để trống: đơn vị đã chọn (xã).",  # vi-only
        ),
        Column(
            "position",
            "Chức vụ",  # vi-only
            ("chức danh", "chức vụ trong hội"),  # vi-only
            required=True,
            width=18,
            help="Chủ tịch, Phó Chủ tịch, Ủy viên BCH, Chi hội trưởng hoặc Chi hội phó.",  # vi-only
        ),
        Column(
            "in_bch",
            "Ủy viên BCH",  # vi-only
            ("bch", "ban chấp hành"),  # vi-only
            kind="flag",
            width=8,
            help="Ghi x nếu là ủy viên Ban Chấp hành.",  # vi-only
        ),
        Column(
            "in_btv",
            "Ủy viên BTV",  # vi-only
            ("btv", "ban thường vụ"),  # vi-only
            kind="flag",
            width=8,
            help="Ghi x nếu là ủy viên Ban Thường vụ.",  # vi-only
        ),
        Column("term", "Nhiệm kỳ", ("nhiệm kỳ",), width=12),  # vi-only
        Column(
            "started_on",
            "Ngày giữ chức",  # vi-only
            ("ngày bắt đầu", "từ ngày", "ngày nhận chức"),  # vi-only
            required=True,
            kind="date",
            width=12,
        ),
        Column(
            "ended_on",
            "Ngày thôi",  # vi-only
            ("đến ngày", "ngày thôi giữ chức"),  # vi-only
            kind="date",
            width=12,  # vi-only
        ),  # vi-only
        Column(
            "education_grade",
            "Trình độ văn hoá",  # vi-only
            ("văn hoá", "trình độ văn hóa", "học vấn"),  # vi-only
            kind="grade",
            width=12,
            help="Ví dụ 12/12 hoặc 9/12.",  # vi-only
        ),
        Column(
            "qualification",
            "Chuyên môn",  # vi-only
            ("trình độ chuyên môn", "chuyên môn nghiệp vụ"),  # vi-only
            width=16,  # vi-only
        ),
        Column(
            "political_theory",
            "Lý luận chính trị",  # vi-only
            ("trình độ lý luận chính trị", "lý luận", "LLCT"),  # vi-only
            width=16,
            help="Sơ cấp, Trung cấp, Cao cấp hoặc để trống.",  # vi-only
        ),
    )
    notes = (
        "Mỗi cán bộ một dòng; người giữ hai chức (ủy viên BCH kiêm chi hội trưởng) ghi một "
        "dòng với chức Chi hội trưởng và x ở cột Ủy viên BCH.",  # vi-only
        "Cán bộ đã có (cùng đơn vị, họ tên, chức vụ, ngày giữ chức) không được thêm lần nữa.",  # vi-only
    )

    def begin(self, ctx: Context, rows: list[Row]) -> None:
        ctx.state.update(
            positions=_vietnamese_labels(list(CadrePosition), POSITION_ALIASES),
            theories=_vietnamese_labels(list(PoliticalTheory), THEORY_ALIASES),
            existing=_existing(Cadre, ctx),
        )

    def plan(self, ctx: Context, row: Row) -> None:
        v, s = row.values, ctx.state
        unit = ctx.unit_of(row, v.get("unit") or "")
        if unit is None:
            return
        position = _choice(s["positions"], v["position"], _("Chức vụ"), row)
        theory = s["theories"].get(search_key(v.get("political_theory") or ""))
        if theory is None:
            _choice(s["theories"], v["political_theory"], _("Lý luận chính trị"), row)
        if row.errors:
            return
        in_bch = bool(v.get("in_bch")) or position in BCH
        if position in BCH and unit.kind is UnitKind.BRANCH:
            row.refuse(_("Chủ tịch, Phó Chủ tịch, Ủy viên BCH thuộc Hội cấp xã trở lên."))
        if position not in BCH and unit.kind is not UnitKind.BRANCH:
            row.refuse(_("Chi hội trưởng, chi hội phó phải thuộc một chi hội (cột Đơn vị)."))
        if v.get("in_btv") and not in_bch:
            row.refuse(_("Ủy viên Ban Thường vụ phải là ủy viên Ban Chấp hành."))
        if v["started_on"] > ctx.today:
            row.refuse(_("Ngày giữ chức không được sau ngày hôm nay."))
        if v.get("ended_on") and v["ended_on"] < v["started_on"]:
            row.refuse(_("Ngày thôi giữ chức phải sau ngày bắt đầu."))
        if row.errors:
            return
        key = (unit.id, search_key(v["full_name"]), position, v["started_on"])
        if not ctx.once(row, key):
            return
        same = [
            c
            for c in s["existing"].get(key[:2], [])
            if c.position == position
            and c.started_on == v["started_on"]
            and _same(c.full_name, v["full_name"])
        ]
        if same:
            row.matches.append(
                _("Đã có: %(name)s (%(unit)s)", name=same[0].full_name, unit=unit.name)
            )
            return
        row.creates.append(
            _(
                "Cán bộ: %(name)s — %(position)s, %(unit)s",
                name=v["full_name"],
                position=position.label,
                unit=unit.name,
            )
        )
        row.plan = {"unit_id": unit.id, "position": position, "theory": theory, "in_bch": in_bch}

    def write(self, ctx: Context, rows: list[Row]) -> int:
        bulk_insert(
            Cadre,
            [
                {
                    "unit_id": r.plan["unit_id"],
                    "member_id": None,
                    "full_name": r.values["full_name"],
                    "search_key": search_key(r.values["full_name"]),
                    "birth_year": r.values.get("birth_year"),
                    "position": r.plan["position"],
                    "in_bch": r.plan["in_bch"],
                    "in_btv": bool(r.values.get("in_btv")),
                    "term": (r.values.get("term") or "")[:20],
                    "started_on": r.values["started_on"],
                    "ended_on": r.values.get("ended_on"),
                    "education_grade": r.values.get("education_grade"),
                    "qualification": (r.values.get("qualification") or "")[:120],
                    "political_theory": r.plan["theory"],
                }
                for r in rows
            ],
        )
        return len(rows)

    def export_rows(self, user: User, unit: Unit, at: date) -> Iterable[list[object]]:
        stmt = (
            listed(Cadre, user, unit)
            .where(Cadre.started_on <= at, or_(Cadre.ended_on.is_(None), Cadre.ended_on > at))
            .order_by(Unit.name, Cadre.search_key)
        )
        for number, (c, unit_name) in enumerate(db.session.execute(stmt), start=1):
            yield [
                number,
                c.full_name,
                c.birth_year,
                "" if c.unit_id == unit.id else unit_name,
                vi_label(c.position),
                "x" if c.in_bch else "",
                "x" if c.in_btv else "",
                c.term,
                c.started_on,
                c.ended_on,
                f"{c.education_grade}/12" if c.education_grade else "",
                c.qualification,
                "" if c.political_theory is PoliticalTheory.NONE else vi_label(c.political_theory),
            ]
