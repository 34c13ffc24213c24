"""Personal data (issue 17): the registry, read logging, basis and requests, anonymisation,
retention, the breach report."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from tests.conftest import PASSWORD, client_for, page_text
from tests.members.factories import make_cadre, make_dues, make_member, make_policy
from webapp import indicators
from webapp.extensions import db
from webapp.formatting import local_today
from webapp.indicators.registry import Period
from webapp.models import AuditEntry, Cadre, InsurancePolicy, Member
from webapp.models.members import InsuranceKind
from webapp.models.privacy import (
    DataSubjectRequest,
    LoginEvent,
    PersonalDataRead,
    ProcessingBasis,
    ReadKind,
)
from webapp.privacy import services as privacy
from webapp.privacy.registry import PERSON_TABLES, Level, level_of, unclassified


def _schema() -> dict[str, list[str]]:
    return {t.name: [c.name for c in t.columns] for t in db.metadata.sorted_tables}


# ---- 1. know what is personal -----------------------------------------------------------


def test_every_column_of_every_table_is_classified(app):
    assert unclassified(_schema()) == []


def test_a_new_personal_column_would_fail_the_registry_test(app):
    schema = _schema()
    schema["members"].append("national_id")
    schema["new_register"] = ["id", "full_name"]
    assert unclassified(schema) == ["members.national_id", "new_register.*"]


def test_sensitive_data_are_declared_as_the_law_names_them(app):
    assert level_of("members", "full_name") is Level.BASIC
    assert level_of("insurance_policies", "number") is Level.SENSITIVE
    assert level_of("loans", "amount") is Level.SENSITIVE
    assert level_of("party_referrals", "outcome") is Level.SENSITIVE
    assert level_of("charity_beneficiaries", "category") is Level.SENSITIVE
    assert level_of("units", "name") is None


def test_admins_see_the_categories_purposes_and_who_may_see(app, world):
    admin = client_for(app, world.admin, PASSWORD)
    text = page_text(admin.get("/privacy/"))
    assert "Dữ liệu cá nhân nhạy cảm" in text
    assert "Bảo hiểm y tế, bảo hiểm xã hội" in text
    assert "Bản sao lưu (mã hoá)" in text
    assert "Họ và tên" in text and "full_name" not in text  # columns as the forms name them
    staff = client_for(app, world.staff_a, PASSWORD)
    assert staff.get("/privacy/").status_code == 403


# ---- 3. reads are logged ----------------------------------------------------------------


def test_opening_a_members_page_is_logged_and_shown_to_admins(app, world):
    member = make_member(world.branch_a1, "Lê Thị Mai")
    staff = client_for(app, world.staff_a, PASSWORD)
    assert staff.get(f"/members/{member.id}").status_code == 200
    reads = db.session.scalars(select(PersonalDataRead)).all()
    assert [(r.kind, r.table_name, r.record_id, r.user_id) for r in reads] == [
        (ReadKind.PAGE, "members", member.id, world.staff_a.id)
    ]
    # the list is not a read of anyone's record; an htmx refresh of the same page is not another
    staff.get("/members/")
    staff.get(f"/members/{member.id}", headers={"HX-Request": "true"})
    assert db.session.query(PersonalDataRead).count() == 1

    admin = client_for(app, world.admin, PASSWORD)
    text = page_text(admin.get(f"/privacy/reads?record_id={member.id}&table=members"))
    assert "canbo_a" in text and f"/members/{member.id}" in text
    book = load_workbook(io.BytesIO(admin.get("/privacy/reads.xlsx?table=members").data))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[1][1] == "canbo_a" and rows[1][4] == member.id


def test_a_refused_page_is_not_logged_as_a_read(app, world):
    member = make_member(world.branch_b1, "Phan Thị Bích")  # commune B
    staff_a = client_for(app, world.staff_a, PASSWORD)
    assert staff_a.get(f"/members/{member.id}").status_code in (403, 404)
    assert db.session.query(PersonalDataRead).count() == 0


def test_an_export_of_members_is_logged_with_its_filters(app, world):
    make_member(world.branch_a1, "Lê Thị Mai")
    staff = client_for(app, world.staff_a, PASSWORD)
    response = staff.get("/members/export.xlsx?q=mai")
    assert response.status_code == 200
    read = db.session.scalars(select(PersonalDataRead)).one()
    assert read.kind is ReadKind.EXPORT
    assert read.where == "/members/export.xlsx?q=mai"


def test_logins_are_recorded_for_the_breach_report(app, world):
    member = make_member(world.branch_a1, "Lê Thị Mai")
    staff = client_for(app, world.staff_a, PASSWORD)
    staff.get(f"/members/{member.id}")
    login = db.session.scalars(select(LoginEvent)).one()
    assert login.user_id == world.staff_a.id and login.address == "127.0.0.1"
    admin = client_for(app, world.admin, PASSWORD)
    text = page_text(admin.get("/privacy/breach"))
    assert "canbo_a" in text and "127.0.0.1" in text
    assert "Hội viên" in text  # the register read, with its count


# ---- 4. basis, requests, access, anonymisation -----------------------------------------


def test_consent_needs_its_date_and_a_withdrawal_comes_after_it(app, world):
    member = make_member(world.branch_a1, "Lê Thị Mai")
    staff = client_for(app, world.staff_a, PASSWORD)
    future = (local_today() + timedelta(days=3)).strftime("%d/%m/%Y")
    response = staff.post_form(
        f"/privacy/members/{member.id}/basis",
        {"basis": "consent", "consent_on": "", "withdrawn_on": future},
    )
    assert response.status_code == 422
    text = page_text(response)
    assert "hãy ghi ngày đồng ý" in text
    assert "Ngày rút lại sự đồng ý không được sau ngày hôm nay." in text
    assert db.session.query(ProcessingBasis).count() == 0

    response = staff.post_form(
        f"/privacy/members/{member.id}/basis",
        {"basis": "consent", "consent_on": "01/03/2024", "consent_scope": "Sổ hội viên"},
    )
    assert response.status_code == 302
    record = db.session.scalars(select(ProcessingBasis)).one()
    assert record.consent_on == date(2024, 3, 1) and record.consent_scope == "Sổ hội viên"


def test_a_request_gets_its_legal_deadline_and_shows_when_late(app, world):
    member = make_member(world.branch_a1, "Lê Thị Mai")
    staff = client_for(app, world.staff_a, PASSWORD)
    received = local_today() - timedelta(days=5)
    response = staff.post_form(
        "/privacy/requests/new",
        {
            "requester_name": "Lê Thị Mai",
            "member_id": str(member.id),
            "kind": "access",
            "received_on": received.strftime("%d/%m/%Y"),
            "details": "Xin bản sao dữ liệu",
        },
    )
    assert response.status_code == 302
    request = db.session.scalars(select(DataSubjectRequest)).one()
    assert request.due_on == received + timedelta(days=app.config["PRIVACY_REQUEST_DAYS"])
    assert request.unit_id == world.branch_a1.id
    assert "quá hạn" in page_text(staff.get("/privacy/requests"))
    assert privacy.open_requests_near_deadline([world.branch_a1.id]) == [request]

    # answering needs the answer's text
    response = staff.post_form(
        f"/privacy/requests/{request.id}",
        {
            "requester_name": "Lê Thị Mai",
            "member_id": str(member.id),
            "kind": "access",
            "received_on": received.strftime("%d/%m/%Y"),
            "answered_on": local_today().strftime("%d/%m/%Y"),
            "version": str(request.version),
        },
    )
    assert response.status_code == 422
    assert "Hãy ghi nội dung trả lời." in page_text(response)


def test_an_access_request_gets_everything_held_in_one_click(app, world):
    member = make_member(world.branch_a1, "Lê Thị Mai", phone="0912345678")
    make_dues(member, 2024)
    make_policy(member.unit, InsuranceKind.BHYT, date(2024, 1, 1), member_id=member.id)
    staff = client_for(app, world.staff_a, PASSWORD)
    data = json.loads(staff.get(f"/privacy/members/{member.id}/data.json").data)
    assert data["members"][0]["phone"] == "0912345678"
    assert data["dues_payments"][0]["year"] == 2024
    assert len(data["insurance_policies"]) == 1
    book = load_workbook(io.BytesIO(staff.get(f"/privacy/members/{member.id}/data.xlsx").data))
    assert "Hội viên" in book.sheetnames and "Hội phí" in book.sheetnames
    kinds = [r.kind for r in db.session.scalars(select(PersonalDataRead))]
    assert kinds == [ReadKind.EXPORT, ReadKind.EXPORT]
    viewer = client_for(app, world.viewer_district, PASSWORD)
    assert viewer.get(f"/privacy/members/{member.id}/data.json").status_code == 403


def test_anonymising_keeps_every_figure_and_removes_the_person(app, world):
    keep = make_member(world.branch_a1, "Trần Thị Lan", joined_on=date(2016, 1, 1))
    member = make_member(
        world.branch_a1,
        "Lê Thị Mai",
        phone="0912345678",
        address="Xóm 3",
        joined_on=date(2018, 5, 1),
        left_on=date(2023, 6, 30),
    )
    make_dues(member, 2023)
    make_policy(
        member.unit,
        InsuranceKind.BHYT,
        date(2023, 1, 1),
        member_id=member.id,
        number="HS4010012345",
    )
    make_cadre(world.branch_a1, "Lê Thị Mai", member_id=member.id)
    member.note = "Gia đình khó khăn"
    db.session.commit()
    assert keep.id
    period = Period(date(2023, 1, 1), date(2023, 12, 31))
    before = indicators.compute(world.commune_a.id, period).raw

    privacy.anonymise_member(member, world.admin, "Yêu cầu xoá ngày 01/12/2026")
    db.session.commit()

    with app.test_request_context():
        after = indicators.compute(world.commune_a.id, period).raw
    assert after == before
    db.session.expire_all()
    gone = db.session.get(Member, member.id)
    assert gone.full_name == f"Người đã ẩn danh #{member.id}"
    assert (gone.phone, gone.address, gone.note, gone.birth_year) == ("", "", "", None)
    assert gone.left_on == date(2023, 6, 30)
    policy = db.session.scalars(select(InsurancePolicy)).one()
    assert policy.number == "" and policy.holder_name == gone.full_name
    assert db.session.scalars(select(Cadre)).one().full_name == gone.full_name
    trail = " ".join(
        f"{e.label} {json.dumps(e.changes, ensure_ascii=False)}"
        for e in db.session.scalars(select(AuditEntry))
    )
    assert "Lê Thị Mai" not in trail and "0912345678" not in trail
    assert "Trần Thị Lan" in trail  # other people's history is untouched


def test_only_admins_anonymise_and_a_reason_is_required(app, world):
    member = make_member(world.branch_a1, "Lê Thị Mai")
    staff = client_for(app, world.staff_a, PASSWORD)
    assert staff.post_form(f"/privacy/members/{member.id}/anonymise", {}).status_code == 403
    admin = client_for(app, world.admin, PASSWORD)
    response = admin.post_form(f"/privacy/members/{member.id}/anonymise", {"reason": ""})
    assert response.status_code == 422
    assert "Hãy ghi lý do" in page_text(response)
    response = admin.post_form(f"/privacy/members/{member.id}/anonymise", {"reason": "Yêu cầu xoá"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Member, member.id).full_name.startswith("Người đã ẩn danh")


# ---- 5. retention -----------------------------------------------------------------------


def test_retention_lists_first_then_anonymises_those_past_the_period(app, world):
    today = local_today()
    years = app.config["RETENTION_YEARS"]
    old = make_member(world.branch_a1, "Lê Thị Mai", left_on=date(today.year - years - 1, 1, 10))
    recent = make_member(world.branch_a1, "Trần Thị Lan", left_on=date(today.year - 1, 1, 10))
    staying = make_member(world.branch_a1, "Võ Thị Hồng")
    admin = client_for(app, world.admin, PASSWORD)
    text = page_text(admin.get("/privacy/retention"))
    assert "Lê Thị Mai" in text and "Trần Thị Lan" not in text and "Võ Thị Hồng" not in text
    assert db.session.get(Member, old.id).full_name == "Lê Thị Mai"  # a dry run changes nothing

    assert admin.post_form("/privacy/retention", {}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Member, old.id).full_name.startswith("Người đã ẩn danh")
    assert db.session.get(Member, recent.id).full_name == "Trần Thị Lan"
    assert db.session.get(Member, staying.id).full_name == "Võ Thị Hồng"
    assert "Hết thời hạn lưu trữ" in " ".join(
        e.reason or "" for e in db.session.scalars(select(AuditEntry))
    )


def test_the_registry_names_a_page_for_each_record_a_person_is_read_on(app):
    record_args = {t.record_arg for t in PERSON_TABLES.values() if t.record_arg}
    rules = {arg for rule in app.url_map.iter_rules() for arg in rule.arguments}
    assert record_args <= rules


# ---- 2. least privilege -----------------------------------------------------------------


def _detail_urls(app, ids: dict[str, int]) -> list[str]:
    """Every GET page of a person's record or of a list of personal details, with real ids."""
    from webapp.privacy.access import is_detail_page

    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or not is_detail_page(
            rule.endpoint, dict.fromkeys(rule.arguments)
        ):
            continue
        values = {arg: ids.get(arg, 1) for arg in rule.arguments}
        if "fmt" in rule.arguments:
            values["fmt"] = "json"
        with app.test_request_context():
            from flask import url_for

            urls.append(url_for(rule.endpoint, **values))
    return urls


