"""Acceptance: every default template is sendable as generated, for any unit and any data.

All six kinds are rendered for an empty commune, a small commune built here, the demo commune
and a district above the two communes built here, through the worker's code path
(``produce``), with a distinct text typed in every section the editor offers. Each document
must have: no gap ("  ", "()", "…", " .", a number followed by nothing), every editor section
under its own heading, the motto exactly as Nghị định 30 writes it, the figures ``flask
indicators`` gives for the same unit and period, money at the scale of its size, and no
sentence about what the records do not hold.
"""

from __future__ import annotations

import io
import json
import re
import runpy
from dataclasses import dataclass
from datetime import date

import pytest
from docx import Document

from webapp import formatting
from webapp.config import PROJECT_ROOT
from webapp.models.reports import ReportKind

SCRIPT = runpy.run_path(str(PROJECT_ROOT / "scripts" / "build_report_templates.py"), run_name="t")
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"

PERIODS = {
    ReportKind.MONTHLY: (date(2023, 3, 1), date(2023, 3, 31)),
    ReportKind.QUARTERLY: (date(2023, 1, 1), date(2023, 3, 31)),
    ReportKind.HALF_YEAR: (date(2023, 1, 1), date(2023, 6, 30)),
    ReportKind.ANNUAL: (date(2023, 1, 1), date(2023, 12, 31)),
    ReportKind.MID_TERM: (date(2021, 1, 1), date(2023, 10, 20)),
    ReportKind.END_TERM: (date(2021, 1, 1), date(2024, 12, 31)),
}
UNITS = ("Kỳ Trống", "Kỳ Thư", "Đức Xương", "Kỳ Anh")  # empty, small, demo, district


@dataclass
class Rendered:
    kind: ReportKind
    unit: str
    paragraphs: list[tuple[str, bool]]  # (text, is a heading)
    tables: list[list[list[str]]]
    raw: dict
    formatted: dict
    typed: dict[str, str]  # narrative key → the text typed in the editor
    warnings: list[str]

    @property
    def text(self) -> str:
        return "\n".join(text for text, _ in self.paragraphs)

    @property
    def body(self) -> list[tuple[str, bool]]:
        """The paragraphs after the title block (whose last line is the period)."""
        start = next(i for i, (t, _) in enumerate(self.paragraphs) if t.startswith("(từ ngày"))
        return self.paragraphs[start + 1 :]


def _typed(kind: ReportKind, unit: str) -> dict[str, str]:
    """A text no template holds, one per section (letters only: no figure can match it)."""
    slug = {"Kỳ Trống": "trống", "Kỳ Thư": "thư", "Đức Xương": "xương", "Kỳ Anh": "anh"}[unit]
    return {
        key: f"Mục {key.replace('_', ' ')} của {slug} {kind.value.replace('-', ' ')} đã gõ."
        for key in SCRIPT["narrative_keys"](kind.value)
    }


