"""Beneficiary and cadre imports: loose headers, categories and levels read from their
Vietnamese names, per-row errors, duplicates, and export → import into an empty commune giving
the same figures."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import make_unit
from tests.imports_support import confirm, import_file, preview, xlsx
from tests.members.factories import make_cadre
from webapp.extensions import db
from webapp.imports import engine
from webapp.imports.registry import register_of
from webapp.indicators import Period, compute
from webapp.models import UnitKind
from webapp.models.cadres import Cadre, CadrePosition, PoliticalTheory
from webapp.models.charity import Beneficiary, BeneficiaryCategory
from webapp.refusals import RecordError
from webapp.text import search_key

AT = date(2024, 12, 31)
CADRE_FIGURES = {
    "cadres.bch_total",
    "cadres.bch_grade12",
    "cadres.bch_theory_basic_plus",
    "cadres.btv_total",
    "cadres.branch_heads_total",
    "cadres.branch_heads_grade12",
    "cadres.branch_deputies_total",
    "cadres.chair_standard",
}


def _empty_commune(world):
    commune = make_unit("Đức Lạc", UnitKind.COMMUNE, world.district)
    make_unit("An Cư 2", UnitKind.BRANCH, commune)
    make_unit("Trung Hà", UnitKind.BRANCH, commune)
    return commune


def _beneficiary_figures(unit_ids: list[int]) -> Counter:
    rows = db.session.execute(
        select(Beneficiary.category, Beneficiary.is_household).where(
            Beneficiary.unit_id.in_(unit_ids)
        )
    ).all()
    return Counter(rows)


def test_a_beneficiary_list_lands_once_with_its_categories(world):
    header = ["STT", "Ho ten", "Doi tuong", "Là hộ", "Nam sinh", "Dia chi", "Chi hoi"]
    rows = [
        [1, "Nguyễn Thị Mai", "Phụ nữ nghèo", "", 1970, "Xóm 1", "An Cư 2"],
        [2, "Hộ ông Trần Văn Bình", "ho can ngheo", "x", None, "Xóm 2", "Trung Hà"],
        [3, "Lê Văn Tí", "Trẻ mồ côi", "", 2015, "", ""],
        [4, "Phạm Thị Nga", "Người giàu", "", 1980, "", ""],
        [5, "Nguyễn Thị Mai", "Phụ nữ nghèo", "", 1970, "Xóm 1", "An Cư 2"],
        [6, "Đỗ Thị Hà", "Người cao tuổi neo đơn", "có lẽ", 1940, "", ""],
    ]
    shown = preview("beneficiaries", world.staff_a, xlsx(header, rows, [["DANH SÁCH"]]))
    assert shown.counts == {"new": 3, "matched": 0, "rejected": 3}
    errors = {r.line: r.errors for r in shown.rows if r.errors}
    assert errors[6][0].startswith("Đối tượng “Người giàu” không có; ghi một trong:")
    assert errors[7] == ["Trùng với dòng 3 của tệp."]  # a title line and the header above
    assert errors[8][0].startswith("Là hộ: ghi x nếu có")
    assert shown.rows[1].creates == ["Người nhận hỗ trợ: Hộ ông Trần Văn Bình — Phụ nữ cận nghèo"]
    assert confirm("beneficiaries", world.staff_a, shown.token) == 3
    stored = {b.full_name: b for b in db.session.scalars(select(Beneficiary))}
    assert stored["Hộ ông Trần Văn Bình"].category is BeneficiaryCategory.NEAR_POOR_WOMAN
    assert stored["Hộ ông Trần Văn Bình"].is_household
    assert stored["Hộ ông Trần Văn Bình"].unit_id == world.branch_a2.id
    assert stored["Lê Văn Tí"].unit_id == world.commune_a.id

    again = preview("beneficiaries", world.staff_a, xlsx(header, rows[:3]))
    assert again.counts == {"new": 0, "matched": 3, "rejected": 0}


def test_beneficiaries_export_then_import_into_an_empty_commune(world):
    for name, category, unit, household in (
        ("Nguyễn Thị Mai", BeneficiaryCategory.POOR_WOMAN, world.branch_a1, False),
        ("Hộ Trần Văn Bình", BeneficiaryCategory.NEAR_POOR_WOMAN, world.branch_a2, True),
        ("Lê Văn Tí", BeneficiaryCategory.ORPHAN, world.commune_a, False),
        ("=HYPERLINK(1)", BeneficiaryCategory.OTHER, world.commune_a, False),
    ):
        db.session.add(
            Beneficiary(
                unit_id=unit.id,
                full_name=name,
                search_key=search_key(name),
                category=category,
                is_household=household,
                birth_year=1970,
            )
        )
    db.session.commit()
    source = [world.commune_a.id, world.branch_a1.id, world.branch_a2.id]
    before = _beneficiary_figures(source)
    register = register_of("beneficiaries")
    data = engine.export_xlsx(register, world.staff_a, world.commune_a, AT)
    commune = _empty_commune(world)
    _shown, count = import_file("beneficiaries", world.admin, data, commune)
    assert count == 4
    target = engine.unit_ids(world.admin, commune)
    assert _beneficiary_figures(target) == before
    text = engine.export_csv(register, world.staff_a, world.commune_a, AT)
    assert "'=HYPERLINK(1)" in text  # escaped in CSV, read back as the same name
    again = preview("beneficiaries", world.admin, text.encode(), commune, name="ds.csv")
    assert again.counts == {"new": 0, "matched": 4, "rejected": 0}


def test_a_cadre_list_with_levels_and_its_refusals(world):
    header = [
        "TT",
        "Họ và tên",
        "Năm sinh",
        "Đơn vị",
        "Chức vụ",
        "BCH",
        "BTV",
        "Nhiệm kỳ",
        "Ngày bắt đầu",
        "Trình độ văn hóa",
        "Chuyên môn",
        "LLCT",
    ]
    rows = [
        [
            1,
            "Trần Thị Lan",
            1975,
            "",
            "Chủ tịch",
            "x",
            "x",
            "2021–2026",
            "18/03/2021",
            "12/12",
            "Đại học",
            "Trung cấp",
        ],
        [
            2,
            "Lê Thị Hoa",
            1980,
            "An Cư 2",
            "Chi hội trưởng",
            "x",
            "",
            "",
            "01/04/2021",
            "9/12",
            "",
            "",
        ],
        [3, "Phạm Thị Nga", 1982, "An Cư 2", "Chủ tịch", "", "", "", "01/04/2021", "", "", ""],
        [4, "Đỗ Thị Hà", 1985, "", "Chi hội phó", "", "", "", "01/04/2021", "", "", ""],
        [
            5,
            "Vũ Thị Sen",
            1990,
            "Trung Hà",
            "Chi hội phó",
            "",
            "x",
            "",
            "01/04/2021",
            "13/12",
            "",
            "Tiến sĩ",
        ],
    ]
    shown = preview("cadres", world.staff_a, xlsx(header, rows))
    errors = {r.line: r.errors for r in shown.rows if r.errors}
    assert shown.counts == {"new": 2, "matched": 0, "rejected": 3}
    assert errors[4] == ["Chủ tịch, Phó Chủ tịch, Ủy viên BCH thuộc Hội cấp xã trở lên."]
    assert errors[5] == ["Chi hội trưởng, chi hội phó phải thuộc một chi hội (cột Đơn vị)."]
    assert errors[6][0].startswith("Trình độ văn hoá: “13/12”")
    assert confirm("cadres", world.staff_a, shown.token) == 2
    chair = db.session.scalar(select(Cadre).where(Cadre.position == CadrePosition.CHAIR))
    assert (chair.education_grade, chair.political_theory, chair.in_btv) == (
        12,
        PoliticalTheory.INTERMEDIATE,
        True,
    )
    values = compute(world.commune_a.id, Period(date(2024, 1, 1), AT), {"cadres.chair_standard"})
    assert values["cadres.chair_standard"] == 1
    with pytest.raises(RecordError, match="Không có dòng nào cần ghi"):
        confirm(
            "cadres", world.staff_a, preview("cadres", world.staff_a, xlsx(header, rows[:2])).token
        )


def test_cadres_export_then_import_into_an_empty_commune(world):
    make_cadre(
        world.commune_a,
        "Trần Thị Lan",
        CadrePosition.CHAIR,
        education_grade=12,
        political_theory=PoliticalTheory.INTERMEDIATE,
        in_btv=True,
        birth_year=1975,
    )
    make_cadre(
        world.commune_a,
        "Ngô Thị Bích",
        CadrePosition.VICE_CHAIR,
        political_theory=PoliticalTheory.BASIC,
    )
    make_cadre(
        world.branch_a1, "Lê Thị Hoa", CadrePosition.BRANCH_HEAD, in_bch=True, education_grade=12
    )
    make_cadre(world.branch_a2, "Vũ Thị Sen", CadrePosition.BRANCH_DEPUTY, education_grade=9)
    make_cadre(
        world.branch_a2, "Đinh Thị Cúc", CadrePosition.BRANCH_HEAD, ended_on=date(2023, 1, 1)
    )
    period = Period(date(2024, 1, 1), AT)
    before = compute(world.commune_a.id, period, CADRE_FIGURES)
    data = engine.export_xlsx(register_of("cadres"), world.staff_a, world.commune_a, AT)
    commune = _empty_commune(world)
    _shown, count = import_file("cadres", world.admin, data, commune)
    assert count == 4  # the cadre who left before the date is not in the list
    after = compute(commune.id, period, CADRE_FIGURES)
    assert {c: after[c] for c in CADRE_FIGURES} == {c: before[c] for c in CADRE_FIGURES}
    assert after["cadres.bch_total"] == 3
