"""A unit's OCOP figures as a formatted workbook: the sentence and counts, then one row per product."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from tamnong.ocop.selectors import OcopSummary
from tamnong.rules import ocop

STATES_VI = {"valid": "còn hiệu lực", "expiring": "sắp hết hạn", "expired": "đã hết hạn", "revoked": "đã thu hồi",
             "superseded": "đã được thay"}  # fmt: skip


def summary_xlsx(summary: OcopSummary, title: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([f"Số liệu ngày {summary.on:%d/%m/%Y}"])
    ws.append([summary.text_vi])
    ws["A3"].alignment = Alignment(wrap_text=True)
    ws.append([])
    for label, value in [
        ("Sản phẩm còn hiệu lực chứng nhận", summary.products_total),
        *((f"Sản phẩm {stars} sao", n) for stars, n in summary.by_stars.items()),
        ("Chứng nhận mới trong năm", summary.new_this_year),
        ("Sắp hết hạn (trong 90 ngày)", summary.expiring),
        ("Đã hết hạn", summary.expired),
        ("Đã thu hồi", summary.revoked),
    ]:
        ws.append([label, value])
    for what, target, actual in summary.progress:
        ws.append([f"Chỉ tiêu: {what}", target, actual])
    ws.column_dimensions["A"].width = 60
    products = wb.create_sheet("Sản phẩm")
    products.append(
        ["Sản phẩm", "Chủ thể", "Nhóm", "Số sao", "Số quyết định", "Ngày quyết định", "Hết hạn", "Trạng thái"]
    )
    for cell in products[1]:
        cell.font = Font(bold=True)
    for s in summary.standings:
        products.append([
            s.product.name, s.product.producer.name, s.product.group, s.certificate.stars, s.certificate.decision_number,
            s.certificate.issued_on, ocop.expires_on(s.certificate.issued_on), STATES_VI[s.state],
        ])  # fmt: skip
    for row in products.iter_rows(min_row=2, min_col=6, max_col=7):
        for cell in row:
            cell.number_format = "dd/mm/yyyy"
    for column, width in zip("ABCDEFGH", (40, 40, 8, 8, 18, 14, 14, 16), strict=True):
        products.column_dimensions[column].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
