"""The loans page's balance chart: its axis labels are bare numbers under one unit chosen by the
scale, so that a label never runs past the chart's left edge ("37,5 tỷ đồng" showed as
"7,5 tỷ đồng" on a province of 44 tỷ)."""

from __future__ import annotations

from datetime import date

from webapp.loans.services.portfolio import line_chart

DATES = [date(2026, m, 1) for m in range(1, 4)]


def test_a_province_balance_is_labelled_in_ty_once_above_the_axis():
    chart = line_chart(DATES, [40_100_000_000, 44_400_000_000, 42_000_000_000])
    assert chart.unit == "tỷ đồng"
    assert [label for _y, label in chart.y_labels] == ["0", "12,5", "25", "37,5", "50"]


def test_a_small_balance_is_labelled_in_trieu_and_a_tiny_one_in_dong():
    chart = line_chart(DATES, [320_000_000, 640_000_000, 800_000_000])
    assert chart.unit == "triệu đồng"
    assert [label for _y, label in chart.y_labels] == ["0", "200", "400", "600", "800"]
    tiny = line_chart(DATES, [0, 0, 400_000])
    assert tiny.unit == "đồng"
    assert [label for _y, label in tiny.y_labels][-1] == "400.000"


def test_the_page_draws_the_unit_once_and_bare_numbers(staff, world):
    from tests.loans.factories import loan_world

    loan_world(world)
    body = staff.get("/loans/").get_data(as_text=True)
    svg = body[
        body.index('<svg class="chart"') : body.index("</svg>", body.index('<svg class="chart"'))
    ]
    labels = [part.split("<", 1)[0] for part in svg.split('fill="#5b636d">')[1:]]
    units = [label for label in labels if "đồng" in label]
    assert len(units) == 1, labels
    assert units[0] in ("tỷ đồng", "triệu đồng", "đồng")
