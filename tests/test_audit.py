"""The audit trail: every change of every register, recorded in the same transaction."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.audit_samples import SAMPLES
from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.audit import audit_area
from webapp.extensions import db
from webapp.models import AuditEntry, Unit
from webapp.trash import move_to_trash, restore
from webapp.trash_bin.services import record_models


def _entries(record) -> list[AuditEntry]:
    from sqlalchemy import inspect

    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.table_name == inspect(record).mapper.local_table.name,
                AuditEntry.record_id == record.id,
            )
            .order_by(AuditEntry.id)
        )
    )


def test_every_area_has_an_audit_sample(app):
    areas = {model.__audit_area__ for model in record_models().values()} | {"units", "accounts"}
    missing = areas - set(SAMPLES)
    assert not missing, f"add a sample for these areas to tests/audit_samples.py: {missing}"


@pytest.mark.parametrize("area", sorted(SAMPLES))
def test_create_update_trash_restore_are_recorded(app, world, area):
    record, change = SAMPLES[area](world)
    assert audit_area(record) == area
    change(record)
    db.session.commit()
    entries = _entries(record)
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[0].unit_id == getattr(record, "unit_id", getattr(record, "id", None))
    update = _entries(record)[-1]
    assert len(update.changes) == 1
    ((before, after),) = update.changes.values()
    assert before != after
    if hasattr(record, "deleted_at"):
        move_to_trash(record)
        db.session.commit()
        restore(record)
        db.session.commit()
        assert [e.action for e in _entries(record)][-2:] == ["trash", "restore"]


def test_a_rolled_back_change_leaves_no_entry(app, world):
    count = db.session.query(AuditEntry).count()
    world.branch_a1.name = "Đổi rồi huỷ"
    db.session.flush()
    db.session.rollback()
    assert db.session.query(AuditEntry).count() == count


def test_the_trail_names_who_did_it_and_hides_secrets(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    admin.post_form(f"/admin/units/{world.branch_a1.id}/rename", {"name": "An Cư Hai"}, htmx=True)
    admin.post_form(f"/admin/accounts/{world.staff_a.id}/password")
    rename = _entries(db.session.get(Unit, world.branch_a1.id))[-1]
    assert rename.user_id == world.admin.id
    assert rename.changes == {"name": ["An Cư 2", "An Cư Hai"]}
    reset = _entries(world.staff_a)[-1]
    assert reset.changes["password_hash"] == ["***", "*** (đã đổi)"]
    assert "$argon2" not in str(reset.changes)


def test_audit_entries_cannot_be_edited(app, world):
    entry = db.session.scalars(select(AuditEntry)).first()
    entry.action = "forged"
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()


def test_admin_filters_and_exports_the_trail(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    admin.post_form(f"/admin/units/{world.branch_a1.id}/rename", {"name": "An Cư Hai"}, htmx=True)
    page = admin.get(f"/admin/audit/?user_id={world.admin.id}&area=units").get_data(as_text=True)
    assert "An Cư 2 → An Cư Hai" in page
    none = admin.get(f"/admin/audit/?user_id={world.staff_a.id}&area=units").get_data(as_text=True)
    assert "An Cư 2 → An Cư Hai" not in none
    with admin.get(f"/admin/audit/export.xlsx?area=units&user_id={world.admin.id}") as response:
        sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Thời gian"
    assert any(r[7] == "name" and r[8] == "An Cư 2" and r[9] == "An Cư Hai" for r in rows[1:])


def test_a_commune_admin_sees_only_the_trail_of_their_units(app, world):
    client_for(app, world.admin, PASSWORD).post_form(
        f"/admin/units/{world.branch_a1.id}/rename", {"name": "An Cư Hai"}, htmx=True
    )
    page = client_for(app, world.admin_b, PASSWORD).get("/admin/audit/").get_data(as_text=True)
    assert "An Cư 2 → An Cư Hai" not in page


def test_bulk_statements_leave_a_summary_entry(app, world):
    from sqlalchemy import update

    from tests.members.factories import make_member
    from webapp.models import Member

    make_member(world.branch_a1, "Mẫu Một")
    db.session.execute(
        update(Member).where(Member.unit_id == world.branch_a1.id).values(phone="0900000000")
    )
    db.session.commit()
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.table_name, entry.changes["rows"]) == (
        "bulk-update",
        "members",
        [None, 1],
    )
    assert "phone" in entry.changes["columns"][1]


def test_a_records_page_shows_its_history(app, world):
    from tests.reports.factories import make_draft

    draft = make_draft(world.commune_a, title="Báo cáo năm")
    staff = client_for(app, world.staff_a, PASSWORD)
    staff.post_form(
        f"/reports/{draft.id}/narrative/tinh_hinh", {"html": "<p>Ổn định</p>"}, htmx=True
    )
    page = staff.get(f"/reports/{draft.id}").get_data(as_text=True)
    assert "Lịch sử thay đổi" in page
    assert "Nguyễn Thị Huế · Sửa" in page and "<ins>Ổn định</ins>" in page


def test_member_and_beneficiary_pages_show_their_change_history(app, world):
    from tests.charity.factories import make_beneficiary
    from tests.members.factories import make_member

    member = make_member(world.branch_a1, "Phạm Thị Lịch Sử")
    member.phone = "0987654321"
    db.session.commit()
    staff = client_for(app, world.staff_a, PASSWORD)
    page = staff.get(f"/members/{member.id}").get_data(as_text=True)
    assert "Lịch sử thay đổi" in page and "0987654321" in page
    person = make_beneficiary(world.branch_a1)
    assert "Lịch sử thay đổi" in staff.get(f"/charity/beneficiaries/{person.id}").get_data(
        as_text=True
    )
