import datetime as dt
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tamnong.demo.services import demo_logins_create
from tamnong.ntm import import_templates
from tamnong.ntm.models import SelfAssessment
from tamnong.places.selectors import unit_get_by_key

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ON = dt.date(2024, 12, 31)


def _log_in(page, client, live_server, username: str) -> None:
    demo_logins_create()
    client.force_login(get_user_model().objects.get(username=username))
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])


def _template_with_one_bad_row(path) -> int:
    content = import_templates.template_xlsx(
        unit=unit_get_by_key("2020:153"), edition_id="ntm/commune-2021-2025", on=ON, lang="vi"
    )
    wb = openpyxl.load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    codes = [c.value for c in ws[2]]
    rows = {ws.cell(row=r, column=1).value: r for r in range(3, ws.max_row + 1)}
    ws.cell(row=rows["05068"], column=codes.index("3.1") + 1, value=88)  # Nam Thượng: good
    ws.cell(row=rows["05080"], column=codes.index("3.1") + 1, value=91)  # Sào Báy: good
    ws.cell(row=rows["05026"], column=codes.index("3.1") + 1, value=120)  # Vĩnh Đồng: a percentage over 100
    wb.save(path)
    return rows["05026"]


def test_a_template_with_one_bad_row_shows_the_error_and_imports_nothing(live_server, page_vi, units, client, tmp_path):
    page = page_vi
    _log_in(page, client, live_server, "huyen.kimboi")
    bad_row = _template_with_one_bad_row(tmp_path / "kim-boi.xlsx")
    page.goto(f"{live_server.url}/ntm/import/")
    expect(page.get_by_role("heading", name="Nhập số liệu của xã")).to_be_visible()
    upload = page.locator("#upload-form")
    expect(upload.locator("input[name=unit]")).to_have_value("2020:153")
    upload.locator("input[name=on]").fill("31/12/2024")
    upload.locator("input[name=file]").set_input_files(tmp_path / "kim-boi.xlsx")
    upload.get_by_label("Chạy thử: xem những gì sẽ thay đổi, không lưu gì").uncheck()
    upload.get_by_role("button", name="Kiểm tra và nhập").click()
    expect(page.get_by_role("alert")).to_contain_text("Có 1 lỗi: không lưu gì.")
    error = page.locator("#import-errors tbody tr")
    expect(error).to_have_count(1)
    expect(error).to_contain_text(str(bad_row))
    expect(error).to_contain_text("3.1 Tỷ lệ diện tích đất sản xuất nông nghiệp")
    expect(error).to_contain_text("120")
    expect(error).to_contain_text("tỷ lệ phải từ 0 đến 100")
    assert not SelfAssessment.objects.filter(on=ON).exists()
