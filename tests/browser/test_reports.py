"""The Kim Bôi report in a browser: the sentence on the page, both downloads read back, the English page."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tamnong.demo.services import demo_load
from tests.reports.files import expected_sentence_vi, pdf_text, xlsx_cells

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A Vietnamese browser: its downloads ask for Vietnamese too (extra page headers do not reach them)."""
    return {**browser_context_args, "locale": "vi-VN"}


def test_open_the_kim_boi_report_download_it_and_switch_to_english(live_server, page_vi, units):
    demo_load()
    page = page_vi
    page.goto(f"{live_server.url}/reports/ntm/2020/153/?on=31/03/2024")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Huyện Kim Bôi, Tỉnh Hoà Bình")
    expect(page.locator("p.narrative")).to_have_text(expected_sentence_vi())

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải về Excel (XLSX)").click()
    xlsx = info.value
    assert xlsx.suggested_filename == "bao-cao-ntm-huyen-kim-boi-2024-03-31.xlsx"
    values = [c.value for c in xlsx_cells(Path(xlsx.path()).read_bytes())]
    assert expected_sentence_vi() in values and 14.9 in values

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải về PDF").click()
    pdf = info.value
    assert pdf.suggested_filename == "bao-cao-ntm-huyen-kim-boi-2024-03-31.pdf"
    assert expected_sentence_vi() in pdf_text(Path(pdf.path()).read_bytes())

    page.get_by_role("button", name="EN").click()  # the language switch keeps the report and its date
    expect(page.locator("p.narrative")).to_contain_text("As of the end of March 2024")
    expect(page.get_by_role("link", name="Download PDF")).to_be_visible()
