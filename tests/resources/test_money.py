"""Amounts as people write them, and as they type them. Pure: no database."""

from decimal import Decimal

import pytest

from tamnong.rules.money import AmountError, format_ha, format_pct, format_vnd, format_vnd_over, parse_vnd


@pytest.mark.parametrize(
    ("amount", "lang", "text"),
    [
        (267_000_000_000, "vi", "267 tỷ đồng"),
        (267_350_000_000, "vi", "267,35 tỷ đồng"),
        (1_500_000, "vi", "1,5 triệu đồng"),
        (250_000, "vi", "250.000 đồng"),
        (0, "vi", "0 đồng"),
        (1_044_000_000_000_000, "vi", "1.044 nghìn tỷ đồng"),
        (1_250_000_000_000, "vi", "1,25 nghìn tỷ đồng"),
        (999_999, "vi", "999.999 đồng"),
        (1_234_567_890, "vi", "1,23 tỷ đồng"),
        (267_000_000_000, "en", "267 billion VND"),
        (1_500_000, "en", "1.5 million VND"),
        (250_000, "en", "250,000 VND"),
    ],
)
def test_amounts_are_written_as_people_write_them(amount, lang, text):
    assert format_vnd(amount, lang) == text


def test_the_currency_word_can_be_left_out():
    assert format_vnd(1_500_000, currency=False) == "1,5 triệu"


@pytest.mark.parametrize(
    ("amount", "lang", "text"),
    [
        (267_350_000_000, "vi", "trên 267 tỷ đồng"),
        (267_000_000_000, "vi", "267 tỷ đồng"),
        (267_999_999_999, "vi", "trên 267 tỷ đồng"),
        (1_500_000, "vi", "trên 1 triệu đồng"),
        (250_000, "vi", "250.000 đồng"),
        (267_350_000_000, "en", "over 267 billion VND"),
    ],
)
def test_a_total_is_rounded_down_and_said_to_be_over(amount, lang, text):
    assert format_vnd_over(amount, lang) == text


def test_areas_and_rates():
    assert format_ha(Decimal("46.50")) == "46,5"
    assert format_ha(Decimal("233")) == "233"
    assert format_ha(Decimal("12.5"), "en") == "12.5"
    assert format_pct(Decimal("51.27")) == "51,3%"
    assert format_pct(None) == "—"


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1.500.000", 1_500_000),
        ("1 500 000", 1_500_000),
        ("1500000", 1_500_000),
        ("1,5 tỷ", 1_500_000_000),
        ("1,5tỷ", 1_500_000_000),
        ("267 tỷ đồng", 267_000_000_000),
        ("2,75 triệu", 2_750_000),
        ("250 nghìn", 250_000),
        ("250.000 đ", 250_000),
        ("1,044 nghìn tỷ", 1_044_000_000_000),
        ("1,500,000", 1_500_000),
        (42, 42),
    ],
)
def test_amounts_typed_the_vietnamese_way_are_read(typed, amount):
    assert parse_vnd(typed) == amount


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("-5.000", "không được âm"),
        (-5, "không được âm"),
        ("", "cần số tiền"),
        ("mười triệu", "không phải số tiền"),
        ("1,5", "không phải số đồng nguyên"),
        ("1.5.00", "không phải số tiền"),
    ],
)
def test_a_wrong_amount_is_refused_with_a_reason(typed, words):
    with pytest.raises(AmountError) as refused:
        parse_vnd(typed)
    assert words in refused.value.reason_vi
