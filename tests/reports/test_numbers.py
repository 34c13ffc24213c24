"""A report's number: one number per unit, symbol and year of issue. A number another report of
the unit already carries is refused beside the field; a number the user did not type again is
suggested afresh when the year of issue or the symbol changes, or when the field is emptied."""

from __future__ import annotations

from datetime import date

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.reports.factories import make_draft, meta_form
from webapp.extensions import db
from webapp.models.reports import ReportDraft
from webapp.trash import move_to_trash


def _reload(draft: ReportDraft) -> ReportDraft:
    db.session.expire_all()
    return db.session.get(ReportDraft, draft.id)


def test_a_number_another_report_of_the_unit_carries_is_refused(app, world):
    make_draft(world.commune_a, number=4, issued_on=date(2023, 3, 1), title="Báo cáo quý I")
    draft = make_draft(world.commune_a, number=5, issued_on=date(2023, 12, 20))
    staff = client_for(app, world.staff_a, PASSWORD)
    refused = staff.post_form(f"/reports/{draft.id}", meta_form(draft, number="4"))
    assert refused.status_code == 422
    assert (
        '<p class="error" id="number-error">Số 04/BC-BTV năm 2023 đã dùng cho báo cáo “Báo cáo '
        "quý I” (ngày 01/03/2023); số còn trống tiếp theo là 05.</p>"
    ) in refused.get_data(as_text=True)
    assert _reload(draft).number == 5


def test_the_same_number_is_free_under_another_symbol_year_or_unit(app, world):
    make_draft(world.commune_a, number=4, symbol="BC-BCH", issued_on=date(2023, 3, 1))
    make_draft(world.commune_a, number=4, issued_on=date(2022, 12, 1))
    make_draft(world.commune_b, number=4, issued_on=date(2023, 3, 1))
    trashed = make_draft(world.commune_a, number=4, issued_on=date(2023, 2, 1))
    move_to_trash(trashed)
    db.session.commit()
    draft = make_draft(world.commune_a, number=5, issued_on=date(2023, 12, 20))
    staff = client_for(app, world.staff_a, PASSWORD)
    saved = staff.post_form(f"/reports/{draft.id}", meta_form(draft, number="4"))
    assert saved.status_code == 302
    assert _reload(draft).number == 4


def test_a_number_not_typed_again_follows_the_year_and_symbol(app, world):
    make_draft(world.commune_a, number=1, issued_on=date(2024, 1, 3))
    make_draft(world.commune_a, number=7, symbol="BC-BCH", issued_on=date(2024, 2, 1))
    draft = make_draft(world.commune_a, number=9, issued_on=date(2023, 12, 20))
    staff = client_for(app, world.staff_a, PASSWORD)
    # Dated in 2024 with the number left as it was: the next free number of 2024.
    moved = staff.post_form(f"/reports/{draft.id}", meta_form(draft, issued_on="2024-01-05"))
    assert moved.status_code == 302
    draft = _reload(draft)
    assert (draft.number_symbol, draft.issued_on) == ("02/BC-BTV", date(2024, 1, 5))
    # Another symbol: the next free number of that symbol.
    assert (
        staff.post_form(f"/reports/{draft.id}", meta_form(draft, symbol="BC-BCH")).status_code
        == 302
    )
    draft = _reload(draft)
    assert draft.number_symbol == "08/BC-BCH"
    # A number typed with the change is kept.
    typed = meta_form(draft, symbol="BC-BTV", number="15")
    assert staff.post_form(f"/reports/{draft.id}", typed).status_code == 302
    assert _reload(draft).number_symbol == "15/BC-BTV"


def test_an_emptied_number_is_suggested_again(app, world):
    make_draft(world.commune_a, number=3, issued_on=date(2023, 3, 1))
    draft = make_draft(world.commune_a, number=8, issued_on=date(2023, 12, 20))
    staff = client_for(app, world.staff_a, PASSWORD)
    assert staff.post_form(f"/reports/{draft.id}", meta_form(draft, number="")).status_code == 302
    assert _reload(draft).number == 4  # the highest other number was 3 (its own 8 is freed)


def test_the_form_suggests_the_number_as_soon_as_the_date_or_symbol_changes(app, world):
    make_draft(world.commune_a, number=1, issued_on=date(2024, 1, 3))
    draft = make_draft(world.commune_a, number=9, issued_on=date(2023, 12, 20))
    staff = client_for(app, world.staff_a, PASSWORD)
    page = staff.get(f"/reports/{draft.id}").get_data(as_text=True)
    assert f'hx-get="/reports/{draft.id}/number"' in page and 'id="number-field"' in page
    url = f"/reports/{draft.id}/number?symbol=BC-BTV&issued_on=2024-01-05"
    assert 'name="number" type="text" value="2"' in staff.get(f"{url}&number=9").get_data(
        as_text=True
    )
    assert 'value="15"' in staff.get(f"{url}&number=15").get_data(as_text=True)  # typed: kept
    assert 'value="2"' in staff.get(f"{url}&number=").get_data(as_text=True)
    assert _reload(draft).number == 9  # nothing saved until "Lưu thông tin"


def test_two_reports_numbered_at_the_same_moment_do_not_share_the_number(app, world):
    """Staff A saves "số 07" and has not committed yet when staff B saves "số 07" on another
    report of the unit: B's save waits for A's and is then refused (a check that only read would
    have let both through)."""
    import threading

    from webapp.reports.services.drafts import DraftMeta, update_meta

    first = make_draft(world.commune_a, number=1, issued_on=date(2023, 12, 20))
    second = make_draft(world.commune_a, number=2, issued_on=date(2023, 12, 21))
    staff = client_for(app, world.staff_a, PASSWORD)
    form = meta_form(second, number="7")
    meta = DraftMeta(**{name: getattr(first, name) for name in DraftMeta.__dataclass_fields__})
    meta.number = 7
    held, go = threading.Event(), threading.Event()
    answers: dict[str, object] = {}

    def staff_a_saves() -> None:
        with app.app_context():
            draft = db.session.get(ReportDraft, first.id)
            user = db.session.get(type(world.staff_a), world.staff_a.id)
            update_meta(draft, meta, draft.version, user)  # flushed, not committed
            held.set()
            go.wait(10)
            db.session.commit()

    def staff_b_saves() -> None:
        answers["b"] = staff.post_form(f"/reports/{second.id}", form)

    a = threading.Thread(target=staff_a_saves)
    a.start()
    assert held.wait(10)
    b = threading.Thread(target=staff_b_saves)
    b.start()
    b.join(1.0)
    assert b.is_alive(), "B's save did not wait for A's"
    go.set()
    a.join(10)
    b.join(30)
    refused = answers["b"]
    assert refused.status_code == 422
    assert "Số 07/BC-BTV năm 2023 đã dùng cho báo cáo" in refused.get_data(as_text=True)
    assert (_reload(first).number, _reload(second).number) == (7, 2)
