"""The 2026 cycle on today's map, through the pages only, on a day of 2026 after Decision 51/2025 came into force.

Lai Châu's communes have no commune group yet (the demo assigns only Phú Thọ's). A new office of Lai Châu assigns
the groups in bulk (the page, then the XLSX round-trip), a second officer of the province approves; the officer of
Xã Than Uyên enters its 2026 data on a phone, every criterion assessed directly with evidence and a file; the office
imports Xã Tân Uyên's from the NTM import page; the province's and the nation's dashboards of today show them; Than
Uyên's dossier goes from the commune to the province and is recognised, and the dashboard counts it. Then a shorter
pass as tinh.phutho over the Phú Thọ pages of today (asserting only what the test itself entered)."""

import datetime as dt

import openpyxl
import pytest
import time_machine
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tamnong.accounts.models import Role, RoleAssignment
from tamnong.ntm.models import Recognition, SelfAssessment
from tamnong.places.models import AdminUnit, AttributeProposal, ProposalStatus
from tamnong.recognition.models import Dossier
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ICT = dt.timezone(dt.timedelta(hours=7))
TODAY = dt.date(2026, 10, 15)
DAY = "15/10/2026"
EDITION = "ntm/commune-2026-2030"
LAI_CHAU = "12"
THAN_UYEN, TAN_UYEN = "03595", "03598"  # two communes of Lai Châu on the July 2025 list
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def in_2026():
    """The clock on 15/10/2026, 09:00 in Vietnam, for the server and the test (whatever the wall clock says)."""
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(9), tzinfo=ICT), tick=True):
        yield


def _user(username: str, role: str, unit: AdminUnit):
    user = get_user_model().objects.create_user(username=username, password="not-used-in-the-test")  # noqa: S106
    RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return user


WIDER = """w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)
  .slice(0, 8).map(e => `${e.tagName}#${e.id}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""


def _fits_the_phone(page) -> None:
    """Nothing pushes the page sideways (the elements that do are named)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, page.evaluate(WIDER, PHONE["width"])


