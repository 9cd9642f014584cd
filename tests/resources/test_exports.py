"""The XLSX export of a unit's works and capital: the figures add up to the roll-up."""

import io

import openpyxl

from tamnong.resources.reference import funding_sources


def test_the_workbook_holds_the_paragraphs_the_works_table_and_capital_by_source(client, user):
    client.force_login(user("huyen.kimboi"))
    response = client.get("/resources/2020/153/works.xlsx", {"from": "2024-01-01", "to": "2024-03-31"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="nguon-luc-2020-153-20240101-20240331.xlsx"'
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Tổng hợp", "Công trình", "Vốn huy động"]
    summary = [row for row in wb["Tổng hợp"].iter_rows(values_only=True)]
    assert summary[2][0].startswith("3 tháng đầu năm 2024, huyện Kim Bôi đã huy động được trên 267 tỷ đồng")
    by_source = {row[0]: row[1] for row in summary if row[0] in {s.name_vi for s in funding_sources().values()}}
    total = next(row[1] for row in summary if row[0] == "Tổng cộng")
    assert sum(by_source.values()) == total and total // 10**9 == 267
    assert by_source["Ngân sách trung ương"] == 112_000_000_000

    works = list(wb["Công trình"].iter_rows(values_only=True))
    header, rows = works[0], works[1:]
    status = header.index("Trạng thái trong kỳ")
    kinds = header.index("Loại công trình")
    assert len(rows) == 84 + 65
    assert sum(1 for r in rows if r[status] == "chuyển tiếp" and r[kinds] == "Đường giao thông nông thôn") == 31
    assert sum(1 for r in rows if r[status] == "chuẩn bị đầu tư" and r[kinds] == "Nhà văn hóa thôn") == 19
    budget, paid = header.index("Tổng vốn (đồng)"), header.index("Đã giải ngân đến 31/03/2024 (đồng)")
    assert all(isinstance(r[budget], int) and r[paid] <= r[budget] for r in rows)
    per_source = [header.index(f"{s.name_vi} (đồng)") for s in funding_sources().values()]
    assert all(sum(r[i] for i in per_source) == r[budget] for r in rows)

    capital = list(wb["Vốn huy động"].iter_rows(values_only=True))
    assert sum(r[4] + r[5] for r in capital[1:]) == total


def test_the_export_is_for_users_whose_roles_cover_the_unit(client, user):
    assert client.get("/resources/2020/153/works.xlsx").status_code == 302
    client.force_login(user("thixa.kinhmon"))
    assert client.get("/resources/2020/153/works.xlsx").status_code == 403
