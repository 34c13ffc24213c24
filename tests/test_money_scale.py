"""Money written as officers write it: the unit (đồng, triệu, tỷ) chosen by the amount's size."""

from decimal import Decimal

import pytest

from webapp.formatting import money_scaled

# The rule table of issue 15 (and the edges either side of each switch).
CASES = [
    (0, "0 đồng"),
    (999_999, "999.999 đồng"),
    (1_000_000, "1 triệu đồng"),
    (1_040_000, "1 triệu đồng"),
    (1_050_000, "1,1 triệu đồng"),
    (40_000_000, "40 triệu đồng"),
    (84_640_000, "84,6 triệu đồng"),
    (999_940_000, "999,9 triệu đồng"),
    # 999,95 triệu rounds to 1.000 triệu, which is written in tỷ: never "1.000 triệu đồng".
    (999_950_000, "1 tỷ đồng"),
    (1_000_000_000, "1 tỷ đồng"),
    (6_600_000_000, "6,6 tỷ đồng"),
    (36_812_000_000, "36,8 tỷ đồng"),
    (94_321_000_000, "94,3 tỷ đồng"),
    (1_234_567_000_000, "1.234,6 tỷ đồng"),
    (-40_000_000, "-40 triệu đồng"),
    (-500_000, "-500.000 đồng"),
]


@pytest.mark.parametrize(("vnd", "expected"), CASES)
def test_money_scaled_chooses_the_unit_by_size(vnd, expected):
    assert money_scaled(vnd) == expected


def test_money_scaled_never_prints_a_thousand_millions():
    for vnd in range(999_900_000, 1_000_000_001, 1_000):
        assert "1.000 triệu" not in money_scaled(vnd)
        assert "1.000,0" not in money_scaled(vnd)


def test_money_scaled_passes_none_and_refuses_non_integers():
    assert money_scaled(None) == ""
    with pytest.raises(TypeError):
        money_scaled(1.5)
    with pytest.raises(TypeError):
        money_scaled(Decimal("2"))


def test_loan_balance_below_a_billion_reads_in_millions(app):
    """The indicator kind the dashboard and the reports print with: "Dư nợ 40 triệu đồng"."""
    from webapp.indicators import find

    assert find("loans.outstanding_vnd").format(40_000_000) == "40 triệu đồng"
    assert find("loans.outstanding_vnd").format(36_812_000_000) == "36,8 tỷ đồng"
    assert find("loans.disbursed_vnd").format(50_000_000) == "50 triệu đồng"


def test_the_dashboard_shows_a_small_loan_balance_in_millions(app, world):
    """Was "Dư nợ 0 tỷ đồng" for a 40.000.000 đ balance."""
    from datetime import timedelta

    from tests.activities.test_dashboard import _tile
    from tests.conftest import client_for
    from tests.factories import PASSWORD
    from tests.loans.factories import make_bank, make_household, make_loan, make_programme
    from webapp.formatting import local_today

    today = local_today()
    bank = make_bank(world.commune_a, "nhcsxh")
    make_loan(
        make_household(world.branch_a1),
        make_programme(bank),
        today - timedelta(days=30),
        40_000_000,
        today + timedelta(days=700),
    )
    page = client_for(app, world.staff_a, PASSWORD).get("/").get_data(as_text=True)
    tile = _tile(page, "Dư nợ")
    assert "40 triệu đồng" in tile and "tỷ" not in tile
