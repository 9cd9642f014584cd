"""GTINs, GS1 Digital Link URIs and the program scheme (tamnong.trace.identifiers), without Django."""

from urllib.parse import quote

import pytest
from biip import ParseError
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from hypothesis import given
from hypothesis import strategies as st

from tamnong.trace.identifiers import (
    AI82,
    IdentifierError,
    ResolvedId,
    digital_link,
    gln_uri,
    gtin_normalise,
    lgtin,
    parse_path,
    parse_url,
    place_uri,
    program_code,
    program_link,
    program_product_id,
    sgtin,
)
from tests.trace.helpers import SITE

AI82_TEXT = "".join(sorted(AI82))
lots = st.text(alphabet=AI82_TEXT, min_size=1, max_size=20)


def mod10(body: str) -> str:
    """GS1 General Specifications §7.9.1, written out here as the test's own oracle: weights 3 and 1
    alternate from the rightmost digit of the body; the check digit tops the sum up to a multiple of 10."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def test_the_82_character_set_is_the_one_of_the_general_specifications():
    assert len(AI82) == 82
    assert set("!\"%&'()*+,-./:;<=>?_") <= AI82
    assert not ({" ", "#", "$", "@", "[", "\\", "]", "^", "`", "{", "|", "}", "~", "ô", "Đ"} & AI82)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4006381333931", "04006381333931"),  # EAN-13
        ("036000291452", "00036000291452"),  # UPC-A (GTIN-12)
        ("96385074", "00000096385074"),  # EAN-8
        ("12345678901231", "12345678901231"),  # GTIN-14
        ("893 6045 12345-4", "08936045123454"),  # as typed, with spaces and a dash
    ],
)
def test_gtin_normalise_pads_valid_gtins_to_14_digits(text, expected):
    assert gtin_normalise(text) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("4006381333932", ["«4006381333932»", "sai số kiểm tra", "phải là 1", "không phải 2"]),
        ("036000291453", ["sai số kiểm tra", "phải là 2"]),
        ("12345", ["có 5 chữ số", "8, 12, 13 hoặc 14"]),
        ("40063813339311", ["sai số kiểm tra"]),
        ("4006381A33931", ["chỉ được gồm chữ số"]),
        ("00000000", ["toàn số 0"]),
        ("", ["Chưa nhập mã GTIN"]),
    ],
)
def test_gtin_normalise_refuses_with_a_vietnamese_reason(text, words):
    with pytest.raises(IdentifierError) as caught:
        gtin_normalise(text)
    assert caught.value.field == "gtin"
    assert isinstance(caught.value, ValueError)
    for word in words:
        assert word in caught.value.message_vi
    assert caught.value.message_en


@given(st.sampled_from([7, 11, 12, 13]).flatmap(lambda n: st.text("0123456789", min_size=n, max_size=n)))
def test_gtin_check_digit_agrees_with_the_mod10_oracle(body):
    if not body.strip("0"):
        return
    good = body + mod10(body)
    assert gtin_normalise(good) == good.zfill(14)
    for digit in "0123456789":
        if digit != mod10(body):
            with pytest.raises(IdentifierError, match="sai số kiểm tra"):
                gtin_normalise(body + digit)


def test_digital_link_builds_the_gs1_path_with_percent_encoding():
    assert (
        digital_link(SITE, "8936045123454", "MO-2024-05", "7K3M9QX2HC4TP")
        == f"{SITE}/01/08936045123454/10/MO-2024-05/21/7K3M9QX2HC4TP"
    )
    assert digital_link(SITE, "96385074", 'AB/1"2') == f"{SITE}/01/00000096385074/10/AB%2F1%222"
    assert digital_link(f"{SITE}/truy-xuat/", "4006381333931", "L1") == f"{SITE}/truy-xuat/01/04006381333931/10/L1"
    assert digital_link("http://127.0.0.1:8000", "4006381333931", None, "S1") == (
        "http://127.0.0.1:8000/01/04006381333931/21/S1"
    )
    assert lgtin("4006381333931", "L 1".replace(" ", "")) == "https://id.gs1.org/01/04006381333931/10/L1"
    assert sgtin("4006381333931", "S1") == "https://id.gs1.org/01/04006381333931/21/S1"


@pytest.mark.parametrize(
    ("base", "lot", "serial", "field", "words"),
    [
        (SITE, "Lô-1", None, "lot", ["«ô»", "không được phép"]),
        (SITE, "LOT 1", None, "lot", ["dấu cách"]),
        (SITE, "A" * 21, None, "lot", ["21 ký tự", "tối đa 20"]),
        (SITE, "", None, "lot", ["Chưa nhập số lô"]),
        (SITE, "L1", "SER#1", "serial", ["«#»"]),
        (f"{SITE}?a=1", "L1", None, "base_url", ["https://tên-miền"]),
        ("ftp://example.vn", "L1", None, "base_url", ["https://tên-miền"]),
    ],
)
def test_digital_link_refuses_values_outside_ai_10_and_21(base, lot, serial, field, words):
    with pytest.raises(IdentifierError) as caught:
        digital_link(base, "4006381333931", lot, serial)
    assert caught.value.field == field
    for word in words:
        assert word in caught.value.message_vi


@given(lots, st.one_of(st.none(), lots), st.sampled_from(["4006381333931", "96385074", "8936045123454"]))
def test_digital_link_round_trips_through_parse_path_and_biip(lot, serial, gtin):
    url = digital_link(SITE, gtin, lot, serial)
    resolved = parse_url(url, SITE)
    assert resolved == ResolvedId("gs1", gtin=gtin.zfill(14), lot=lot, serial=serial)
    assert parse_path(resolved.path) == resolved
    assert resolved.url(SITE) == url
    values = [es.value for es in GS1DigitalLinkURI.parse(url).element_strings]
    assert values == [gtin.zfill(14), lot] + ([serial] if serial is not None else [])
    # every value is percent-encoded: nothing but unreserved characters and %XX escapes in the path
    path = url[len(SITE) :]
    assert all(c.isalnum() or c in "/-._%" for c in path)


@given(lots, lots, st.integers(1, 99_999_999))
def test_program_links_round_trip(lot, serial, product_id):
    url = program_link(SITE, product_id, lot, serial)
    assert url == f"{SITE}/p/{program_code(product_id)}/10/{quote(lot, safe='')}/21/{quote(serial, safe='')}"
    resolved = parse_url(url, SITE)
    assert resolved == ResolvedId("program", product_code=program_code(product_id), lot=lot, serial=serial)
    assert resolved.product_id == product_id
    assert parse_path(resolved.path) == resolved


@given(
    st.integers(1, 99_999_999),
    st.one_of(st.none(), lots | st.sampled_from(["01", "00", "414", "8006"])),
    st.one_of(st.none(), lots | st.sampled_from(["01", "00", "414"])),
)
def test_program_uris_are_never_gs1_digital_links(product_id, lot, serial):
    """The program path has no GS1 primary key where a Digital Link parser looks for one."""
    url = program_link(SITE, product_id, lot, serial)
    with pytest.raises(ParseError):
        GS1DigitalLinkURI.parse(url)
    assert parse_url(url, SITE).scheme == "program"


def test_program_code_and_its_inverse():
    assert program_code(1234) == "VN000012340"
    assert program_code(1) == "VN000000013"
    assert program_product_id("VN000012340") == 1234
    assert program_product_id(" vn000012340 ") == 1234
    for bad in (0, -1, 100_000_000, True, "12"):
        with pytest.raises(IdentifierError) as caught:
            program_code(bad)
        assert caught.value.field == "product_id"


DAMM = [
    "0317598642",
    "7092154863",
    "4206871359",
    "1750983426",
    "6123045978",
    "3674209581",
    "5869720134",
    "8945362017",
    "9438617205",
    "2581436790",
]  # the Damm quasigroup table, as H. Michael Damm published it


@given(st.integers(1, 99_999_999))
def test_program_check_digit_agrees_with_the_damm_table(product_id):
    interim = 0
    for digit in f"{product_id:08d}":
        interim = int(DAMM[interim][int(digit)])
    assert program_code(product_id) == f"VN{product_id:08d}{interim}"


@given(st.integers(1, 99_999_999))
def test_a_tampered_program_code_is_refused(product_id):
    code = program_code(product_id)
    assert program_product_id(code) == product_id
    for digit in "0123456789":
        if digit != code[-1]:
            with pytest.raises(IdentifierError, match="sai số kiểm tra") as caught:
                program_product_id(code[:-1] + digit)
            assert caught.value.field == "product_code"
    digits = code[2:]
    for i in range(len(digits) - 1):  # the Damm check digit catches every swap of two adjacent digits
        if digits[i] != digits[i + 1]:
            swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
            with pytest.raises(IdentifierError):
                program_product_id("VN" + swapped)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/01/4006381333931", ResolvedId("gs1", gtin="04006381333931")),
        ("/01/04006381333931/10/L%2F1/", ResolvedId("gs1", gtin="04006381333931", lot="L/1")),
        ("/01/04006381333931/21/S1?linkType=gs1:pip", ResolvedId("gs1", gtin="04006381333931", serial="S1")),
        ("/p/VN000012340/10/L1/21/S1", ResolvedId("program", product_code="VN000012340", lot="L1", serial="S1")),
    ],
)
def test_parse_path_reads_both_schemes(path, expected):
    assert parse_path(path) == expected


@pytest.mark.parametrize(
    ("path", "field", "words"),
    [
        ("/01/04006381333931/21/S1/10/L1", "path", ["/10/<số lô> rồi /21/<số sê-ri>"]),
        ("/01/04006381333931/22/V1", "path", ["gặp «22»"]),
        ("/01/04006381333931/10", "path", ["số đoạn phải chẵn"]),
        ("/01//10/L1", "path", ["đoạn rỗng"]),
        ("/01/04006381333932", "gtin", ["sai số kiểm tra"]),
        ("/01/0400638133393x", "path", ["chỉ gồm chữ số"]),
        ("/gtin/04006381333931", "path", ["gặp «gtin»"]),
        ("/p/VN000012341", "product_code", ["sai số kiểm tra"]),
        ("/p/VN000012340/10/L%C3%B41", "lot", ["«ô»"]),
        ("01/04006381333931", "path", ["bắt đầu bằng «/»"]),
        ("/01/04006381333931/10/L%G1", "path", ["dấu %"]),
    ],
)
def test_parse_path_refuses(path, field, words):
    with pytest.raises(IdentifierError) as caught:
        parse_path(path)
    assert caught.value.field == field
    for word in words:
        assert word in caught.value.message_vi


def test_parse_url_refuses_another_site():
    with pytest.raises(IdentifierError) as caught:
        parse_url("https://gia-mao.example.com/01/04006381333931", SITE)
    assert caught.value.field == "url"


def test_location_uris():
    assert gln_uri("8936045000014") == "https://id.gs1.org/414/8936045000014"
    assert gln_uri("8936045000014", "KHO/1") == "https://id.gs1.org/414/8936045000014/254/KHO%2F1"
    with pytest.raises(IdentifierError, match="sai số kiểm tra"):
        gln_uri("8936045000015")
    assert place_uri(SITE, "vn-2025", "06778") == f"{SITE}/places/vn-2025/06778"
    with pytest.raises(IdentifierError):
        place_uri(SITE, "VN 2025", "06778")
    with pytest.raises(IdentifierError):
        place_uri(SITE, "vn-2025", "Hợp Tiến")
