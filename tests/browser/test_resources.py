"""A commune officer records a road in his commune and finds it on the commune's criterion 2 page; the
district office finds it in the district's works table, reached from the dashboard's htmx panel."""

import pytest
from playwright.sync_api import expect

from tamnong.resources.models import Work
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROAD = "Đường bê tông thôn Mới, xã Bình Sơn"


def test_a_commune_officer_records_a_road_and_the_district_sees_it(live_server, page_vi, demo, client):
    page = page_vi
    log_in(page, client, live_server, "xa.binhson")
    page.goto(f"{live_server.url}/ntm/2020/04990/")
    page.locator('a.criterion-page[data-criterion="2"]').click()
    expect(page.locator("#criterion-title")).to_have_attribute("data-criterion", "2")
    expect(page.locator("#criterion-evaluation li").first).to_have_attribute("data-status", "not_met")
    roads_before = page.locator("#criterion-works tr[data-work]").count()

    page.locator("#criterion-work-new").click()
    form = page.locator("#work-form")
    expect(form.locator("select[name=type]")).to_have_value("rural_road")
    form.locator("input[name=name]").fill(ROAD)
    form.locator("input[name=quantity]").fill("1,35")
    form.locator("input[name=plan_year]").fill("2024")
    form.locator("select[name=status]").select_option("new")
    form.locator("input[name=started_on]").fill("15/01/2024")
    form.locator("input[name=planned_end_on]").fill("30/10/2024")
    form.locator("input[name=funding_central_budget]").fill("1,2 tỷ")
    form.locator("input[name=funding_community]").fill("150.000.000")
    form.locator("#work-save").click()

    expect(page.locator("#work-name")).to_contain_text(ROAD)
    expect(page.locator("#budget")).to_have_text("1,35 tỷ đồng")
    page.locator('#work-criteria [data-edition="ntm/commune-2021-2025"] a').click()
    expect(page.locator("#criterion-title")).to_have_attribute("data-criterion", "2")
    expect(page.locator("#criterion-works tr[data-work]")).to_have_count(roads_before + 1)
    expect(page.locator("#criterion-works")).to_contain_text(ROAD)
    work = Work.objects.get(name=ROAD)
    assert (work.commune.code, work.type, work.status, work.created_by.username) == (
        "04990",
        "rural_road",
        "new",
        "xa.binhson",
    )

    log_in(page, client, live_server, "huyen.kimboi")
    page.goto(f"{live_server.url}/ntm/2020/153/?on=2024-03-31")
    page.locator("#resources-panel").scroll_into_view_if_needed()  # loaded by htmx once in view
    panel = page.locator("#resources-panel-content")
    expect(panel.locator("#panel-capital")).to_have_text("trên 267 tỷ đồng")
    expect(panel.locator('tr[data-type="rural_road"]')).to_be_visible()
    panel.locator("#panel-works-link").click()
    table = page.locator("#works")
    expect(table.locator(f'tr[data-work="{work.pk}"]')).to_contain_text(ROAD)
    page.locator("#works-filter select[name=type]").select_option("rural_road")
    page.locator("#works-filter select[name=status]").select_option("new")
    page.locator("#works-filter button[type=submit]").click()
    expect(table.locator("tr[data-work]")).to_have_count(1)
    expect(table.locator(f'tr[data-work="{work.pk}"]')).to_contain_text("Xã Bình Sơn")
