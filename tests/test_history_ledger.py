"""History reads like a ledger: labels, names, formatted values, local times, no secrets.

The audit page, a record's "Lịch sử thay đổi", the report page and the trash show what a person
reads on the forms, never column names, ids, raw booleans, ISO dates, hashes or HTML.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.members.factories import make_member
from tests.reports.factories import make_draft
from webapp.audit_log.present import area_label, job_kind_label, text_diff
from webapp.extensions import db
from webapp.models import AuditEntry


def _text(page: str) -> str:
    from lxml import html

    return " ".join(html.fromstring(page).text_content().split())


def _last_entry(table: str) -> AuditEntry:
    from sqlalchemy import select

    return db.session.scalars(
        select(AuditEntry).where(AuditEntry.table_name == table).order_by(AuditEntry.id.desc())
    ).first()


def test_the_audit_page_names_fields_records_and_values_as_the_forms_do(app, world):
    member = make_member(world.branch_a1, "Trần Thị Lan", joined_on=date(2015, 3, 8))
    db.session.refresh(member)  # a form loads the record before changing it
    member.unit_id = world.branch_a2.id
    member.is_core = True
    member.joined_on = date(2016, 4, 9)
    db.session.commit()
    db.session.refresh(world.staff_a)
    world.staff_a.password_hash = "argon2$new-hash-value"
    db.session.commit()
    # The entry's time is stored in UTC; the page shows it in Vietnam's time (UTC+7).
    entry = _last_entry("members")
    entry_at = datetime(2026, 12, 6, 20, 30, tzinfo=UTC)
    db.session.execute(
        AuditEntry.__table__.update().where(AuditEntry.id == entry.id).values(at=entry_at)
    )
    db.session.commit()

    page = client_for(app, world.admin, PASSWORD).get("/admin/audit/").get_data(as_text=True)
    text = _text(page)
    assert "Hội viên nòng cốt: Không → Có" in text
    assert "Đơn vị: Chi hội An Cư 2 → Chi hội Trung Hà" in text
    assert "Ngày vào Hội: 08/03/2015 → 09/04/2016" in text
    assert "Năm sinh: 1980" in text
    assert "07/12/2026 03:30" in text  # local time, dd/mm/yyyy HH:MM
    assert "Mật khẩu: đã đổi" in text
    assert "Hội viên · Trần Thị Lan" in text
    for raw in ("password_hash", "argon2", "***", "unit_id", "is_core", "True", "False"):
        assert raw not in text, raw
    for raw in ("2016-04-09", "search_key", "Search key", "members ·"):
        assert raw not in text, raw


def test_a_narrative_change_reads_as_the_words_removed_and_added(app, world):
    draft = make_draft(
        world.commune_a, narrative={"intro": "<p>Năm 2023 Hội đạt <b>nhiều</b> kết quả.</p>"}
    )
    db.session.refresh(draft)
    draft.narrative = {"intro": "<p>Năm 2023 Hội đạt <b>nhiều</b> kết quả nổi bật.</p>"}
    db.session.commit()
    page = (
        client_for(app, world.staff_a, PASSWORD).get(f"/reports/{draft.id}").get_data(as_text=True)
    )
    history = page[page.index("Lịch sử thay đổi") :].split("</section>")[0]
    assert "<del>quả.</del> <ins>quả nổi bật.</ins>" in history
    assert "Nội dung báo cáo" in history
    assert "{" not in history and "&lt;p&gt;" not in history and "&lt;b&gt;" not in history


def test_text_diff_keeps_only_the_changed_words():
    removed, added = text_diff("<p>Một hai ba bốn</p>", "<p>Một hai năm bốn sáu</p>")
    assert removed == ["ba"]
    assert added == ["năm", "sáu"]


def test_areas_and_job_kinds_by_their_labels(app, world):
    assert area_label("members") == "Hội viên"
    assert area_label("loans") == "Vốn vay"
    assert job_kind_label("report.render") == "Xuất báo cáo"
    member = make_member(world.branch_a1, "Lê Thị Mai")
    from webapp.trash import move_to_trash

    move_to_trash(member)
    db.session.commit()
    page = client_for(app, world.staff_a, PASSWORD).get("/trash/").get_data(as_text=True)
    assert "Lê Thị Mai" in page
    assert "<td>Hội viên</td>" in page and "<td>members</td>" not in page
