"""The VietQR payload: NAPAS's published examples rebuilt character for character, their CRCs, a
round trip through `parse`, and refusals. No database, no Django."""

import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tamnong.orders import vietqr

# NAPAS's VietQR format document, §6.1.1–6.1.4, as reproduced in the compliance tests of
# github.com/binhnguyenduc/vietqr-ts (tests/compliance/napas-*.test.ts, "qr_format_v1.5.2.md" lines
# 925, 953 and 981) and in other public suites that cite "QR_Format_T&C_v1.0_VN_092021.pdf, §6.1".
NAPAS_STATIC_ACCOUNT = "00020101021138570010A00000072701270006970403011200110123456780208QRIBFTTA53037045802VN6304F4E5"
NAPAS_STATIC_CARD = "00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52"
NAPAS_DYNAMIC_ACCOUNT = (
    "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN"
    "62340107NPS68690819thanh toan don hang63042E2E"
)
# The README of the npm package vietnam-qr-pay 1.5.1 (github.com/xuannghia/vietnam-qr-pay): ACB (BIN
# 970416), account 257678859, static, then 10 000 đ with the purpose "Chuyen tien".
README_STATIC = "00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F"
README_DYNAMIC = (
    "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA53037045405100005802VN"
    "62150811Chuyen tien630453E6"
)


def test_the_crc_is_crc16_ccitt_false():
    # The catalogue check value of CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF): CRC of "123456789".
    assert vietqr.crc16("123456789") == "29B1"
    assert vietqr.crc16("") == "FFFF"


@pytest.mark.parametrize("payload", [NAPAS_STATIC_ACCOUNT, NAPAS_STATIC_CARD, NAPAS_DYNAMIC_ACCOUNT])
def test_the_crcs_of_napas_published_examples(payload):
    assert vietqr.crc16(payload[:-4]) == payload[-4:]


def test_napas_dynamic_example_is_rebuilt_character_for_character():
    built = vietqr.build(
        bin="970403", account="0011012345678", amount=180000, bill_number="NPS6869", purpose="thanh toan don hang"
    )
    assert built == NAPAS_DYNAMIC_ACCOUNT
    payment = vietqr.parse(built)
    assert (payment.bin, payment.account, payment.service, payment.initiation) == (
        "970403", "0011012345678", "QRIBFTTA", "12",
    )  # fmt: skip
    assert (payment.amount, payment.bill_number, payment.purpose, payment.crc) == (
        Decimal(180000), "NPS6869", "thanh toan don hang", "2E2E",
    )  # fmt: skip
    assert list(payment.fields) == ["00", "01", "38", "53", "54", "58", "62", "63"]


def test_napas_static_card_example_parses():
    payment = vietqr.parse(NAPAS_STATIC_CARD)
    assert (payment.bin, payment.account, payment.service, payment.is_dynamic, payment.amount) == (
        "970403", "9704031101234567", "QRIBFTTC", False, None,
    )  # fmt: skip
    assert vietqr.build(bin="970403", account="9704031101234567", service=vietqr.SERVICE_CARD) == NAPAS_STATIC_CARD


def test_napas_static_account_example_has_a_length_typo_that_parse_names():
    # Its CRC is right for the text as printed, but the account object says 12 characters ("0112") for
    # the 13 digits 0011012345678: the last digit is left over inside the beneficiary template.
    with pytest.raises(vietqr.VietQrError) as info:
        vietqr.parse(NAPAS_STATIC_ACCOUNT)
    assert info.value.field == "38/01"
    fixed = vietqr.build(bin="970403", account="0011012345678")
    assert fixed[:-4] == NAPAS_STATIC_ACCOUNT[:-4].replace("01120011012345678", "01130011012345678")
    assert vietqr.parse(fixed).account == "0011012345678"


def test_the_readme_examples_of_vietnam_qr_pay_are_rebuilt():
    assert vietqr.build(bin="970416", account="257678859") == README_STATIC
    assert vietqr.build(bin="970416", account="257678859", amount=10000, purpose="Chuyen tien") == README_DYNAMIC


@given(
    bin=st.from_regex(r"9704[0-9]{2}", fullmatch=True),
    account=st.from_regex(r"[0-9]{6,19}", fullmatch=True),
    amount=st.none() | st.integers(min_value=1, max_value=10**13 - 1),
    purpose=st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=25),
)
def test_round_trip(bin, account, amount, purpose):
    payload = vietqr.build(bin=bin, account=account, amount=amount, purpose=purpose)
    payment = vietqr.parse(payload)
    assert (payment.bin, payment.account, payment.purpose) == (bin, account, purpose)
    assert payment.amount == (None if amount is None else Decimal(amount))
    assert payment.initiation == (vietqr.STATIC if amount is None else vietqr.DYNAMIC)
    assert payment.crc == vietqr.crc16(payload[:-4])


def test_a_changed_character_is_caught_by_the_crc():
    payload = vietqr.build(bin="970436", account="0071001234567", amount=250000, purpose="Thanh toan DH7K3M9QXA")
    tampered = payload.replace("250000", "950000")
    with pytest.raises(vietqr.VietQrError) as info:
        vietqr.parse(tampered)
    assert info.value.field == "crc" and "CRC sai" in info.value.message_vi


def test_a_payload_that_is_not_vietqr_is_refused_even_with_a_right_crc():
    body = vietqr.tlv("00", "01") + vietqr.tlv("01", "11") + vietqr.tlv("53", "704") + vietqr.tlv("58", "VN") + "6304"
    with pytest.raises(vietqr.VietQrError) as info:
        vietqr.parse(body + vietqr.crc16(body))
    assert info.value.field == "38"
    body = vietqr.tlv("00", "01") + vietqr.tlv("53", "704") + vietqr.tlv("53", "704") + "6304"
    with pytest.raises(vietqr.VietQrError) as info:  # an ID twice
        vietqr.parse(body + vietqr.crc16(body))
    assert "hai lần" in info.value.message_vi


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"bin": "97043"}, "bin"),
        ({"bin": "97043A"}, "bin"),
        ({"account": "0071 001234567"}, "account"),
        ({"account": "1" * 20}, "account"),
        ({"amount": 0}, "amount"),
        ({"amount": -5}, "amount"),
        ({"amount": 10**13}, "amount"),
        ({"amount": True}, "amount"),
        ({"purpose": "Thanh toán đơn hàng"}, "purpose"),
        ({"purpose": "x" * 26}, "purpose"),
        ({"service": "QRPUSH"}, "service"),
    ],
)
def test_build_refuses_what_napas_does_not_allow(kwargs, field):
    arguments = {"bin": "970436", "account": "0071001234567", **kwargs}
    with pytest.raises(vietqr.VietQrError) as info:
        vietqr.build(**arguments)
    assert info.value.field == field


def test_the_module_imports_no_django():
    code = "import sys, tamnong.orders.vietqr; assert not any(m.split('.')[0] == 'django' for m in sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True)