def test_the_2026_cycle_of_lai_chau_through_the_pages(live_server, page_vi, demo, client, in_2026, tmp_path):
    page = page_vi
    lai_chau = AdminUnit.objects.get(scheme="2025-07", code=LAI_CHAU)
    than_uyen = AdminUnit.objects.get(scheme="2025-07", code=THAN_UYEN)
    _user("tinh.laichau", Role.PROVINCE_OFFICE, lai_chau)
    _user("duyet.laichau", Role.PROVINCE_OFFICE, lai_chau)
    _user("xa.thanuyen", Role.COMMUNE_OFFICER, than_uyen)

    # 1. The provincial office assigns the groups: group 3 for all but two communes on the page ...
    log_in(page, client, live_server, "tinh.laichau")
    page.goto(f"{live_server.url}/groups/")
    row = page.locator(f'#coverage tr[data-province="{LAI_CHAU}"]')
    expect(row).to_have_attribute("data-approved", "0")
    row.locator("a").click()
    expect(page.locator("#group-counts")).to_have_attribute("data-approved", "0")
    page.locator("#group-filters select[name=group]").select_option("none")
    page.locator("#group-filters").get_by_role("button", name="Lọc").click()
    boxes = page.locator("#group-rows tbody tr input[type=checkbox]")
    expect(boxes).to_have_count(36)  # the 36 communes; the two wards take no group
    by_xlsx = {THAN_UYEN, TAN_UYEN}
    for i in range(boxes.count()):
        code = page.locator("#group-rows tbody tr").nth(i).get_attribute("data-code")
        if code not in by_xlsx:
            page.locator(f'#group-rows tr[data-code="{code}"] input[type=checkbox]').check()
    form = page.locator("#group-form")
    form.locator("select[name=value]").select_option("3")
    form.locator("input[name=effective_from]").fill("15/02/2026")
    form.locator("input[name=basis]").fill("Quyết định thử của UBND tỉnh (dữ liệu kiểm thử)")
    form.get_by_role("button", name="Đề xuất").click()
    expect(page.locator("#proposal")).to_have_attribute("data-status", "proposed")
    expect(page.locator("#proposal-rows tbody tr")).to_have_count(34)
    page_proposal = page.url

    # ... and group 2 for the other two through the spreadsheet: download, fill, upload
    page.goto(f"{live_server.url}/groups/commune_group/2025-07/{LAI_CHAU}/")
    with page.expect_download() as download:
        page.locator("#groups-xlsx").click()
    filled = tmp_path / "nhom-xa-lai-chau.xlsx"
    download.value.save_as(filled)
    wb = openpyxl.load_workbook(filled)
    ws = wb.active
    codes = [c.value for c in ws[2]]
    for r in range(3, ws.max_row + 1):
        if ws.cell(row=r, column=1).value in by_xlsx:
            ws.cell(row=r, column=codes.index("value") + 1, value=2)
            ws.cell(row=r, column=codes.index("effective_from") + 1, value="15/02/2026")
            ws.cell(row=r, column=codes.index("basis") + 1, value="Quyết định thử của UBND tỉnh (dữ liệu kiểm thử)")
    wb.save(filled)
    upload = page.locator("#groups-upload")
    upload.locator("input[name=file]").set_input_files(filled)
    upload.get_by_role("button", name="Kiểm tra và đề xuất").click()
    expect(page.locator("#proposal")).to_have_attribute("data-status", "proposed")
    expect(page.locator("#proposal-rows tbody tr")).to_have_count(2)
    xlsx_proposal = page.url
    expect(page.locator("#approve")).to_have_count(0)  # the proposer does not approve its own

    # 2. A second officer of the province approves both
    log_in(page, client, live_server, "duyet.laichau")
    for url in (page_proposal, xlsx_proposal):
        page.goto(url)
        page.locator("#approve").click()
        expect(page.locator("#proposal")).to_have_attribute("data-status", "approved")
    assert set(AttributeProposal.objects.filter(province=lai_chau).values_list("status", flat=True)) == {
        ProposalStatus.APPROVED
    }
    page.goto(f"{live_server.url}/groups/")
    expect(page.locator(f'#coverage tr[data-province="{LAI_CHAU}"]')).to_have_attribute("data-approved", "36")

    # 3. The officer of Than Uyên enters its 2026 data on a phone: every criterion met, with evidence and a file
    page.set_viewport_size(PHONE)
    log_in(page, client, live_server, "xa.thanuyen")
    page.goto(f"{live_server.url}/ntm/2025-07/{THAN_UYEN}/entry/")
    expect(page.get_by_role("heading", name="Nhập số liệu: Xã Than Uyên")).to_be_visible()
    expect(page.locator("#edition")).to_contain_text("51/2025/QĐ-TTg")
    expect(page.locator("#place-problem")).to_have_count(0)
    _fits_the_phone(page)
    for n in range(1, 11):
        page.locator(f"#a-{n}").select_option("1")
        page.locator(f"textarea[name='e:{n}']").fill(f"Biên bản rà soát tiêu chí số {n} ngày 10/10/2026 của xã")
    page.locator("input[name='g:1']").set_input_files(
        {"name": "bien-ban-quy-hoach.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 bien ban quy hoach"}
    )
    expect(page.locator("#result-c-10")).to_have_attribute("data-status", "met")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("ul.messages")).to_contain_text(f"Đã lưu số liệu Xã Than Uyên ngày {DAY}: đạt 10/10 tiêu chí")
    expect(page.locator("#evidence-files")).to_contain_text("bien-ban-quy-hoach")
    _fits_the_phone(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # 4. The provincial office imports Tân Uyên's data from the XLSX template of the import page
    log_in(page, client, live_server, "tinh.laichau")
    page.goto(f"{live_server.url}/ntm/import/")
    template = page.locator("#template-form")
    expect(template.locator("input[name=unit]")).to_have_value(f"2025-07:{LAI_CHAU}")
    template.locator("input[name=on]").fill(DAY)
    template.locator("select[name=edition]").select_option(EDITION)
    with page.expect_download() as download:
        template.get_by_role("button", name="Tải biểu mẫu XLSX").click()
    template_file = tmp_path / "lai-chau-2026.xlsx"
    download.value.save_as(template_file)
    wb = openpyxl.load_workbook(template_file)
    ws = wb.worksheets[0]
    codes = [c.value for c in ws[2]]
    rows = {ws.cell(row=r, column=1).value: r for r in range(3, ws.max_row + 1)}
    for n in range(1, 11):
        ws.cell(row=rows[TAN_UYEN], column=codes.index(f"criterion:{n}") + 1, value="đạt" if n < 10 else "chưa đạt")
        ws.cell(row=rows[TAN_UYEN], column=codes.index(f"criterion:{n}:evidence") + 1,
                value=f"Biên bản rà soát tiêu chí số {n} ngày 12/10/2026")  # fmt: skip
    wb.save(template_file)
    upload = page.locator("#upload-form")
    upload.locator("input[name=on]").fill(DAY)
    upload.locator("select[name=edition]").select_option(EDITION)
    upload.locator("input[name=file]").set_input_files(template_file)
    upload.get_by_label("Chạy thử: xem những gì sẽ thay đổi, không lưu gì").uncheck()
    upload.get_by_role("button", name="Kiểm tra và nhập").click()
    expect(page.locator("#import-job [role=status]")).to_contain_text("Đã lưu", timeout=30_000)
    sa = SelfAssessment.objects.get(commune__scheme="2025-07", commune__code=TAN_UYEN, on=TODAY)
    assert (sa.edition_id, sa.evaluation.criteria_met) == (EDITION, 9)

    # 5. The province's dashboard of today: 2 of 36 communes reported, 9,5 criteria on average
    page.goto(f"{live_server.url}/ntm/2025-07/{LAI_CHAU}/")
    expect(page.locator("#average")).to_have_text("9,5")
    expect(page.locator("#reported-count")).to_have_text("2/36")
    latest = page.locator("#latest tbody tr", has_text="Than Uyên")
    expect(latest).to_contain_text("đã báo cáo")
    expect(latest).to_contain_text(DAY)
    recognised_before = int(page.locator("#recognised-count").inner_text())

    # and the nation's: Lai Châu's row in the reports of the year and in the ranking
    log_in(page, client, live_server, "trunguong")
    page.goto(f"{live_server.url}/ntm/")
    expect(page.locator("#coverage tbody tr", has_text="Lai Châu").locator("td").nth(2)).to_have_text("2")
    expect(page.locator("#ranking tbody tr", has_text="Lai Châu")).to_contain_text("9,5")
    assert int(page.locator("#reported-count").inner_text().split("/")[0]) >= 2

    # 6. The commune's officer opens the dossier of Than Uyên, declares the conditions and submits it
    log_in(page, client, live_server, "xa.thanuyen")
    page.goto(f"{live_server.url}/recognition/")
    new = page.locator("#new-dossier")
    new.locator("select[name=tier]").select_option("standard")
    new.get_by_role("button", name="Mở hồ sơ").click()
    summary = page.locator("#summary")
    expect(summary).to_have_attribute("data-state", "draft")
    dossier_url = page.url.split("?")[0]
    for key in ("satisfaction", "no_construction_debt", "security_order"):
        condition = page.locator(f"#conditions li[data-condition='{key}']")
        condition.locator("input[name=evidence]").fill(f"Văn bản xác nhận ({key}) ngày 12/10/2026")
        condition.get_by_role("button", name="Ghi").click()
        expect(page.locator(f"#conditions li[data-condition='{key}']")).to_have_attribute("data-ok", "true")
    expect(page.locator("#completeness")).to_have_attribute("data-complete", "true")
    page.locator("#action-submit").click()
    expect(page.locator("#errors")).to_have_count(0)
    expect(summary).to_have_attribute("data-state", "submitted")

    # 7. The province appraises and recognises it (commune → province since 01/07/2025)
    log_in(page, client, live_server, "tinh.laichau")
    page.goto(dossier_url)
    page.locator("#action-appraise").click()
    expect(summary).to_have_attribute("data-state", "appraised")
    page.locator("#decision-number").fill("123/QĐ-UBND")
    page.locator("#decision-date").fill(DAY)
    page.locator("#action-recognise").click()
    expect(summary).to_have_attribute("data-state", "recognised")
    expect(page.locator("#decision")).to_contain_text("123/QĐ-UBND")
    dossier = Dossier.objects.get(commune=than_uyen)
    assert (dossier.edition_id, dossier.state) == (EDITION, "recognised")
    assert Recognition.objects.filter(commune=than_uyen, tier="standard", decision_date=TODAY).exists()

    # 8. The province's dashboard counts it
    page.goto(f"{live_server.url}/ntm/2025-07/{LAI_CHAU}/")
    expect(page.locator("#recognised-count")).to_have_text(str(recognised_before + 1))
    expect(page.locator("#latest tbody tr", has_text="Than Uyên")).to_contain_text("Xã đạt chuẩn nông thôn mới")
    page.goto(f"{live_server.url}/recognition/register/2025-07/{LAI_CHAU}/")
    expect(page.locator(f"#register tr[data-commune='{THAN_UYEN}'][data-tier='standard']")).to_contain_text("123/QĐ-UBND")


def test_phu_tho_pages_of_today_as_tinh_phutho(live_server, page_vi, demo, client, in_2026):
    """The demo's province: its groups are approved; a commune's 2026 data entered by the office shows on
    the province's dashboard of today (whatever 2026 data the demo itself holds)."""
    page = page_vi
    log_in(page, client, live_server, "tinh.phutho")
    page.goto(f"{live_server.url}/groups/")
    expect(page.locator('#coverage tr[data-province="25"]')).to_have_attribute("data-approved", "133")

    # a commune with no data of its own yet (the demo's own reports are dated from the day it was loaded)
    commune = (
        AdminUnit.objects.filter(scheme="2025-07", parent__code="25", kind="xa")
        .exclude(pk__in=SelfAssessment.objects.values("commune"))
        .order_by("code")
        .first()
    )
    page.goto(f"{live_server.url}/ntm/2025-07/{commune.code}/entry/?on={TODAY:%Y-%m-%d}")
    expect(page.locator("#edition")).to_contain_text("51/2025/QĐ-TTg")
    expect(page.locator("#place-problem")).to_have_count(0)
    for n in range(1, 11):
        page.locator(f"#a-{n}").select_option("1" if n != 5 else "0")
        page.locator(f"textarea[name='e:{n}']").fill(f"Biên bản rà soát tiêu chí số {n} ngày 14/10/2026")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("ul.messages")).to_contain_text(f"ngày {DAY}: đạt 9/10 tiêu chí")

    page.goto(f"{live_server.url}/ntm/2025-07/25/")
    expect(page.locator("#average")).not_to_have_text("—")
    reported = page.locator("#reported-count").inner_text()
    assert int(reported.split("/")[0]) >= 1 and reported.endswith("/133"), reported
    row = page.locator("#latest tbody tr", has_text=commune.name).first
    expect(row).to_contain_text("đã báo cáo")
    expect(row).to_contain_text(DAY)

    page.goto(f"{live_server.url}/")  # its home page: its own work, not a blank national page
    expect(page.locator("main")).to_contain_text("Phú Thọ")
