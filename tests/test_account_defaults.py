"""A new account starts with the least privileged role: an admin who forgets the select does
not hand out administration."""

from __future__ import annotations

import re

from tests.conftest import client_for
from tests.factories import PASSWORD


def _selected_roles(html: str) -> list[str]:
    select = re.search(r'<select[^>]*name="role"[^>]*>(.*?)</select>', html, re.S)
    assert select, "no role select"
    return re.findall(r'<option[^>]*value="([^"]*)"[^>]*\sselected', select.group(1)) + re.findall(
        r'<option[^>]*\sselected[^>]*value="([^"]*)"', select.group(1)
    )


def test_new_account_form_preselects_the_viewer_role(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    html = admin.get("/admin/accounts/new").get_data(as_text=True)
    assert _selected_roles(html) == ["viewer"]


def test_editing_an_account_keeps_its_role(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    html = admin.get(f"/admin/accounts/{world.staff_a.id}").get_data(as_text=True)
    assert _selected_roles(html) == ["staff"]
