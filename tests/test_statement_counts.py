"""SQL statements per page, per indicator computation and per report context do not grow with the
data: the same pages are counted on a province of one demo commune and of three (3× the units,
members, loans and records), and must issue the same number of statements — and no more than a
small bound, so that a page doing one query per row fails here even before the data grows.

Counted with SQLAlchemy's ``before_cursor_execute`` on the app's engine. The province is built
by the demo's generators (webapp/demo/province.py), as the benchmark does
(scripts/bench_province.py, whose small size runs at the end of this module).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from sqlalchemy import event, func, or_, select

from tests.conftest import AppClient, _empty_tables, client_for
from tests.factories import PASSWORD, make_user
from webapp import create_app
from webapp.config import PROJECT_ROOT, Config
from webapp.extensions import db, limiter
from webapp.models import Role

AS_OF = date(2023, 10, 20)
PERIOD = (date(2021, 1, 1), AS_OF)

# The most statements each may issue (today's counts with a little room): a query per row
# or per branch would exceed them at once.
BOUNDS = {
    "compute commune": 50,  # one query per indicator group (41 groups and sources today)
    "compute province": 50,
    "report context commune": 100,  # this period and the previous one, lists, targets
    "report context province": 100,
    "dashboard commune": 28,  # was 44: one query per month and chart
    "dashboard province": 28,
    "members list": 6,
    "members search": 6,
    "loans portfolio (overdue list)": 20,  # was 27 for one commune, 47 for three
    "gift list": 15,  # was 65 / 68: the recipient, unit, fund of each row
    "household list": 10,  # was 13 / 29: the unit and group of each row
}


# (communes, branches per commune): the demo's commune, three of them, one with twelve branches
SIZES = ((1, 4), (3, 4), (1, 12))


@contextmanager
def counting() -> Iterator[list[str]]:
    """Collect every statement the app's engine sends while the block runs."""
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _statements(action: Callable[[], object]) -> int:
    db.session.expire_all()
    with counting() as seen:
        action()
    return len(seen)


def _get(client: AppClient, url: str) -> Callable[[], object]:
    def fetch():
        response = client.get(url)
        assert response.status_code == 200, url
        return response

    return fetch


def measure(communes: int, branches: int = 4) -> dict[str, int]:
    """Statement counts of each page and computation on a province of ``communes`` communes of
    ``branches`` branches (the demo's four, or more with a copy of the members over them)."""
    from docxtpl import DocxTemplate
    from flask import current_app

    from webapp.demo.province import seed_province
    from webapp.documents.context import build_context
    from webapp.documents.requests import request_for_unit
    from webapp.documents.templates import active_template
    from webapp.indicators import Period, compute
    from webapp.main import dashboard
    from webapp.models.reports import ReportKind

    province = seed_province(
        communes, branches_per_commune=branches, member_copies=1 if branches > 4 else 0
    )
    db.session.commit()
    commune = province.communes[0].commune
    top = province.province
    staff_top = make_user(Role.STAFF, unit=top)
    staff_commune = make_user(Role.STAFF, unit=commune)
    period = Period(*PERIOD)
    counts: dict[str, int] = {}
    for level, unit in (("commune", commune), ("province", top)):
        counts[f"compute {level}"] = _statements(lambda u=unit: compute(u.id, period))
        req = request_for_unit(unit, ReportKind.MID_TERM, period)
        # With the template, as a report is built: it asks for the chart by branch.
        template = DocxTemplate(active_template(ReportKind.MID_TERM).path)
        counts[f"report context {level}"] = _statements(
            lambda r=req, t=template: build_context(r, t)
        )
    for level, user in (("commune", staff_commune), ("province", staff_top)):
        getattr(dashboard, "clear_cache", lambda: None)()
        with current_app.test_request_context():
            counts[f"dashboard {level}"] = _statements(
                lambda u=user: dashboard.build_dashboard(u, AS_OF)
            )
    top_client = client_for(current_app, staff_top, PASSWORD)
    pages = {
        "members list": "/members/",
        "members search": "/members/?q=nguyen",
        "loans portfolio (overdue list)": f"/loans/?at={AS_OF.isoformat()}",
        "gift list": "/charity/",
        "household list": "/loans/households",
    }
    for name, url in pages.items():
        top_client.get(url)  # warm: the first request loads the user, the second counts
        counts[name] = _statements(_get(top_client, url))
    return counts


