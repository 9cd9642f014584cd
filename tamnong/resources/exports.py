"""A unit's resources and works over a span of dates as a workbook: the report paragraphs and figures,
the works table, and the capital mobilised by source with its records. Amounts are whole VND numbers
(formatted with thousands separators), so the sheet adds up in Excel."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from tamnong.resources.narrative import STANDARD_WORDS
from tamnong.resources.reference import funding_sources, work_types
from tamnong.resources.selectors import ResourcesSummary
from tamnong.resources.workflow import STATUS_NAMES, STATUSES

STATUS_VI = {status: names[0] for status, names in STATUS_NAMES.items()}
STANDARD_VI = {code: words[0] for code, words in STANDARD_WORDS.items()}
VND = "#,##0"


def _bold(ws, row: int) -> None:
    for cell in ws[row]:
        cell.font = Font(bold=True)


def _widths(ws, widths) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def summary_xlsx(summary: ResourcesSummary, title: str) -> bytes:
    wb = Workbook()
    sources = funding_sources()
    types = work_types()

    ws = wb.active
    ws.title = "Tổng hợp"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([f"Từ ngày {summary.starts_on:%d/%m/%Y} đến ngày {summary.ends_on:%d/%m/%Y}"])
    for paragraph in summary.paragraphs_vi:
        ws.append([paragraph])
        ws.cell(ws.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.append([])
    ws.append(["Vốn huy động theo nguồn", "Số tiền (đồng)"])
    _bold(ws, ws.max_row)
    for code, source in sources.items():
        ws.append([source.name_vi, summary.capital_by_source.get(code, 0)])
    ws.append(["Tổng cộng", summary.capital_total])
    _bold(ws, ws.max_row)
    ws.append(["Trong đó cộng đồng: tiền mặt (đồng)", summary.community.get("cash_vnd", 0)])
    ws.append(["Trong đó cộng đồng: hiện vật quy ra tiền (đồng)", summary.community.get("in_kind_vnd", 0)])
    ws.append(["Đất hiến (m²)", summary.community.get("land_m2", 0)])
    ws.append(["Ngày công", summary.community.get("working_days", 0)])
    ws.append([])
    ws.append(["Công trình theo loại và trạng thái trong kỳ", *(STATUS_VI[s] for s in STATUSES), "Cộng"])
    _bold(ws, ws.max_row)
    for code, counts in summary.works_by_type_and_status.items():
        name = types[code].name_vi if code in types else code
        ws.append([name, *(counts[s] for s in STATUSES), sum(counts.values())])
    ws.append([])
    ws.append(["Tổng vốn các công trình đang thực hiện, hoàn thành (đồng)", summary.budget_vnd])
    ws.append([f"Đã giải ngân đến ngày {summary.ends_on:%d/%m/%Y} (đồng)", summary.disbursed_vnd])
    rate = summary.disbursement_rate
    ws.append(["Tỷ lệ giải ngân (%)", float(rate) if rate is not None else None])
    ws.append(["Công trình có cảnh báo giải ngân, tiến độ", len({row.work.pk for row, _ in summary.alerts})])
    for area in summary.areas:
        ws.append([f"Diện tích {STANDARD_VI[area.standard]} năm {area.year} (ha)", float(area.area_ha),
                   float(area.change_ha) if area.change_ha is not None else None])  # fmt: skip
    ws.append(["Hợp tác xã nông nghiệp", summary.cooperatives])
    ws.append(["Trang trại", summary.farms])
    for row in ws.iter_rows(min_col=2, max_col=2):
        for cell in row:
            if isinstance(cell.value, int):
                cell.number_format = VND
    _widths(ws, (62, 20, 16, 16, 16, 12))

    works = wb.create_sheet("Công trình")
    headers = ["Xã", "Thôn", "Loại công trình", "Tên công trình", "Khối lượng", "Đơn vị", "Năm kế hoạch",
               "Trạng thái trong kỳ", "Trạng thái ghi nhận", "Ngày khởi công", "Dự kiến hoàn thành", "Ngày hoàn thành",
               "Tổng vốn (đồng)", *(f"{s.name_vi} (đồng)" for s in sources.values()),
               f"Đã giải ngân đến {summary.ends_on:%d/%m/%Y} (đồng)", "Tỷ lệ giải ngân (%)", "Cảnh báo", "Dữ liệu trình diễn"]  # fmt: skip
    works.append(headers)
    _bold(works, 1)
    for r in summary.rows:
        w = r.work
        works.append([
            w.commune.title, str(w.village) if w.village_id else "",
            r.type.name_vi if r.type else w.type, w.name, float(w.quantity), r.type.unit_vi if r.type else "",
            w.plan_year, STATUS_VI[r.status], STATUS_VI[w.status], w.started_on, w.planned_end_on, w.completed_on,
            r.budget_vnd, *(r.funding.get(code, 0) for code in sources), r.disbursed_vnd,
            float(r.rate_pct) if r.rate_pct is not None else None, " ".join(a.message_vi for a in r.alerts),
            "có" if w.is_demo else "",
        ])  # fmt: skip
    first_amount = headers.index("Tổng vốn (đồng)") + 1
    for row in works.iter_rows(min_row=2):
        for cell in row[9:12]:
            cell.number_format = "dd/mm/yyyy"
        for cell in row[first_amount - 1 : first_amount + len(sources) + 1]:
            cell.number_format = VND
    _widths(works, (18, 14, 24, 46, 11, 11, 8, 16, 16, 12, 12, 12, 16, *([16] * len(sources)), 16, 10, 60, 8))
    works.freeze_panes = "E2"

    capital = wb.create_sheet("Vốn huy động")
    capital.append(["Đơn vị", "Từ ngày", "Đến ngày", "Nguồn vốn", "Tiền (đồng)", "Hiện vật (đồng)", "Đất hiến (m²)",
                    "Ngày công", "Công trình", "Ghi chú"])  # fmt: skip
    _bold(capital, 1)
    for c in summary.contributions:
        capital.append([
            c.unit.title, c.starts_on, c.ends_on, sources[c.source].name_vi, c.amount_vnd, c.in_kind_vnd, c.land_m2,
            c.working_days, c.work.name if c.work_id else "", c.note,
        ])  # fmt: skip
    for row in capital.iter_rows(min_row=2):
        row[1].number_format = row[2].number_format = "dd/mm/yyyy"
        row[4].number_format = row[5].number_format = VND
    _widths(capital, (22, 12, 12, 34, 18, 18, 12, 10, 40, 30))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
