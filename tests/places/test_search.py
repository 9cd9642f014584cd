"""The unit search finds a unit on any list by its old or new name, with what it became
(tamnong.places.search), and every unit page links to the unit's records elsewhere, over HTTP."""

import re

import pytest
from django.test import Client

from tamnong.core import clock
from tamnong.places import search
from tamnong.places.models import AdminUnit

pytestmark = pytest.mark.usefixtures("units")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _rows(html: str) -> list[str]:
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return [_text(row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_binh_son_finds_the_commune_of_the_2020_list_with_its_successor():
    response = Client(HTTP_ACCEPT_LANGUAGE="vi").get("/units/", {"q": "binh son"})
    assert response.status_code == 200
    rows = [r for r in _rows(response.content.decode()) if "Xã Bình Sơn" in r and "Huyện Kim Bôi" in r]
    old = next(r for r in rows if "Danh mục 2020–2024" in r)
    assert "01/01/2020 – 31/12/2024" in old
    assert "đã sáp nhập vào Xã Nật Sơn (Tỉnh Phú Thọ) từ 01/07/2025" in old
    assert 'href="/units/2025-07/04990/"' in response.content.decode()


def test_the_search_ignores_tones_and_i_y_and_finds_the_new_commune_with_its_predecessors():
    for query in ["nat son", "Nật Sơn", "NẬT SƠN"]:
        rows = _rows(Client(HTTP_ACCEPT_LANGUAGE="vi").get("/units/", {"q": query}).content.decode())
        nat_son = next(r for r in rows if "Xã Nật Sơn" in r)
        assert "thành lập ngày 01/07/2025 từ" in nat_son
        assert "Xã Bình Sơn" in nat_son and "Xã Xuân Thủy" in nat_son
        assert "Danh mục từ ngày 01/07/2025" in nat_son
    a = {u.pk for u in search.unit_search(q="Mỵ Hòa")}
    b = {u.pk for u in search.unit_search(q="mi hoa")}
    assert a and a == b
    assert {u.scheme for u in search.unit_search(q="mi hoa")} >= {"2020", "2025-01"}


def test_the_search_can_be_narrowed_to_one_list():
    rows = _rows(Client(HTTP_ACCEPT_LANGUAGE="vi").get("/units/", {"q": "binh son", "in": "2020"}).content.decode())
    assert rows and all("Danh mục 2020–2024" in r for r in rows)


def test_a_district_of_the_old_lists_says_the_district_level_ended():
    rows = _rows(Client(HTTP_ACCEPT_LANGUAGE="vi").get("/units/", {"q": "huyen kim boi", "in": "2025-01"}).content.decode())
    assert "các danh mục sau không còn cấp huyện" in rows[0]


@pytest.mark.parametrize("query", ["?", "😀", "…", "   ", "' OR 1=1 --", "%", "_"])
def test_odd_queries_never_crash(query):
    response = Client(HTTP_ACCEPT_LANGUAGE="vi").get("/units/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    if query.strip() in ("?", "😀", "…"):
        assert "cần ít nhất một chữ cái hoặc chữ số" in html
    htmx = Client(HTTP_ACCEPT_LANGUAGE="vi").get("/units/", {"q": query}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200


def test_an_empty_search_lists_the_provinces_of_today():
    html = Client(HTTP_ACCEPT_LANGUAGE="vi").get("/units/", {"q": ""}).content.decode()
    assert "34 tỉnh, thành phố trực thuộc trung ương" in html


def test_the_stories_of_a_page_take_a_few_queries(django_assert_max_num_queries):
    units = list(search.unit_search(q="son")[:50])
    with django_assert_max_num_queries(12):
        stories = search.unit_stories(units, on=clock.today())
    assert len(stories) == len(units)


# --- a unit's page links to its records -------------------------------------------------------------


def _links(html: str) -> dict[str, str]:
    block = html[html.index('id="unit-links"') :]
    block = block[: block.index("</ul>")]
    return {_text(label).strip(): href for href, label in re.findall(r'<a href="([^"]+)">(.*?)</a>', block)}


def test_a_commune_page_links_to_its_data_entry_ocop_and_works_for_its_officer(demo):
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.post("/accounts/login/", {"username": "xa.binhson", "password": "tamnong-demo"})
    html = client.get("/units/2020/04990/").content.decode()
    links = _links(html)
    assert links["Tự đánh giá và các tiêu chí đạt"] == "/ntm/2020/04990/"
    assert links["Nhập số liệu của xã này"] == "/ntm/2020/04990/entry/"
    assert links["Sản phẩm OCOP và giấy chứng nhận"] == "/ocop/2020/04990/"
    assert links["Nguồn lực huy động và công trình"] == "/resources/2020/04990/"
    assert "đã sáp nhập vào" in _text(html[html.index('id="unit-story"') :][:2000])
    for href in links.values():
        assert client.get(href).status_code == 200, href


def test_the_entry_link_is_only_for_those_who_may_write(demo):
    viewer = Client(HTTP_ACCEPT_LANGUAGE="vi")
    viewer.post("/accounts/login/", {"username": "xem.hoabinh", "password": "tamnong-demo"})
    links = _links(viewer.get("/units/2020/04990/").content.decode())
    assert "Tự đánh giá và các tiêu chí đạt" in links  # the viewer reads its province's communes
    assert "Nhập số liệu của xã này" not in links
    other = Client(HTTP_ACCEPT_LANGUAGE="vi")
    other.post("/accounts/login/", {"username": "xa.namthuong", "password": "tamnong-demo"})
    links = _links(other.get("/units/2020/04990/").content.decode())
    assert "Nhập số liệu của xã này" not in links and "Tự đánh giá và các tiêu chí đạt" not in links
    anonymous = _links(Client(HTTP_ACCEPT_LANGUAGE="vi").get("/units/2020/04990/").content.decode())
    assert "Nhập số liệu của xã này" not in anonymous and "Sản phẩm OCOP và giấy chứng nhận" in anonymous
    assert "Nguồn lực huy động và công trình" not in anonymous  # an office's records: for the roles covering it


def test_a_province_page_links_to_its_dashboards(demo):
    province = AdminUnit.objects.get(scheme="2025-07", code="25")
    url = f"/units/2025-07/{province.code}/"
    anonymous = _links(Client(HTTP_ACCEPT_LANGUAGE="vi").get(url).content.decode())
    assert anonymous["Bảng số liệu NTM của đơn vị này"] == "/ntm/2025-07/25/"
    assert anonymous["Sản phẩm OCOP và giấy chứng nhận"] == "/ocop/2025-07/25/"
    assert "Nguồn lực huy động và công trình" not in anonymous
    office = Client(HTTP_ACCEPT_LANGUAGE="vi")
    office.post("/accounts/login/", {"username": "tinh.phutho", "password": "tamnong-demo"})
    links = _links(office.get(url).content.decode())
    assert links["Nguồn lực huy động và công trình"] == "/resources/2025-07/25/"
    assert office.get(links["Nguồn lực huy động và công trình"]).status_code == 200
