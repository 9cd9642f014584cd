"""VietQR: the EMVCo merchant-presented QR payload that NAPAS defines for a Napas 247 transfer to a
bank account (service QRIBFTTA), built for an order and read back. Pure Python (no Django).

A payload is a string of data objects ID (2 digits) + length (2 digits, "01"–"99") + value; a
template's value is itself such a string. For a transfer to an account::

    00 02 "01"                     payload format indicator
    01 02 "11" | "12"              point of initiation: 11 static (payer types the amount),
                                   12 dynamic (amount and purpose filled in: one payment)
    38 ..                          merchant account information, the template NAPAS allocates:
       00 10 "A000000727"            global unique identifier of NAPAS
       01 ..                         beneficiary organisation:
          00 06 <BIN>                  acquirer / beneficiary bank id: the bank's 6-digit NAPAS BIN
          01 .. <account number>       merchant id / consumer id: the account, up to 19 characters
       02 08 "QRIBFTTA"              service code: inter-bank fund transfer 24/7 to an account
                                     ("QRIBFTTC" is to a card number)
    53 03 "704"                    transaction currency, ISO 4217 (Vietnamese đồng)
    54 .. <amount>                 transaction amount (dynamic code only), at most 13 characters
    58 02 "VN"                     country code
    62 ..                          additional data field template:
       01 .. <bill number>           optional, at most 25 characters
       08 .. <purpose>               purpose of transaction: here the order's code, at most 25
    63 04 <CRC>                    CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF, no
                                   reflection, no final XOR) over every character before it,
                                   including "6304", as 4 upper-case hexadecimal digits

Sources:
- EMVCo, "EMV QR Code Specification for Payment Systems: Merchant-Presented Mode" (EMV QRCPS),
  §4.7.3 on the CRC: "calculated according to [ISO/IEC 13239] using the polynomial '1021' (hex) and
  initial value 'FFFF' (hex). The data over which the checksum is calculated shall cover all data
  objects, including their ID, Length and Value, to be included in the QR Code, in their respective
  order, as well as the ID and Length of the CRC itself (but excluding its Value)" (the wording as
  the HKMA's FPS QR code standard quotes it; the EMVCo text itself was not in the stored sources).
- NAPAS, "Technical Specifications on NAPAS QR Switching, Part IV: QR Code Format", version 1.5.2,
  Hanoi, January 2021 (its contents list: payload format indicator ID 00, point of initiation ID
  01, merchant account information templates ID 26–51, currency ID 53, amount ID 54; values
  1–99 characters; "ID 01 refers to the Invoice Number when it is in the Additional Data Field
  Template (in the ID 62)"); seen only as excerpts of copies on scribd.com (documents 739763909 and
  538602480), not the full text.
- The field table of VietQR (ID 38 with sub-IDs 00 "A000000727", 01 beneficiary organisation with
  00 ACQ ID / BNB ID = NAPAS BIN and 01 merchant ID / consumer ID, 02 service code QRIBFTTA /
  QRIBFTTC; ID 62 sub-ID 08 purpose of transaction "ans, var. up to 25"; 53 fixed "704"; 58 fixed
  "VN"): README of github.com/giautm/emvqr-go (sgqr-go), which transcribes NAPAS's tables.
- NAPAS's worked examples, §6.1.1–6.1.4 of its VietQR format document ("QR_Format_T&C_v1.0_VN_092021"
  / "qr_format_v1.5.2"), as reproduced character for character in the compliance tests of
  github.com/binhnguyenduc/vietqr-ts (tests/compliance/napas-static-account.test.ts,
  napas-dynamic-account.test.ts) and in other public test suites: the dynamic transfer to account
  0011012345678 at BIN 970403 for 180 000 đ, bill number NPS6869, purpose "thanh toan don hang",
  CRC 2E2E. This module rebuilds that example exactly (tests/orders/test_vietqr.py).

Not sourced, so decided here and said so:
- The amount is written as a whole number of đồng without separators ("180000", as in NAPAS's
  example); EMV QRCPS allows a decimal point, which the đồng (no minor unit in use) never needs.
- The purpose must be printable ASCII: Vietnamese letters are not accepted here (callers fold them),
  because the stored sources do not say how NAPAS counts the length of non-ASCII text nor whether
  every bank app shows it; the order code is ASCII by construction.
- The account holder's name is not put into the payload: none of NAPAS's examples carries ID 59
  (merchant name) for a transfer; the payer's bank app shows the name that NAPAS looks up.
- The CRC is computed over the UTF-8 bytes of the text (the same as ASCII for what `build` writes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from tamnong.rules.errors import InputError

GUID = "A000000727"
SERVICE_ACCOUNT = "QRIBFTTA"
SERVICE_CARD = "QRIBFTTC"
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
STATIC = "11"
DYNAMIC = "12"
PURPOSE_MAX = 25  # ID 62/08, "ans, var. up to 25"
BILL_NUMBER_MAX = 25  # ID 62/01
ACCOUNT_MAX = 19
AMOUNT_MAX = 13  # ID 54, characters

_BIN = re.compile(r"[0-9]{6}")
_ACCOUNT = re.compile(r"[0-9A-Za-z]{1,19}")
_ASCII_PRINTABLE = re.compile(r"[ -~]*")
_HEX4 = re.compile(r"[0-9A-F]{4}")


class VietQrError(InputError):
    """A payload that cannot be built or read. `message_vi` and `message_en` say why; `field` says
    which input or which data object ("bin", "account", "amount", "purpose", "crc", "38", …)."""


@dataclass(frozen=True)
class Payment:
    """What a VietQR payload asks the payer's bank to do."""

    bin: str
    account: str
    service: str
    initiation: str  # "11" static or "12" dynamic
    amount: Decimal | None
    purpose: str
    bill_number: str
    crc: str
    fields: dict[str, str] = field(default_factory=dict)  # every root data object, by ID
    additional: dict[str, str] = field(default_factory=dict)  # every data object of ID 62, by sub-ID

    @property
    def is_dynamic(self) -> bool:
        return self.initiation == DYNAMIC


