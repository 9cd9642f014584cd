"""The paragraphs of a district report on resources, works and production, written from the figures in
the style of the district reports. Pure: plain figures in, text out.

"3 tháng đầu năm 2024, huyện Kim Bôi đã huy động được trên 267 tỷ đồng cho chương trình MTQG xây dựng
nông thôn mới. Từ nguồn vốn đó và các nguồn vốn từ các chương trình, dự án, huyện đã tiếp tục thực
hiện chuyển tiếp: 31 công trình đường giao thông nông thôn, 1 ngầm, … Chuẩn bị đầu tư sửa chữa, nâng
cấp và xây dựng mới: 28 công trình đường giao thông nông thôn, …" (seed 001).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from tamnong.resources.reference import WorkType
from tamnong.resources.workflow import COMPLETED, CONTINUING, NEW, PLANNED
from tamnong.rules.money import format_ha, format_vnd_over

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# How English names the kind of a unit ("Kim Bôi district").
KIND_EN = {
    "tinh": "province", "thanh_pho_tw": "city", "huyen": "district", "quan": "urban district", "thi_xa": "town",
    "thanh_pho_thuoc_tinh": "city", "xa": "commune", "phuong": "ward", "thi_tran": "township",
    "dac_khu": "special zone",
}  # fmt: skip
STANDARD_WORDS = {"vietgap": ("VietGAP", "VietGAP"), "globalgap": ("GlobalGAP", "GlobalGAP"),
                  "organic": ("hữu cơ", "organic")}  # fmt: skip


@dataclass(frozen=True)
class AreaFigure:
    standard: str  # vietgap, globalgap, organic
    year: int
    area_ha: Decimal
    previous_ha: Decimal | None  # the year before; None when nothing was recorded for it

    @property
    def change_ha(self) -> Decimal | None:
        return None if self.previous_ha is None else self.area_ha - self.previous_ha


@dataclass(frozen=True)
class NarrativeFigures:
    title_vi: str  # "Huyện Kim Bôi" (the name reports use)
    kind_vi: str  # "Huyện"
    kind: str  # the unit kind code, "huyen"
    name: str  # "Kim Bôi"
    starts_on: dt.date
    ends_on: dt.date
    capital_total_vnd: int
    works: dict[str, list[tuple[WorkType, int]]]  # status → [(kind of works, count)], in report order
    areas: tuple[AreaFigure, ...] = ()
    cooperatives: int = 0
    farms: int = 0


def _last_day(day: dt.date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def span_vi(starts_on: dt.date, ends_on: dt.date) -> str:
    """ "3 tháng đầu năm 2024", "Năm 2024", "Quý II/2024", "Tháng 5/2024", or "Từ 01/02/2024 đến 15/03/2024"."""
    whole_months = starts_on.day == 1 and _last_day(ends_on) and starts_on.year == ends_on.year
    if whole_months:
        months = ends_on.month - starts_on.month + 1
        if starts_on.month == 1:
            return f"Năm {ends_on.year}" if months == 12 else f"{months} tháng đầu năm {ends_on.year}"
        if months == 1:
            return f"Tháng {ends_on.month}/{ends_on.year}"
        if months == 3 and starts_on.month % 3 == 1:
            return f"Quý {ROMAN[ends_on.month // 3]}/{ends_on.year}"
    return f"Từ {starts_on:%d/%m/%Y} đến {ends_on:%d/%m/%Y}"


def span_en(starts_on: dt.date, ends_on: dt.date) -> str:
    whole_months = starts_on.day == 1 and _last_day(ends_on) and starts_on.year == ends_on.year
    if whole_months:
        months = ends_on.month - starts_on.month + 1
        if starts_on.month == 1:
            return f"In {ends_on.year}" if months == 12 else f"In the first {months} months of {ends_on.year}"
        if months == 1:
            return f"In {calendar.month_name[ends_on.month]} {ends_on.year}"
        if months == 3 and starts_on.month % 3 == 1:
            return f"In Q{ends_on.month // 3} {ends_on.year}"
    return f"From {starts_on:%d/%m/%Y} to {ends_on:%d/%m/%Y}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _listed_vi(items: list[tuple[WorkType, int]]) -> str:
    return ", ".join(f"{n} {t.counted_vi}" for t, n in items)


def _listed_en(items: list[tuple[WorkType, int]]) -> str:
    return ", ".join(f"{n} {t.counted_en[0] if n == 1 else t.counted_en[1]}" for t, n in items)


VERBS_VI = {CONTINUING: "tiếp tục thực hiện chuyển tiếp", NEW: "khởi công mới", COMPLETED: "hoàn thành"}


def works_paragraph_vi(f: NarrativeFigures) -> str:
    subject, kind = _lower_first(f.title_vi), f.kind_vi.lower()
    span = span_vi(f.starts_on, f.ends_on)
    if f.capital_total_vnd:
        parts = [f"{span}, {subject} đã huy động được {format_vnd_over(f.capital_total_vnd)} "
                 "cho chương trình MTQG xây dựng nông thôn mới."]  # fmt: skip
        lead = "Từ nguồn vốn đó và các nguồn vốn từ các chương trình, dự án"
    else:
        parts = [f"{span}, {subject} chưa ghi nhận vốn huy động cho chương trình MTQG xây dựng nông thôn mới."]
        lead = "Từ các nguồn vốn của các chương trình, dự án"
    first = True
    for status in (CONTINUING, NEW, COMPLETED):
        items = f.works.get(status) or []
        if not items:
            continue
        if first:
            parts.append(f"{lead}, {kind} đã {VERBS_VI[status]}: {_listed_vi(items)}.")
            first = False
        else:
            parts.append(f"{_upper_first(VERBS_VI[status])}: {_listed_vi(items)}.")
    if f.works.get(PLANNED):
        parts.append(f"Chuẩn bị đầu tư sửa chữa, nâng cấp và xây dựng mới: {_listed_vi(f.works[PLANNED])}.")
    if not any(f.works.get(s) for s in (CONTINUING, NEW, COMPLETED, PLANNED)):
        parts.append("Chưa có công trình nào được ghi nhận trong kỳ.")
    return " ".join(parts)


def works_paragraph_en(f: NarrativeFigures) -> str:
    kind_en = KIND_EN.get(f.kind, "unit")
    subject = f"{f.name} {kind_en}"
    span = span_en(f.starts_on, f.ends_on)
    if f.capital_total_vnd:
        parts = [f"{span}, {subject} mobilised {format_vnd_over(f.capital_total_vnd, 'en')} for the National Target "
                 "Program on New Rural Development."]  # fmt: skip
        lead = "With this and the capital of other programs and projects"
    else:
        parts = [
            f"{span}, {subject} recorded no capital mobilised for the National Target Program on New Rural Development."
        ]
        lead = "With the capital of other programs and projects"
    phrases = {
        CONTINUING: ("continued", "(carried over from the previous year)"),
        NEW: ("started", "(new works)"),
        COMPLETED: ("completed", ""),
    }
    first = True
    for status in (CONTINUING, NEW, COMPLETED):
        items = f.works.get(status) or []
        if not items:
            continue
        verb, note = phrases[status]
        text = f"{verb} {_listed_en(items)}" + (f" {note}" if note else "")
        parts.append(f"{lead}, the {kind_en} {text}." if first else f"It {text}.")
        first = False
    if f.works.get(PLANNED):
        parts.append(f"In investment preparation (repair, upgrade and new building): {_listed_en(f.works[PLANNED])}.")
    if not any(f.works.get(s) for s in (CONTINUING, NEW, COMPLETED, PLANNED)):
        parts.append("No works were recorded in the period.")
    return " ".join(parts)


def _change_vi(change: Decimal | None) -> str:
    if change is None:
        return ""
    if change == 0:
        return " (bằng cùng kỳ)"
    return f" ({'tăng' if change > 0 else 'giảm'} {format_ha(abs(change))} ha so với cùng kỳ)"


def _change_en(change: Decimal | None) -> str:
    if change is None:
        return ""
    if change == 0:
        return " (unchanged year on year)"
    return f" ({'+' if change > 0 else '−'}{format_ha(abs(change), 'en')} ha year on year)"


def production_paragraph_vi(f: NarrativeFigures) -> str:
    parts = []
    areas = [a for a in f.areas if a.area_ha]
    if areas:
        parts.append(
            "Diện tích sản xuất "
            + "; ".join(
                f"đạt tiêu chuẩn {STANDARD_WORDS[a.standard][0]} {format_ha(a.area_ha)} ha{_change_vi(a.change_ha)}"
                for a in areas
            )
            + "."
        )
    counts = []
    if f.cooperatives:
        counts.append(f"có {f.cooperatives} hợp tác xã hoạt động trong lĩnh vực nông nghiệp")
    if f.farms:
        counts.append(f"có {f.farms} trang trại")
    if counts:
        parts.append(f"{f.title_vi} {'; '.join(counts)}.")
    return " ".join(parts)


def production_paragraph_en(f: NarrativeFigures) -> str:
    parts = []
    areas = [a for a in f.areas if a.area_ha]
    if areas:
        parts.append(
            "Certified area: "
            + "; ".join(
                f"{STANDARD_WORDS[a.standard][1]} {format_ha(a.area_ha, 'en')} ha{_change_en(a.change_ha)}"
                for a in areas
            )
            + "."
        )
    counts = []
    if f.cooperatives:
        counts.append(f"{f.cooperatives} agricultural {'cooperative' if f.cooperatives == 1 else 'cooperatives'}")
    if f.farms:
        counts.append(f"{f.farms} {'farm' if f.farms == 1 else 'farms'}")
    if counts:
        parts.append(f"{f.name} {KIND_EN.get(f.kind, 'unit')} has {' and '.join(counts)}.")
    return " ".join(parts)


def paragraphs(f: NarrativeFigures, lang: str = "vi") -> list[str]:
    """The report's paragraphs: capital and works, then production (left out when there is none)."""
    if lang == "en":
        out = [works_paragraph_en(f), production_paragraph_en(f)]
    else:
        out = [works_paragraph_vi(f), production_paragraph_vi(f)]
    return [p for p in out if p]