def _small_commune(district) -> None:
    """A commune of 17 members in two branches, with one campaign activity, a group gift of
    30 parcels, one cash gift, a 40 million loan, a rating and a first term with a target."""
    from tests.activities.factories import make_activity, make_rating, make_target, make_term
    from tests.charity.factories import make_beneficiary, make_gift
    from tests.factories import make_unit
    from tests.loans.factories import (
        make_bank,
        make_group,
        make_household,
        make_loan,
        make_programme,
    )
    from tests.members.factories import make_member
    from webapp.extensions import db
    from webapp.models import UnitKind
    from webapp.models.activities import Rating
    from webapp.models.charity import GiftKind
    from webapp.models.loans import Bank

    commune = make_unit("Kỳ Thư", UnitKind.COMMUNE, district)
    one = make_unit("Kỳ Thư 1", UnitKind.BRANCH, commune)
    two = make_unit("Kỳ Thư 2", UnitKind.BRANCH, commune)
    for i in range(17):
        joined = date(2023, 2, 10) if i < 2 else date(2015, 1, 1)
        make_member(one if i % 2 else two, f"Lê Thị Nhỏ {i}", joined_on=joined)
    make_activity(
        one,
        date(2023, 3, 10),
        "cleanup",
        "Ra quân vệ sinh thôn",
        participants=20,
        tags=("campaign_5c3s",),
        outputs={"trees": 50},
    )
    make_gift(
        commune,
        date(2023, 2, 1),
        GiftKind.PARCEL,
        quantity=30,
        value_vnd=9_000_000,
        recipient_label="Hộ nghèo thôn Kỳ Thư 1",
    )
    make_gift(
        one,
        date(2023, 3, 20),
        GiftKind.CASH,
        quantity=1,
        value_vnd=500_000,
        beneficiary=make_beneficiary(one, "Phan Thị Khó"),
    )
    bank = db.session.scalar(db.select(Bank).where(Bank.code == "nhcsxh").limit(1))
    bank = bank or make_bank(None)
    group = make_group(commune, bank, name="Tổ TK&VV Kỳ Thư")
    make_loan(
        make_household(one, group, "Hồ Thị Vay"),
        make_programme(bank, "Cho vay hộ nghèo Kỳ Thư"),
        disbursed_on=date(2021, 6, 1),
        amount=40_000_000,
    )
    make_rating(commune, 2022, Rating.EXCELLENT)
    make_rating(commune, 2023, Rating.GOOD)
    term = make_term(commune, date(2021, 1, 1), date(2025, 12, 31), number=1)
    make_target(term, "Tổng số hội viên", "20", indicator_code="members.total")
    following = make_term(commune, date(2026, 1, 1), date(2030, 12, 31), number=2)
    make_target(following, "Hội viên mới", "10", indicator_code="members.admitted")


@pytest.fixture(scope="module")
def rendered(settings, schema) -> dict[tuple[ReportKind, str], Rendered]:
    """The demo plus the units built here, every kind rendered once for each (module scope:
    the demo is built once)."""
    from tests.conftest import _empty_tables
    from tests.factories import make_unit
    from webapp import create_app
    from webapp.config import Config
    from webapp.documents.produce import produce
    from webapp.documents.requests import request_for_unit
    from webapp.extensions import db
    from webapp.indicators import Period
    from webapp.models import Unit, UnitKind

    app = create_app(Config(settings))
    out: dict[tuple[ReportKind, str], Rendered] = {}
    with app.app_context():
        _empty_tables()
        runner = app.test_cli_runner()
        assert runner.invoke(args=["seed-demo"]).exit_code == 0
        district = make_unit("Kỳ Anh", UnitKind.DISTRICT)
        make_unit("Kỳ Trống", UnitKind.COMMUNE, district)
        _small_commune(district)
        for name in UNITS:
            unit = db.session.scalar(db.select(Unit).where(Unit.name == name))
            for kind, (start, end) in PERIODS.items():
                request = request_for_unit(unit, kind, Period(start, end))
                request.narrative = {k: f"<p>{v}</p>" for k, v in _typed(kind, name).items()}
                request.with_charts = False
                produced = produce(request, kind)
                asked = ["indicators", "--unit", name, "--from", f"{start}", "--to", f"{end}"]
                figures = runner.invoke(args=[*asked, "--json"])
                assert figures.exit_code == 0, figures.output
                values = json.loads(figures.output)
                doc = Document(io.BytesIO(produced.data))
                out[kind, name] = Rendered(
                    kind,
                    name,
                    [(p.text, _is_heading(p)) for p in doc.paragraphs],
                    [
                        [[cell.text for cell in row.cells] for row in table.rows]
                        for table in doc.tables
                    ],
                    {k: v for k, v in values.items() if k != "formatted"},
                    values["formatted"],
                    _typed(kind, name),
                    produced.warnings,
                )
        _empty_tables()
        db.engine.dispose()
    return out


def _is_heading(paragraph) -> bool:
    if paragraph.style is not None and paragraph.style.name.startswith("Heading"):
        return True
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and all(r.bold for r in runs)