def crc16(data: str) -> str:
    """CRC-16/CCITT-FALSE of the text, as 4 upper-case hexadecimal digits."""
    crc = 0xFFFF
    for byte in data.encode("utf-8"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def tlv(data_id: str, value: str) -> str:
    """One data object: ID, two-digit length, value (1 to 99 characters)."""
    if not 1 <= len(value) <= 99:
        raise VietQrError(
            f"Trường {data_id} của mã VietQR dài {len(value)} ký tự: cần từ 1 đến 99.",
            f"VietQR data object {data_id} is {len(value)} characters long: 1 to 99 allowed.",
            field=data_id,
        )
    return f"{data_id}{len(value):02d}{value}"


def build(
    *,
    bin: str,  # the name NAPAS gives it (shadows the builtin inside this function only)
    account: str,
    amount: int | None = None,
    purpose: str = "",
    bill_number: str = "",
    service: str = SERVICE_ACCOUNT,
) -> str:
    """The payload of a transfer to `account` at the bank whose NAPAS BIN is `bin`; with an amount
    (whole đồng) the code is dynamic (one payment), without it static."""
    if not isinstance(bin, str) or not _BIN.fullmatch(bin):
        raise VietQrError(
            f"Mã BIN ngân hàng «{bin}» không hợp lệ: cần đúng 6 chữ số (mã NAPAS của ngân hàng).",
            f"Bank BIN “{bin}” is not valid: 6 digits (the bank's NAPAS BIN) are needed.",
            field="bin",
        )
    if not isinstance(account, str) or not _ACCOUNT.fullmatch(account):
        raise VietQrError(
            f"Số tài khoản «{account}» không hợp lệ: tối đa {ACCOUNT_MAX} chữ số hoặc chữ cái, không dấu cách.",
            f"Account number “{account}” is not valid: at most {ACCOUNT_MAX} letters or digits, no spaces.",
            field="account",
        )
    if service not in (SERVICE_ACCOUNT, SERVICE_CARD):
        raise VietQrError(f"Mã dịch vụ «{service}» không có.", f"No service code “{service}”.", field="service")
    if amount is not None:
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0 or len(str(amount)) > AMOUNT_MAX:
            raise VietQrError(
                f"Số tiền «{amount}» không hợp lệ: cần một số nguyên đồng lớn hơn 0, tối đa {AMOUNT_MAX} chữ số.",
                f"Amount “{amount}” is not valid: a whole number of đồng above 0, at most {AMOUNT_MAX} digits.",
                field="amount",
            )
    _check_text(purpose, PURPOSE_MAX, "purpose", "Nội dung chuyển khoản", "The purpose")
    _check_text(bill_number, BILL_NUMBER_MAX, "bill_number", "Số hoá đơn", "The bill number")
    beneficiary = tlv("00", bin) + tlv("01", account)
    merchant = tlv("00", GUID) + tlv("01", beneficiary) + tlv("02", service)
    payload = tlv("00", "01") + tlv("01", STATIC if amount is None else DYNAMIC) + tlv("38", merchant)
    payload += tlv("53", CURRENCY_VND)
    if amount is not None:
        payload += tlv("54", str(amount))
    payload += tlv("58", COUNTRY_VN)
    additional = (tlv("01", bill_number) if bill_number else "") + (tlv("08", purpose) if purpose else "")
    if additional:
        payload += tlv("62", additional)
    payload += "6304"
    return payload + crc16(payload)


def _check_text(value: str, most: int, field_name: str, label_vi: str, label_en: str) -> None:
    if not isinstance(value, str) or not _ASCII_PRINTABLE.fullmatch(value) or len(value) > most:
        raise VietQrError(
            f"{label_vi} «{value}» không hợp lệ: tối đa {most} ký tự ASCII (chữ không dấu, số, dấu câu).",
            f"{label_en} “{value}” is not valid: at most {most} ASCII characters (no diacritics).",
            field=field_name,
        )


def split(data: str, where: str = "payload") -> dict[str, str]:
    """The data objects of a payload or a template, by ID; an ID twice, a bad length or a value cut
    short is refused."""
    out: dict[str, str] = {}
    i = 0
    while i < len(data):
        head = data[i : i + 4]
        if len(head) < 4 or not head.isdigit():
            raise VietQrError(
                f"Mã VietQR hỏng ở {where}, vị trí {i}: cần 2 chữ số ID và 2 chữ số độ dài, gặp «{head}».",
                f"Broken VietQR data in {where} at position {i}: expected a 2-digit ID and length, got “{head}”.",
                field=where,
            )
        data_id, length = head[:2], int(head[2:])
        value = data[i + 4 : i + 4 + length]
        if length == 0 or len(value) < length:
            raise VietQrError(
                f"Mã VietQR hỏng ở {where}: trường {data_id} khai báo {length} ký tự nhưng chỉ còn {len(value)}.",
                f"Broken VietQR data in {where}: object {data_id} declares {length} characters, {len(value)} remain.",
                field=where,
            )
        if data_id in out:
            raise VietQrError(
                f"Mã VietQR có trường {data_id} hai lần trong {where}.",
                f"VietQR object {data_id} appears twice in {where}.",
                field=where,
            )
        out[data_id] = value
        i += 4 + length
    return out


def parse(payload: str) -> Payment:
    """Read a VietQR payload back: the CRC is verified first, then every data object a transfer
    needs; anything else at the root or in ID 62 is kept in `fields` / `additional`."""
    if not isinstance(payload, str) or len(payload) < 8 or payload[-8:-4] != "6304":
        raise VietQrError(
            "Mã VietQR phải kết thúc bằng trường CRC «6304» và 4 chữ số hệ 16.",
            "A VietQR payload ends with the CRC object “6304” and 4 hexadecimal digits.",
            field="crc",
        )
    stated, computed = payload[-4:], crc16(payload[:-4])
    if not _HEX4.fullmatch(stated) or stated != computed:
        raise VietQrError(
            f"Mã kiểm tra CRC sai: mã ghi {stated}, tính ra {computed}. Mã QR bị hỏng hoặc bị sửa.",
            f"Wrong CRC: the payload says {stated}, the data gives {computed}. The code is damaged or altered.",
            field="crc",
        )
    fields = split(payload)
    if list(fields)[-1] != "63":
        raise VietQrError("Trường CRC (63) phải ở cuối.", "The CRC object (63) must come last.", field="crc")
    _expect(fields, "00", "01", "phiên bản dữ liệu", "payload format indicator")
    initiation = fields.get("01", STATIC)
    if initiation not in (STATIC, DYNAMIC):
        raise VietQrError(
            f"Phương thức khởi tạo «{initiation}» không có: 11 (tĩnh) hoặc 12 (động).",
            f"Point of initiation “{initiation}” is not 11 (static) or 12 (dynamic).",
            field="01",
        )
    if "38" not in fields:
        raise VietQrError(
            "Mã QR không có thông tin tài khoản NAPAS (trường 38): không phải VietQR.",
            "No NAPAS account information (object 38): not a VietQR code.",
            field="38",
        )
    merchant = split(fields["38"], "38")
    _expect(merchant, "00", GUID, "định danh NAPAS (38/00)", "NAPAS identifier (38/00)", field="38")
    beneficiary = split(merchant.get("01", ""), "38/01") if "01" in merchant else {}
    bank_bin, account = beneficiary.get("00", ""), beneficiary.get("01", "")
    if not _BIN.fullmatch(bank_bin) or not account or len(account) > ACCOUNT_MAX:
        raise VietQrError(
            f"Thông tin người thụ hưởng (38/01) không hợp lệ: BIN «{bank_bin}», tài khoản «{account}».",
            f"Beneficiary (38/01) is not valid: BIN “{bank_bin}”, account “{account}”.",
            field="38",
        )
    service = merchant.get("02", "")
    if service not in (SERVICE_ACCOUNT, SERVICE_CARD):
        raise VietQrError(
            f"Mã dịch vụ (38/02) «{service}» không phải chuyển khoản NAPAS 247.",
            f"Service code (38/02) “{service}” is not a Napas 247 transfer.",
            field="38",
        )
    _expect(fields, "53", CURRENCY_VND, "loại tiền (53)", "currency (53)")
    _expect(fields, "58", COUNTRY_VN, "mã quốc gia (58)", "country code (58)")
    amount = None
    if "54" in fields:
        try:
            amount = Decimal(fields["54"])
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or amount <= 0 or len(fields["54"]) > AMOUNT_MAX:
            raise VietQrError(
                f"Số tiền (54) «{fields['54']}» không hợp lệ.",
                f"Amount (54) “{fields['54']}” is not valid.",
                field="54",
            )
    additional = split(fields["62"], "62") if "62" in fields else {}
    return Payment(
        bin=bank_bin, account=account, service=service, initiation=initiation, amount=amount,
        purpose=additional.get("08", ""), bill_number=additional.get("01", ""), crc=stated, fields=fields,
        additional=additional,
    )  # fmt: skip


def _expect(fields: dict[str, str], data_id: str, value: str, label_vi: str, label_en: str, field: str = "") -> None:
    if fields.get(data_id) != value:
        raise VietQrError(
            f"Mã VietQR: {label_vi} phải là «{value}», gặp «{fields.get(data_id, '')}».",
            f"VietQR: the {label_en} must be “{value}”, got “{fields.get(data_id, '')}”.",
            field=field or data_id,
        )
