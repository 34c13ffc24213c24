"""Filters template authors use: a figure with parts is its total, odd values never fail the
whole report (a visible "[?]" and a Vietnamese note instead), and the catalogue lists them all."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.loans.factories import make_bank, make_household, make_loan, make_programme
from tests.reports.docx_helpers import docx_text, make_docx
from tests.reports.factories import make_draft
from tests.test_queue import wait_for_state
from webapp.documents.filters import FILTERS, MARKER, REGISTRY
from webapp.documents.produce import produce
from webapp.documents.render import render_docx
from webapp.documents.requests import request_for_unit
from webapp.documents.sandbox import make_env
from webapp.extensions import db
from webapp.indicators import Period
from webapp.models import Job, JobState
from webapp.models.reports import ReportKind
from webapp.reports.services.templates import upload

YEAR = Period(date(2023, 1, 1), date(2023, 12, 31))


def _produce(world, *paragraphs: str):
    upload(ReportKind.ANNUAL, "mau.docx", make_docx(*paragraphs), world.admin)
    db.session.commit()
    return produce(request_for_unit(world.commune_a, ReportKind.ANNUAL, YEAR), ReportKind.ANNUAL)


@pytest.fixture()
def loan_40m(world):
    bank = make_bank(world.commune_a, "nhcsxh")
    household = make_household(world.branch_a1)
    make_loan(household, make_programme(bank), date(2023, 3, 1), 40_000_000, date(2026, 3, 1))


def test_a_figure_with_parts_is_its_total_under_every_filter(app, world, loan_40m):
    result = _produce(
        world,
        "A: {{ raw.loans.outstanding_vnd|money }}",
        "B: {{ raw.loans.outstanding_vnd|money_scaled }}",
        "C: {{ raw.loans.outstanding_vnd|words }}",
        "D: {{ raw.loans.outstanding_vnd.nhcsxh|money }}",
        "E: {% if raw.loans.outstanding_vnd > 0 %}có dư nợ{% endif %}",
        "F: {{ loans.outstanding_vnd }} / {{ loans.outstanding_vnd.nhcsxh }}",
        "G: {{ raw.loans.outstanding_vnd|number }}",
    )
    text = docx_text(result.data)
    assert "A: 40.000.000 đồng" in text
    assert "B: 40 triệu đồng" in text
    assert "C: bốn mươi triệu" in text
    assert "D: 40.000.000 đồng" in text
    assert "E: có dư nợ" in text
    assert "F: 40 triệu đồng / 40 triệu đồng" in text
    assert "G: 40.000.000" in text
    assert result.warnings == []


def _render(context: dict, *paragraphs: str) -> tuple[str, list[str]]:
    warnings: list[str] = []
    data = render_docx(io.BytesIO(make_docx(*paragraphs)), lambda tpl: context, warnings)
    return docx_text(data), warnings


def test_decimals_are_rounded_to_the_dong_and_negatives_read_am():
    text, warnings = _render(
        {"d": Decimal("1234.5"), "f": 2.5, "neg": -5, "deficit": -500_000, "shown": "1.412"},
        "{{ d|money }} · {{ f|money_scaled }} · {{ d|words }}",
        "{{ neg|words }} · {{ deficit|money_words }} · {{ deficit|money_scaled }}",
        "{{ shown|number }} · {{ nothing|money }} · {{ none|money }}.",
    )
    assert "1.235 đồng · 3 đồng · một nghìn hai trăm ba mươi lăm" in text
    assert "âm năm · Âm năm trăm nghìn đồng · -500.000 đồng" in text
    # A formatted figure is read back; a missing one prints "…" as anywhere; None prints nothing.
    assert "1.412 · … · ." in text
    assert warnings == []


def test_an_unreadable_value_prints_a_marker_and_is_reported_in_vietnamese(app, world):
    result = _produce(
        world,
        "Đầu: {{ unit.name }}",
        "Tiền mặt: {{ doc.title|money }} còn lại",
        "Ngày: {{ raw.members.total|date_long }}",
        "Cuối: {{ raw.members.total|number }} hội viên",
    )
    text = docx_text(result.data)
    assert "Đầu: Đức Xương" in text
    assert f"Tiền mặt: {MARKER} còn lại" in text
    assert f"Ngày: {MARKER}" in text
    assert "Cuối: 0 hội viên" in text
    assert len(result.warnings) == 2
    money_warning, date_warning = result.warnings
    assert money_warning.startswith("Bộ lọc “money” không đọc được giá trị “Kết quả hoạt động")
    assert "ở đoạn: “Tiền mặt: {{ doc.title|money }} còn lại”" in money_warning
    assert "Bộ lọc “date_long” không đọc được giá trị “0”" in date_warning
    assert "expected" not in " ".join(result.warnings)


@pytest.mark.worker
def test_the_job_is_done_and_names_the_placeholder_that_failed(app, world, worker):
    upload(ReportKind.ANNUAL, "mau.docx", make_docx("Tiền: {{ doc.title|money }}"), world.admin)
    db.session.commit()
    draft = make_draft(world.commune_a)
    staff = client_for(app, world.staff_a, PASSWORD)
    staff.post_form(f"/reports/{draft.id}/generate", htmx=True)
    db.session.expire_all()
    job = db.session.scalars(select(Job).order_by(Job.id.desc())).first()
    done = wait_for_state(job.id, JobState.DONE)
    assert "Bộ lọc “money”" in done.result["warnings"][0]
    fragment = staff.get(f"/reports/{draft.id}/job", headers={"HX-Request": "true"}).get_data(
        as_text=True
    )
    assert "Tải báo cáo (.docx)" in fragment
    assert "không điền được số liệu" in fragment and "Bộ lọc “money”" in fragment


def test_the_sandbox_registers_exactly_the_registry():
    env = make_env()
    for f in REGISTRY:
        assert env.filters[f.name] is FILTERS[f.name]
    assert {"money_scaled", "money", "billions", "words", "money_words", "percent"} <= set(FILTERS)


def test_the_catalogue_page_lists_every_filter_with_an_example(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    page = admin.get("/reports/templates/help").get_data(as_text=True)
    for f in REGISTRY:
        assert f'id="filter-{f.name}"' in page
        assert f.example_output and f.example_output != MARKER
    assert "84,6 triệu đồng" in page  # money_scaled's example
    assert "{{ raw.loans.outstanding_vnd|money_scaled }}" in page
    assert "một trăm linh năm" in page  # words' example