def test_a_district_viewer_sees_figures_and_names_but_no_personal_details(app, world):
    member = make_member(world.branch_a1, "Lê Thị Mai", phone="0912345678")
    urls = _detail_urls(app, {"member_id": member.id})
    assert f"/members/{member.id}" in urls and "/members/insurance" in urls
    assert "/loans/households" in urls and "/members/export.xlsx" in urls
    viewer = client_for(app, world.viewer_district, PASSWORD)
    for url in urls:
        response = viewer.get(url)
        assert response.status_code == 403, url
    assert "chỉ xem số liệu tổng hợp" in page_text(viewer.get(f"/members/{member.id}"))
    # figures and the list of names stay open
    assert viewer.get("/").status_code == 200
    listing = viewer.get("/members/")
    assert listing.status_code == 200 and "Lê Thị Mai" in page_text(listing)
    assert "0912345678" not in page_text(listing)
    # names only: no birth year, and no link to a page the viewer may not open
    assert "1980" not in page_text(listing) and f"/members/{member.id}" not in page_text(listing)
    # commune staff keep their work
    staff = client_for(app, world.staff_a, PASSWORD)
    assert staff.get(f"/members/{member.id}").status_code == 200
    assert staff.get("/members/insurance").status_code == 200


def test_an_admin_grants_a_viewer_the_details_and_can_take_them_back(app, world):
    member = make_member(world.branch_a1, "Lê Thị Mai")
    admin = client_for(app, world.admin, PASSWORD)
    page = page_text(admin.get("/privacy/grants"))
    assert "huyen" in page and "Cấp quyền" in page
    response = admin.post_form(
        "/privacy/grants", {"user_id": str(world.viewer_district.id), "grant": "1"}
    )
    assert response.status_code == 302
    viewer = client_for(app, world.viewer_district, PASSWORD)
    assert viewer.get(f"/members/{member.id}").status_code == 200
    admin.post_form("/privacy/grants", {"user_id": str(world.viewer_district.id), "grant": "0"})
    assert viewer.get(f"/members/{member.id}").status_code == 403
    staff = client_for(app, world.staff_a, PASSWORD)
    assert staff.get("/privacy/grants").status_code == 403


