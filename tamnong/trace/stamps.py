"""QR stamps of traceable products: serials, QR codes (PNG, SVG) and A4 sheets of stamps to print (PDF).

Serials: 13 characters of Crockford's Base32 alphabet (0-9 and A-Z without I, L, O, U) drawn from
`secrets`, i.e. 65 random bits — unguessable, so a forger cannot invent a valid stamp. Every character
is a digit or an upper-case letter: within the GS1 AI encodable character set 82 (GS1 General
Specifications §7.11), so a serial is a valid AI (21) value (X..20), and an unreserved URI character,
so the Digital Link carries it without percent-encoding. The alphabet has no I/L/O/U, so a serial read
aloud or typed from the stamp is not confused (`serial_normalise` maps i, l → 1 and o → 0).

QR codes are made by segno (ISO/IEC 18004, error correction level M, 4-module quiet zone). Sheets are
HTML rendered by WeasyPrint in the "DejaVu Sans" font, which has the Vietnamese letters and ★.
"""

from __future__ import annotations

import html
import io
import math
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import segno

from tamnong.rules.errors import InputError

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SERIAL_LENGTH = 13  # 13 × 5 bits = 65 random bits
SHORT_SERIAL_LENGTH = 6
SIZES_MM = (20, 25, 30, 40)
PAGE_MM = (210, 297)  # A4 portrait
MARGIN_MM = 10
HEADER_MM = 8
GAP_MM = 2
QR_ERROR = "m"
_READ_AS = {"I": "1", "L": "1", "O": "0"}


class StampError(InputError):
    """A stamp or a sheet that cannot be made; `message_vi` / `message_en` say why, `field` says where."""


@dataclass(frozen=True)
class Stamp:
    """What one printed stamp shows: the QR code of `url`, the product name, its OCOP stars (1–5), the lot
    code and the short form of the serial."""

    url: str
    serial: str
    product_name: str
    stars: int
    lot_code: str

    def __post_init__(self) -> None:
        if not isinstance(self.url, str) or not self.url.startswith(("https://", "http://")):
            raise StampError(
                f"Địa chỉ trên tem «{self.url}» phải bắt đầu bằng https://.",
                f"The stamp URL «{self.url}» must start with https://.",
                "url",
            )
        if isinstance(self.stars, bool) or not isinstance(self.stars, int) or not 1 <= self.stars <= 5:
            raise StampError(
                f"Số sao OCOP «{self.stars}» phải từ 1 đến 5.", f"OCOP stars «{self.stars}» must be 1 to 5.", "stars"
            )
        for name in ("serial", "product_name", "lot_code"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name).strip():
                raise StampError(f"Tem thiếu {name}.", f"The stamp has no {name}.", name)


# --- serials -----------------------------------------------------------------------------------------


def serial_new() -> str:
    """A new stamp serial: 13 Crockford Base32 characters carrying 65 bits from `secrets`."""
    number = secrets.randbits(5 * SERIAL_LENGTH)
    return "".join(CROCKFORD[(number >> (5 * i)) & 31] for i in reversed(range(SERIAL_LENGTH)))


def serial_normalise(text: str) -> str:
    """A serial as typed by a person (lower case, spaces, dashes, I/L for 1, O for 0) in its printed form;
    StampError when it cannot be a serial."""
    raw = str(text or "")
    cleaned = "".join(_READ_AS.get(c, c) for c in raw.upper() if c not in " -")
    if len(cleaned) != SERIAL_LENGTH or any(c not in CROCKFORD for c in cleaned):
        raise StampError(
            f"Mã tem «{raw}» phải gồm {SERIAL_LENGTH} ký tự chữ số và chữ cái (không có U).",
            f"The stamp code «{raw}» must be {SERIAL_LENGTH} digits and letters (no U).",
            "serial",
        )
    return cleaned


def short_serial(serial: str) -> str:
    """The last characters of a serial, printed on the stamp next to the QR code (which carries it whole)."""
    return serial[-SHORT_SERIAL_LENGTH:]


# --- QR codes ----------------------------------------------------------------------------------------


def _qr(url: str) -> segno.QRCode:
    if not isinstance(url, str) or not url:
        raise StampError("Chưa có địa chỉ để mã hoá QR.", "No URL to encode.", "url")
    return segno.make_qr(url, error=QR_ERROR, boost_error=False)


def qr_png(url: str, scale: int = 4) -> bytes:
    """The QR code of `url` as a PNG image, `scale` pixels per module (4-module quiet zone)."""
    if isinstance(scale, bool) or not isinstance(scale, int) or not 1 <= scale <= 50:
        raise StampError(
            f"Tỉ lệ «{scale}» phải là số nguyên từ 1 đến 50.", f"Scale «{scale}» must be 1 to 50.", "scale"
        )
    out = io.BytesIO()
    _qr(url).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_svg(url: str) -> str:
    """The QR code of `url` as a standalone SVG document (vector; one module = one user unit, sized by
    its viewBox so that it scales to any stamp)."""
    out = io.BytesIO()
    _qr(url).save(out, kind="svg", xmldecl=False, svgns=True, omitsize=True, border=4, svgclass=None, lineclass=None)
    return out.getvalue().decode("ascii")


