"""Shared reference data (issue 13 §3): banks and programmes are national rows any unit uses, with
an optional local office per unit; activity kinds, tags and output units are shared, with
additions of a unit's own that only its subtree is offered."""

from __future__ import annotations

from sqlalchemy import func, select, text

from tests.conftest import client_for, page_text
from tests.factories import PASSWORD, make_unit, make_user
from tests.loans.factories import make_bank, make_programme
from webapp.extensions import db
from webapp.models import (
    ActivityKind,
    ActivityTag,
    Bank,
    BankOffice,
    LoanGroup,
    Role,
    UnitKind,
)

# --- banks and programmes -----------------------------------------------------------------------


def test_a_new_communes_group_form_offers_the_shared_banks_and_saves_with_one(app, world):
    nhcsxh = make_bank(None, "nhcsxh")
    make_bank(None, "agribank")
    new_commune = make_unit("Đức Thịnh", UnitKind.COMMUNE, world.province)
    branch = make_unit("Thôn 1", UnitKind.BRANCH, new_commune)
    staff = make_user(Role.STAFF, new_commune, "canbo_moi")
    client = client_for(app, staff, PASSWORD)

    form = page_text(client.get("/loans/groups/new"))
    assert f'<option value="{nhcsxh.id}">NHCSXH</option>' in form
    assert ">Agribank</option>" in form

    response = client.post_form(
        "/loans/groups/new",
        {
            "name": "Tổ TK&VV thôn 1",
            "unit_id": str(branch.id),
            "bank_id": str(nhcsxh.id),
            "leader_name": "",
            "founded_on": "2025-08-01",
        },
    )
    assert response.status_code == 302, page_text(response)
    group = db.session.scalar(select(LoanGroup).where(LoanGroup.unit_id == branch.id))
    assert group is not None and group.bank_id == nhcsxh.id


def test_loans_of_every_commune_use_the_shared_programmes(app, world):
    bank = make_bank(None, "nhcsxh")
    make_programme(bank, "Cho vay hộ nghèo")
    from webapp.loans.services.ledger import programme_choices

    assert [label for _id, label in programme_choices(world.branch_b1.id)] == [
        "NHCSXH · Cho vay hộ nghèo"
    ]
    assert [label for _id, label in programme_choices(world.branch_a1.id)] == [
        "NHCSXH · Cho vay hộ nghèo"
    ]


def test_no_second_nhcsxh_can_be_added(app, world):
    make_bank(None, "nhcsxh")
    unit_admin = client_for(app, world.admin_b, PASSWORD)
    response = unit_admin.post_form(
        "/loans/banks",
        {"code": "nhcsxh_dl", "short_name": "nhcsxh", "name": "NH CSXH", "unit_id": ""},
    )
    assert response.status_code == 422
    response = unit_admin.post_form(
        "/loans/banks",
        {
            "code": "nhcsxh2",
            "short_name": "NHCSXH",
            "name": "NH CSXH",
            "unit_id": str(world.commune_b.id),
        },
    )
    assert "“NHCSXH” đã là ngân hàng dùng chung; không cần thêm bản riêng." in page_text(response)
    admin = client_for(app, world.admin, PASSWORD)
    response = admin.post_form(
        "/loans/banks", {"code": "nhcsxh", "short_name": "NHCSXH", "name": "x", "unit_id": ""}
    )
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Bank)) == 1


