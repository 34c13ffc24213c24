"""Imported households are linked to the member their head is — when exactly one current
member of the household's branch (or the units below it) bears the name with the same
diacritics and, when the file gives it, the same birth year. Never a guess: two namesakes leave
the household unlinked and the preview says which rows."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import page_text
from tests.imports_support import confirm, preview, xlsx
from tests.loans.factories import make_bank, make_group, make_programme
from tests.members.factories import make_member
from webapp.extensions import db
from webapp.models import Household

AS_OF = date(2024, 12, 31)
HEADER = [
    "STT",
    "Tổ TK&VV",
    "Chủ hộ",
    "Năm sinh",
    "Chi hội",
    "Chương trình",
    "Ngày vay",
    "Số tiền vay",
    "Hạn trả",
    "Dư nợ",
]


def _loan(n: int, head: str, branch: str, year: int | None = None) -> list:
    return [
        n,
        "Tổ Bình Minh",
        head,
        year,
        branch,
        "Cho vay hộ nghèo",
        date(2023, 1, n),
        30_000_000 + n * 1_000_000,
        date(2026, 1, 10),
        20_000_000,
    ]


@pytest.fixture()
def members(world):
    """The members a bank list's heads may be (and namesakes they must not be taken for)."""
    make_programme(make_bank(None), "Cho vay hộ nghèo")
    return {
        "mai": make_member(world.branch_a1, "Nguyễn Thị Mai", birth_year=1975),
        "yen": make_member(world.branch_a1, "Hoàng Thị Yên", birth_year=1980),
        "lan_70": make_member(world.branch_a1, "Trần Thị Lan", birth_year=1970),
        "lan_85": make_member(world.branch_a1, "Trần Thị Lan", birth_year=1985),
        "hoa_a1": make_member(world.branch_a1, "Lê Thị Hoa", birth_year=1990),
        "hoa_a2": make_member(world.branch_a2, "Lê Thị Hoa", birth_year=1960),
        "thu_70": make_member(world.branch_a2, "Phạm Thị Thu", birth_year=1970),
        "thu_82": make_member(world.branch_a2, "Phạm Thị Thu", birth_year=1982),
        "ha_b": make_member(world.branch_b1, "Đỗ Thị Hà", birth_year=1977),
        "cuc": make_member(world.branch_a1, "Nguyễn Thị Cúc", birth_year=1966),
        "sen": make_member(
            world.branch_a1, "Võ Thị Sen", left_on=date(2023, 5, 1), leave_reason="moved"
        ),
    }


def bank_list() -> bytes:
    return xlsx(
        HEADER,
        [
            _loan(1, "Nguyễn Thị Mai", "An Cư 2"),  # one member of that name: linked
            _loan(2, "Hoàng Thị Yến", "An Cư 2"),  # "Yến" is not the member "Yên"
            _loan(3, "Trần Thị Lan", "An Cư 2"),  # two members Lan, no year: not guessed
            _loan(4, "Lê Thị Hoa", "An Cư 2"),  # the other Hoa is in Trung Hà
            _loan(5, "Phạm Thị Thu", "Trung Hà", 1982),  # two Thu, the year tells
            _loan(6, "Đỗ Thị Hà", "Trung Hà"),  # her namesake is in another commune
            _loan(7, "NGUYỄN  THỊ CÚC", "An Cư 2"),  # capitals and a double space
            _loan(8, "Võ Thị Sen", "An Cư 2"),  # she left the union
            _loan(9, "Nguyễn Thị Mai", "An Cư 2"),  # Mai's second loan: her household again
            _loan(10, "Trần Thị Lan", "An Cư 2", 1985),  # a second loan of row 3's household
        ],
    )


def test_new_households_are_linked_to_the_one_member_their_head_is(world, members):
    data = bank_list()
    shown = preview("loans", world.staff_a, data, world.commune_a, AS_OF)
    by_line = {r.line: r for r in shown.rows}
    assert shown.counts == {"new": 10, "matched": 0, "rejected": 0}
    # Line 11 is a second loan of line 4's household (Lan, unlinked): it links nothing more.
    assert shown.links == {"linked": 4, "ambiguous": 1}
    assert shown.ambiguous_lines == "4"
    assert "Liên kết với hội viên Nguyễn Thị Mai (An Cư 2)" in by_line[2].creates
    assert by_line[4].notes == [
        "2 hội viên trùng tên: hộ chưa được liên kết với hội viên nào (chọn trên trang của hộ)."
    ]
    assert "Liên kết với hội viên Phạm Thị Thu (Trung Hà)" in by_line[6].creates
    assert not any("Liên kết" in m for m in by_line[3].creates + by_line[7].creates)

    assert confirm("loans", world.staff_a, shown.token) == 10
    linked = dict(db.session.execute(select(Household.head_name, Household.member_id)).all())
    assert linked == {
        "Nguyễn Thị Mai": members["mai"].id,
        "Hoàng Thị Yến": None,
        "Trần Thị Lan": None,
        "Lê Thị Hoa": members["hoa_a1"].id,
        "Phạm Thị Thu": members["thu_82"].id,
        "Đỗ Thị Hà": None,
        "NGUYỄN THỊ CÚC": members["cuc"].id,
        "Võ Thị Sen": None,
    }


def test_a_birth_year_that_no_namesake_has_links_nothing(world, members):
    data = xlsx(HEADER, [_loan(1, "Nguyễn Thị Mai", "An Cư 2", 1976)])
    shown = preview("loans", world.staff_a, data, world.commune_a, AS_OF)
    assert shown.links == {"linked": 0, "ambiguous": 0}
    assert shown.rows[0].notes == [
        "Có hội viên trùng tên nhưng khác năm sinh: hộ chưa được liên kết với hội viên nào."
    ]


def test_the_preview_page_counts_the_links_and_names_the_ambiguous_rows(staff, world, members):
    shown = staff.post_form(
        "/imports/upload",
        {
            "register": "loans",
            "unit_id": str(world.commune_a.id),
            "as_of": "31/12/2024",
            "file": (io.BytesIO(bank_list()), "ds.xlsx"),
        },
        content_type="multipart/form-data",
    )
    assert shown.status_code == 200
    text = page_text(shown)
    assert "4 hộ mới sẽ được liên kết với hội viên" in text
    assert "1 hộ có nhiều hội viên trùng tên, không liên kết (dòng 4)" in text


def test_savings_households_are_linked_the_same_way(world, members):
    group = make_group(world.branch_a1, make_bank(None, "vbard"), "Tổ Bình Minh")
    header = ["STT", "Tổ TK&VV", "Chủ hộ", "Năm sinh", "Chi hội", "Số dư tiết kiệm"]
    rows = [
        [1, "Tổ Bình Minh", "Nguyễn Thị Mai", None, "An Cư 2", 1_000_000],
        [2, "Tổ Bình Minh", "Trần Thị Lan", None, "An Cư 2", 2_000_000],
        [3, "", "Trần Thị Lan", 1970, "An Cư 2", 3_000_000],
    ]
    shown = preview("savings", world.staff_a, xlsx(header, rows), world.commune_a, AS_OF)
    assert shown.links == {"linked": 2, "ambiguous": 1}
    assert confirm("savings", world.staff_a, shown.token) == 3
    linked = db.session.execute(
        select(Household.group_id, Household.head_name, Household.member_id).order_by(Household.id)
    ).all()
    assert linked == [
        (group.id, "Nguyễn Thị Mai", members["mai"].id),
        (group.id, "Trần Thị Lan", None),
        (None, "Trần Thị Lan", members["lan_70"].id),
    ]
