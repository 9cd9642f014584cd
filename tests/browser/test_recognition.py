"""Nam Thượng's (Kim Bôi) advanced-tier dossier from the commune officer to recognition, on the
pages: the district verifies, the province returns it on two indicators, the commune can edit exactly
those two and resubmits, the district verifies again, the province appraises and recognises; the
audit log shows every step and the district's roll-up counts the commune as advanced.

Each page is opened with ?on=<date of the act>, so the procedure of the date (commune → district →
province before July 2025) applies whatever the wall clock says."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tamnong.ntm.models import Recognition
from tamnong.ntm.rollups import ntm_summary
from tamnong.places.models import AdminUnit
from tamnong.recognition.models import Dossier
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_nam_thuong_advanced_dossier_from_the_commune_to_recognition(live_server, page_vi, demo, client):
    page = page_vi
    dossier = Dossier.objects.get(commune__scheme="2020", commune__code="05068", tier="advanced", is_demo=True)
    url = f"{live_server.url}/recognition/dossiers/{dossier.pk}/"
    summary = page.locator("#summary")

    def act(username: str, on: str, action: str, fill=None) -> None:
        log_in(page, client, live_server, username)
        page.goto(f"{url}?on={on}")
        for selector, value in (fill or {}).items():
            page.locator(selector).fill(value)
        page.locator(f"#action-{action}").click()
        expect(page.locator("#errors")).to_have_count(0)

    # the commune officer sees the dossier it submitted on 31/03/2024, read-only
    log_in(page, client, live_server, "xa.namthuong")
    page.goto(f"{url}?on=01/04/2024")
    expect(summary).to_have_attribute("data-state", "submitted")
    expect(page.locator("#completeness")).to_have_attribute("data-complete", "true")
    expect(page.locator("[data-editable-item]")).to_have_count(0)
    expect(page.locator("#transition-form")).to_have_count(0)

    act("huyen.kimboi", "05/04/2024", "verify")
    expect(summary).to_have_attribute("data-state", "verified")

    act("tinh.hoabinh", "10/04/2024", "return", {
        "[data-reason-item='3.1']": "Thiếu biên bản đo đạc diện tích tưới",
        "[data-reason-item='household_power_pct']": "Cần xác nhận của điện lực",
    })  # fmt: skip
    expect(summary).to_have_attribute("data-state", "returned")
    expect(page.locator("#reasons tbody tr")).to_have_count(2)

    # only the two returned indicators can be edited
    log_in(page, client, live_server, "xa.namthuong")
    page.goto(f"{url}?on=12/04/2024")
    editable = page.locator("[data-editable-item]")
    expect(editable).to_have_count(2)
    assert sorted(editable.evaluate_all("els => els.map(e => e.dataset.editableItem)")) == [
        "3.1",
        "household_power_pct",
    ]
    page.locator("[data-editable-item='3.1']").fill("88,5")
    page.locator("input[name='evidence:3.1']").fill("Biên bản đo đạc ngày 11/04/2024")
    page.locator("[data-editable-item='household_power_pct']").fill("99,6")
    page.locator("#items-save").click()
    expect(page.locator("#errors")).to_have_count(0)
    expect(page.locator("#items tr[data-item='3.1'] [data-editable-item]")).to_have_value("88,5")
    page.locator("#action-submit").click()
    expect(summary).to_have_attribute("data-state", "submitted")
    expect(page.locator("[data-editable-item]")).to_have_count(0)

    act("huyen.kimboi", "15/04/2024", "verify")
    act("tinh.hoabinh", "22/04/2024", "appraise")
    expect(summary).to_have_attribute("data-state", "appraised")
    act("tinh.hoabinh", "29/04/2024", "recognise", {"#decision-number": "1234/QĐ-UBND", "#decision-date": "29/04/2024"})
    expect(summary).to_have_attribute("data-state", "recognised")
    expect(page.locator("#decision")).to_contain_text("1234/QĐ-UBND")
    expect(page.locator("#content-hash")).to_have_attribute("data-unchanged", "true")

    # the audit log shows every step, in order, with the two data changes
    steps = page.locator("#history li[data-to]:not([data-to=''])").evaluate_all("els => els.map(e => e.dataset.action)")
    assert steps == ["create", "submit", "verify", "return", "submit", "verify", "appraise", "recognise"]
    change = page.locator("#history li[data-action='item_change'][data-item='3.1']")
    expect(change).to_have_count(1)
    expect(change).to_contain_text("82")
    expect(change).to_contain_text("từ «82» thành «88,5»")
    expect(change).to_contain_text("xa.namthuong")
    # set by the commune in the demo draft, then changed after the return
    expect(page.locator("#history li[data-action='item_change'][data-item='household_power_pct']")).to_have_count(2)
    expect(page.locator("#export-xlsx")).to_be_visible()

    # the register and the district's roll-up count Nam Thượng as advanced from the decision's date
    recognition = Recognition.objects.get(commune__code="05068", commune__scheme="2020", tier="advanced")
    assert (recognition.decision_number, recognition.decision_date) == ("1234/QĐ-UBND", dt.date(2024, 4, 29))
    kim_boi = AdminUnit.objects.get(scheme="2020", code="153")
    assert [u.name for u in ntm_summary(unit=kim_boi, on=dt.date(2024, 4, 30)).tiers["advanced"]] == ["Nam Thượng"]
    page.goto(f"{live_server.url}/recognition/register/2020/153/?on=30/04/2024")
    expect(page.locator("#register tr[data-commune='05068'][data-tier='advanced']")).to_contain_text("1234/QĐ-UBND")
    page.goto(f"{live_server.url}/ntm/2020/153/?on=2024-04-30")
    expect(page.locator("#summary-text")).to_be_visible()
