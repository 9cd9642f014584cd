"""Identifiers of traceable OCOP products: GTINs, GS1 Digital Link URIs and the program scheme.

Pure Python (no Django). Two schemes share one resolver shape, so that a stamp's QR code always
carries the product, the lot and the stamp's serial in its path:

GS1 scheme — producers that are GS1 members (GS1 Digital Link: URI Syntax, release 1.2)::

    https://<site>/01/<GTIN-14>[/10/<lot>][/21/<serial>]

Program scheme — producers WITHOUT a GS1 company prefix (household producers who cannot pay the
GS1 fees) get a product code from the program instead of a GTIN::

    https://<site>/p/<product-code>[/10/<lot>][/21/<serial>]

    product-code = "VN" + the product id zero-padded to 8 digits + 1 check digit
                   e.g. product 1234 → "VN000012340" (11 characters)
    check digit  = Damm algorithm over the 8 digits (python-stdnum's `stdnum.damm`), which detects
                   every single wrong digit and every swap of two adjacent digits

Why it never collides with GS1: the first path segment is "p", which is neither a GS1 Application
Identifier (AIs are digits) nor one of the alphabetic short names of GS1 Digital Link 1.1 ("gtin",
"lot", "ser", …). A GS1 Digital Link parser that scans the path for a primary key (01, 00, 414, …)
finds none: the product code starts with letters, and a value that happens to be "01" or "414" is
always followed by an odd number of segments, which no GS1 path allows. The program keeps the GS1
key qualifiers 10 (lot) and 21 (serial) with the same rules as AI (10) and AI (21) — at most 20
characters of the GS1 AI encodable character set 82, percent-encoded the same way — so a producer
who later joins GS1 keeps its lot codes and serials, and one resolver serves both schemes.

References:
- GS1 General Specifications, §7.9.1 (standard check digit calculation, "mod 10") and §7.11
  (Figure 7.11-1, GS1 AI encodable character set 82); AI (10) batch/lot and AI (21) serial number:
  format X..20.
- GS1 Digital Link: URI Syntax 1.2 — path `/01/{gtin}/10/{lot}/21/{ser}` (ABNF `gtin-path`,
  `lot-value` and `ser-value` = 1*20XCHAR), values percent-encoded (RFC 3986 §2.1); only the
  unreserved characters "-", ".", "_" and alphanumerics stay literal.
- GS1 EPC Tag Data Standard 2.0 / EPCIS 2.0: the canonical Digital Link form of an EPC uses the
  domain `id.gs1.org`: LGTIN (class) `https://id.gs1.org/01/{gtin}/10/{lot}`, SGTIN (instance)
  `https://id.gs1.org/01/{gtin}/21/{serial}`, GLN `https://id.gs1.org/414/{gln}[/254/{ext}]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from biip import ParseError
from biip.checksums import gs1_standard_check_digit
from biip.gln import Gln
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_element_strings import GS1ElementString, GS1ElementStrings
from biip.gtin import Gtin
from stdnum import damm

from tamnong.rules.errors import InputError

# GS1 General Specifications §7.11, Figure 7.11-1: the 82 characters allowed in AI values of format X.
AI82 = frozenset("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
AI_MAX = 20  # AI (10) and AI (21): X..20
CANONICAL_DOMAIN = "https://id.gs1.org"
PROGRAM_SEGMENT = "p"
PROGRAM_PREFIX = "VN"
PROGRAM_DIGITS = 8
PROGRAM_MAX_ID = 10**PROGRAM_DIGITS - 1
_PROGRAM_CODE = re.compile(rf"^{PROGRAM_PREFIX}(\d{{{PROGRAM_DIGITS}}})(\d)$")
_PLACE_SCHEME = re.compile(r"^[a-z][a-z0-9-]{0,31}$")
_PLACE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
_QUALIFIER_NAMES = {"10": ("lot", "số lô"), "21": ("serial", "số sê-ri")}


class IdentifierError(InputError):
    """An identifier the standards refuse. `message_vi` and `message_en` say why; `field` says which
    input ("gtin", "lot", "serial", "base_url", "path", "product_code", …)."""


@dataclass(frozen=True)
class ResolvedId:
    """What a resolver path names: a GS1 product (`gtin`) or a program product (`product_code`),
    optionally one lot and one stamp serial (already percent-decoded)."""

    scheme: str  # "gs1" | "program"
    gtin: str | None = None
    product_code: str | None = None
    lot: str | None = None
    serial: str | None = None

    @property
    def product_id(self) -> int | None:
        """The program product id (None for GS1 products)."""
        return program_product_id(self.product_code) if self.product_code else None

    @property
    def path(self) -> str:
        """The canonical resolver path; `parse_path(r.path) == r`."""
        if self.scheme == "gs1":
            head = f"/01/{self.gtin}"
        else:
            head = f"/{PROGRAM_SEGMENT}/{self.product_code}"
        return head + _qualifiers_path(self.lot, self.serial)

    def url(self, base_url: str) -> str:
        """The full URL under the site's resolver root (what the stamp's QR code carries)."""
        if self.scheme == "gs1":
            return digital_link(base_url, self.gtin or "", self.lot, self.serial)
        return program_link(base_url, self.product_id or 0, self.lot, self.serial)


# --- GTIN -------------------------------------------------------------------------------------------


def gtin_normalise(text: str) -> str:
    """The 14-digit GTIN of a GTIN-8, -12, -13 or -14 as people type it (spaces and dashes allowed).

    Verifies the GS1 mod-10 check digit (GS1 General Specifications §7.9.1) with biip; raises
    IdentifierError naming the value and the reason (wrong characters, wrong length, wrong check digit
    with the expected one, or the all-zero number GS1 never allocates).
    """
    raw = str(text or "").strip()
    digits = re.sub(r"[\s\-]", "", raw)
    if not digits:
        raise IdentifierError("Chưa nhập mã GTIN.", "The GTIN is empty.", "gtin")
    if not digits.isascii() or not digits.isdigit():
        raise IdentifierError(
            f"Mã GTIN «{raw}» chỉ được gồm chữ số (có thể cách bằng dấu cách hoặc gạch ngang).",
            f"The GTIN «{raw}» may contain digits only (spaces or dashes allowed).",
            "gtin",
        )
    if len(digits) not in (8, 12, 13, 14):
        raise IdentifierError(
            f"Mã GTIN «{raw}» có {len(digits)} chữ số; GTIN phải có 8, 12, 13 hoặc 14 chữ số.",
            f"The GTIN «{raw}» has {len(digits)} digits; a GTIN has 8, 12, 13 or 14 digits.",
            "gtin",
        )
    if not digits.strip("0"):
        raise IdentifierError(
            f"Mã GTIN «{raw}» toàn số 0: GS1 không cấp mã này.",
            f"The GTIN «{raw}» is all zeros: GS1 never allocates it.",
            "gtin",
        )
    try:
        return Gtin.parse(digits).as_gtin_14()
    except ParseError:
        expected = gs1_standard_check_digit(digits[:-1])
        raise IdentifierError(
            f"Mã GTIN «{raw}» sai số kiểm tra: chữ số cuối phải là {expected}, không phải {digits[-1]}.",
            f"The GTIN «{raw}» has a wrong check digit: the last digit must be {expected}, not {digits[-1]}.",
            "gtin",
        ) from None


def gln_normalise(text: str) -> str:
    """The 13-digit GLN of a location (GS1 General Specifications §7.9.1 check digit), via biip."""
    raw = str(text or "").strip()
    digits = re.sub(r"[\s\-]", "", raw)
    if not (digits.isascii() and digits.isdigit() and len(digits) == 13):
        raise IdentifierError(
            f"Mã địa điểm GLN «{raw}» phải có đúng 13 chữ số.",
            f"The GLN «{raw}» must have exactly 13 digits.",
            "gln",
        )
    try:
        return Gln.parse(digits).value
    except ParseError:
        expected = gs1_standard_check_digit(digits[:-1])
        raise IdentifierError(
            f"Mã GLN «{raw}» sai số kiểm tra: chữ số cuối phải là {expected}, không phải {digits[-1]}.",
            f"The GLN «{raw}» has a wrong check digit: the last digit must be {expected}, not {digits[-1]}.",
            "gln",
        ) from None


# --- lot and serial (AI 10 / AI 21) ----------------------------------------------------------------


def check_ai_value(value: str, ai: str) -> str:
    """`value` unchanged when it is a valid AI (10) lot or AI (21) serial: 1–20 characters of the GS1
    AI encodable character set 82 (GS1 General Specifications §7.11); IdentifierError otherwise, naming
    the first character refused (Vietnamese letters and spaces are the usual culprits)."""
    field, name_vi = _QUALIFIER_NAMES[ai]
    if not isinstance(value, str) or not value:
        raise IdentifierError(f"Chưa nhập {name_vi}.", f"The {field} is empty.", field)
    bad = [c for c in value if c not in AI82]
    if bad:
        shown = "dấu cách" if bad[0] == " " else f"«{bad[0]}»"
        shown_en = "a space" if bad[0] == " " else f"«{bad[0]}»"
        raise IdentifierError(
            f"{name_vi.capitalize()} «{value}» có ký tự {shown} không được phép: chỉ dùng chữ cái không dấu, "
            f"chữ số và các ký hiệu ! \" % & ' ( ) * + , - . / : ; < = > ? _ (bộ 82 ký tự GS1).",
            f"The {field} «{value}» contains {shown_en}, which is not allowed: use unaccented letters, digits "
            f"and the symbols of the GS1 82-character set.",
            field,
        )
    if len(value) > AI_MAX:
        raise IdentifierError(
            f"{name_vi.capitalize()} «{value}» dài {len(value)} ký tự; tối đa {AI_MAX} ký tự.",
            f"The {field} «{value}» is {len(value)} characters long; at most {AI_MAX}.",
            field,
        )
    return value


def _encode(value: str) -> str:
    # RFC 3986 §2.1 percent-encoding with upper-case hex; only unreserved characters stay literal.
    # The same encoding biip uses when it writes a Digital Link path.
    return quote(value, safe="")


def _qualifiers_path(lot: str | None, serial: str | None) -> str:
    out = ""
    if lot is not None:
        out += f"/10/{_encode(check_ai_value(lot, '10'))}"
    if serial is not None:
        out += f"/21/{_encode(check_ai_value(serial, '21'))}"
    return out


# --- base URL --------------------------------------------------------------------------------------


def _split_base(base_url: str) -> tuple[str, str, str]:
    """(scheme, netloc, path prefix without slashes) of a resolver root such as
    "https://truyxuat.example.vn" or "https://example.vn/truy-xuat"."""
    parts = urlsplit(str(base_url or "").strip())
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.query or parts.fragment:
        raise IdentifierError(
            f"Địa chỉ gốc «{base_url}» phải có dạng https://tên-miền[/đường-dẫn], không có ? hay #.",
            f"The base URL «{base_url}» must look like https://host[/path], without ? or #.",
            "base_url",
        )
    prefix = parts.path.strip("/")
    if prefix and any(not seg or seg != quote(seg, safe="-._~!$&'()*+,;=:@") for seg in prefix.split("/")):
        raise IdentifierError(
            f"Đường dẫn trong địa chỉ gốc «{base_url}» có ký tự cần mã hoá hoặc đoạn rỗng.",
            f"The path of the base URL «{base_url}» has characters to encode or an empty segment.",
            "base_url",
        )
    return parts.scheme, parts.netloc, prefix


def _root(base_url: str) -> str:
    scheme, netloc, prefix = _split_base(base_url)
    return f"{scheme}://{netloc}" + (f"/{prefix}" if prefix else "")


# --- GS1 Digital Link --------------------------------------------------------------------------------


def digital_link(base_url: str, gtin: str, lot: str | None, serial: str | None = None) -> str:
    """The GS1 Digital Link URI `https://<site>/01/<GTIN-14>[/10/<lot>][/21/<serial>]`.

    GS1 Digital Link: URI Syntax 1.2 — key qualifiers in the order 10 then 21; values checked as AI (10)
    and AI (21) (X..20, character set 82) and percent-encoded. The URI is built by biip from the element
    strings (biip validates every value against its AI's pattern and the GTIN's check digit).
    """
    scheme, netloc, prefix = _split_base(base_url)
    elements = [GS1ElementString.parse(f"01{gtin_normalise(gtin)}")]
    if lot is not None:
        elements.append(GS1ElementString.parse(f"10{check_ai_value(lot, '10')}"))
    if serial is not None:
        elements.append(GS1ElementString.parse(f"21{check_ai_value(serial, '21')}"))
    uri = GS1DigitalLinkURI.from_element_strings(GS1ElementStrings(elements)).as_uri(
        domain=netloc, prefix=prefix or None
    )
    return f"{scheme}://" + uri.split("://", 1)[1]


def lgtin(gtin: str, lot: str) -> str:
    """EPC class of a lot of a GS1 product (LGTIN), canonical Digital Link form for EPCIS 2.0."""
    return digital_link(CANONICAL_DOMAIN, gtin, lot)


def sgtin(gtin: str, serial: str) -> str:
    """EPC of one serialised item of a GS1 product (SGTIN), canonical Digital Link form
    (`/01/{gtin}/21/{serial}`, without the lot: GS1 EPC Tag Data Standard 2.0)."""
    return digital_link(CANONICAL_DOMAIN, gtin, None, serial)


def gln_uri(gln: str, extension: str | None = None) -> str:
    """A physical location by GLN as an EPCIS 2.0 location URI, `https://id.gs1.org/414/{gln}[/254/{ext}]`
    (GS1 Digital Link 1.2, `gln-path`; AI (254) is X..20 like a lot)."""
    elements = [GS1ElementString.parse(f"414{gln_normalise(gln)}")]
    if extension is not None:
        if not extension or any(c not in AI82 for c in extension) or len(extension) > AI_MAX:
            raise IdentifierError(
                f"Phần mở rộng GLN «{extension}» phải gồm 1–20 ký tự của bộ 82 ký tự GS1.",
                f"The GLN extension «{extension}» must be 1–20 characters of the GS1 82-character set.",
                "gln_extension",
            )
        elements.append(GS1ElementString.parse(f"254{extension}"))
    return GS1DigitalLinkURI.from_element_strings(GS1ElementStrings(elements)).as_uri()


def place_uri(base_url: str, scheme: str, code: str) -> str:
    """A place without a GLN (a commune, a village) as a location URI of the site:
    `https://<site>/places/<scheme>/<code>`, e.g. scheme "vn-2025" and a commune's official code."""
    if not _PLACE_SCHEME.match(scheme or ""):
        raise IdentifierError(
            f"Tên danh mục địa điểm «{scheme}» chỉ gồm chữ thường không dấu, chữ số và gạch ngang.",
            f"The place scheme «{scheme}» may contain lower-case letters, digits and dashes only.",
            "place_scheme",
        )
    if not _PLACE_CODE.match(code or ""):
        raise IdentifierError(
            f"Mã địa điểm «{code}» chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới.",
            f"The place code «{code}» may contain unaccented letters, digits, dots, dashes and underscores only.",
            "place_code",
        )
    return f"{_root(base_url)}/places/{scheme}/{code}"


