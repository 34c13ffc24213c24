"""The 2025 structure: levels and kind words, dated parents, merges, dated member transfers."""

from __future__ import annotations

from datetime import date

import pytest

from tests.activities.factories import make_activity
from tests.members.factories import make_member
from webapp.documents.context import ReportRequest, build_context
from webapp.extensions import db
from webapp.indicators import Period, compute
from webapp.members.services.members import transfer_member
from webapp.models import Unit, UnitKind
from webapp.refusals import RecordError
from webapp.scope import unit_ids_for
from webapp.units.services.merges import MergePlan, merge_communes
from webapp.units.services.units import create_unit, move_unit, rename_unit

CODES = {"members.total", "members.admitted", "members.total_start", "activities.count"}
H1_2025 = Period(date(2025, 1, 1), date(2025, 6, 30))
H2_2025 = Period(date(2025, 7, 1), date(2025, 12, 31))
Y2025 = Period(date(2025, 1, 1), date(2025, 12, 31))
MERGED_ON = date(2025, 7, 1)


def _figures(unit: Unit, period: Period) -> dict:
    values = compute(unit.id, period, CODES)
    return {code: values.raw[code] for code in sorted(CODES)}


def _members(unit: Unit, period: Period) -> int:
    return compute(unit.id, period, {"members.total"}).raw["members.total"]


# --- levels and kind words -------------------------------------------------------------------


def test_a_ward_sits_directly_under_a_province_without_a_district(world):
    ward = create_unit("Thành Sen", UnitKind.COMMUNE, world.province, kind_word="Phường")
    branch = create_unit("Chi hội Tổ dân phố 1", UnitKind.BRANCH, ward)
    group = create_unit("Tổ hội số 1", UnitKind.GROUP, branch)
    assert ward.full_name == "Phường Thành Sen" and ward.union_name_upper == (
        "HỘI LHPN PHƯỜNG THÀNH SEN"
    )
    # The kind word typed in the name is not doubled.
    assert branch.name == "Tổ dân phố 1" and branch.full_name == "Chi hội Tổ dân phố 1"
    assert group.full_name == "Tổ hội số 1"
    rename_unit(branch, "chi hội Tổ dân phố 2")
    assert branch.full_name == "Chi hội Tổ dân phố 2"
    # A ward typed with its word in the name gets the word as its kind word.
    special = create_unit("Đặc khu Cồn Cỏ", UnitKind.COMMUNE, world.province)
    assert (special.name, special.level_word) == ("Cồn Cỏ", "Đặc khu")
    member = make_member(branch, "Lê Thị Phường", joined_on=date(2025, 8, 1))
    assert member.unit_id == branch.id
    assert _members(world.province, Y2025) == 1


def test_levels_still_refuse_what_does_not_fit(world):
    with pytest.raises(RecordError, match="Chi hội phải trực thuộc cấp xã"):
        create_unit("Thôn Mới", UnitKind.BRANCH, world.province)
    with pytest.raises(RecordError, match="phải trực thuộc cấp tỉnh / huyện"):
        create_unit("Mới", UnitKind.COMMUNE, world.commune_a)
    with pytest.raises(RecordError, match="Cấp này chỉ dùng"):
        create_unit("Mới", UnitKind.COMMUNE, world.province, kind_word="Quận")


def test_the_admin_form_adds_a_ward_under_the_province(app, world):
    from tests.conftest import client_for
    from tests.factories import PASSWORD

    admin = client_for(app, world.admin, PASSWORD)
    response = admin.post_form(
        "/admin/units/",
        {
            "name": "Trần Phú",
            "kind": "commune",
            "kind_word": "Phường",
            "parent_id": str(world.province.id),
        },
    )
    assert response.status_code == 302
    ward = db.session.query(Unit).filter_by(name="Trần Phú").one()
    assert ward.parent_id == world.province.id and ward.full_name == "Phường Trần Phú"
    assert "Phường Trần Phú" in admin.get("/admin/units/").get_data(as_text=True)


# --- wording of documents --------------------------------------------------------------------


