"""The loans pages as staff use them: what they show, and what they refuse."""

from __future__ import annotations

from tests.conftest import client_for, page_text
from tests.factories import PASSWORD


def test_every_page_of_the_area_opens_for_staff(app, world, lw, staff):
    urls = [
        "/loans/",
        f"/loans/?unit={world.branch_a1.id}&from=2022-01-01&at=2023-01-01",
        "/loans/groups",
        "/loans/groups/new",
        f"/loans/groups/{lw.group.id}",
        f"/loans/groups/{lw.group.id}/edit",
        f"/loans/groups/{lw.group.id}/grid?month=2022-06",
        f"/loans/groups/{lw.group.id}/statements/new",
        "/loans/households",
        "/loans/households/new",
        f"/loans/households/new?group={lw.group.id}",
        f"/loans/households/{lw.household.id}",
        f"/loans/households/{lw.household.id}/edit",
        f"/loans/households/{lw.household.id}/loans/new",
        f"/loans/loans/{lw.loan.id}/edit",
        "/loans/rotating",
        "/loans/rotating/new",
        f"/loans/rotating/{lw.rgroup.id}",
        f"/loans/rotating/{lw.rgroup.id}/edit",
    ]
    for url in urls:
        response = staff.get(url)
        assert response.status_code == 200, (url, response.status_code, page_text(response)[:2000])


def test_bank_admin_pages_are_for_admins_only(app, world, lw, staff):
    assert staff.get("/loans/banks").status_code == 403
    assert staff.get(f"/loans/banks/{lw.bank.id}").status_code == 403
    admin = client_for(app, world.admin, PASSWORD)
    page = admin.get("/loans/banks")
    assert page.status_code == 200
    assert "Cho vay hộ nghèo" in page_text(page)
    assert admin.get(f"/loans/programmes/{lw.programme.id}").status_code == 200