@pytest.fixture(scope="module")
def counts(settings: dict[str, str], schema: None) -> dict[int, dict[str, int]]:
    """The counts on one commune of four branches, on three such communes, and on one commune of
    twelve branches (twice the members), measured once for the tests of this module."""
    app = create_app(Config(settings))
    app.test_client_class = AppClient
    found = {}
    with app.app_context():
        for communes, branches in SIZES:
            _empty_tables()
            limiter.reset()
            found[communes, branches] = measure(communes, branches)
            db.session.remove()
        _empty_tables()
        db.engine.dispose()
    return found


@pytest.mark.parametrize("what", sorted(BOUNDS))
def test_statements_do_not_grow_with_the_data(counts, what):
    small, communes, branches = (counts[size][what] for size in SIZES)
    assert small == communes, f"{what}: {small} statements for 1 commune, {communes} for 3"
    assert small == branches, f"{what}: {small} statements with 4 branches, {branches} with 12"
    assert small <= BOUNDS[what], f"{what}: {small} statements (at most {BOUNDS[what]})"


def test_the_benchmark_runs_at_its_small_size(tmp_path):
    """The CI smoke run of scripts/bench_province.py: it builds its province, measures, and
    writes its JSON; statement counts are asserted here, never times."""
    out = tmp_path / "bench.json"
    env = {
        **os.environ,
        "SOHOI_INSTANCE": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "scripts/bench_province.py", "--small", "--json", str(out)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(out.read_text())
    statements = result["statements"]
    for what, bound in BOUNDS.items():
        if what in statements:
            assert statements[what] <= bound, f"{what}: {statements[what]} > {bound}"
    assert result["load"]["errors"] == 0


# --- the dashboard: one query per chart, cached until a record changes ------------------------


def test_each_chart_point_equals_the_indicator_at_that_date(app):
    """The dashboard's monthly series (one query each) print what compute() gives per month."""
    from webapp.demo.province import seed_province
    from webapp.indicators import Period, compute
    from webapp.indicators.series import month_periods, series

    province = seed_province(2)
    db.session.commit()
    ends = [date(2023, m + 1, 1) - timedelta(days=1) for m in range(1, 10)] + [AS_OF]
    for unit in (province.communes[1].commune, province.province):
        for code, from_year_start in (
            ("members.total", True),
            ("loans.outstanding_vnd", True),
            ("activities.count", False),
        ):
            periods = month_periods(ends, from_year_start)
            expected = [
                float(compute(unit.id, Period(start, end), {code}).raw[code] or 0)
                for start, end in periods
            ]
            with counting() as seen:
                got = series(unit.id, code, periods)
            assert got == expected, code
            # One query for the series, after the dated tree's look-ups (when did it change).
            assert len(seen) <= 3, code
    assert any(v for v in expected)


def test_the_chart_by_branch_gives_each_branch_what_compute_gives_it(app):
    """A report's chart of members by branch is one query for all the branches (it was two per
    branch: 80 for a merged commune of 40), and equal to compute() of each, also for a member
    and a branch moved after the as-of date (counted where they were on it)."""
    from webapp.demo.province import seed_province
    from webapp.indicators import Period, compute
    from webapp.indicators.series import by_unit
    from webapp.members.services.members import transfer_member
    from webapp.models import Member, Unit
    from webapp.scope import children_on
    from webapp.units.services.units import move_unit

    province = seed_province(2, branches_per_commune=7, member_copies=1)
    db.session.commit()
    commune, other = (demo.commune for demo in province.communes)
    first, second = province.communes[0].branches[:2]
    member = db.session.scalars(select(Member).where(Member.unit_id == first.id)).first()
    transfer_member(member, second, AS_OF + timedelta(days=5), None)
    moved = db.session.scalar(select(Unit).where(Unit.parent_id == other.id).limit(1))
    moved.name = "Chi hội Thôn Mới"  # a name the commune does not have yet
    move_unit(moved, commune, on=AS_OF + timedelta(days=5))
    db.session.commit()
    period = Period(*PERIOD)
    for unit in (commune, other, province.province):
        children = db.session.scalars(children_on(unit.id, AS_OF)).all()
        expected = [
            float(compute(c.id, period, {"members.total"}).raw["members.total"]) for c in children
        ]
        with counting() as seen:
            got = by_unit(unit.id, period, "members.total", [c.id for c in children])
        assert got == expected, unit.name
        assert len(seen) <= 3  # the dated tree's look-ups, then one query
    assert len(children) == 2 and all(expected)
    assert moved not in db.session.scalars(children_on(commune.id, AS_OF)).all()


def test_the_dashboard_is_recomputed_as_soon_as_a_record_changes(app):
    from flask import current_app

    from webapp.demo.province import seed_province
    from webapp.main import dashboard
    from webapp.models import Member

    province = seed_province(1)
    db.session.commit()
    staff = make_user(Role.STAFF, unit=province.province)
    dashboard.clear_cache()

    def members_tile() -> tuple[str, int]:
        with current_app.test_request_context(), counting() as seen:
            tiles = dashboard.build_dashboard(staff, AS_OF).tiles
        return tiles[0].value, len(seen)

    first, cold = members_tile()
    again, warm = members_tile()
    assert again == first
    assert warm < cold and warm <= 3  # the user's unit and the last-change id

    member = db.session.scalars(
        select(Member).where(Member.left_on.is_(None), Member.is_honorary.is_(False)).limit(1)
    ).one()
    member.left_on = date(2023, 5, 1)
    db.session.commit()
    changed, _count = members_tile()
    assert int(changed.replace(".", "")) == int(first.replace(".", "")) - 1


def test_postgresql_connections_run_without_jit(app):
    """JIT compiling the recursive unit-tree query doubled a report's context build."""
    from sqlalchemy import text

    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")
    assert db.session.scalar(text("SHOW jit")) == "off"
    db.session.rollback()  # a fresh transaction on the same connection keeps it off
    assert db.session.scalar(text("SHOW jit")) == "off"


def test_the_overdue_list_is_paginated(app):
    """Issue 16: the /loans/ overdue list comes a page at a time, with the pager."""
    from webapp.demo.province import seed_province

    province = seed_province(2)
    db.session.commit()
    staff = make_user(Role.STAFF, unit=province.province)
    app.config["PAGE_SIZE"] = 2
    client = client_for(app, staff, PASSWORD)
    url = f"/loans/?at={AS_OF.isoformat()}&unit={province.province.id}"
    first = client.get(url).get_data(as_text=True)
    second = client.get(url + "&page=2").get_data(as_text=True)
    section = first.split('id="overdue-list"')[1]
    assert section.count('<tr class="bad">') == 2
    assert "Trang 1/3" in section  # the demo has 3 overdue loans per commune: 6 in all
    assert "Trang 2/3" in second.split('id="overdue-list"')[1]
    assert "page=2" in section


def test_the_balance_subquery_reads_only_the_scopes_repayments(app):
    """repaid_by_loan summed every repayment in the database whatever the scope: a commune's
    balances cost as much as the province's. It now reads the subtree's loans only."""
    from webapp.demo.province import seed_province
    from webapp.indicators.loans import repaid_by_loan
    from webapp.models import Loan, LoanRepayment
    from webapp.scope import subtree_ids

    province = seed_province(2)
    db.session.commit()
    commune = province.communes[0].commune
    repaid = repaid_by_loan(AS_OF, loans_where=Loan.unit_id.in_(subtree_ids(commune.id)))
    loans = set(db.session.scalars(select(repaid.c.loan_id)))
    in_commune = set(
        db.session.scalars(
            select(LoanRepayment.loan_id)
            .join(Loan, Loan.id == LoanRepayment.loan_id)
            .where(Loan.unit_id.in_(subtree_ids(commune.id)), LoanRepayment.paid_on <= AS_OF)
        )
    )
    everywhere = set(db.session.scalars(select(LoanRepayment.loan_id)))
    assert loans == in_commune
    assert len(everywhere) > len(loans) > 0


def test_indicators_read_the_tree_once_and_list_it_by_id(app):
    """PostgreSQL estimates the recursive unit-tree CTE at 481 rows whatever the tree: with the
    CTE inside every indicator query, a commune's figures were planned as if it held half the
    province. compute() reads the tree once per scope (with its dates) and lists its units by id
    in every other statement — and the figures stay those of the commune's own records."""
    from webapp.demo.province import seed_province
    from webapp.indicators import Period, compute
    from webapp.models import Member, Unit

    province = seed_province(2)
    db.session.commit()
    commune = province.communes[0].commune
    with counting() as seen:
        values = compute(commune.id, Period(*PERIOD))
    recursive = [s for s in seen if "RECURSIVE" in s.upper()]
    # Only the reads of the tree with its dates (one per scope computed) walk the tree.
    assert all("group_concat" in s or "array_agg" in s for s in recursive), recursive
    assert len(recursive) <= 2 and len(seen) >= 30, (len(recursive), len(seen))
    branches = db.session.scalars(select(Unit.id).where(Unit.parent_id == commune.id)).all()
    expected = db.session.scalar(
        select(func.count())
        .select_from(Member)
        .where(
            Member.unit_id.in_(branches),
            Member.is_honorary.is_(False),
            or_(Member.joined_on.is_(None), Member.joined_on <= AS_OF),
            or_(Member.left_on.is_(None), Member.left_on > AS_OF),
        )
    )
    assert values.raw["members.total"] == expected > 0
