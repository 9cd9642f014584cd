"""Every main page runs under the Content-Security-Policy: Debian's chromium reports no violation
while the home page, the catalog, a product page, the NTM dashboard (logged in: its map and its
htmx panel), a scan page and the API docs (Swagger UI) load and do their work."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tamnong.catalog.models import Entry
from tamnong.core import clock
from tamnong.trace import links
from tamnong.trace.models import Lot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Playwright's init script runs outside the page's policy; it records what the policy blocked.
RECORD = """document.addEventListener("securitypolicyviolation", (e) => {
  (window.__csp = window.__csp || []).push(e.violatedDirective + " " + e.blockedURI);
});"""


def test_the_main_pages_break_no_rule_of_the_policy(live_server, page_vi, demo, client):
    page = page_vi
    reports = []
    page.on("console", lambda m: reports.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(RECORD)

    def visit(path, ready):
        page.goto(live_server.url + path)
        expect(page.locator(ready).first).to_be_visible()
        page.wait_for_load_state("networkidle")
        blocked = page.evaluate("window.__csp || []")
        assert not blocked and not reports, (path, blocked, reports)

    visit("/", "main h1")
    visit("/catalog/", "#q")
    page.locator("#q").fill("mat ong")  # htmx replaces the results as one types, and the address follows
    expect(page).to_have_url(re.compile(r"q=mat(\+|%20)ong"))
    page.wait_for_load_state("networkidle")
    assert not page.evaluate("window.__csp || []") and not reports
    entry = Entry.objects.filter(expires_on__gte=clock.today(), revoked_on__isnull=True).order_by("pk").first()
    visit(f"/catalog/{entry.product_id}/", "main h1")
    lot = Lot.objects.get(code="HT-2024-03")
    visit(urlsplit(links.stamp_url(lot.stamps.get(number=2))).path, "h1")
    assert page.locator("#warn-suspicious").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(166, 27, 27)"
    visit("/api/docs/", ".swagger-ui .info")
    visit("/ocop/", "select[name=scheme]")  # the list's <select data-autosubmit> (core/forms.js) reloads the page
    other = page.evaluate("[...document.querySelector('select[name=scheme]').options].find(o => !o.selected).value")
    page.locator("select[name=scheme]").select_option(other)
    expect(page).to_have_url(re.compile(rf"scheme={re.escape(other)}"))

    client.force_login(get_user_model().objects.get(username="huyen.kimboi"))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    visit("/ntm/2020/153/?on=2024-03-31", "#map .leaflet-interactive")  # the map drew its communes
    page.locator("#resources-panel").scroll_into_view_if_needed()
    expect(page.locator("#resources-panel")).not_to_contain_text("…", timeout=10000)  # htmx loaded the panel
    visit("/accounts/second-factor/", ".qr svg")
    assert not page.evaluate("window.__csp || []") and not reports