def test_a_report_of_a_ward_under_a_province_speaks_of_the_ward(app, world):
    from tests.reports.docx_helpers import docx_text
    from webapp.documents.render import render_docx
    from webapp.documents.storage import default_template_path

    ward = create_unit("Thành Sen", UnitKind.COMMUNE, world.province, kind_word="Phường")
    branch = create_unit("Tổ dân phố 1", UnitKind.BRANCH, ward)
    make_member(branch, "Lê Thị Một", joined_on=date(2024, 1, 5))
    db.session.commit()
    req = ReportRequest(
        ward.id, "Báo cáo giữa nhiệm kỳ", Period(date(2023, 1, 1), date(2025, 12, 31))
    )
    context, _ = build_context(req)
    assert context["issuing"]["parent_union_upper"] == "HỘI LHPN TỈNH HÀ TĨNH"
    assert context["unit"]["union_name_upper"] == "HỘI LHPN PHƯỜNG THÀNH SEN"
    data = render_docx(default_template_path("mid-term"), lambda tpl: build_context(req, tpl)[0])
    text = docx_text(data)
    assert "HỘI LHPN PHƯỜNG THÀNH SEN" in text and "HỘI LHPN TỈNH HÀ TĨNH" in text
    assert "toàn phường là 1 hội viên" in text
    assert "HỘI LHPN XÃ" not in text and "toàn xã" not in text


def test_the_issuing_body_is_the_parent_on_the_report_date(world):
    move_unit(world.commune_a, world.province, on=MERGED_ON)
    db.session.commit()
    before = ReportRequest(
        world.commune_a.id, "Báo cáo năm", Period(date(2023, 1, 1), date(2023, 12, 31))
    )
    after = ReportRequest(world.commune_a.id, "Báo cáo năm", H2_2025)
    assert build_context(before)[0]["unit"]["parent_issuer"] == "HỘI LHPN HUYỆN ĐỨC THỌ"
    assert build_context(after)[0]["unit"]["parent_issuer"] == "HỘI LHPN TỈNH HÀ TĨNH"


# --- dated moves ------------------------------------------------------------------------------


def test_a_moved_commune_counts_under_its_old_district_before_the_move(world):
    make_member(world.branch_a1, "Trần Thị Cũ", joined_on=date(2020, 1, 1))
    make_member(world.branch_a1, "Trần Thị Đầu Năm", joined_on=date(2025, 3, 1))
    make_member(world.branch_a1, "Trần Thị Cuối Năm", joined_on=date(2025, 9, 1))
    make_activity(world.branch_a1, held_on=date(2025, 3, 3))
    make_activity(world.branch_a1, held_on=date(2025, 9, 9))
    move_unit(world.commune_a, world.province, on=MERGED_ON)
    db.session.commit()
    district, province = world.district, world.province
    assert world.commune_a.id in unit_ids_for(district.id, date(2025, 6, 30))
    assert world.commune_a.id not in unit_ids_for(district.id, date(2025, 7, 1))
    assert _figures(district, H1_2025) == {
        "activities.count": 1,
        "members.admitted": 1,
        "members.total": 2,
        "members.total_start": 1,
    }
    # Across the move: each record once, under the unit it belonged to on its date.
    assert _figures(district, Y2025) == {
        "activities.count": 1,
        "members.admitted": 1,
        "members.total": 0,  # at 31/12/2025 the commune is no longer the district's
        "members.total_start": 1,
    }
    assert _figures(district, H2_2025)["members.total"] == 0
    assert _figures(province, Y2025) == {
        "activities.count": 2,
        "members.admitted": 2,
        "members.total": 3,
        "members.total_start": 1,
    }
    with pytest.raises(RecordError, match="ngày chuyển mới phải từ ngày đó"):
        move_unit(world.commune_a, world.district, on=date(2025, 1, 1))


# --- merges -----------------------------------------------------------------------------------