def test_a_members_page_shows_who_viewed_it(app, world):
    member = make_member(world.branch_a1, "Lê Thị Mai")
    staff = client_for(app, world.staff_a, PASSWORD)
    first = page_text(staff.get(f"/members/{member.id}"))
    assert "Chưa có lượt xem nào được ghi." in first
    again = page_text(staff.get(f"/members/{member.id}"))
    assert "Ai đã xem hồ sơ này" in again and "Nguyễn Thị Huế · Xem trang" in again


def test_the_periodic_retention_job_anonymises_across_every_unit(app, world):
    years = app.config["RETENTION_YEARS"]
    today = local_today()
    a = make_member(world.branch_a1, "Lê Thị Mai", left_on=date(today.year - years - 2, 3, 1))
    b = make_member(world.branch_b1, "Phan Thị Bích", left_on=date(today.year - years - 1, 3, 1))
    assert privacy.apply_retention_everywhere() == 2
    assert privacy.apply_retention_everywhere() == 0  # idempotent
    db.session.expire_all()
    assert all(
        db.session.get(Member, m.id).full_name.startswith("Người đã ẩn danh") for m in (a, b)
    )


def test_the_home_page_shows_requests_near_their_deadline(app, world):
    staff = client_for(app, world.staff_a, PASSWORD)
    assert "sắp hết hạn" not in page_text(staff.get("/"))
    staff.post_form(
        "/privacy/requests/new",
        {
            "requester_name": "Lê Thị Mai",
            "kind": "deletion",
            # due PRIVACY_REQUEST_DAYS (3) after receipt: one day left
            "received_on": (local_today() - timedelta(days=2)).strftime("%d/%m/%Y"),
        },
    )
    home = page_text(staff.get("/"))
    assert (
        "Yêu cầu về dữ liệu cá nhân sắp hết hạn" in home and "Lê Thị Mai</a> · Xoá dữ liệu" in home
    )
    # another commune's staff do not see it
    assert "sắp hết hạn" not in page_text(client_for(app, world.staff_b, PASSWORD).get("/"))


def test_an_export_says_who_made_it_and_when(app, world):
    make_member(world.branch_a1, "Lê Thị Mai")
    staff = client_for(app, world.staff_a, PASSWORD)
    book = load_workbook(io.BytesIO(staff.get("/members/export.xlsx").data))
    assert book.sheetnames[-1] == "Thông tin xuất"
    rows = dict(book["Thông tin xuất"].iter_rows(values_only=True))
    assert rows["Người xuất"] == "Nguyễn Thị Huế (canbo_a)"
    assert rows["Thời điểm xuất"].date() == local_today()
    assert rows["Trang"] == "/members/export.xlsx"
