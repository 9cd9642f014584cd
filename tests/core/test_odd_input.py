"""Public pages and APIs never fail on odd input: question marks, dots, emoji, zero-width spaces,
10,000 characters, NUL bytes, percent-escapes that are not UTF-8, huge page numbers and negative
limits. Each family of public endpoints is asked through HTTP; an answer below 500 is a pass, and the
catalog's answers are read for what they say."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tamnong.catalog.models import Entry
from tamnong.trace import links
from tamnong.trace.models import Lot

# As they travel in a query string: already percent-encoded where a browser would encode them.
ODD = {
    "question mark": "%3F",
    "dots": "...",
    "emoji": quote("🍯"),
    "zero-width space": quote("\u200b"),
    "ten thousand characters": "a" * 10_000,
    "NUL byte": "%00",
    "invalid UTF-8": "%FF",
    "invalid UTF-8 after text": "mat%FEong",
    "lone surrogate escape": "%ED%A0%80",
    "huge number": "9" * 30,
    "negative": "-1",
    "control characters": "%01%1B%7F",
    "bidi override": quote("\u202emat ong"),
}


def _failures(client, urls: list[str]) -> list[str]:
    client.raise_request_exception = False  # a server error is an answer to count, not to stop at
    failed = []
    for url in urls:
        for name, value in ODD.items():
            target = url.replace("{x}", value)
            response = client.get(target)
            if response.status_code >= 500:
                failed.append(f"{response.status_code} {name}: {target[:120]}")
    return failed


@pytest.fixture
def ids(demo):
    entry = Entry.objects.select_related("product").order_by("pk").first()
    lot = Lot.objects.get(code="HT-2024-03")
    return {"product": entry.product_id, "producer": entry.product.producer_id, "lot": lot,
            "stamp": links.stamp_url(lot.stamps.get(number=1)).split("://", 1)[1].split("/", 1)[1]}  # fmt: skip


FAMILIES = {
    "catalog": [
        "/catalog/?q={x}", "/catalog/?page={x}", "/catalog/?q=mat+ong&page={x}", "/catalog/?province={x}",
        "/catalog/?stars={x}", "/catalog/?group={x}", "/catalog/?kind={x}", "/catalog/?status={x}",
        "/catalog/?sort={x}", "/api/v1/catalog/products?q={x}", "/api/v1/catalog/products?page={x}",
        "/api/v1/catalog/products?province={x}", "/api/v1/catalog/products?stars={x}",
        "/api/v1/catalog/products?sort={x}&q={x}",
    ],
    "product pages and storefronts": [
        "/catalog/{product}-{x}/", "/catalog/{product}/?x={x}", "/catalog/producers/{producer}/?page={x}",
        "/catalog/producers/{producer}/?q={x}",
    ],
    "feeds, open data and sitemap": [
        "/catalog/feed.{x}", "/catalog/feed.xml?q={x}", "/catalog/dataset.{x}", "/catalog/dataset.csv?page={x}",
        "/catalog/open-data/?x={x}", "/sitemap.xml?p={x}", "/sitemap.xml?section={x}",
    ],
    "scan pages": [
        "/01/{x}", "/01/08936045123454/10/{x}", "/p/{x}", "/p/{x}/10/{x}/21/{x}", "/{stamp}?x={x}",
        "/{stamp}{x}", "/{stamp}?notice={x}", "/places/vn-{x}/{x}",
    ],
    "units API and pages": [
        "/api/v1/units?q={x}", "/api/v1/units?limit={x}", "/api/v1/units?offset={x}",
        "/api/v1/units?limit={x}&offset={x}", "/api/v1/units?scheme={x}&kind={x}", "/api/v1/units/{x}/{x}",
        "/api/v1/units/2020/{x}", "/units/?q={x}", "/units/?page={x}", "/units/?scheme={x}",
        "/units/{x}/{x}/",
    ],
    "criteria and evaluate API": [
        "/api/v1/criteria/editions?x={x}", "/api/v1/criteria/editions/{x}",
        "/api/v1/criteria/editions/ntm/commune-2021-2025?unit={x}&on={x}",
        "/api/v1/criteria/editions/ntm/commune-2021-2025?unit=2020:05068&on={x}",
        "/criteria/?edition={x}&unit={x}&on={x}", "/api/v1/ntm/summary?unit={x}&on={x}",
    ],
    "OCOP public APIs and pages": [
        "/api/v1/ocop/summary?unit={x}&on={x}", "/api/v1/ocop/summary?unit=2020:292&on={x}",
        "/api/v1/ocop/producers?unit={x}", "/api/v1/ocop/products?unit={x}", "/api/v1/ocop/producers/{x}",
        "/ocop/{x}/{x}/", "/ocop/2020/292/?on={x}", "/ocop/?scheme={x}", "/ntm/?on={x}&scheme={x}",
        "/api/v1/recognition/register?unit={x}", "/api/v1/resources/summary?unit={x}&on={x}",
        "/api/v1/trace/lots?q={x}", "/api/v1/trace/lots/{x}", "/api/v1/trace/lots/{x}/epcis",
    ],
}


@pytest.mark.parametrize("family", FAMILIES)
def test_public_endpoints_answer_odd_input_without_a_server_error(client, ids, family):
    urls = [u.replace("{product}", str(ids["product"])).replace("{producer}", str(ids["producer"]))
            .replace("{stamp}", ids["stamp"]) for u in FAMILIES[family]]  # fmt: skip
    failed = _failures(client, urls)
    assert not failed, "\n".join(failed)


def test_the_evaluate_api_answers_odd_json_without_a_server_error(client, demo):
    bodies = [
        {"edition": "\u200b", "unit": "🍯", "on": "2024-03-31", "facts": {}},
        {"edition": "ntm/commune-2021-2025", "unit": "2020:05068", "on": "9999-99-99", "facts": {"values": "x"}},
        {"edition": "ntm/commune-2021-2025", "unit": "2020:05068", "on": "2024-03-31",
         "facts": {"values": {"3.1": "\x00"}, "assessments": {"1": "?"}}},
        {"edition": "a" * 10_000, "unit": "...", "on": "2024-03-31", "facts": {"values": {"?": [1, 2]}}},
        {"edition": "ntm/commune-2021-2025", "unit": "2020:05068", "on": "2024-03-31",
         "facts": {"values": {"3.1": 1e308 * 10}}},
    ]
    client.raise_request_exception = False
    for body in bodies:
        response = client.post("/api/v1/evaluate", body, content_type="application/json")
        assert response.status_code < 500, (body, response.content[:300])
    response = client.post("/api/v1/evaluate", b"\xff\xfe{", content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize("url", ["/units/?q=%00", "/units/%00/2020/", "/catalog/?q=mat%00ong", "/ocop/2020/%00/",
                                 "/api/v1/units?q=x%00", "/criteria/?unit=2020:%00"])
def test_a_nul_character_is_refused_plainly_before_any_page(client, url):
    response = client.get(url)
    assert response.status_code == 400 and "NUL" in response.content.decode()
