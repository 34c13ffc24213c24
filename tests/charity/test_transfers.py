"""Transfers between two of our funds ("Chuyển quỹ"): typed once, two linked ledger entries."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from tests.charity import factories as f
from tests.conftest import client_for
from tests.factories import PASSWORD
from webapp.charity.services.ledger import balance_at, ledger
from webapp.extensions import db
from webapp.models.charity import EntryDirection, FundEntry, FundKind


def _live_entries() -> int:
    return db.session.scalar(select(func.count()).select_from(FundEntry))


def _transfer(client, page_fund, source, target, on="2023-06-01", amount="2.000.000", **extra):
    data = {
        "transfer-from_fund_id": source.id,
        "transfer-to_fund_id": target.id,
        "transfer-entry_date": on,
        "transfer-amount": amount,
        "transfer-note": extra.pop("note", ""),
    }
    return client.post_form(f"/charity/funds/{page_fund.id}/transfers", data, **extra)


def test_a_transfer_moves_both_balances_at_its_date_and_shows_on_both_ledgers(app, world):
    hoi = f.make_fund(world.commune_a, "Quỹ Hội")
    hoc = f.make_fund(world.commune_a, "Quỹ khuyến học")
    f.make_entry(hoi, date(2023, 1, 5), 5_000_000)
    staff = client_for(app, world.staff_a, PASSWORD)
    page = staff.get(f"/charity/funds/{hoi.id}").get_data(as_text=True)
    assert "Chuyển quỹ" in page and 'name="transfer-to_fund_id"' in page

    r = _transfer(staff, hoi, hoi, hoc, note="Bổ sung học bổng")
    assert r.status_code == 302, r.get_data(as_text=True)

    assert _live_entries() == 3  # one typing, two ledger rows
    assert balance_at(hoi.id, date(2023, 5, 31)) == 5_000_000
    assert balance_at(hoc.id, date(2023, 5, 31)) == 0
    assert balance_at(hoi.id, date(2023, 6, 1)) == 3_000_000
    assert balance_at(hoc.id, date(2023, 6, 1)) == 2_000_000
    out, into = db.session.scalars(
        select(FundEntry).where(FundEntry.counterpart_id.is_not(None)).order_by(FundEntry.id)
    ).all()
    assert (out.fund_id, out.direction, into.fund_id, into.direction) == (
        hoi.id,
        EntryDirection.OUT,
        hoc.id,
        EntryDirection.IN,
    )
    assert out.counterpart_id == into.id and into.counterpart_id == out.id

    [line] = [x for x in ledger(hoi).lines if x.is_transfer]
    assert (line.text, line.outflow, line.balance) == (
        "Chuyển quỹ sang Quỹ khuyến học — Bổ sung học bổng",
        2_000_000,
        3_000_000,
    )
    [line] = ledger(hoc).lines
    assert (line.text, line.inflow, line.balance) == (
        "Chuyển quỹ nhận từ Quỹ Hội — Bổ sung học bổng",
        2_000_000,
        2_000_000,
    )
    page = staff.get(f"/charity/funds/{hoc.id}").get_data(as_text=True)
    assert "Chuyển quỹ nhận từ Quỹ Hội" in page and "2.000.000 đồng" in page


def test_a_transfer_above_the_source_balance_is_refused_with_the_balance(app, world):
    hoi = f.make_fund(world.commune_a, "Quỹ Hội")
    hoc = f.make_fund(world.commune_a, "Quỹ khuyến học")
    f.make_entry(hoi, date(2023, 1, 5), 1_000_000)
    staff = client_for(app, world.staff_a, PASSWORD)
    r = _transfer(staff, hoi, hoi, hoc, amount="1.500.000", htmx=True)
    assert r.status_code == 200  # htmx 2 swaps only 2xx: the message must reach the page
    text = r.get_data(as_text=True)
    assert (
        "Số dư Quỹ Hội ngày 01/06/2023 là 1.000.000 đồng; không đủ để chi 1.500.000 đồng." in text
    )
    assert "1.500.000" in text  # what was typed stays
    db.session.expire_all()
    assert _live_entries() == 1  # nothing partial: neither side written
    assert balance_at(hoc.id) == 0


def test_a_transfer_across_measures_or_to_the_same_fund_is_refused(app, world):
    hoi = f.make_fund(world.commune_a, "Quỹ Hội")
    gao = f.make_fund(world.commune_a, "Hũ gạo tình thương", FundKind.GOODS, "kg")
    f.make_entry(hoi, date(2023, 1, 5), 5_000_000)
    f.make_entry(gao, date(2023, 1, 5), 300)
    staff = client_for(app, world.staff_a, PASSWORD)
    r = _transfer(staff, hoi, hoi, gao, amount="100")
    assert r.status_code == 422
    assert (
        "Không thể chuyển giữa Quỹ Hội (tính bằng đồng) và Hũ gạo tình thương (tính bằng kg)."
        in r.get_data(as_text=True)
    )
    r = _transfer(staff, hoi, hoi, hoi)
    assert r.status_code == 422
    assert "Quỹ nhận phải khác quỹ chuyển đi." in r.get_data(as_text=True)
    db.session.expire_all()
    assert _live_entries() == 2


def test_deleting_one_side_moves_both_to_the_trash(app, world):
    hoi = f.make_fund(world.commune_a, "Quỹ Hội")
    hoc = f.make_fund(world.commune_a, "Quỹ khuyến học")
    f.make_entry(hoi, date(2023, 1, 5), 5_000_000)
    staff = client_for(app, world.staff_a, PASSWORD)
    _transfer(staff, hoi, hoi, hoc)
    into = db.session.scalars(
        select(FundEntry).where(
            FundEntry.fund_id == hoc.id, FundEntry.direction == EntryDirection.IN
        )
    ).one()
    # A transfer is corrected by deleting it and typing it again, never one side alone.
    r = staff.post_form(
        f"/charity/entries/{into.id}",
        {"version": into.version, "entry_date": "2023-06-01", "direction": "in"}
        | {"kind": "transfer", "amount": "1"},
    )
    assert r.status_code == 422
    assert "Khoản chuyển quỹ không sửa được" in r.get_data(as_text=True)

    r = staff.post_form(f"/charity/entries/{into.id}/delete")
    assert r.status_code == 302
    db.session.expire_all()
    assert _live_entries() == 1
    trashed = db.session.scalars(
        select(FundEntry)
        .execution_options(include_deleted=True)
        .where(FundEntry.deleted_at.is_not(None))
    ).all()
    assert len(trashed) == 2
    assert balance_at(hoi.id) == 5_000_000 and balance_at(hoc.id) == 0


def test_deleting_a_transfer_the_target_already_spent_is_refused(app, world):
    hoi = f.make_fund(world.commune_a, "Quỹ Hội")
    hoc = f.make_fund(world.commune_a, "Quỹ khuyến học")
    f.make_entry(hoi, date(2023, 1, 5), 5_000_000)
    staff = client_for(app, world.staff_a, PASSWORD)
    _transfer(staff, hoi, hoi, hoc)
    f.make_entry(hoc, date(2023, 7, 1), 1_500_000, EntryDirection.OUT)
    out = db.session.scalars(
        select(FundEntry).where(FundEntry.fund_id == hoi.id, FundEntry.counterpart_id.is_not(None))
    ).one()
    r = staff.post_form(
        f"/charity/entries/{out.id}/delete", htmx=True, headers={"HX-Target": "ledger"}
    )
    assert "Không thể xoá khoản chuyển quỹ 2.000.000 đồng" in r.get_data(as_text=True)
    db.session.expire_all()
    assert _live_entries() == 4
    assert balance_at(hoc.id) == 500_000


def test_a_branch_user_cannot_transfer_out_of_the_commune_fund(app, world):
    hoi = f.make_fund(world.commune_a, "Quỹ Hội")
    chi = f.make_fund(world.branch_a1, "Quỹ chi hội An Cư 2")
    f.make_entry(hoi, date(2023, 1, 5), 5_000_000)
    branch = client_for(app, world.branch_user_a1, PASSWORD)
    r = _transfer(branch, chi, hoi, chi)
    assert r.status_code in (403, 404, 422)
    db.session.expire_all()
    assert _live_entries() == 1


def test_rice_moves_between_two_kg_funds_from_the_ledger_page_without_a_reload(app, world):
    gao = f.make_fund(world.commune_a, "Hũ gạo tình thương", FundKind.GOODS, "kg")
    kho = f.make_fund(world.branch_a1, "Hũ gạo chi hội An Cư 2", FundKind.GOODS, "kg")
    f.make_entry(gao, date(2023, 1, 5), 300)
    staff = client_for(app, world.staff_a, PASSWORD)
    r = _transfer(staff, gao, gao, kho, amount="120", htmx=True, headers={"HX-Target": "ledger"})
    assert r.status_code == 200
    text = r.get_data(as_text=True)
    assert "Chuyển quỹ sang Hũ gạo chi hội An Cư 2" in text
    assert '<strong id="fund-closing">180 kg</strong>' in text
    assert balance_at(kho.id) == 120


def test_restoring_one_side_of_a_transfer_restores_both(app, world):
    hoi = f.make_fund(world.commune_a, "Quỹ Hội")
    hoc = f.make_fund(world.commune_a, "Quỹ khuyến học")
    f.make_entry(hoi, date(2023, 1, 5), 5_000_000)
    staff = client_for(app, world.staff_a, PASSWORD)
    _transfer(staff, hoi, hoi, hoc)
    into = db.session.scalars(
        select(FundEntry).where(
            FundEntry.fund_id == hoc.id, FundEntry.direction == EntryDirection.IN
        )
    ).one()
    staff.post_form(f"/charity/entries/{into.id}/delete")
    assert staff.post_form(f"/trash/charity_fund_entries/{into.id}/restore").status_code == 302
    db.session.expire_all()
    assert _live_entries() == 3
    assert balance_at(hoi.id) == 3_000_000 and balance_at(hoc.id) == 2_000_000
