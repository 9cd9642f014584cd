"""One notion of "expiring": a certificate is expiring in its last 90 days (its end day among them), on the
OCOP unit page and in the catalog alike; the day before those 90 it is valid on both."""

import datetime as dt
import re

import pytest
import time_machine

from tamnong.catalog.models import Entry
from tamnong.catalog.views import product_url
from tamnong.ocop.models import Product
from tamnong.ocop.selectors import product_standing
from tamnong.rules import ocop

HONEY = "Mật ong rừng Hợp Tiến"


def _ocop_state(client, product, on: dt.date) -> str:
    """The status the OCOP page of the product's commune shows for it on the date."""
    commune = product.commune
    html = client.get(f"/ocop/{commune.scheme}/{commune.code}/", {"on": on.strftime("%d/%m/%Y")}).content.decode()
    row = next(r for r in html.split("<tr>") if product.name in r)
    return re.search(r'<span class="tag ?([a-z_]*)">', row).group(1)


def _catalog_state(client, entry, on: dt.date) -> str:
    with time_machine.travel(dt.datetime.combine(on, dt.time(12)), tick=False):
        html = client.get(product_url(entry)).content.decode()
    return re.search(r'id="certificate-status" data-status="([a-z]+)"', html).group(1)


@pytest.mark.parametrize(("days_before_end", "state", "tag"), [(90, "valid", "met"), (89, "expiring", "unknown"),
                                                                (0, "expiring", "unknown")])  # fmt: skip
def test_the_ocop_page_and_the_catalog_agree_on_the_boundary_day(client, demo, days_before_end, state, tag):
    honey = Product.objects.get(name=HONEY)
    entry = Entry.objects.get(product=honey)
    end = ocop.expires_on(entry.certificate.issued_on)
    assert entry.expires_on == end
    on = end - dt.timedelta(days=days_before_end)
    assert (ocop.expiring_until(on) >= end) is (state == "expiring")
    assert product_standing(honey, on).state == state
    assert _ocop_state(client, honey, on) == tag
    assert _catalog_state(client, entry, on) == state
