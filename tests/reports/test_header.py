"""The issuing block at the top left of every default template, as Nghị định 30/2020 lays it
out: the governing body (tên cơ quan chủ quản) on the first line, the issuing union in bold
under it, for every level of the tree, as the tree stands on the day the report is issued."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from tests.factories import make_unit
from webapp.documents.context import ReportRequest
from webapp.documents.issuing import default_recipients
from webapp.documents.produce import produce
from webapp.extensions import db
from webapp.indicators import Period
from webapp.models import UnitKind
from webapp.models.reports import ReportKind
from webapp.units.services.units import move_unit

YEAR_2023 = Period(date(2023, 1, 1), date(2023, 12, 31))


def _issuing_block(unit, period=YEAR_2023, issued_on=None) -> list[tuple[str, bool]]:
    """The lines of the header's left cell above the rule: (text, printed in bold)."""
    request = ReportRequest(
        unit.id, "Báo cáo năm", period, number_symbol="01/BC-BTV", issued_on=issued_on
    )
    request.with_charts = False
    doc = Document(io.BytesIO(produce(request, ReportKind.ANNUAL).data))
    cell = doc.tables[0].rows[0].cells[0]
    lines = []
    for p in cell.paragraphs:
        if p.text.startswith("Số:"):
            break
        if p.text.strip():
            lines.append((p.text, all(r.bold for r in p.runs if r.text.strip())))
    # No empty line above the first one (it would push page 1 down).
    assert cell.paragraphs[0].text.strip()
    return lines


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("province", [("HỘI LHPN VIỆT NAM", False), ("HỘI LHPN TỈNH HÀ TĨNH", True)]),
        ("district", [("HỘI LHPN TỈNH HÀ TĨNH", False), ("HỘI LHPN HUYỆN ĐỨC THỌ", True)]),
        # Before 2025 a commune's union answered to its district's.
        ("commune_a", [("HỘI LHPN HUYỆN ĐỨC THỌ", False), ("HỘI LHPN XÃ ĐỨC XƯƠNG", True)]),
        ("branch_a1", [("HỘI LHPN XÃ ĐỨC XƯƠNG", False), ("CHI HỘI AN CƯ 2", True)]),
    ],
)
def test_the_parent_body_stands_above_the_issuing_union(app, world, level, expected):
    assert _issuing_block(getattr(world, level)) == expected


def test_a_commune_since_2025_answers_to_the_province(app, world):
    move_unit(world.commune_a, world.province, on=date(2025, 7, 1))
    db.session.commit()
    after = Period(date(2025, 7, 1), date(2025, 12, 31))
    assert _issuing_block(world.commune_a, after) == [
        ("HỘI LHPN TỈNH HÀ TĨNH", False),
        ("HỘI LHPN XÃ ĐỨC XƯƠNG", True),
    ]
    # The first half of 2025 reported after the district was gone: issued to the province,
    # as its "Nơi nhận" says.
    first_half = Period(date(2025, 1, 1), date(2025, 6, 30))
    block = _issuing_block(world.commune_a, first_half, issued_on=date(2025, 7, 10))
    assert block[0] == ("HỘI LHPN TỈNH HÀ TĨNH", False)
    recipients = default_recipients(world.commune_a, date(2025, 7, 10))
    assert recipients.splitlines()[0] == "Hội LHPN tỉnh Hà Tĩnh (b/c);"
    # Issued while the district still stood: the district.
    block = _issuing_block(world.commune_a, first_half, issued_on=date(2025, 6, 30))
    assert block[0] == ("HỘI LHPN HUYỆN ĐỨC THỌ", False)


def test_a_group_prints_its_branch_above_it(app, world):
    group = make_unit("Số 1", UnitKind.GROUP, world.branch_a1)
    assert _issuing_block(group) == [
        (world.branch_a1.union_name_upper, False),
        ("TỔ HỘI SỐ 1", True),
    ]


def test_a_commune_with_no_union_recorded_above_it_prints_only_its_own_name(app, world):
    alone = make_unit("Kỳ Lạc", UnitKind.COMMUNE)
    assert _issuing_block(alone) == [("HỘI LHPN XÃ KỲ LẠC", True)]