# --- program scheme --------------------------------------------------------------------------------


def program_code(product_id: int) -> str:
    """The program product code of a product without GTIN: "VN" + 8-digit id + Damm check digit."""
    if isinstance(product_id, bool) or not isinstance(product_id, int) or not 1 <= product_id <= PROGRAM_MAX_ID:
        raise IdentifierError(
            f"Mã sản phẩm «{product_id}» phải là số nguyên từ 1 đến {PROGRAM_MAX_ID}.",
            f"The product id «{product_id}» must be an integer from 1 to {PROGRAM_MAX_ID}.",
            "product_id",
        )
    digits = f"{product_id:0{PROGRAM_DIGITS}d}"
    return f"{PROGRAM_PREFIX}{digits}{damm.calc_check_digit(digits)}"


def program_product_id(code: str) -> int:
    """The product id of a program code (inverse of `program_code`), after verifying its check digit."""
    text = str(code or "").strip()
    match = _PROGRAM_CODE.match(text.upper())
    if not match:
        raise IdentifierError(
            f"Mã sản phẩm chương trình «{text}» phải có dạng VN + 9 chữ số (ví dụ VN000012340).",
            f"The program product code «{text}» must be VN followed by 9 digits (e.g. VN000012340).",
            "product_code",
        )
    digits, check = match.groups()
    expected = damm.calc_check_digit(digits)
    if check != expected:
        raise IdentifierError(
            f"Mã sản phẩm chương trình «{text}» sai số kiểm tra (chữ số cuối phải là {expected}): "
            "có thể đã gõ nhầm hoặc tem bị làm giả.",
            f"The program product code «{text}» has a wrong check digit (the last digit must be {expected}): "
            "a typing error or a forged stamp.",
            "product_code",
        )
    product_id = int(digits)
    if product_id == 0:
        raise IdentifierError(
            f"Mã sản phẩm chương trình «{text}» không ứng với sản phẩm nào (mã 0).",
            f"The program product code «{text}» names no product (id 0).",
            "product_code",
        )
    return product_id


