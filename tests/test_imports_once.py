"""An upload is imported once: two confirmations of it at the same moment (a double click, two
tabs) write its rows once, and the second is told so in Vietnamese; so is a later one."""

from __future__ import annotations

import contextlib
import threading

import pytest

from tests.imports_support import confirm, preview
from tests.test_imports_loans import AS_OF, bank, bank_list, counts  # noqa: F401 (bank: a fixture)
from webapp.extensions import db
from webapp.imports import engine
from webapp.imports.registry import register_of
from webapp.models import ImportBatch, User
from webapp.refusals import RecordError


@pytest.mark.usefixtures("bank")
def test_two_confirmations_at_once_import_the_file_once(app, world, monkeypatch):
    shown = preview("loans", world.staff_a, bank_list(), world.commune_a, AS_OF)
    db.session.commit()
    register = register_of("loans")
    # Both confirmations have read the stored rows before either writes (the race a double
    # click makes): each waits here for the other, or a second and a half when it cannot come.
    meet = threading.Barrier(2, timeout=1.5)
    begin = type(register).begin

    def begin_together(self, ctx, rows):
        with contextlib.suppress(threading.BrokenBarrierError):
            meet.wait()
        begin(self, ctx, rows)

    monkeypatch.setattr(type(register), "begin", begin_together)
    said: list[object] = []
    user_id = world.staff_a.id  # read here: the test's session is not shared with the threads

    def confirm_in_its_own_session():
        with app.app_context():
            user = db.session.get(User, user_id)
            try:
                said.append(engine.confirm(register, user, shown.token))
                db.session.commit()
            except RecordError as exc:
                db.session.rollback()
                said.append(exc.message)
            finally:
                db.session.remove()

    clicks = [threading.Thread(target=confirm_in_its_own_session) for _ in range(2)]
    for click in clicks:
        click.start()
    for click in clicks:
        click.join(timeout=60)
    assert sorted(said, key=str) == [
        4,
        "Tệp này đã được nhập (một lần xác nhận khác vừa ghi); không ghi lại lần nữa.",
    ]
    db.session.expire_all()
    assert counts() == (2, 3, 4, 2)  # two groups, three households, four loans, two openings
    batch = db.session.query(ImportBatch).one()
    assert (batch.register, batch.rows, batch.unit_id) == ("loans", 4, world.commune_a.id)


@pytest.mark.usefixtures("bank")
def test_a_confirmation_after_the_first_says_when_the_file_was_imported(world):
    shown = preview("loans", world.staff_a, bank_list(), world.commune_a, AS_OF)
    assert confirm("loans", world.staff_a, shown.token) == 4
    with pytest.raises(RecordError, match=r"^Tệp này đã được nhập lúc .* \(4 dòng\); không ghi"):
        confirm("loans", world.staff_a, shown.token)
    db.session.rollback()
    assert counts() == (2, 3, 4, 2)