def _merge_world(world):
    """Đức Xương (A: An Cư 2, Trung Hà) and Đức Long (B: Long Thủy) merge on 01/07/2025 into a
    new commune under the province; Trung Hà is merged into An Cư 2."""
    w = world
    make_member(w.branch_a1, "A1 cũ", joined_on=date(2020, 1, 1))
    make_member(w.branch_a2, "A2 cũ", joined_on=date(2020, 1, 1))
    make_member(w.branch_a2, "A2 tháng 3", joined_on=date(2025, 3, 1))
    make_member(w.branch_b1, "B1 cũ", joined_on=date(2020, 1, 1))
    make_member(w.branch_b1, "B1 tháng 9", joined_on=date(2025, 9, 1))
    make_activity(w.branch_a2, held_on=date(2025, 2, 2))
    make_activity(w.commune_a, held_on=date(2025, 4, 4))
    make_activity(w.branch_b1, held_on=date(2025, 8, 8))
    make_activity(w.branch_a1, held_on=date(2023, 5, 5))
    before = {
        u: _figures(u, Period(date(2023, 1, 1), date(2023, 12, 31)))
        for u in (w.commune_a, w.district)
    }
    new = merge_communes(
        MergePlan(
            communes=[w.commune_a, w.commune_b],
            on=MERGED_ON,
            new_name="Xã Đức Thọ",
            new_parent=w.province,
            branch_into={w.branch_a2.id: w.branch_a1.id},
        )
    )
    db.session.commit()
    return new, before


def test_a_merge_keeps_reports_before_across_and_after_it(world):
    w = world
    new, before = _merge_world(w)
    assert new.full_name == "Xã Đức Thọ" and new.parent_id == w.province.id
    assert w.commune_a.is_retired and w.branch_a2.is_retired and not w.branch_a1.is_retired
    # Reports before the merge are unchanged.
    for unit, figures in before.items():
        assert _figures(unit, Period(date(2023, 1, 1), date(2023, 12, 31))) == figures
    assert _figures(w.commune_a, H1_2025) == {
        "activities.count": 2,
        "members.admitted": 1,
        "members.total": 3,
        "members.total_start": 2,
    }
    # The new commune's report for 2025 counts both predecessors, each record once.
    assert _figures(new, Y2025) == {
        "activities.count": 3,
        "members.admitted": 2,
        "members.total": 5,
        "members.total_start": 3,
    }
    assert _figures(new, H1_2025)["members.total"] == 4
    # The old commune's report across the merge stops at the merge; the district's too.
    assert _figures(w.commune_a, Y2025) == {
        "activities.count": 2,
        "members.admitted": 1,
        "members.total": 0,
        "members.total_start": 2,
    }
    assert _figures(w.district, Y2025)["members.total"] == 0
    assert _figures(w.district, Y2025)["activities.count"] == 2
    # After the merge, the branch that took Trung Hà's members counts them; before, Trung Hà
    # did, and An Cư 2 (its successor) sums it in as a predecessor.
    assert _members(w.branch_a1, H2_2025) == 3
    assert _members(w.branch_a2, H1_2025) == 2
    assert _members(w.branch_a1, H1_2025) == 3
    assert _members(w.branch_a2, H2_2025) == 0
    assert _figures(w.province, Y2025)["members.total"] == 5
    # The staff of the old commune now work for the new one.
    assert w.staff_a.unit_id == new.id


def test_a_merge_into_an_existing_commune_and_its_refusals(world):
    w = world
    with pytest.raises(RecordError, match="ít nhất hai"):
        merge_communes(MergePlan(communes=[w.commune_a], on=MERGED_ON, new_name="X"))
    with pytest.raises(RecordError, match="vẫn hoạt động sau hợp nhất"):
        merge_communes(
            MergePlan(
                communes=[w.commune_b],
                on=MERGED_ON,
                into=w.commune_a,
                branch_into={w.branch_b1.id: w.branch_b1.id},
            )
        )
    make_member(w.branch_b1, "B1", joined_on=date(2020, 1, 1))
    merge_communes(MergePlan(communes=[w.commune_b], on=MERGED_ON, into=w.commune_a))
    db.session.commit()
    assert w.branch_b1.parent_id == w.commune_a.id
    assert _members(w.commune_a, H1_2025) == 1  # summed from its predecessor before the merge
    assert _members(w.commune_b, H1_2025) == 1 and _members(w.commune_b, H2_2025) == 0


# --- dated member transfers -------------------------------------------------------------------


