"""One number reader (rules.validation.parse_decimal / parse_number) for every number typed in a page or
an API, or read from a spreadsheet cell: the same "1.500" is 1500 as an indicator value, a threshold, a
work's quantity and a lot's quantity."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from tamnong.core.imports.reader import cell_whole, file_rows
from tamnong.ocop.models import Product
from tamnong.resources.services import quantity_clean
from tamnong.rules.validation import parse_decimal, parse_number
from tamnong.trace.models import Lot
from tests.core import spreadsheets

READ = [
    # (as typed or held by the cell, the number, its Python type)
    ("1.500", 1500, int),  # a dot groups thousands, the Vietnamese way
    ("1,5", 1.5, float),  # a decimal comma
    ("76,5%", 76.5, float),  # a percentage: the percent value, not 0.765
    ("100%", 100, int),
    ("1.234,5", 1234.5, float),
    ("1.234.567", 1234567, int),
    ("1 500", 1500, int),  # a space groups thousands
    ("1\u00a0500", 1500, int),  # … or a no-break space, as spreadsheets export it
    ("-3", -3, int),
    ("−2,5", -2.5, float),  # the minus sign U+2212
    ("1.5", 1.5, float),  # a dot with other than three digits after it: the English way
    ("1234.5", 1234.5, float),
    ("0,5", 0.5, float),
    ("1,0", 1.0, float),
    (" 42 ", 42, int),
    (1500.0, 1500, int),  # a number cell holding a whole number
    (1.35, 1.35, float),
    (12, 12, int),
    (Decimal("2.750"), 2.75, float),
]


@pytest.mark.parametrize(("typed", "number", "kind"), READ, ids=[repr(r[0]) for r in READ])
def test_each_form_of_a_number_reads_as_people_mean_it(typed, number, kind):
    value = parse_number(typed)
    assert value == number and type(value) is kind
    assert parse_decimal(typed) == Decimal(str(number))


REFUSED = ["", "abc", "1.2.3,4", "1,2,3", "1.23.4", "12a", "1e5", "nan", "inf", "--3", "1.500,", ",5", True, False,
           float("nan"), float("inf"), "có"]  # fmt: skip


@pytest.mark.parametrize("typed", REFUSED, ids=[repr(r) for r in REFUSED])
def test_what_is_not_a_number_is_refused_in_both_languages(typed):
    with pytest.raises(ValueError) as refused:
        parse_number(typed)
    assert "không phải là số" in str(refused.value) and "is not a number" in refused.value.message_en


def test_cells_read_the_same_as_typed_text():
    """A spreadsheet cell, a CSV cell and a typed text of the same number are the same number, in every reader."""
    xlsx = file_rows(spreadsheets.xlsx([["1.500", 1500.0, 0.765, "1,5"]], formats={"C1": "0.0%"}))
    csv = file_rows(b"1.500;1500;76,5%;1,5\n")
    assert [parse_number(v) for v in xlsx[0]] == [parse_number(v) for v in csv[0]] == [1500, 1500, 76.5, 1.5]
    assert cell_whole("2.024") == cell_whole(2024.0) == 2024 and cell_whole("2024,5") is None
    assert quantity_clean("1.500") == Decimal(1500) and quantity_clean("1,5") == Decimal("1.5")


def _producer(client):
    client.force_login(get_user_model().objects.get(username="chuthe.hoptien"))
    return Product.objects.get(name="Mật ong rừng Hợp Tiến")


@pytest.mark.parametrize(
    ("typed", "stored"), [("1.500", Decimal(1500)), ("1,5", Decimal("1.5")), ("2.750,25", Decimal("2750.25"))]
)
def test_a_lot_quantity_typed_in_the_page_reads_as_an_indicator_value_does(client, demo, typed, stored):
    honey = _producer(client)
    response = client.post("/trace/", {"product": honey.pk, "code": "HT-SO-1", "produced_on": "01/11/2024",
                                       "quantity": typed, "uom": "KGM", "commune": "2020:05038"})  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Lot.objects.get(code="HT-SO-1").quantity == stored == Decimal(str(parse_number(typed)))


def test_a_lot_quantity_that_is_not_a_number_is_refused_on_the_page(client, demo):
    honey = _producer(client)
    before = Lot.objects.count()
    response = client.post("/trace/", {"product": honey.pk, "code": "HT-SO-2", "produced_on": "01/11/2024",
                                       "quantity": "1.2.3", "uom": "KGM", "commune": "2020:05038"})  # fmt: skip
    assert response.status_code == 200
    assert "Số lượng «1.2.3» không phải là số" in response.content.decode()
    assert Lot.objects.count() == before


@pytest.mark.parametrize(
    ("sent", "stored"), [("1.500", Decimal(1500)), ("1,5", Decimal("1.5")), (12.5, Decimal("12.5"))]
)
def test_the_lot_api_reads_a_quantity_the_same_way(client, demo, sent, stored):
    honey = _producer(client)
    payload = {"product": honey.pk, "code": "HT-API-1", "produced_on": "2024-11-01", "quantity": sent,
               "uom": "KGM", "commune": "2020:05038"}  # fmt: skip
    created = client.post("/api/v1/trace/lots", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    assert Lot.objects.get(code="HT-API-1").quantity == stored


def test_the_lot_api_names_a_quantity_that_is_not_a_number(client, demo):
    honey = _producer(client)
    payload = {"product": honey.pk, "code": "HT-API-2", "produced_on": "2024-11-01", "quantity": "mười",
               "uom": "KGM", "commune": "2020:05038"}  # fmt: skip
    refused = client.post("/api/v1/trace/lots", payload, content_type="application/json")
    assert refused.status_code == 400 and "quantity" in refused.json()
    assert not Lot.objects.filter(code="HT-API-2").exists()
