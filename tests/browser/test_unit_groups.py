"""A Phú Thọ officer proposes the commune group of two communes on a phone, the proposer cannot approve,
a second officer of the province approves, and the commune's page shows the group with its history."""

import pytest
from playwright.sync_api import expect

from tamnong.places.models import AdminUnit, AttributeProposal
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_officers_of_phu_tho_propose_and_approve_commune_groups(live_server, page_vi, demo, client):
    page = page_vi
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, client, live_server, "tinh.phutho")
    page.goto(f"{live_server.url}/groups/")
    expect(page.locator('#coverage tr[data-province="25"]')).to_have_attribute("data-approved", "133")
    page.locator('#coverage tr[data-province="25"] a').click()
    expect(page.locator("#group-definitions")).to_contain_text("khu vực II và III")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1

    page.locator("#group-filters select[name=group]").select_option("3")
    page.locator("#group-filters").get_by_role("button", name="Lọc").click()
    rows = page.locator("#group-rows tbody tr")
    expect(rows.first).to_have_attribute("data-current", "3")
    codes = [rows.nth(i).get_attribute("data-code") for i in range(2)]
    for code in codes:
        page.locator(f'#group-rows tr[data-code="{code}"] input[type=checkbox]').check()
    form = page.locator("#group-form")
    form.locator("select[name=value]").select_option("2")
    form.locator("input[name=effective_from]").fill("01/01/2027")
    form.locator("input[name=basis]").fill("Quyết định thử (dữ liệu trình diễn)")
    form.get_by_role("button", name="Đề xuất").click()
    expect(page.locator("#proposal")).to_have_attribute("data-status", "proposed")
    expect(page.locator("#awaiting-second")).to_be_visible()
    expect(page.locator("#approve")).to_have_count(0)
    proposal_url = page.url

    log_in(page, client, live_server, "duyet.phutho")
    page.goto(proposal_url)
    expect(page.locator("#proposal-rows tbody tr")).to_have_count(2)
    expect(page.locator("#proposal-rows")).to_contain_text("01/01/2027")
    page.locator("#approve").click()
    expect(page.locator("#proposal")).to_have_attribute("data-status", "approved")
    proposal = AttributeProposal.objects.latest("pk")
    assert proposal.reviewed_by.username == "duyet.phutho" and proposal.proposed_by.username == "tinh.phutho"

    commune = AdminUnit.objects.get(scheme="2025-07", code=codes[0])
    page.goto(f"{live_server.url}/units/2025-07/{commune.code}/")
    history = page.locator("#history-1")
    expect(history.locator("tbody tr")).to_have_count(2)
    expect(history.locator("tbody tr").first).to_contain_text("01/01/2027")
    expect(history.locator("tbody tr").first).to_contain_text("duyet.phutho")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
