"""The province's page (issue 13 §4): for a period and report kind, every commune-level union under
it — report sent or not, when, its number, figures changed since sending — with key figures per
commune, sortable and exported to .xlsx; nobody outside the subtree sees any of it."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from tests.conftest import client_for, page_text
from tests.factories import PASSWORD, make_unit, make_user
from tests.loans.factories import make_bank, make_group, make_household, make_loan, make_programme
from tests.members.factories import make_member
from tests.reports.factories import make_draft, make_report_file
from webapp.extensions import db
from webapp.indicators import Period, compute
from webapp.models import Role, UnitKind
from webapp.reports.services import province as svc

URL = "/reports/province/{}?kind=annual&year=2023"


def _row(page: str, unit_id: int) -> str:
    match = re.search(rf'<tr id="commune-{unit_id}">(.*?)</tr>', page, re.S)
    assert match, f"no row for unit {unit_id}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def _province_world(world):
    """Commune A with a sent 2023 annual report, 3 members and one loan; commune B with a draft
    only and 1 member; a new ward directly under the province with nothing yet."""
    for name in ("Hoa", "Lan", "Mai"):
        make_member(world.branch_a1, f"Nguyễn Thị {name}")
    make_member(world.branch_b1, "Trần Thị Cúc")
    bank = make_bank(None, "nhcsxh")
    programme = make_programme(bank)
    household = make_household(world.branch_a1, make_group(world.branch_a1, bank))
    make_loan(household, programme, amount=40_000_000)
    ward = make_unit("Thành Sen", UnitKind.COMMUNE, world.province)
    sent = make_draft(world.commune_a, number=12)
    report_file = make_report_file(sent)
    # The sent file printed every figure as it is now, except 2 members where there are 3 now.
    now = compute(world.commune_a.id, Period(date(2023, 1, 1), date(2023, 12, 31))).raw
    printed = {
        k: float(v) if isinstance(v, Decimal) else v for k, v in now.items() if v is not None
    }
    report_file.figures = {**printed, "members.total": 2}
    sent.sent_at = datetime(2024, 1, 5, 2, 30, tzinfo=UTC)
    sent.sent_file_id = report_file.id
    make_draft(world.commune_b, number=3)
    db.session.commit()
    return ward, sent


def test_the_province_sees_every_commune_with_its_report_and_figures(app, world):
    ward, sent = _province_world(world)
    province_viewer = make_user(Role.VIEWER, world.province, "tinh")
    client = client_for(app, province_viewer, PASSWORD)
    page = page_text(client.get(URL.format(world.province.id)))

    assert "1/3 đơn vị đã gửi báo cáo" in page
    row_a = _row(page, world.commune_a.id)
    assert "Xã Đức Xương" in row_a
    assert "Đã gửi 05/01/2024 09:30" in row_a  # local time
    assert "12/BC-BTV" in row_a
    # The figures changed since sending come per row, as the row shows (one report each).
    assert f'hx-get="/reports/province/changes/{sent.id}" hx-trigger="revealed"' in page
    changes = page_text(client.get(f"/reports/province/changes/{sent.id}"))
    assert "1 chỉ số" in changes and "Tổng số hội viên: 2 → 3" in changes
    assert "40 triệu đồng" in row_a and "0%" in row_a
    row_b = _row(page, world.commune_b.id)
    assert "Đang soạn" in row_b and "03/BC-BTV" in row_b
    row_ward = _row(page, ward.id)
    assert "Chưa có" in row_ward
    # A district's page lists only its own communes.
    district_page = page_text(client.get(URL.format(world.district.id)))
    assert f'id="commune-{ward.id}"' not in district_page
    assert f'id="commune-{world.commune_a.id}"' in district_page


def test_sorting_by_members_and_the_xlsx_export(app, world):
    ward, _sent = _province_world(world)
    client = client_for(app, world.admin, PASSWORD)
    page = page_text(client.get(URL.format(world.province.id) + "&sort=members&desc=1"))
    order = [int(i) for i in re.findall(r'<tr id="commune-(\d+)">', page)]
    assert order == [world.commune_a.id, world.commune_b.id, ward.id]

    response = client.get(
        f"/reports/province/{world.province.id}/export.xlsx?kind=annual&year=2023&sort=members&desc=1"
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:5] == ("Đơn vị", "Đã gửi", "Thời điểm gửi", "Số báo cáo", "Tổng số hội viên")
    assert rows[2][0] == "Xã Đức Xương" and rows[2][1] == "x" and rows[2][3] == "12/BC-BTV"
    assert rows[2][2] == datetime(2024, 1, 5, 9, 30)
    assert rows[2][4] == 3 and rows[2][6] == 40_000_000
    assert rows[3][0] == "Xã Đức Long" and rows[3][1] in ("", None) and rows[3][4] == 1


def test_nobody_outside_the_subtree_sees_the_page(app, world):
    _ward, sent = _province_world(world)
    for user in (world.staff_b, world.admin_b, world.staff_a):
        client = client_for(app, user, PASSWORD)
        assert client.get(URL.format(world.province.id)).status_code == 404
        assert client.get(URL.format(world.district.id)).status_code == 404
        assert client.get(f"/reports/province/{world.province.id}/export.xlsx").status_code == 404
    # Commune B's staff cannot read commune A's sent report's changes either.
    outsider = client_for(app, world.staff_b, PASSWORD)
    assert outsider.get(f"/reports/province/changes/{sent.id}").status_code == 404
    # A commune's own staff sees its own line only.
    page = page_text(client_for(app, world.staff_b, PASSWORD).get(URL.format(world.commune_b.id)))
    assert f'id="commune-{world.commune_b.id}"' in page
    assert "Đức Xương" not in page


def test_the_entry_page_opens_the_users_own_unit(app, world):
    viewer = client_for(app, world.viewer_district, PASSWORD)
    response = viewer.get("/reports/province?kind=annual&year=2023")
    assert response.status_code == 302
    assert response.location.startswith(f"/reports/province/{world.district.id}?")


def test_a_retired_commune_is_listed_only_for_periods_it_was_active(app, world):
    world.commune_b.retired_on = date(2023, 6, 1)
    db.session.commit()
    year_2023 = Period(date(2023, 1, 1), date(2023, 12, 31))
    year_2024 = Period(date(2024, 1, 1), date(2024, 12, 31))
    assert "Đức Long" in [u.name for u in svc.communes_under(world.province.id, year_2023)]
    assert "Đức Long" not in [u.name for u in svc.communes_under(world.province.id, year_2024)]


def test_a_merge_lists_the_communes_as_they_were_at_the_periods_end(app, world):
    from webapp.models.reports import ReportKind
    from webapp.units.services.merges import MergePlan, merge_communes

    make_member(world.branch_a1, "Nguyễn Thị Xương", joined_on=date(2020, 1, 1))
    make_member(world.branch_b1, "Trần Thị Long", joined_on=date(2020, 1, 1))
    make_member(world.branch_b1, "Lê Thị Mới", joined_on=date(2025, 9, 1))
    new = merge_communes(
        MergePlan(
            communes=[world.commune_a, world.commune_b],
            on=date(2025, 7, 1),
            new_name="Xã Đức Minh",
            new_parent=world.province,
        )
    )
    db.session.commit()
    before = Period(date(2025, 1, 1), date(2025, 6, 30))
    after = Period(date(2025, 1, 1), date(2025, 12, 31))
    names = {p: [u.name for u in svc.communes_under(world.province.id, p)] for p in (before, after)}
    # Before the merge: the two communes, not their successor (it did not exist yet).
    assert "Đức Xương" in names[before] and "Đức Long" in names[before]
    assert "Đức Minh" not in names[before]
    # A period ending after it: the successor only, whose figures hold its predecessors'.
    assert "Đức Minh" in names[after]
    assert "Đức Xương" not in names[after] and "Đức Long" not in names[after]
    for period, total in ((before, 2), (after, 3)):
        view = svc.province_view(world.admin, world.province.id, ReportKind.ANNUAL, period)
        assert view is not None
        rows = {row.unit.name: row.raw["members.total"] for row in view.rows}
        assert sum(rows.values()) == total  # each member once
        assert compute(world.province.id, period, {"members.total"}).raw["members.total"] == total
    # The district, before the merge, still lists its two communes.
    district = [u.name for u in svc.communes_under(world.district.id, before)]
    assert "Đức Xương" in district and "Đức Long" in district
    assert new.id not in [u.id for u in svc.communes_under(world.district.id, after)]