CASES = [(kind, unit) for kind in PERIODS for unit in UNITS]
IDS = [f"{kind.value}-{unit}" for kind, unit in CASES]
GAPS = {
    "double space": re.compile(r"\S  +\S"),
    "empty parenthesis": re.compile(r"\(\s*\)"),
    "ellipsis": re.compile(r"…|\.\.\."),
    "space before punctuation": re.compile(r" [.,;:)]"),
    "number followed by nothing": re.compile(r"\d(?:[.,]\d+)*\s*$"),
    "unfilled placeholder": re.compile(r"\{|\}|\[\?\]"),
}


@pytest.mark.parametrize(("kind", "unit"), CASES, ids=IDS)
def test_no_gap_in_the_body(rendered, kind, unit):
    doc = rendered[kind, unit]
    assert not doc.warnings
    found = []
    for text, heading in doc.body:
        for name, pattern in GAPS.items():
            if name == "number followed by nothing" and heading:
                continue  # "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024" is a heading, not a gap
            if pattern.search(text):
                found.append((name, text))
    assert not found, found


@pytest.mark.parametrize(("kind", "unit"), CASES, ids=IDS)
def test_every_editor_section_is_printed_under_its_heading(rendered, kind, unit):
    from webapp.reports.services.sections import BY_KIND

    doc = rendered[kind, unit]
    assert list(doc.typed) == list(BY_KIND[kind])  # the editor offers what the template prints
    expected = _headings_of(kind.value)
    for key, typed in doc.typed.items():
        at = next(i for i, (text, _) in enumerate(doc.paragraphs) if typed in text)
        heading = next(t for t, is_heading in reversed(doc.paragraphs[:at]) if is_heading)
        assert _unnumbered(heading).startswith(expected[key]), (key, heading, expected[key])


def _unnumbered(heading: str) -> str:
    """The heading without its number ("II. " or "3. "), which depends on what is printed."""
    return re.sub(r"^([IVX]+|[0-9]+)\. ", "", heading)


def _headings_of(kind: str) -> dict[str, str]:
    """Each narrative key → the words its heading starts with in the template, without its
    number (a tag when a heading before it may be left out) and up to the next tag."""
    found, last = {}, ""
    for what, text in SCRIPT["BODIES"][kind]:
        if what in (SCRIPT["H"], SCRIPT["C"]):
            last = _unnumbered(re.sub(r"^\{\{.*?\}\}\. ", "", text)).split("{")[0].strip()
            assert last, text
        elif what == SCRIPT["N"]:
            found[text] = last
    return found


@pytest.mark.parametrize(("kind", "unit"), CASES, ids=IDS)
def test_the_motto_is_exact(rendered, kind, unit):
    text = "\n".join(cell for t in rendered[kind, unit].tables for row in t for cell in row)
    assert MOTTO in text and "CỘNG HOÀ" not in text


# (code, what the body says with it) — printed exactly when the records give the figure.
SAID = [
    ("members.total", "hội viên"),
    ("loans.outstanding_vnd", "dư nợ"),
    ("charity.parcels", "suất quà"),
    ("campaign.branches_active", "chi hội triển khai các hoạt động của Cuộc vận động"),
    ("campaign.households_all_criteria", "hộ gia đình đạt đủ 8 tiêu chí"),
    ("activities.cleanup_participants", "ra quân vệ sinh môi trường"),
    ("sponsorship.children_sponsored", "nhận đỡ đầu"),
    ("charity.support_received_value_vnd", "Tiếp nhận hỗ trợ"),
]


