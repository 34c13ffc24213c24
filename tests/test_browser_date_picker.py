"""In a real browser: a date chosen with the picker lands in the field as dd/mm/yyyy and the form
saves it (issue 16: dates follow the browser's language, mm/dd/yyyy in an English browser)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.activities.factories import kind
from tests.factories import PASSWORD
from tests.test_browser import _login
from webapp.extensions import db
from webapp.models.activities import Activity

pytestmark = pytest.mark.browser


def test_a_date_chosen_with_the_picker_reads_and_saves_as_dd_mm_yyyy(page, world):
    training = kind("training")  # the activity kinds of a new install
    _login(page, "canbo_a", PASSWORD)
    page.wait_for_url(lambda url: url.endswith("/"))
    page.goto("/activities/new")
    held_on = page.get_by_label("Ngày tổ chức")
    box = page.locator(".date-field", has=held_on)
    button = box.get_by_role("button", name="Chọn ngày")
    expect(button).to_be_visible()
    # A drawn icon, not an emoji that needs a colour-emoji font to show at all.
    expect(button).to_have_text("")
    expect(button.locator("svg")).to_have_count(1)
    # What the native picker does once a day is chosen: it sets its value and fires change.
    box.locator("input.date-picker").fill("2023-02-15")
    expect(held_on).to_have_value("15/02/2023")

    page.get_by_label("Đơn vị tổ chức").select_option(str(world.branch_a1.id))
    page.get_by_label("Loại hoạt động").select_option(str(training.id))
    page.get_by_label("Nội dung, chủ đề").fill("Tuyên truyền Luật Hôn nhân và Gia đình")
    page.get_by_label("Số lượt người tham gia").fill("30")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(lambda url: url.rstrip("/").endswith("/activities"))
    saved = db.session.scalars(select(Activity)).one()
    assert saved.held_on == date(2023, 2, 15)
