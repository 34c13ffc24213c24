"""Banks and lending programmes are data that admins keep; nobody else may change them."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.conftest import client_for, page_text
from tests.factories import PASSWORD
from tests.loans.factories import loan_world
from webapp.extensions import db
from webapp.models import Bank, LoanProgramme


def test_an_admin_adds_a_bank_and_a_programme(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    response = admin.post_form(
        "/loans/banks",
        {
            "code": "agribank",
            "short_name": "Agribank",
            "name": "Ngân hàng NN&PTNT",
            "unit_id": str(world.commune_a.id),
        },
    )
    assert response.status_code == 302
    bank = db.session.scalars(select(Bank).where(Bank.code == "agribank")).one()
    admin.post_form(
        f"/loans/banks/{bank.id}/programmes", {"name": "Cho vay sản xuất", "active": "y"}
    )
    assert "Cho vay sản xuất" in page_text(admin.get("/loans/banks"))
    duplicate = admin.post_form(
        "/loans/banks",
        {"code": "agribank", "short_name": "A", "name": "A", "unit_id": str(world.commune_a.id)},
    )
    assert "Đơn vị này đã có ngân hàng mang mã đó." in page_text(duplicate)
    bad = admin.post_form(
        "/loans/banks",
        {"code": "Agri Bank!", "short_name": "A", "name": "A", "unit_id": str(world.commune_a.id)},
    )
    assert "Mã chỉ gồm chữ thường không dấu, số hoặc _, 2–20 ký tự." in page_text(bad)


def test_a_programme_can_be_stopped_and_leaves_new_loan_forms(app, world):
    lw = loan_world(world)
    admin = client_for(app, world.admin, PASSWORD)
    response = admin.post_form(
        f"/loans/programmes/{lw.programme.id}",
        {"name": lw.programme.name, "version": str(lw.programme.version)},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(LoanProgramme, lw.programme.id).active is False
    staff = client_for(app, world.staff_a, PASSWORD)
    form = page_text(staff.get(f"/loans/households/{lw.household.id}/loans/new"))
    assert "Cho vay hộ nghèo" not in form


def test_staff_and_other_communes_admins_cannot_change_banks(app, world):
    lw = loan_world(world)
    count = db.session.scalar(select(func.count()).select_from(Bank))
    staff = client_for(app, world.staff_a, PASSWORD)
    data = {"code": "x1", "short_name": "X", "name": "X", "unit_id": str(world.commune_a.id)}
    assert staff.post_form("/loans/banks", data).status_code == 403
    other_admin = client_for(app, world.admin_b, PASSWORD)
    assert other_admin.post_form("/loans/banks", data).status_code == 403
    assert other_admin.get(f"/loans/banks/{lw.bank.id}").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Bank)) == count
