"""The public catalog through HTTP: search without diacritics, facets, listings of products in force only,
product pages with schema.org JSON-LD and Open Graph, storefronts, feeds, the open dataset, the sitemap,
and producers' listing changes moderated by an office."""

import csv
import io
import json
import re

import pytest
from django.contrib.auth import get_user_model

from tamnong.catalog import selectors
from tamnong.catalog.models import Entry
from tamnong.catalog.services import catalog_refresh
from tamnong.core import clock
from tamnong.ocop import services as ocop_services
from tamnong.ocop.models import ProducerChange, Product
from tamnong.ocop.selectors import product_standing
from tamnong.rules import ocop

HONEY = "Mật ong rừng Hợp Tiến"


def _user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def fresh(demo):
    """The demo's honey: the demo re-evaluates it before the day it is loaded, so it is in force on any day."""
    honey = Product.objects.get(name=HONEY)
    assert product_standing(honey, clock.today()).state == "valid"
    return honey


def _json(client, **params):
    response = client.get("/api/v1/catalog/products", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_search_ignores_diacritics_and_lists_only_products_in_force(client, fresh):
    body = _json(client, q="mat ong hop tien")
    assert [r["name"] for r in body["results"]][0] == HONEY
    first = body["results"][0]
    assert first["stars"] == 4 and first["certificate_status"] == "valid" and first["province"] == "Tỉnh Phú Thọ"
    assert first["province_before"] == "Tỉnh Hoà Bình" and first["producer"].startswith("Chủ thể của Mật ong")
    assert first["url"].endswith(f"/catalog/{fresh.pk}-mat-ong-rung-hop-tien/")
    assert _json(client, q="MẬT ONG  hợp tiến")["results"][0]["name"] == HONEY  # tones, case, spaces
    assert _json(client, q="mat ong hop tien")["count"] == _json(client, q="Mật ong rừng Hợp Tiến")["count"]
    today = clock.today()
    listed = {r["id"] for r in _json(client, page=1)["results"]}
    for entry in Entry.objects.all():
        if entry.product_id in listed:
            assert selectors.status_of(entry, today) in ("valid", "expiring")


def test_facets_filter_by_province_on_either_list_group_stars_and_kind(client, fresh):
    everything = _json(client)
    provinces = {f["value"]: f for f in everything["facets"]["province"]}
    assert "2025-07:25" in provinces and "Hoà Bình" in provinces["2025-07:25"]["label"]  # Phú Thọ took Hòa Bình in
    new_map = _json(client, province="2025-07:25")
    old_map = _json(client, province="2020:17")
    assert HONEY in [r["name"] for r in new_map["results"]] and new_map["count"] == old_map["count"] >= 1
    four = _json(client, stars=4)
    assert four["count"] >= 1 and {r["stars"] for r in four["results"]} == {4}
    assert {f["value"] for f in four["facets"]["stars"]} >= {"4"}
    kinds = _json(client, kind="household_business")
    assert all(r["id"] for r in kinds["results"]) and kinds["count"] <= everything["count"]
    assert _json(client, group="1")["count"] + _json(client, group="2")["count"] <= everything["count"]
    bad = client.get("/api/v1/catalog/products", {"province": "2020:999"})
    assert bad.status_code == 400 and "Không có tỉnh" in bad.json()["province"][0]


def test_an_expired_product_leaves_the_listings_but_its_page_says_so(client, fresh):
    today = clock.today()
    expired = Entry.objects.filter(expires_on__lt=today).select_related("product").first()
    assert expired is not None  # the demo has products whose certificates lapsed
    listed = [r["id"] for r in _json(client, q=expired.product.name)["results"]]
    assert expired.product_id not in listed
    page = client.get(f"/catalog/{expired.product_id}/", follow=True)
    html = page.content.decode()
    assert page.status_code == 200 and 'id="status-alert"' in html and 'data-status="expired"' in html
    data = json.loads(re.search(r'<script type="application/ld\+json" id="json-ld">(.*?)</script>', html, re.S)[1])
    assert "offers" not in data and "không được chào bán" in data["additionalProperty"][0]["value"]
    assert 'id="order"' not in html


def test_the_product_page_carries_the_json_ld_a_search_engine_needs(client, fresh):
    page = client.get(f"/catalog/{fresh.pk}/")
    assert page.status_code == 301 and page["Location"] == f"/catalog/{fresh.pk}-mat-ong-rung-hop-tien/"
    html = client.get(page["Location"]).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json" id="json-ld">(.*?)</script>', html, re.S)[1])
    assert (
        data["@type"] == "Product" and data["name"] == HONEY and data["image"] and data["image"][0].startswith("http")
    )
    offer = data["offers"]
    assert offer["@type"] == "Offer" and offer["price"] == "250000" and offer["priceCurrency"] == "VND"
    assert offer["availability"] == "https://schema.org/InStock" and "/orders/new/" in offer["url"]
    assert f'<meta property="og:title" content="{HONEY} — OCOP 4 ★">' in html
    assert '<meta property="og:type" content="product">' in html and 'property="og:image"' in html
    assert 'id="price">250.000 đ / chai 500 ml' in html and "Điểm bán sản phẩm OCOP (trình diễn)" in html
    assert 'id="trace-link"' in html and "/p/VN" in html  # the latest lot's page
    fresh.price_vnd = None
    fresh.save()
    html = client.get(page["Location"]).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json" id="json-ld">(.*?)</script>', html, re.S)[1])
    assert "offers" not in data and "chưa công bố giá" in data["additionalProperty"][0]["value"]
    assert 'id="no-offer"' in html


def test_text_from_producers_is_escaped(client, fresh):
    fresh.description = '<script>alert("x")</script> Mật ong'
    fresh.save()
    html = client.get(f"/catalog/{fresh.pk}-mat-ong-rung-hop-tien/").content.decode()
    body = html.split("</head>")[1]
    assert '<script>alert("x")</script>' not in body and "&lt;script&gt;" in body
    ld = re.search(r'<script type="application/ld\+json" id="json-ld">(.*?)</script>', html, re.S)[1]
    assert "</script>" not in ld and json.loads(ld)["description"].startswith("<script>")  # \u003c in JSON


def test_the_storefront_lists_a_producers_products(client, fresh):
    html = client.get(f"/catalog/producers/{fresh.producer_id}/").content.decode()
    assert HONEY in html and 'data-status="valid"' in html and "/orders/new/?producer=" in html


def test_feeds_the_dataset_and_the_sitemap(client, fresh):
    feed = client.get("/catalog/feed.csv")
    rows = list(csv.DictReader(io.StringIO(feed.content.decode("utf-8-sig"))))
    honey = next(r for r in rows if r["title"] == HONEY)
    assert honey["price"] == "250000 VND" and honey["availability"] == "in_stock" and honey["ocop_stars"] == "4"
    assert honey["province"] == "Tỉnh Phú Thọ" and honey["province_before_2025"] == "Tỉnh Hoà Bình"
    assert 'rel="license"' in feed["Link"]
    dataset = client.get("/catalog/dataset.json").json()
    assert dataset["licence"]["url"].startswith("https://creativecommons.org/licenses/by/4.0")
    statuses = {p["certificate_status"] for p in dataset["products"]}
    assert "expired" in statuses and dataset["count"] == Entry.objects.count() > len(rows)
    assert client.get("/catalog/feed.xml").status_code == 404
    sitemap = client.get("/sitemap.xml").content.decode()
    assert (
        f"/catalog/{fresh.pk}-mat-ong-rung-hop-tien/" in sitemap
        and f"/catalog/producers/{fresh.producer_id}/" in sitemap
    )


def test_the_catalog_page_updates_its_results_for_htmx(client, fresh):
    full = client.get("/catalog/", {"q": "mat ong"}).content.decode()
    assert 'id="catalog-form"' in full and HONEY in full
    partial = client.get("/catalog/", {"q": "mat ong", "stars": "4"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and HONEY in partial and 'hx-swap-oob="true"' in partial
    assert 'data-stars="4"' in partial and 'data-stars="3"' not in partial


def test_a_producer_changes_its_listing_only_through_the_office(client, fresh):
    client.force_login(_user("chuthe.hoptien"))
    response = client.post("/ocop/producer/", {
        "action": "product", "product": fresh.pk, "price_vnd": "270.000", "price_unit": "chai 500 ml",
        "sales_links": "Sàn thử | https://example.com/shop\n", "points_of_sale": "",
    })  # fmt: skip
    assert response.status_code == 302
    change = ProducerChange.objects.get(product=fresh)
    assert change.proposed["price_vnd"] == 270000
    assert change.proposed["sales_links"] == [{"label": "Sàn thử", "url": "https://example.com/shop"}]
    assert "270.000" not in client.get(f"/catalog/{fresh.pk}-mat-ong-rung-hop-tien/").content.decode()
    bad = client.post("/ocop/producer/", {"action": "product", "product": fresh.pk,
                                          "sales_links": "Sàn | javascript:alert(1)"}).content.decode()  # fmt: skip
    assert "«javascript:alert(1)» không phải địa chỉ web" in bad
    ocop_services.producer_change_review(change=change, actor=_user("tinh.phutho"), approve=True)
    html = client.get(f"/catalog/{fresh.pk}-mat-ong-rung-hop-tien/").content.decode()
    assert 'id="price">270.000 đ' in html and "https://example.com/shop" in html


def test_the_refresh_command_rebuilds_every_entry(fresh):
    Entry.objects.all().delete()
    assert (
        catalog_refresh(today=clock.today())
        == Product.objects.filter(certificates__isnull=False).distinct().count()
    )
    entry = Entry.objects.get(product=fresh)
    in_force = fresh.certificates.latest("issued_on")
    assert entry.issued_on == in_force.issued_on and entry.expires_on == ocop.expires_on(in_force.issued_on)
    assert entry.stars == 4 and "mat ong rung hop tien" in entry.search_text and "phu tho" in entry.search_text