def program_link(base_url: str, product_id: int, lot: str | None, serial: str | None = None) -> str:
    """The resolver URI of a program product: `https://<site>/p/<product-code>[/10/<lot>][/21/<serial>]`
    (lot and serial checked and percent-encoded exactly as for GS1 Digital Link)."""
    return f"{_root(base_url)}/{PROGRAM_SEGMENT}/{program_code(product_id)}{_qualifiers_path(lot, serial)}"


# --- resolver paths --------------------------------------------------------------------------------


def _path_error(path: str, vi: str, en: str) -> IdentifierError:
    return IdentifierError(f"Đường dẫn «{path}» không hợp lệ: {vi}", f"The path «{path}» is invalid: {en}", "path")


def parse_path(path: str) -> ResolvedId:
    """What a resolver path names, for both schemes (see the module docstring):

    - `/01/<gtin>[/10/<lot>][/21/<serial>]` (GS1 Digital Link 1.2; GTIN-8/12/13 are padded to 14 digits,
      the check digit is verified);
    - `/p/<product-code>[/10/<lot>][/21/<serial>]` (program scheme; the check digit is verified).

    Segments are percent-decoded after splitting on "/", so an encoded "/" (%2F) belongs to its value:
    give the path as it was requested, still percent-encoded (a WSGI server decodes PATH_INFO, which
    turns a lot "A/B" sent as "A%2FB" into two segments). A query string is ignored, one trailing "/" is
    tolerated. Raises IdentifierError otherwise.
    """
    original = str(path or "")
    text = original.split("?", 1)[0].split("#", 1)[0]
    if not text.startswith("/"):
        raise _path_error(original, "phải bắt đầu bằng «/».", "must start with «/».")
    if text.endswith("/") and len(text) > 1:
        text = text[:-1]
    segments = text[1:].split("/")
    if any(seg == "" for seg in segments):
        raise _path_error(original, "có đoạn rỗng («//»).", "has an empty segment («//»).")
    if len(segments) % 2:
        raise _path_error(original, "số đoạn phải chẵn (mã/giá trị).", "needs an even number of segments.")
    if any(re.search(r"%(?![0-9A-Fa-f]{2})", seg) for seg in segments):
        raise _path_error(
            original, "có dấu % không theo sau bởi hai chữ số hex.", "has a % not followed by two hex digits."
        )
    try:
        values = [unquote(seg, errors="strict") for seg in segments]
    except UnicodeDecodeError:
        raise _path_error(original, "có mã %.. không phải UTF-8.", "has a %-escape that is not UTF-8.") from None
    key, head = segments[0], values[1]
    qualifiers: dict[str, str] = {}
    order = ["10", "21"]
    for ai, value in zip(segments[2::2], values[3::2], strict=True):
        if ai not in order:
            raise _path_error(
                original,
                f"sau mã sản phẩm chỉ được có /10/<số lô> rồi /21/<số sê-ri>, gặp «{ai}».",
                f"only /10/<lot> then /21/<serial> may follow the product, got «{ai}».",
            )
        order = order[order.index(ai) + 1 :]
        qualifiers[ai] = check_ai_value(value, ai)
    lot, serial = qualifiers.get("10"), qualifiers.get("21")
    if key == "01":
        if not (head.isascii() and head.isdigit()):
            raise _path_error(original, f"GTIN «{head}» chỉ gồm chữ số.", f"the GTIN «{head}» must be digits only.")
        return ResolvedId("gs1", gtin=gtin_normalise(head), lot=lot, serial=serial)
    if key == PROGRAM_SEGMENT:
        product_id = program_product_id(head)
        return ResolvedId("program", product_code=program_code(product_id), lot=lot, serial=serial)
    raise _path_error(
        original,
        f"phải bắt đầu bằng /01/<GTIN> hoặc /{PROGRAM_SEGMENT}/<mã sản phẩm>, gặp «{key}».",
        f"must start with /01/<GTIN> or /{PROGRAM_SEGMENT}/<product code>, got «{key}».",
    )


def parse_url(url: str, base_url: str) -> ResolvedId:
    """`parse_path` for a full URL under the site's resolver root (e.g. the text of a scanned QR code)."""
    root = _root(base_url)
    text = str(url or "").strip()
    if not text.lower().startswith(root.lower() + "/"):
        raise IdentifierError(
            f"Địa chỉ «{text}» không thuộc trang truy xuất {root}.",
            f"The URL «{text}» is not under the resolver {root}.",
            "url",
        )
    return parse_path(text[len(root) :])