def test_only_whole_tree_admins_change_shared_banks_and_a_unit_records_its_office(app, world):
    bank = make_bank(None, "nhcsxh")
    programme = make_programme(bank)
    unit_admin = client_for(app, world.admin_b, PASSWORD)
    page = page_text(unit_admin.get("/loans/banks"))
    assert "NHCSXH" in page and "dùng chung cho mọi đơn vị" in page
    assert f'/loans/banks/{bank.id}"' not in page  # no edit link
    assert unit_admin.get(f"/loans/banks/{bank.id}").status_code == 403
    assert (
        unit_admin.post_form(
            f"/loans/banks/{bank.id}/programmes", {"name": "Mới", "active": "y"}
        ).status_code
        == 403
    )
    assert unit_admin.get(f"/loans/programmes/{programme.id}").status_code == 403

    response = unit_admin.post_form(
        "/loans/banks/offices",
        {
            "office_bank_id": str(bank.id),
            "office_unit_id": str(world.commune_b.id),
            "office_name": "Phòng giao dịch NHCSXH huyện Đức Thọ",
        },
    )
    assert response.status_code == 302, page_text(response)
    office = db.session.scalar(select(BankOffice))
    assert (office.unit_id, office.bank_id) == (world.commune_b.id, bank.id)
    # Not for a unit outside the admin's subtree.
    refused = unit_admin.post_form(
        "/loans/banks/offices",
        {
            "office_bank_id": str(bank.id),
            "office_unit_id": str(world.commune_a.id),
            "office_name": "X",
        },
    )
    assert refused.status_code == 403
    from webapp.loans.services.registers import office_for

    assert office_for(bank.id, world.branch_b1.id).id == office.id
    assert office_for(bank.id, world.branch_a1.id) is None


def test_the_migration_merges_duplicate_banks_and_programmes(tmp_path, settings):
    """Two communes' own copies of NHCSXH become one shared bank; loans and groups follow."""
    from flask_migrate import upgrade

    from tests.conftest import PROJECT_ROOT
    from webapp import create_app
    from webapp.config import Config

    if not settings["DATABASE_URL"].startswith("sqlite"):
        return  # the same SQL; one backend is enough for a data migration
    env = {**settings, "DATABASE_URL": f"sqlite:///{tmp_path / 'm.sqlite3'}"}
    app = create_app(Config(env))
    migrations = str(PROJECT_ROOT / "migrations")
    with app.app_context():
        upgrade(directory=migrations, revision="0010_job_token")
        rows = [
            "INSERT INTO units (id, name, kind, created_at, updated_at) "
            "VALUES (1, 'A', 'commune', :now, :now), (2, 'B', 'commune', :now, :now)",
            "INSERT INTO banks (id, unit_id, code, name, short_name, version, created_at, "
            "updated_at) VALUES (1, 1, 'nhcsxh', 'NH CSXH', 'NHCSXH', 1, :now, :now), "
            "(2, 2, 'nhcsxh', 'NH CSXH huyện', 'NHCSXH', 1, :now, :now), "
            "(3, 2, 'agri', 'Agribank', 'Agribank', 1, :now, :now)",
            "INSERT INTO loan_programmes (id, unit_id, bank_id, name, active, version, "
            "created_at, updated_at) VALUES (1, 1, 1, 'Cho vay hộ nghèo', 1, 1, :now, :now),"
            " (2, 2, 2, 'Cho vay hộ  nghèo', 1, 1, :now, :now),"
            " (3, 2, 2, 'Nước sạch', 1, 1, :now, :now)",
            "INSERT INTO loan_groups (id, unit_id, bank_id, name, search_key, leader_name, "
            "founded_on, version, created_at, updated_at) VALUES (1, 2, 2, 'Tổ', 'to', '', "
            "'2020-01-01', 1, :now, :now)",
            "INSERT INTO loan_households (id, unit_id, head_name, search_key, address, version, "
            "created_at, updated_at) VALUES (1, 2, 'Mai', 'mai', '', 1, :now, :now)",
            "INSERT INTO loans (id, unit_id, household_id, group_id, programme_id, disbursed_on,"
            " amount, due_on, purpose, contract_no, version, created_at, updated_at) VALUES "
            "(1, 2, 1, 1, 2, '2021-01-01', 1000, '2024-01-01', '', '', 1, :now, :now)",
        ]
        with db.engine.begin() as conn:
            for sql in rows:
                conn.execute(text(sql), {"now": "2025-01-01 00:00:00"})
        upgrade(directory=migrations, revision="0011_pv")
        with db.engine.connect() as conn:
            banks = conn.execute(text("SELECT id, unit_id FROM banks ORDER BY id")).all()
            programmes = conn.execute(
                text("SELECT id, bank_id, unit_id FROM loan_programmes ORDER BY id")
            ).all()
            group_bank = conn.execute(text("SELECT bank_id FROM loan_groups")).scalar()
            loan_programme = conn.execute(text("SELECT programme_id FROM loans")).scalar()
        db.engine.dispose()
    assert [tuple(b) for b in banks] == [(1, None), (3, None)]
    assert [tuple(p) for p in programmes] == [(1, 1, None), (3, 1, None)]
    assert group_bank == 1
    assert loan_programme == 1


