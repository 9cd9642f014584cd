"""A province officer fills the income thresholds of the province's region from the XLSX template,
sees the diff and the communes that change, a second officer approves, and a commune's thresholds
follow the effective date."""

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFERENCE = "318/QĐ-TTg ngày 08/03/2022, Phụ lục I"


def _income_row(page):
    return page.locator("#applied tr", has_text="income_per_capita_mvnd").first


def test_a_province_fills_income_thresholds_and_a_second_officer_approves(live_server, page_vi, demo, client, tmp_path):
    page = page_vi
    log_in(page, client, live_server, "tinh.hoabinh")
    page.goto(f"{live_server.url}/criteria/versions/")
    form = page.locator("#new-version")
    form.locator("select[name=edition]").select_option("ntm/commune-2021-2025")
    form.locator("select[name=province]").select_option("2020:17")  # its province, picked by name
    form.locator("input[name=title]").fill("Ngưỡng thu nhập vùng Trung du miền núi phía Bắc")
    form.get_by_role("button", name="Tạo bản nháp").click()
    expect(page.locator("#version-status")).to_have_text("bản nháp")

    with page.expect_download() as download:
        page.locator("#download-xlsx").click()
    path = tmp_path / "nguong.xlsx"
    download.value.save_as(path)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    codes = [c.value for c in ws[2]]
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 3).value == "income_per_capita_mvnd")
    ws.cell(row, codes.index("TDMNPB:2024") + 1, 45)
    ws.cell(row, codes.index("reference") + 1, REFERENCE)
    wb.save(path)
    upload = page.locator("#upload-thresholds")
    upload.locator("input[name=file]").set_input_files(path)
    upload.get_by_role("button", name="Kiểm tra và ghi vào bản nháp").click()

    diff = page.locator("#diff tbody tr", has_text="2024")
    expect(diff).to_contain_text("Thu nhập bình quân đầu người")
    expect(diff).to_contain_text("Trung du miền núi phía Bắc")
    expect(diff).to_contain_text("45")
    impact = page.locator("#impact tbody")
    expect(impact).to_contain_text("Xã Nam Thượng, Huyện Kim Bôi")
    expect(impact).to_contain_text("Xã Sào Báy, Huyện Kim Bôi")
    page.locator("#submit-version").click()
    expect(page.locator("#version-status")).to_have_text("đã trình duyệt")
    expect(page.locator("#approve-version")).to_have_count(0)  # the author does not approve

    log_in(page, client, live_server, "duyet.hoabinh")
    page.reload()
    page.locator("#approve-version").click()
    expect(page.locator("#version-status")).to_have_text("đã duyệt")

    page.goto(f"{live_server.url}/criteria/?edition=ntm/commune-2021-2025&unit=2020:05068&on=31/03/2024")
    expect(_income_row(page)).to_contain_text("45")
    expect(_income_row(page)).to_contain_text("01/01/2024")
    page.goto(f"{live_server.url}/criteria/?edition=ntm/commune-2021-2025&unit=2020:05068&on=31/12/2023")
    expect(_income_row(page)).not_to_contain_text("45")
