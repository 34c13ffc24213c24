"""The server errors a fuzzer found (issue 11 §2), each replayed as the request that caused it.

Every request here gave 500 before the shared fields (``webapp/fields.py``): integers ≥ 2^63
reached the database, unknown enum values reached ``Enum(value)``, a term dated 0001-01-01
broke the home page, a NUL was saved. Now each is refused (4xx) with nothing saved, or the
control character is dropped before saving.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.extensions import db

HUGE = str(2**63)  # one more than the largest SQLite / PostgreSQL BIGINT


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def _refused(response) -> None:
    assert 400 <= response.status_code < 500 or (
        response.status_code == 200 and 'class="error"' in response.get_data(as_text=True)
    ), response.status_code


@pytest.fixture()
def admin(app, world):
    return client_for(app, world.admin, PASSWORD)


def test_a_huge_deposit_is_refused(app, world, staff):
    from tests.loans.factories import make_household
    from webapp.models import SavingsDeposit as Deposit

    household = make_household(world.commune_a)
    r = staff.post_form(
        f"/loans/households/{household.id}/deposits",
        {"deposit-deposited_on": "2023-05-01", "deposit-amount": HUGE},
    )
    assert r.status_code != 500
    assert _count(Deposit) == 0


def test_a_huge_sponsorship_payment_is_refused(app, world, staff):
    from tests.charity import factories as f
    from webapp.models.charity import SponsorshipPayment

    child = f.make_beneficiary(world.commune_a, "Lê Văn Tí")
    sponsorship = f.make_sponsorship(world.commune_a, child, date(2023, 1, 1))
    r = staff.post_form(
        f"/charity/sponsorships/{sponsorship.id}/payments",
        {"paid_on": "2023-02-01", "amount_vnd": HUGE},
    )
    _refused(r)
    assert _count(SponsorshipPayment) == 0


def test_a_huge_fund_transfer_is_refused(app, world, staff):
    from tests.charity import factories as f
    from webapp.models.charity import FundEntry

    one, two = f.make_fund(world.commune_a, "Quỹ A"), f.make_fund(world.commune_a, "Quỹ B")
    f.make_entry(one, date(2023, 1, 5), 3_000_000)
    before = _count(FundEntry)
    r = staff.post_form(
        f"/charity/funds/{one.id}/transfers",
        {
            "transfer-from_fund_id": one.id,
            "transfer-to_fund_id": two.id,
            "transfer-entry_date": "2023-02-01",
            "transfer-amount": HUGE,
        },
    )
    _refused(r)
    assert _count(FundEntry) == before


def test_huge_beneficiary_ids_of_a_distribution_are_refused(app, world, staff):
    from webapp.models.charity import Distribution, Gift

    r = staff.post_form(
        "/charity/distributions/new",
        {
            "unit_id": world.commune_a.id,
            "given_on": "2023-07-27",
            "occasion": "tet",
            "kind": "cash",
            "source": "sponsor",
            "title": "Tặng quà",
            "quantity": "1",
            "value_vnd": "100.000",
            "beneficiary_ids": [HUGE, "-1"],
        },
    )
    _refused(r)
    assert _count(Distribution) == 0 and _count(Gift) == 0


def test_a_huge_party_member_id_is_refused(app, world, staff):
    from webapp.models.members import PartyReferral

    r = staff.post_form(
        "/members/party/new",
        {"member_id": HUGE, "referred_on": "2023-05-01", "outcome": "pending"},
    )
    _refused(r)
    assert _count(PartyReferral) == 0


@pytest.mark.parametrize(
    "url",
    [
        f"/members/?page={HUGE}",
        f"/members/?unit_id={HUGE}",
        f"/activities/?kind_id={HUGE}",
        f"/activities/?page={HUGE}",
        f"/activities/statistics/?statistic_id={HUGE}",
        f"/charity/?fund_id={HUGE}",
        f"/admin/audit/?user_id={HUGE}",
        f"/admin/audit/?unit_id={HUGE}",
        f"/admin/accounts/?page={HUGE}",
        f"/reports/?page={HUGE}",
        "/reports/period?kind=x",
        "/reports/period?kind=monthly&part=99999999999999999999",
        "/charity/distributions/candidates?pick_category=-1",
        "/charity/distributions/new?pick_category=-1",
        f"/charity/distributions/candidates?beneficiary_ids={HUGE}",
    ],
)
def test_hostile_query_arguments_never_give_500(app, world, admin, url):
    r = admin.get(url)
    assert r.status_code < 500, (url, r.status_code)


def test_an_unknown_report_kind_is_refused_on_the_form(app, world, staff):
    from webapp.models.reports import ReportDraft

    r = staff.post_form(
        "/reports/new",
        {
            "unit_id": world.commune_a.id,
            "kind": "0",
            "year": "2023",
            "period_start": "2023-01-01",
            "period_end": "2023-12-31",
        },
    )
    _refused(r)
    assert "Lựa chọn không hợp lệ" in r.get_data(as_text=True)
    assert _count(ReportDraft) == 0


def test_a_term_starting_in_year_one_is_refused_and_pages_stay_up(app, world, staff):
    from webapp.models.targets import Term

    r = staff.post_form(
        "/activities/targets/terms/new",
        {
            "unit_id": world.commune_a.id,
            "congress_number": "26",
            "start_on": "0001-01-01",
            "end_on": "9999-12-31",
        },
    )
    _refused(r)
    assert "Ngày phải trong khoảng 01/01/1900 – 31/12/2100." in r.get_data(as_text=True)
    assert _count(Term) == 0
    assert staff.get("/").status_code == 200
    assert staff.get("/activities/targets/").status_code == 200


def test_a_term_stored_in_year_one_does_not_break_the_pages(app, world, staff):
    """A term already stored with absurd dates (before the window existed) still shows."""
    from tests.activities.factories import make_target, make_term
    from webapp.models.targets import Counting

    term = make_term(world.commune_a, start_on=date(1, 1, 1), end_on=date(9999, 12, 31))
    make_target(term, "Hội viên", goal="100", indicator_code="members.total")
    make_target(term, "Hội viên mới", "10", "members.total", counting=Counting.BASELINE, position=2)
    assert staff.get("/").status_code == 200
    assert staff.get("/activities/targets/").status_code == 200


def test_control_characters_are_dropped_before_saving(app, world, staff):
    from webapp.models import Member
    from webapp.models.charity import Beneficiary, Fund

    staff.post_form(
        "/members/new",
        {
            "full_name": "Nguyễn\x00 Thị\x1b Hoa",
            "unit_id": world.branch_a1.id,
            "gender": "female",
            "birth_year": "1980",
        },
    )
    staff.post_form(
        "/charity/beneficiaries/new",
        {
            "unit_id": world.commune_a.id,
            "full_name": "Trần Thị Lan",
            "category": "poor_woman",
            "note": "Hoàn cảnh\x00 khó khăn\x0c\nthôn 2\tđội 3",
        },
    )
    staff.post_form(
        "/charity/funds/new",
        {
            "unit_id": world.commune_a.id,
            "name": "Quỹ\x07 khuyến học",
            "kind": "money",
            "purpose": "Học\x00 bổng\x9b",
        },
    )
    db.session.expire_all()
    member = db.session.scalars(select(Member)).one()
    assert member.full_name == "Nguyễn Thị Hoa"
    beneficiary = db.session.scalars(select(Beneficiary)).one()
    assert beneficiary.note.startswith("Hoàn cảnh khó khăn")
    assert not any(c in beneficiary.note for c in "\x00\x0c")
    fund = db.session.scalars(select(Fund)).one()
    assert (fund.name, fund.purpose) == ("Quỹ khuyến học", "Học bổng")


def test_control_characters_in_a_query_string_are_dropped_at_the_door(app, world, staff):
    """PostgreSQL cannot even compare with a NUL (500 on every search); the search finds what
    was meant instead."""
    from tests.members.factories import make_member

    make_member(world.branch_a1, "Nguyễn Thị Hoa")
    for url in ("/members/?q=Hoa%00", "/members/?q=%1bHoa"):
        response = staff.get(url)
        assert response.status_code == 200, url
        page = response.get_data(as_text=True)
        assert "Nguyễn Thị Hoa" in page and "\x00" not in page and "\x1b" not in page
