"""The paragraphs of an NTM report, written from the figures in the style of the district reports.

Pure: takes plain figures, returns text. "Tính đến hết tháng 3/2024, bình quân tiêu chí của cả huyện
đạt 14,9 tiêu chí/xã. Số xã đạt chuẩn nông thôn mới: 06 xã (các xã: …). Có 01 xã đạt từ 15 – 18
tiêu chí; 09 xã đạt từ 10 – 14 tiêu chí."
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

# How a report names the whole of a unit: "cả huyện", "toàn tỉnh".
WHOLE_OF = {
    "huyen": "cả huyện",
    "quan": "cả quận",
    "thi_xa": "cả thị xã",
    "thanh_pho_thuoc_tinh": "cả thành phố",
    "tinh": "toàn tỉnh",
    "thanh_pho_tw": "toàn thành phố",
    "nation": "toàn quốc",
}
WHOLE_OF_EN = {"tinh": "the province", "thanh_pho_tw": "the city", "nation": "the country"}


@dataclass(frozen=True)
class Bucket:
    low: int
    high: int
    count: int

    @property
    def key(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


@dataclass(frozen=True)
class NarrativeFigures:
    unit_kind: str
    on: dt.date
    communes_assessed: int
    average_criteria: Decimal | None
    standard_communes: tuple[str, ...]  # names, in the order of their recognition
    buckets: tuple[Bucket, ...]  # the distribution, the full-marks bucket first


def as_of_vi(on: dt.date) -> str:
    if on.month == 12 and on.day == 31:
        return f"hết năm {on.year}"
    if on.day == calendar.monthrange(on.year, on.month)[1]:
        return f"hết tháng {on.month}/{on.year}"
    return f"ngày {on:%d/%m/%Y}"


def as_of_en(on: dt.date) -> str:
    if on.month == 12 and on.day == 31:
        return f"the end of {on.year}"
    if on.day == calendar.monthrange(on.year, on.month)[1]:
        return f"the end of {calendar.month_name[on.month]} {on.year}"
    return on.strftime("%d/%m/%Y")


def average_text(value: Decimal, lang: str = "vi") -> str:
    """An average with its one decimal, as reports write it: "14,9", "19,0" (English "14.9")."""
    text = f"{value.quantize(Decimal('0.1'))}"
    return text.replace(".", ",") if lang == "vi" else text


def count_vi(n: int) -> str:
    """Counts as reports write them: "06 xã", "12 xã"."""
    return f"{n:02d}"


def summary_vi(f: NarrativeFigures) -> str:
    if not f.communes_assessed or f.average_criteria is None:
        return f"Tính đến {as_of_vi(f.on)}, chưa có xã nào có số liệu đánh giá theo bộ tiêu chí."
    whole = WHOLE_OF.get(f.unit_kind, "cả đơn vị")
    parts = [
        f"Tính đến {as_of_vi(f.on)}, bình quân tiêu chí của {whole} đạt {average_text(f.average_criteria)} tiêu chí/xã."
    ]
    if f.standard_communes:
        parts.append(
            f"Số xã đạt chuẩn nông thôn mới: {count_vi(len(f.standard_communes))} xã "
            f"(các xã: {', '.join(f.standard_communes)})."
        )
    else:
        parts.append("Chưa có xã đạt chuẩn nông thôn mới.")
    below = [b for b in f.buckets[1:] if b.count]
    if below:
        parts.append(
            "Có " + "; ".join(f"{count_vi(b.count)} xã đạt từ {b.low} – {b.high} tiêu chí" for b in below) + "."
        )
    return " ".join(parts)


def summary_en(f: NarrativeFigures) -> str:
    if not f.communes_assessed or f.average_criteria is None:
        return f"As of {as_of_en(f.on)}, no commune has assessment data."
    whole = WHOLE_OF_EN.get(f.unit_kind, "the district")
    parts = [
        f"As of {as_of_en(f.on)}, the communes of {whole} meet "
        f"{average_text(f.average_criteria, 'en')} criteria on average."
    ]
    if f.standard_communes:
        parts.append(f"NTM communes: {len(f.standard_communes)} ({', '.join(f.standard_communes)}).")
    else:
        parts.append("No commune meets the NTM standard yet.")
    below = [b for b in f.buckets[1:] if b.count]
    if below:
        parts.append(
            "; ".join(
                f"{b.count} {'commune meets' if b.count == 1 else 'communes meet'} {b.low}–{b.high} criteria"
                for b in below
            ).capitalize()
            + "."
        )
    return " ".join(parts)
