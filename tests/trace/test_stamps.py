"""Stamp serials, QR codes and A4 sheets of stamps (tamnong.trace.stamps), without Django."""

import re
import struct
import subprocess
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
import segno

from tamnong.trace.identifiers import check_ai_value, digital_link
from tamnong.trace.stamps import (
    CROCKFORD,
    SIZES_MM,
    Stamp,
    StampError,
    page_count,
    qr_png,
    qr_svg,
    serial_new,
    serial_normalise,
    sheet_pdf,
    short_serial,
    stamps_per_page,
)
from tests.trace.helpers import JAR_GTIN, JAR_LOT, SITE

URL = digital_link(SITE, JAR_GTIN, JAR_LOT, "7K3M9QX2HC4TP")
HONEY = "Mật ong rừng Hợp Tiến"


def test_serials_are_unguessable_readable_and_valid_ai_21_values():
    serials = [serial_new() for _ in range(2000)]
    assert len(set(serials)) == len(serials)
    assert all(len(s) == 13 and set(s) <= set(CROCKFORD) for s in serials)
    assert not set("ILOU") & set("".join(serials))
    assert set("".join(serials)) == set(CROCKFORD)  # all 32 symbols are drawn
    first = [s[0] for s in serials]
    assert len(set(first)) == 32  # 65 bits: the first character carries 5 random bits too
    for s in serials[:50]:
        assert check_ai_value(s, "21") == s
        assert quote(s, safe="") == s  # no percent-encoding needed in the Digital Link


def test_serial_normalise_reads_what_people_type():
    assert serial_normalise("7k3m-9qx2 hc4tp") == "7K3M9QX2HC4TP"
    assert serial_normalise("OI3M9QX2HC4TL") == "013M9QX2HC4T1"
    for bad in ("7K3M9QX2HC4T", "7K3M9QX2HC4TU", "", "7K3M9QX2HC4TP0"):
        with pytest.raises(StampError) as caught:
            serial_normalise(bad)
        assert caught.value.field == "serial"
    assert short_serial("7K3M9QX2HC4TP") == "2HC4TP"


def test_qr_png_is_a_png_of_the_right_size():
    png = qr_png(URL, scale=3)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    modules = segno.make_qr(URL, error="m", boost_error=False).symbol_size(scale=1, border=4)[0]
    assert width == height == modules * 3
    with pytest.raises(StampError):
        qr_png(URL, scale=0)


def test_qr_svg_is_an_svg_document():
    svg = qr_svg(URL)
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    size = segno.make_qr(URL, error="m", boost_error=False).symbol_size(scale=1, border=4)[0]
    assert root.get("viewBox") == f"0 0 {size} {size}"
    assert root.find("{http://www.w3.org/2000/svg}path") is not None
    assert qr_svg(URL) == svg  # deterministic


def _stamps(count, name=HONEY, lot=JAR_LOT):
    out = []
    for _ in range(count):
        serial = serial_new()
        out.append(Stamp(digital_link(SITE, JAR_GTIN, lot, serial), serial, name, 4, lot))
    return out


def _pdf_info(pdf):
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def _pdf_text(pdf):
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return re.sub(r"\s+", " ", out.stdout.decode())


def test_grid_sizes():
    assert [stamps_per_page(s) for s in SIZES_MM] == [96, 70, 48, 24]
    assert page_count(96, 20) == 1 and page_count(97, 20) == 2 and page_count(1, 40) == 1


@pytest.mark.parametrize(
    ("count", "size", "pages"),
    [
        (1, 20, 1),
        (97, 20, 2),
        (70, 25, 1),
        (71, 25, 2),
        (49, 30, 2),
        (49, 40, 3),
    ],
)
def test_sheet_pdf_has_one_a4_page_per_grid(count, size, pages):
    pdf = sheet_pdf(_stamps(count), size_mm=size, title="Tem thử")
    assert pdf[:5] == b"%PDF-"
    info = _pdf_info(pdf)
    assert int(info["Pages"]) == pages == page_count(count, size)
    assert info["Page size"].strip().startswith("595.276 x 841.89 pts (A4)")


def test_sheet_pdf_prints_vietnamese_text_stars_lot_and_short_serial():
    stamps = _stamps(3)
    text = _pdf_text(sheet_pdf(stamps, size_mm=40, title="Tem truy xuất — <Hợp Tiến> & Co"))
    assert HONEY in text
    assert "Tem truy xuất — <Hợp Tiến> & Co" in text  # escaped in HTML, printed as written
    assert "★★★★ Lô MO-2024-05/H1" in text
    for stamp in stamps:
        assert short_serial(stamp.serial) in text
    assert "Trang 1/1" in text


def test_sheet_pdf_escapes_markup_in_product_names():
    text = _pdf_text(sheet_pdf(_stamps(1, name="Trà <b>Shan</b> & mơ"), size_mm=40, title="T"))
    assert "Trà <b>Shan</b> & mơ" in text


def test_sheet_pdf_refuses_what_it_cannot_print():
    with pytest.raises(StampError) as caught:
        sheet_pdf(_stamps(1), size_mm=35, title="T")
    assert caught.value.field == "size_mm"
    assert "35 mm" in caught.value.message_vi and "20, 25, 30, 40" in caught.value.message_vi
    with pytest.raises(StampError, match="Chưa có tem"):
        sheet_pdf([], size_mm=20, title="T")
    with pytest.raises(StampError) as caught:
        Stamp(URL, "7K3M9QX2HC4TP", HONEY, 6, JAR_LOT)
    assert caught.value.field == "stars"
    with pytest.raises(StampError) as caught:
        Stamp("javascript:alert(1)", "7K3M9QX2HC4TP", HONEY, 4, JAR_LOT)
    assert caught.value.field == "url"