def test_a_transfer_keeps_her_in_the_old_branch_for_earlier_periods(world):
    w = world
    member = make_member(w.branch_a1, "Nguyễn Thị Chuyển", joined_on=date(2020, 1, 1))
    make_member(w.branch_a2, "Nguyễn Thị Ở", joined_on=date(2020, 1, 1))
    transfer_member(member, w.branch_a2, date(2024, 5, 1), None)
    db.session.commit()
    y2023 = Period(date(2023, 1, 1), date(2023, 12, 31))
    y2024 = Period(date(2024, 1, 1), date(2024, 12, 31))
    assert (_members(w.branch_a1, y2023), _members(w.branch_a2, y2023)) == (1, 1)
    assert (_members(w.branch_a1, y2024), _members(w.branch_a2, y2024)) == (0, 2)
    assert compute(w.branch_a1.id, y2024, {"members.total_start"}).raw["members.total_start"] == 1
    assert _members(w.commune_a, y2023) == 2 and _members(w.commune_a, y2024) == 2
    # A transfer to another commune moves her figures there from the transfer date only.
    transfer_member(member, w.branch_b1, date(2025, 2, 1), None)
    db.session.commit()
    assert _members(w.commune_b, y2024) == 0 and _members(w.commune_b, Y2025) == 1
    assert _members(w.commune_a, y2024) == 2 and _members(w.commune_a, Y2025) == 1


def test_editing_the_branch_of_a_member_is_a_dated_transfer(world):
    from webapp.members.services.members import MemberData, update_member

    w = world
    member = make_member(w.branch_a1, "Nguyễn Thị Sửa", joined_on=date(2020, 1, 1))
    data = MemberData(
        **{f: getattr(member, f) for f in MemberData.__dataclass_fields__ if f != "unit_id"},
        unit_id=w.branch_a2.id,
    )
    update_member(member, data, member.version, None, today=date(2024, 3, 1))
    db.session.commit()
    assert _members(w.branch_a1, Period(date(2023, 1, 1), date(2023, 12, 31))) == 1
    assert _members(w.branch_a1, Period(date(2024, 1, 1), date(2024, 12, 31))) == 0


# --- the demo's 2025 merge --------------------------------------------------------------------


def test_the_demo_shows_the_2025_merge_and_keeps_the_2023_report(app):
    from sqlalchemy import select

    from webapp.demo import seed_demo
    from webapp.demo.merge2025 import NEW_COMMUNE

    demo = seed_demo()
    db.session.commit()
    commune = demo.commune
    new = db.session.scalars(select(Unit).where(Unit.name == NEW_COMMUNE)).one()
    neighbour = demo.extra["neighbour"]
    assert new.parent_id == demo.province.id and commune.parent_id == new.id
    assert {b.parent_id for b in demo.branches} == {new.id}
    y2023 = Period(date(2023, 1, 1), date(2023, 12, 31))
    context, _ = build_context(ReportRequest(commune.id, "Báo cáo năm", y2023))
    assert context["unit"]["parent_issuer"] == "HỘI LHPN HUYỆN ĐỨC THỌ"
    assert context["unit"]["issuer"] == "HỘI LHPN XÃ ĐỨC XƯƠNG"
    assert context["members"]["total"] == "1.412"
    # The new commune's 2025 report counts both predecessors; the district stops at 30/06.
    old = _members(commune, H1_2025)
    other = _members(neighbour, H1_2025)
    assert (old, other) == (1412, 270)
    assert _members(new, H1_2025) == old + other
    assert _members(new, Y2025) == _members(demo.province, Y2025) > old + other - 5
    assert _members(demo.district, H2_2025) == 0
    new_context, _ = build_context(ReportRequest(new.id, "Báo cáo năm", Y2025))
    assert new_context["unit"]["parent_issuer"] == "HỘI LHPN TỈNH HÀ TĨNH"
    assert new_context["unit"]["issuer"] == "HỘI LHPN XÃ ĐỨC MINH"