# --- activity kinds, tags, output units ---------------------------------------------------------


def _tag(name: str, code: str, unit=None) -> ActivityTag:
    tag = ActivityTag(code=code, name=name, unit_id=unit.id if unit else None)
    db.session.add(tag)
    db.session.commit()
    return tag


def test_a_units_own_tag_is_offered_to_its_subtree_only(app, world):
    shared = _tag("An toàn giao thông", "traffic")
    client_b = client_for(app, world.admin_b, PASSWORD)
    response = client_b.post_form(
        "/activities/lookups/tags/", {"name": "Lễ hội Long Thủy", "tag_group": "topic"}
    )
    assert response.status_code == 302, page_text(response)
    own = db.session.scalar(select(ActivityTag).where(ActivityTag.name == "Lễ hội Long Thủy"))
    assert own.unit_id == world.commune_b.id

    form_b = page_text(client_for(app, world.staff_b, PASSWORD).get("/activities/new"))
    form_a = page_text(client_for(app, world.staff_a, PASSWORD).get("/activities/new"))
    assert "Lễ hội Long Thủy" in form_b and "An toàn giao thông" in form_b
    assert "Lễ hội Long Thủy" not in form_a and "An toàn giao thông" in form_a

    # Another commune's own tag is refused even when posted by hand (by an admin who sees both).
    kind = ActivityKind(code="other", name="Khác")
    db.session.add(kind)
    db.session.commit()
    admin = client_for(app, world.admin, PASSWORD)
    data = {
        "held_on": "2025-03-01",
        "unit_id": str(world.commune_a.id),
        "kind_id": str(kind.id),
        "topic": "Sinh hoạt",
        "sessions": "1",
        "participants": "10",
        "tag_ids": [str(own.id), str(shared.id)],
    }
    refused = admin.post_form("/activities/new", data)
    assert refused.status_code == 422
    assert "“Lễ hội Long Thủy” là mục riêng của đơn vị khác; hãy chọn mục khác." in page_text(
        refused
    )
    data["unit_id"] = str(world.branch_b1.id)
    assert admin.post_form("/activities/new", data).status_code == 302


def test_a_unit_admin_keeps_its_own_entries_not_the_shared_ones(app, world):
    shared = _tag("An toàn giao thông", "traffic")
    other = _tag("Riêng Đức Xương", "rieng_dx", world.commune_a)
    client_b = client_for(app, world.admin_b, PASSWORD)
    page = page_text(client_b.get("/activities/lookups/tags/"))
    assert "An toàn giao thông" in page and "Riêng Đức Xương" not in page
    assert client_b.post_form(f"/activities/lookups/tags/{shared.id}/delete").status_code == 403
    assert client_b.post_form(f"/activities/lookups/tags/{other.id}/delete").status_code == 404
    # The same name as a shared entry is refused; another commune may use a name freely.
    dup = client_b.post_form(
        "/activities/lookups/tags/", {"name": "An toàn giao thông", "tag_group": "topic"}
    )
    assert dup.status_code == 422
    ok = client_b.post_form(
        "/activities/lookups/tags/", {"name": "Riêng Đức Xương", "tag_group": "topic"}
    )
    assert ok.status_code == 302
    assert len(set(db.session.scalars(select(ActivityTag.code)))) == 3