# --- sheets ------------------------------------------------------------------------------------------


def grid(size_mm: int) -> tuple[int, int]:
    """(columns, rows) of stamps of `size_mm` on one A4 page."""
    if size_mm not in SIZES_MM:
        sizes = ", ".join(str(s) for s in SIZES_MM)
        raise StampError(
            f"Cỡ tem {size_mm} mm không có; chọn một trong các cỡ {sizes} mm.",
            f"There is no {size_mm} mm stamp size; choose one of {sizes} mm.",
            "size_mm",
        )
    width = PAGE_MM[0] - 2 * MARGIN_MM
    height = PAGE_MM[1] - 2 * MARGIN_MM - HEADER_MM
    return (width + GAP_MM) // (size_mm + GAP_MM), (height + GAP_MM) // (size_mm + GAP_MM)


def stamps_per_page(size_mm: int) -> int:
    columns, rows = grid(size_mm)
    return columns * rows


def page_count(count: int, size_mm: int) -> int:
    """How many A4 pages `count` stamps of `size_mm` fill."""
    return max(1, math.ceil(count / stamps_per_page(size_mm)))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _stamp_html(stamp: Stamp, left: float, top: float) -> str:
    svg = _qr(stamp.url).svg_inline(omitsize=True, border=4, svgclass="qr", lineclass=None)
    stars = "★" * stamp.stars
    return (
        f'<div class="stamp" style="left:{left:.2f}mm;top:{top:.2f}mm">{svg}'
        f'<div class="name">{html.escape(_nfc(stamp.product_name))}</div>'
        f'<div class="t"><span class="s">{stars}</span> Lô {html.escape(_nfc(stamp.lot_code))}</div>'
        f'<div class="t">Mã …{html.escape(short_serial(stamp.serial))}</div></div>'
    )


def sheet_html(stamps: Sequence[Stamp], *, size_mm: int, title: str) -> str:
    """The HTML of the sheet (every text escaped); `sheet_pdf` renders it."""
    columns, rows = grid(size_mm)
    if not stamps:
        raise StampError("Chưa có tem nào để in.", "There are no stamps to print.", "stamps")
    for i, stamp in enumerate(stamps):
        if not isinstance(stamp, Stamp):
            raise StampError(f"Phần tử {i + 1} không phải tem.", f"Item {i + 1} is not a stamp.", "stamps")
    per_page = columns * rows
    pages = page_count(len(stamps), size_mm)
    pad = size_mm * 0.04
    font = size_mm * 0.068
    qr = size_mm - 2 * pad - 4 * 1.15 * font  # the name may take two lines
    css = f"""
@page {{ size: A4 portrait; margin: {MARGIN_MM}mm; }}
body {{ margin: 0; font-family: "DejaVu Sans"; color: #000; }}
.page {{ position: relative; height: {PAGE_MM[1] - 2 * MARGIN_MM - 1}mm; break-after: page; }}
.page:last-child {{ break-after: auto; }}
.head {{ position: absolute; left: 0; top: 0; width: 100%; height: {HEADER_MM}mm; font-size: 9pt; }}
.head .n {{ float: right; }}
.stamp {{ position: absolute; box-sizing: border-box; width: {size_mm}mm; height: {size_mm}mm;
  padding: {pad:.2f}mm; border: 0.1mm dashed #888; text-align: center; overflow: hidden; }}
svg.qr {{ display: block; width: {qr:.2f}mm; height: {qr:.2f}mm; margin: 0 auto; }}
.t, .name {{ font-size: {font:.2f}mm; line-height: 1.15; overflow: hidden; }}
.t {{ white-space: nowrap; text-overflow: ellipsis; }}
.name {{ font-weight: bold; max-height: {2 * 1.15 * font:.2f}mm; }}
.s {{ color: #b8860b; }}
"""
    body = []
    for page in range(pages):
        chunk = stamps[page * per_page : (page + 1) * per_page]
        cells = []
        for i, stamp in enumerate(chunk):
            row, column = divmod(i, columns)
            cells.append(_stamp_html(stamp, column * (size_mm + GAP_MM), HEADER_MM + row * (size_mm + GAP_MM)))
        body.append(
            f'<div class="page"><div class="head"><b>{html.escape(_nfc(title))}</b>'
            f'<span class="n">Trang {page + 1}/{pages} · {len(chunk)} tem {size_mm} mm</span></div>'
            + "".join(cells)
            + "</div>"
        )
    return f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{html.escape(_nfc(title))}</title><style>{css}</style></head><body>{"".join(body)}</body></html>'


def sheet_pdf(stamps: Sequence[Stamp], *, size_mm: int, title: str) -> bytes:
    """An A4 PDF of `stamps` laid out in a grid of `size_mm` squares (20, 25, 30 or 40 mm), as many pages
    as needed (`page_count`); each stamp shows its QR code as vector graphics, the product name, the
    stars, the lot code and the short serial, inside a dashed cutting line."""
    from weasyprint import HTML  # imported here: loading Pango is slow and only sheets need it

    return HTML(string=sheet_html(stamps, size_mm=size_mm, title=title)).write_pdf()
