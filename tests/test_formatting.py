"""Tests for webapp.formatting: Vietnamese numbers, money, dates and amounts in words."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from webapp.formatting import (
    amount_in_words,
    billions,
    date_long,
    date_short,
    fraction,
    millions,
    money,
    money_in_words,
    number,
    parse_number,
    percent,
    place_date,
    ratio_percent,
)

# --- None passes through as "" ---------------------------------------------------------------


@pytest.mark.parametrize(
    "func",
    [
        number,
        percent,
        money,
        billions,
        millions,
        date_short,
        date_long,
        amount_in_words,
        money_in_words,
    ],
)
def test_none_gives_empty_string(func):
    assert func(None) == ""


def test_none_two_argument_functions():
    assert ratio_percent(None, 10) == ""
    assert ratio_percent(1, None) == ""
    assert fraction(None, 10) == ""
    assert fraction(7, None) == ""
    assert place_date("Đức Xương", None) == ""


# --- number -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0, 0, "0"),
        (5, 0, "5"),
        (999, 0, "999"),
        (1000, 0, "1.000"),
        (1412, 0, "1.412"),
        (-1234567, 0, "-1.234.567"),
        (1_000_000_000_000, 0, "1.000.000.000.000"),
        (92.6, 1, "92,6"),
        (92.6, 0, "93"),
        (1234.5, 2, "1.234,50"),
        (0.5, 0, "1"),  # half up, not banker's (round(0.5) == 0)
        (2.5, 0, "3"),  # banker's rounding would give 2
        (-2.5, 0, "-3"),  # half away from zero
        (1.005, 2, "1,01"),  # float 1.005 is 1.00499…; Decimal(str()) rounds as shown
        (-0.04, 1, "0,0"),  # no "-0,0"
        (Decimal("1234.565"), 2, "1.234,57"),
        (Decimal("7"), 0, "7"),
        (10**30, 0, "1" + ".000" * 10),  # beyond Decimal's default 28-digit precision
    ],
)
def test_number(value, decimals, expected):
    assert number(value, decimals) == expected


def test_number_default_decimals_is_zero():
    assert number(1412.4) == "1.412"


@pytest.mark.parametrize("bad", ["12", True, [1]])
def test_number_rejects_non_numbers(bad):
    with pytest.raises(TypeError):
        number(bad)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), Decimal("NaN")])
def test_number_rejects_non_finite(bad):
    with pytest.raises(ValueError):
        number(bad)


def test_number_rejects_negative_decimals():
    with pytest.raises(ValueError):
        number(1, -1)


# --- percent / ratio_percent -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratio", "decimals", "expected"),
    [
        (0.926, 1, "92,6%"),
        (1.025, 1, "102,5%"),
        (0.2, 0, "20%"),
        (1.0, 1, "100%"),  # trailing ",0" dropped
        (0.85, 1, "85%"),
        (0.237, 1, "23,7%"),
        (0, 1, "0%"),
        (1, 1, "100%"),
        (0.9255, 1, "92,6%"),  # ROUND_HALF_UP via Decimal(str(x))
        (0.9245, 1, "92,5%"),  # half up again (banker's would keep 92,4)
        (0.92549, 1, "92,5%"),
        (-0.125, 1, "-12,5%"),
        (0.12345, 2, "12,35%"),
        (0.5, 2, "50%"),  # all-zero fraction dropped
        (Decimal("0.333"), 1, "33,3%"),
    ],
)
def test_percent(ratio, decimals, expected):
    assert percent(ratio, decimals) == expected


@pytest.mark.parametrize(
    ("numerator", "denominator", "decimals", "expected"),
    [
        (1, 0, 1, ""),
        (0, 0, 1, ""),
        (5, None, 1, ""),
        (0, 10, 1, "0%"),
        (7, 10, 1, "70%"),
        (1, 3, 1, "33,3%"),
        (2, 3, 1, "66,7%"),
        (1851, 2000, 1, "92,6%"),  # exactly 92,55% -> half up
        (41, 40, 1, "102,5%"),
        (1, 3, 0, "33%"),
        (1.5, 2, 1, "75%"),
    ],
)
def test_ratio_percent(numerator, denominator, decimals, expected):
    assert ratio_percent(numerator, denominator, decimals) == expected


# --- fraction ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [(7, 10, "7/10"), (0, 10, "0/10"), (1412, 2000, "1.412/2.000")],
)
def test_fraction(a, b, expected):
    assert fraction(a, b) == expected


# --- money ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vnd", "short", "expected"),
    [
        (890_000_000, False, "890.000.000 đồng"),
        (890_000_000, True, "890.000.000 đ"),
        (0, False, "0 đồng"),
        (500, True, "500 đ"),
        (-1_500_000, False, "-1.500.000 đồng"),
    ],
)
def test_money(vnd, short, expected):
    assert money(vnd, short=short) == expected


@pytest.mark.parametrize("func", [money, billions, millions])
@pytest.mark.parametrize("bad", [1.0, 1500000.5, True, Decimal(1000), "1000"])
def test_money_rejects_non_int(func, bad):
    with pytest.raises(TypeError):
        func(bad)


@pytest.mark.parametrize(
    ("vnd", "decimals", "expected"),
    [
        (36_800_000_000, 1, "36,8 tỷ đồng"),
        (6_600_000_000, 1, "6,6 tỷ đồng"),
        (30_000_000_000, 1, "30 tỷ đồng"),
        (36_850_000_000, 1, "36,9 tỷ đồng"),  # half up
        (36_849_999_999, 1, "36,8 tỷ đồng"),
        (1_234_000_000_000, 1, "1.234 tỷ đồng"),
        (890_000_000, 1, "0,9 tỷ đồng"),
        (0, 1, "0 tỷ đồng"),
        (-6_600_000_000, 1, "-6,6 tỷ đồng"),
        (36_812_000_000, 2, "36,81 tỷ đồng"),
        (36_800_000_000, 0, "37 tỷ đồng"),
    ],
)
def test_billions(vnd, decimals, expected):
    assert billions(vnd, decimals) == expected


@pytest.mark.parametrize(
    ("vnd", "decimals", "expected"),
    [
        (320_000_000, 1, "320 triệu đồng"),
        (14_800_000, 1, "14,8 triệu đồng"),
        (14_850_000, 1, "14,9 triệu đồng"),
        (1_500_000_000, 1, "1.500 triệu đồng"),
        (500_000, 1, "0,5 triệu đồng"),
        (0, 1, "0 triệu đồng"),
        (14_800_000, 0, "15 triệu đồng"),
    ],
)
def test_millions(vnd, decimals, expected):
    assert millions(vnd, decimals) == expected


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2023, 10, 20), "20/10/2023"),
        (date(2024, 2, 5), "05/02/2024"),
        (date(2024, 3, 15), "15/03/2024"),
        (datetime(2024, 1, 1, 13, 45), "01/01/2024"),
    ],
)
def test_date_short(d, expected):
    assert date_short(d) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2023, 10, 20), "ngày 20 tháng 10 năm 2023"),
        (date(2024, 2, 5), "ngày 05 tháng 02 năm 2024"),
        (date(2024, 3, 15), "ngày 15 tháng 3 năm 2024"),
        (date(2024, 1, 9), "ngày 09 tháng 01 năm 2024"),
        (date(2024, 1, 10), "ngày 10 tháng 01 năm 2024"),
        (date(2024, 9, 1), "ngày 01 tháng 9 năm 2024"),
        (date(2024, 12, 31), "ngày 31 tháng 12 năm 2024"),
        (date(2024, 11, 30), "ngày 30 tháng 11 năm 2024"),
    ],
)
def test_date_long(d, expected):
    assert date_long(d) == expected


def test_place_date():
    assert place_date("Đức Xương", date(2023, 10, 20)) == "Đức Xương, ngày 20 tháng 10 năm 2023"
    assert place_date("Đức Xương", date(2024, 2, 5)) == "Đức Xương, ngày 05 tháng 02 năm 2024"
    assert place_date("", date(2024, 3, 15)) == "ngày 15 tháng 3 năm 2024"
    assert place_date(None, date(2024, 3, 15)) == "ngày 15 tháng 3 năm 2024"


# --- parse_number -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.500.000", 1_500_000),
        ("1500000", 1_500_000),
        (" 1.500.000 đ", 1_500_000),
        ("1 500 000", 1_500_000),
        ("1\u00a0500\u00a0000", 1_500_000),  # non-breaking spaces from copy/paste
        ("1.500.000đ", 1_500_000),
        ("1.500.000 đồng", 1_500_000),
        ("1.500.000 VND", 1_500_000),
        ("1.500.000 VNĐ", 1_500_000),
        ("-2.000", -2000),
        ("-2000", -2000),
        ("0", 0),
        ("999", 999),
        ("12.345", 12345),
        ("123.456.789", 123_456_789),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "1,5",  # decimal comma: đồng have no fractions
        "1,500,000",  # English grouping is not accepted either
        "",
        "   ",
        "1.50.000",  # groups after the first must have exactly 3 digits
        "1.5000",
        "1500.000",  # first group has at most 3 digits
        "1.500 000",  # mixed separators
        "1..500",
        ".500",
        "500.",
        "--5",
        "5-",
        "đ",
        "1.5e6",
        None,
    ],
)
def test_parse_number_rejects(text):
    with pytest.raises(ValueError, match=r"^Số không hợp lệ: "):
        parse_number(text)


def test_parse_number_error_quotes_input():
    with pytest.raises(ValueError, match="1,5"):
        parse_number("1,5")


def test_parse_number_rejects_non_str():
    with pytest.raises(TypeError):
        parse_number(1500)


# --- amounts in words -------------------------------------------------------------------------

# Hand-checked Vietnamese readings ("nghìn" and "linh", the northern forms, throughout).
AMOUNT_WORDS = [
    (0, "không"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (101, "một trăm linh một"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (115, "một trăm mười lăm"),
    (121, "một trăm hai mươi mốt"),
    (1000, "một nghìn"),
    (1005, "một nghìn không trăm linh năm"),
    (1015, "một nghìn không trăm mười lăm"),
    (2021, "hai nghìn không trăm hai mươi mốt"),
    (1_005_000, "một triệu không trăm linh năm nghìn"),
    (1_000_000, "một triệu"),
    (4_000_000, "bốn triệu"),
    (14_800_000, "mười bốn triệu tám trăm nghìn"),
    (890_000_000, "tám trăm chín mươi triệu"),
    (36_800_000_000, "ba mươi sáu tỷ tám trăm triệu"),
    (1_000_000_001, "một tỷ không trăm linh một"),
    (500_000, "năm trăm nghìn"),
    (1_234_567, "một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy"),
    (1_000_000_000_000, "một nghìn tỷ"),
    # further cases
    (1, "một"),
    (4, "bốn"),
    (9, "chín"),
    (19, "mười chín"),
    (31, "ba mươi mốt"),
    (44, "bốn mươi tư"),
    (55, "năm mươi lăm"),
    (99, "chín mươi chín"),
    (100, "một trăm"),
    (104, "một trăm linh bốn"),
    (111, "một trăm mười một"),
    (114, "một trăm mười bốn"),
    (200, "hai trăm"),
    (999, "chín trăm chín mươi chín"),
    (1001, "một nghìn không trăm linh một"),
    (1010, "một nghìn không trăm mười"),
    (1100, "một nghìn một trăm"),
    (15_000, "mười lăm nghìn"),
    (21_000, "hai mươi mốt nghìn"),
    (105_000, "một trăm linh năm nghìn"),
    (1_050_000, "một triệu không trăm năm mươi nghìn"),
    (1_000_005, "một triệu không trăm linh năm"),
    (1_000_015, "một triệu không trăm mười lăm"),
    (1_005_000_000, "một tỷ không trăm linh năm triệu"),
    (1_000_005_000, "một tỷ không trăm linh năm nghìn"),
    (2_500_000_000, "hai tỷ năm trăm triệu"),
    (1_000_000_000, "một tỷ"),
    (5_000_000_000_000, "năm nghìn tỷ"),
    (1_500_000_000_000, "một nghìn năm trăm tỷ"),
    (1_000_000_000_000_000, "một triệu tỷ"),
    (1_001_000_000_000, "một nghìn không trăm linh một tỷ"),
]


@pytest.mark.parametrize(("n", "expected"), AMOUNT_WORDS)
def test_amount_in_words(n, expected):
    assert amount_in_words(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "Không đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (890_000_000, "Tám trăm chín mươi triệu đồng"),
        (36_800_000_000, "Ba mươi sáu tỷ tám trăm triệu đồng"),
        (15, "Mười lăm đồng"),
    ],
)
def test_money_in_words(n, expected):
    assert money_in_words(n) == expected


def test_negative_amounts_read_am():
    assert amount_in_words(-1) == "âm một"
    assert amount_in_words(-1005) == "âm một nghìn không trăm linh năm"
    assert money_in_words(-500_000) == "Âm năm trăm nghìn đồng"


@pytest.mark.parametrize("func", [amount_in_words, money_in_words])
@pytest.mark.parametrize("bad", [1.0, True, "5"])
def test_words_reject_non_int(func, bad):
    with pytest.raises(TypeError):
        func(bad)