@pytest.mark.parametrize(("kind", "unit"), CASES, ids=IDS)
def test_figures_are_the_indicators_and_absent_ones_are_not_claimed(rendered, kind, unit):
    doc = rendered[kind, unit]
    body = "\n".join(text for text, heading in doc.body if not heading)
    for code, words in SAID:
        if doc.raw.get(code):
            assert doc.formatted[code] in body, code
        else:
            assert words not in body, (code, words)
    if not any(doc.raw.get(code) for code, _ in SAID):
        assert "Chưa có số liệu trong kỳ báo cáo." in body
    # Money at the scale its size calls for, never "0 tỷ đồng" nor "0,1 tỷ đồng".
    if doc.raw.get("loans.outstanding_vnd"):
        assert formatting.money_scaled(doc.raw["loans.outstanding_vnd"]) in body
    assert not re.search(r"(?<![\d.,])0(,\d+)? (tỷ|triệu) đồng", body)
    # Nouns from the records, never one commune's: no acacia, no cemetery that is not recorded.
    assert "cây keo" not in body and "0 năm liền" not in body
    if unit != "Đức Xương":
        assert "nghĩa trang" not in body
    if kind is ReportKind.ANNUAL:
        table = next(t for t in doc.tables if t[0][1:] == ["Nội dung", "Kết quả"])
        values = {row[1]: row[2] for row in table[1:]}
        assert values["Tổng số hội viên"] == (doc.formatted["members.total"] or "—")


def test_the_small_commune_counts_parcels_people_and_claims_only_its_branches(rendered):
    body = rendered[ReportKind.ANNUAL, "Kỳ Thư"].text
    assert "tặng 30 suất quà trị giá 9.000.000 đồng" in body  # 30 parcels, not "1 phần quà"
    assert "trao cho 1 người (hộ) và 1 nhóm người nhận" in body
    assert "đã chỉ đạo 1/2 chi hội triển khai" in body  # not 2/2: one branch held an activity
    assert "dư nợ vốn vay qua Hội 40 triệu đồng" in body  # not "0 tỷ đồng"
    assert "Kết quả cụ thể của các hoạt động: 50 cây xanh trồng mới." in body
    mid = rendered[ReportKind.MID_TERM, "Kỳ Thư"].text
    assert "hoàn thành xuất sắc nhiệm vụ 1 năm trong kỳ" in mid  # one year is not "liền"


def test_the_district_report_speaks_of_the_district(rendered):
    text = rendered[ReportKind.MID_TERM, "Kỳ Anh"].text
    assert "toàn huyện" in text and "toàn xã" not in text
    assert "17 hội viên" in text  # the two communes rolled up


def test_the_end_term_report_names_the_congress_and_every_target(rendered):
    text = rendered[ReportKind.END_TERM, "Kỳ Thư"].text
    assert "Đại hội đại biểu phụ nữ xã lần thứ I, nhiệm kỳ 2021 - 2025" in text
    assert "Chỉ tiêu: Tổng số hội viên: chỉ tiêu ≥ 20; kết quả cuối nhiệm kỳ 17 — " in text
    assert "I. ĐỀ XUẤT CHỈ TIÊU NHIỆM KỲ TỚI" in text
    assert "Các chỉ tiêu nhiệm kỳ 2026 - 2030:\nChỉ tiêu: Hội viên mới: ≥ 10." in text
    empty = rendered[ReportKind.END_TERM, "Kỳ Trống"].text
    assert "Nhiệm kỳ chưa có chỉ tiêu Nghị quyết được ghi nhận." in empty


@pytest.mark.parametrize("kind", list(ReportKind), ids=[k.value for k in ReportKind])
def test_the_editor_offers_exactly_the_sections_the_template_prints(app, world, kind):
    from tests.conftest import client_for
    from tests.factories import PASSWORD
    from tests.reports.docx_helpers import docx_text
    from tests.reports.factories import make_draft
    from webapp.reports.services.drafts import sections_for
    from webapp.reports.services.sections import BY_KIND, label

    committed = (PROJECT_ROOT / "templates" / "reports" / f"{kind.value}.docx").read_bytes()
    printed = re.findall(r"\{\{p narrative\.([a-z_]+)", docx_text(committed))
    draft = make_draft(world.commune_a, kind)
    assert printed == list(BY_KIND[kind]) == sections_for(draft)
    page = client_for(app, world.staff_a, PASSWORD).get(f"/reports/{draft.id}")
    html = page.get_data(as_text=True)
    at = [html.find(str(label(key))) for key in printed]
    assert -1 not in at and at == sorted(at), dict(zip(printed, at, strict=True))