def test_the_admin_merges_communes_on_the_merge_page(app, world):
    from tests.conftest import client_for
    from tests.factories import PASSWORD

    w = world
    make_member(w.branch_a2, "Trần Thị Chuyển", joined_on=date(2020, 1, 1))
    admin = client_for(app, w.admin, PASSWORD)
    fields = {
        "communes": [str(w.commune_a.id), str(w.commune_b.id)],
        "on": "01/07/2025",
        "into": "",
        "new_name": "Đức Thọ",
        "new_kind_word": "Xã",
        "new_parent": str(w.province.id),
    }
    page = admin.post_form("/admin/units/merge", {**fields, "step": "plan"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Chi hội Long Thủy (Xã Đức Long)" in text
    assert "Sáp nhập vào Chi hội An Cư 2" in text
    done = admin.post_form(
        "/admin/units/merge",
        {**fields, "step": "confirm", f"branch_{w.branch_a2.id}": str(w.branch_a1.id)},
    )
    assert done.status_code == 302
    new = db.session.query(Unit).filter_by(name="Đức Thọ", kind=UnitKind.COMMUNE).one()
    assert new.parent_id == w.province.id
    db.session.expire_all()
    assert w.branch_a2.retired_on == MERGED_ON and w.branch_b1.parent_id == new.id
    assert _members(w.branch_a1, H2_2025) == 1 and _members(w.branch_a2, H1_2025) == 1
    # Merging again on the old communes is refused: they are retired.
    again = admin.post_form("/admin/units/merge", {**fields, "step": "confirm"})
    assert again.status_code == 422


def test_loans_follow_the_tree_of_their_dates(world):
    from tests.loans.factories import make_bank, make_household, make_loan, make_programme

    w = world
    programme = make_programme(make_bank(None))
    household = make_household(w.branch_a1, group=None)
    make_loan(household, programme, date(2025, 2, 1), 10_000_000, date(2028, 1, 1), group=False)
    make_loan(household, programme, date(2025, 8, 1), 20_000_000, date(2028, 1, 1), group=False)
    move_unit(w.commune_a, w.province, on=MERGED_ON)
    db.session.commit()
    codes = {"loans.disbursed_vnd", "loans.outstanding_vnd"}
    district = compute(w.district.id, Y2025, codes).raw
    province = compute(w.province.id, Y2025, codes).raw
    # Lent while under the district: the district's flow; the balance at 31/12 is the province's.
    assert (district["loans.disbursed_vnd"], district["loans.outstanding_vnd"]) == (10_000_000, 0)
    assert (province["loans.disbursed_vnd"], province["loans.outstanding_vnd"]) == (
        30_000_000,
        30_000_000,
    )


def test_savings_follow_the_tree_of_their_dates(world):
    from tests.loans.factories import make_deposit, make_household

    w = world
    household = make_household(w.branch_a1, group=None)
    make_deposit(household, date(2025, 2, 1), 100_000)
    make_deposit(household, date(2025, 9, 1), 300_000)
    move_unit(w.commune_a, w.province, on=MERGED_ON)
    db.session.commit()
    codes = {"savings.balance_vnd", "savings.households", "savings.monthly_vnd"}
    # Before the move: the deposit is the district's.
    assert compute(w.district.id, H1_2025, codes).raw == {
        "savings.balance_vnd": 100_000,
        "savings.households": 1,
        "savings.monthly_vnd": 100_000,
    }
    # Across it: the balance at 31/12 is the province's, the usual deposit the one made here.
    assert compute(w.district.id, Y2025, codes).raw == {
        "savings.balance_vnd": 0,
        "savings.households": 0,
        "savings.monthly_vnd": 100_000,
    }
    province = compute(w.province.id, Y2025, codes).raw
    assert (province["savings.balance_vnd"], province["savings.households"]) == (400_000, 1)


def test_dues_and_population_follow_the_tree_of_their_dates(world):
    from tests.members.factories import make_dues, make_population

    w = world
    first = make_member(w.branch_a1, "Trần Thị Hội Phí", joined_on=date(2020, 1, 1))
    second = make_member(w.branch_a1, "Lê Thị Hội Phí", joined_on=date(2020, 1, 1))
    early = make_dues(first, 2025, amount=12_000)
    late = make_dues(second, 2025, amount=30_000)
    early.paid_on, late.paid_on = date(2025, 3, 1), date(2025, 10, 1)
    make_population(w.commune_a, 2025, 800)
    move_unit(w.commune_a, w.province, on=MERGED_ON)
    db.session.commit()
    codes = {"members.dues_amount_vnd", "members.women_18plus"}
    # Paid while under the district: the district's; the population at 31/12 is the province's.
    assert compute(w.district.id, Y2025, codes).raw == {
        "members.dues_amount_vnd": 12_000,
        "members.women_18plus": None,
    }
    assert compute(w.province.id, Y2025, codes).raw == {
        "members.dues_amount_vnd": 42_000,
        "members.women_18plus": 800,
    }
    assert compute(w.district.id, H1_2025, codes).raw == {
        "members.dues_amount_vnd": 42_000,  # the dues of 2025, all paid to the district's then
        "members.women_18plus": 800,
    }
