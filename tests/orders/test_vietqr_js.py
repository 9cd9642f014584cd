"""Our VietQR payloads read by two published decoders that share no code with tamnong.orders.vietqr,
run with node (tests/orders/js): vietnam-qr-pay 1.5.1 (a VietQR / VNPAY-QR encoder and decoder) and
promptparse 1.6.0 (a generic EMVCo TLV parser with its own CRC check); and the other way round, the
payloads vietnam-qr-pay builds read by our `parse`."""

import random
from decimal import Decimal

import pytest

from tamnong.orders import vietqr
from tests.orders.helpers import run_decoders

pytestmark = pytest.mark.usefixtures("vietqr_decoders")

CASES = [
    {"bin": "970436", "account": "0071001234567", "amount": 250000, "purpose": "Thanh toan DH7K3M9QXA"},
    {"bin": "970415", "account": "113366668888", "amount": 79000, "purpose": "Ung Ho Quy Vac Xin"},
    {"bin": "970403", "account": "0011012345678", "amount": 180000, "purpose": "thanh toan don hang"},
    {"bin": "970405", "account": "1234567890123456789", "amount": 9_999_999_999_999, "purpose": "x" * 25},
    {"bin": "970422", "account": "000123456", "amount": None, "purpose": ""},
]


def _random_cases(n: int) -> list[dict]:
    rng = random.Random("vietqr")
    alphabet = "".join(chr(c) for c in range(32, 127))
    return [
        {
            "bin": "9704" + "".join(rng.choices("0123456789", k=2)),
            "account": "".join(rng.choices("0123456789", k=rng.randint(6, 19))),
            "amount": rng.choice([None, rng.randint(1, 10 ** rng.randint(1, 13) - 1)]),
            "purpose": "".join(rng.choices(alphabet, k=rng.randint(0, 25))).strip(),
        }
        for _ in range(n)
    ]


@pytest.mark.parametrize("cases", [CASES, _random_cases(40)], ids=["chosen", "random"])
def test_our_payloads_decode_the_same_with_vietnam_qr_pay_and_promptparse(cases):
    payloads = [vietqr.build(**case) for case in cases]
    decoded = run_decoders(payloads)["decoded"]
    for case, payload, out in zip(cases, payloads, decoded, strict=True):
        qrpay, emv = out["qrpay"], out["promptparse"]
        assert qrpay["isValid"] is True, payload
        assert (qrpay["provider"], qrpay["guid"], qrpay["service"]) == ("VIETQR", "A000000727", "QRIBFTTA")
        assert (qrpay["bankBin"], qrpay["bankNumber"]) == (case["bin"], case["account"])
        assert (qrpay["currency"], qrpay["nation"]) == ("704", "VN")
        assert qrpay["initMethod"] == ("11" if case["amount"] is None else "12")
        assert qrpay["amount"] == (None if case["amount"] is None else str(case["amount"]))
        assert qrpay["purpose"] == (case["purpose"] or None)
        assert qrpay["crc"] == payload[-4:]
        assert emv["crcValid"] is True and emv["checksum"] == payload[-4:]
        assert emv["guid"] == "A000000727" and emv["service"] == "QRIBFTTA"
        assert emv["beneficiary"] == vietqr.tlv("00", case["bin"]) + vietqr.tlv("01", case["account"])
        assert emv["tags"][-1] == "63"


def test_a_tampered_payload_is_refused_by_both_decoders_and_by_ours():
    payload = vietqr.build(bin="970436", account="0071001234567", amount=250000, purpose="Thanh toan DH7K3M9QXA")
    tampered = payload.replace("0071001234567", "0071001234568")
    [out] = run_decoders([tampered])["decoded"]
    assert out["qrpay"]["isValid"] is False
    assert out["promptparse"] is None  # strict mode: the CRC is checked before parsing
    with pytest.raises(vietqr.VietQrError):
        vietqr.parse(tampered)


def test_payloads_built_by_vietnam_qr_pay_are_read_by_our_parse():
    specs = [
        {"bankBin": "970436", "bankNumber": "0071001234567", "amount": "250000", "purpose": "Thanh toan DHABCDEFGH"},
        {"bankBin": "970416", "bankNumber": "257678859"},
    ]
    built = run_decoders([], specs)["built"]
    first, second = (vietqr.parse(p) for p in built)
    assert (first.bin, first.account, first.amount, first.purpose, first.is_dynamic) == (
        "970436", "0071001234567", Decimal(250000), "Thanh toan DHABCDEFGH", True,
    )  # fmt: skip
    assert (second.bin, second.account, second.amount, second.is_dynamic) == ("970416", "257678859", None, False)
    # and our builder writes the very same strings
    assert built[0] == vietqr.build(
        bin="970436", account="0071001234567", amount=250000, purpose="Thanh toan DHABCDEFGH"
    )
    assert built[1] == vietqr.build(bin="970416", account="257678859")
