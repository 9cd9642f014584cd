"""The catalog of today filters by a commune of today's list: it finds the products entered on the old
communes merged into it; the commune facet of a province offers only today's communes (none dissolved
on 01/07/2025), each product counted under the commune it now belongs to; an old commune chosen is named
with the commune it now belongs to."""

import re

import pytest

pytestmark = pytest.mark.usefixtures("demo")


def _names(html: str) -> set[str]:
    return set(re.findall(r'<b class="name">([^<]+)</b>', html))


def _facet(html: str) -> list[tuple[str, str]]:
    match = re.search(r'<select name="commune" id="commune-facet">(.*?)</select>', html, re.S)
    assert match, "no commune facet"
    return re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', match[1])


def test_a_filter_by_todays_commune_finds_the_products_of_the_old_communes_merged_into_it(client):
    page = client.get("/catalog/", {"commune": "2025-07:05068"})  # Xã Hợp Kim
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sản phẩm trình diễn Kim Bôi số 03" in _names(html)  # entered on Xã Kim Lập (2020)
    assert "Mật ong rừng Hợp Tiến" not in _names(html)  # Hợp Tiến went into Xã Mường Động
    assert "Xã Hợp Kim, kể cả sản phẩm ghi ở các xã cũ đã hợp nhất vào xã" in html
    api = client.get("/api/v1/catalog/products", {"commune": "2025-07:05068"}).json()
    assert "Sản phẩm trình diễn Kim Bôi số 03" in {p["name"] for p in api["results"]}


def test_the_commune_facet_of_a_province_offers_only_todays_communes(client):
    html = client.get("/catalog/", {"province": "2025-07:25"}).content.decode()
    offered = _facet(html)
    assert offered and all(value.startswith("2025-07:") for value, _ in offered)
    labels = dict(offered)
    assert labels["2025-07:05068"].startswith("Xã Hợp Kim (")
    assert not any("Kim Lập" in label or "Nam Thượng" in label for label in labels.values())
    # the count of a commune is the number of products the filter finds
    n = int(re.search(r"\((\d+)\)$", labels["2025-07:05068"])[1])
    found = client.get("/catalog/", {"province": "2025-07:25", "commune": "2025-07:05068"}).content.decode()
    assert len(_names(found)) == n
    # no commune facet for the whole country
    assert 'id="commune-facet"' not in client.get("/catalog/").content.decode()


def test_an_old_commune_chosen_is_named_with_the_commune_it_now_belongs_to(client):
    html = client.get("/catalog/", {"commune": "2020:05035"}).content.decode()  # Xã Kim Lập (2020)
    assert "Xã Kim Lập cũ, nay thuộc Xã Hợp Kim (Tỉnh Phú Thọ)" in html
    assert "Sản phẩm trình diễn Kim Bôi số 03" in _names(html)


def test_a_unit_that_is_not_a_commune_is_refused_in_words(client):
    page = client.get("/catalog/", {"commune": "2025-07:25"})
    assert page.status_code == 400 and "Không có xã «2025-07:25»" in page.content.decode()
