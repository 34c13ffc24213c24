"""The shared fields (webapp/fields.py): what each accepts, refuses and shows back."""

from __future__ import annotations

import enum
from datetime import date

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired

from webapp import fields as f
from webapp.form_helpers import choices


@pytest.fixture()
def ctx(app):
    with app.test_request_context():
        yield


class Colour(enum.StrEnum):
    RED = "red"
    BLUE = "blue"

    @property
    def label(self) -> str:
        return {"red": "Đỏ", "blue": "Xanh"}[self.value]


class _Form(f.BaseForm):
    class Meta:
        csrf = False

    name = StringField()
    note = TextAreaField()
    born = f.DateField(validators=[InputRequired("Vui lòng nhập trường này.")])
    amount = f.MoneyField()
    count = f.IntegerField()
    member = f.IdField()
    colour = f.EnumField(enum_cls=Colour, empty="—")
    unit_id = f.ChoiceField(coerce=f.optional_int, choices=choices([(None, "—"), (3, "Xã A")]))
    ids = f.CheckboxesField(coerce=f.id_choice, choices=choices([(1, "A"), (2, "B")]))


def _form(**data) -> _Form:
    return _Form(formdata=MultiDict(data))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2023-10-20", date(2023, 10, 20)),
        ("20/10/2023", date(2023, 10, 20)),
        ("20-10-2023", date(2023, 10, 20)),
        ("20.10.2023", date(2023, 10, 20)),
        (" 1900-01-01 ", date(1900, 1, 1)),
        ("31/12/2100", date(2100, 12, 31)),
    ],
)
def test_a_date_is_typed_as_iso_or_the_vietnamese_way(ctx, typed, expected):
    form = _form(born=typed)
    assert form.validate() or "born" not in form.errors
    assert form.born.data == expected
    assert form.born._value() == expected.isoformat()  # what <input type="date"> needs


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31", "31/12/1899", "01/01/2101"])
def test_a_date_outside_the_window_is_refused_and_kept(ctx, typed):
    form = _form(born=typed)
    form.validate()
    assert form.born.errors == ["Ngày phải trong khoảng 01/01/1900 – 31/12/2100."]
    assert form.born.data is None
    assert form.born._value() == typed


@pytest.mark.parametrize("typed", ["31/02/2023", "hôm qua", "2023-13-45", "\x00"])
def test_a_date_that_is_not_one_is_refused(ctx, typed):
    form = _form(born=typed)
    form.validate()
    assert form.born.errors[0].startswith("Ngày không hợp lệ.")


def test_money_is_whole_dong_up_to_a_million_billion(ctx):
    assert _form(amount="1.500.000 đ").amount.data == 1_500_000
    assert _form(amount=str(10**15)).amount.data == 10**15
    for typed, message in [
        (str(10**15 + 1), "Số quá lớn (tối đa 1.000.000.000.000.000)."),
        (str(2**63), "Số quá lớn (tối đa 1.000.000.000.000.000)."),
        ("-5.000", "Số tiền không được âm."),
        ("1,5", "Số tiền không hợp lệ; ví dụ 12.000."),
    ]:
        form = _form(amount=typed)
        form.validate()
        assert form.amount.errors == [message], typed
        assert form.amount._value() == typed


def test_counts_and_ids_fit_a_32_bit_column(ctx):
    assert _form(count="1.400").count.data == 1400
    assert _form(count="0").count.data == 0
    assert _form(member="12").member.data == 12
    for name, typed in [
        ("count", str(2**31)),
        ("count", "-1"),
        ("member", "0"),
        ("member", str(2**63)),
    ]:
        form = _form(**{name: typed})
        form.validate()
        assert form.errors.get(name), (name, typed)
        assert getattr(form, name).data is None


def test_optional_int_reads_nothing_out_of_range():
    assert f.optional_int("12") == 12
    assert f.optional_int(12) == 12
    for value in (None, "", "None", "0", "-3", str(2**31), str(2**63), "1e3", "１２", True, "x"):
        assert f.optional_int(value) is None, value


def test_an_enum_choice_parses_into_the_enum(ctx):
    assert _form(colour="red").colour.data is Colour.RED
    assert _form(colour="").colour.data is None
    form = _form(colour="0")
    form.validate()
    assert form.colour.errors == ["Lựa chọn không hợp lệ; vui lòng chọn lại."]


def test_a_select_or_checkbox_of_ids_refuses_what_it_does_not_offer(ctx):
    assert _form(unit_id="3").unit_id.data == 3
    form = _Form(formdata=MultiDict([("ids", "1"), ("ids", str(2**63))]))
    form.validate()
    assert form.ids.errors == ["Lựa chọn không hợp lệ; vui lòng chọn lại."]
    # An id select reads a value out of range as "nothing chosen"; the service then asks.
    assert _form(unit_id=str(2**63)).unit_id.data is None


def test_text_loses_its_control_characters_and_is_nfc(ctx):
    form = _form(
        name="Nguye\u0302\u0303n\x00 Thị\tHoa\x1b\x85",
        note="Dòng 1\r\n\tDòng 2\x00\x0c\x7f",
    )
    assert form.name.data == "Nguyễn Thị Hoa"
    assert form.note.data == "Dòng 1\r\n\tDòng 2"


def test_the_text_filter_reaches_every_area_form():
    """Every FlaskForm of the app derives from BaseForm, so no text field escapes the filter."""
    import importlib
    import pkgutil

    from flask_wtf import FlaskForm

    import webapp

    for module in pkgutil.walk_packages(webapp.__path__, "webapp."):
        importlib.import_module(module.name)
    stray = []
    stack = list(FlaskForm.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("webapp.") and not issubclass(cls, f.BaseForm):
            stray.append(f"{cls.__module__}.{cls.__name__}")
    assert not stray, stray


def test_query_arguments_are_bounded(app):
    with app.test_request_context("/?page=3&unit_id=&kind=blue"):
        assert f.query_int("page", 1) == 3
        assert f.query_int("unit_id") is None
        assert f.query_int("absent", 7) == 7
        assert f.query_enum("kind", Colour) is Colour.BLUE
    for query in (f"page={2**63}", "page=0", "page=-1", "page=x", "page=１"):
        with app.test_request_context(f"/?{query}"), pytest.raises(f.BadQuery):
            f.query_int("page", 1)
    with app.test_request_context("/?kind=0"), pytest.raises(f.BadQuery):
        f.query_enum("kind", Colour)
    with app.test_request_context(f"/?ids=1&ids={2**63}&ids=x&ids=1&ids=2"):
        assert f.query_ids("ids") == [1, 2]


def test_a_bad_query_argument_is_a_400_page_that_says_why(app, world):
    from tests.conftest import client_for
    from tests.factories import PASSWORD

    staff = client_for(app, world.staff_a, PASSWORD)
    response = staff.get(f"/members/?page={2**63}")
    assert response.status_code == 400
    assert "Tham số “page” không hợp lệ." in response.get_data(as_text=True)
