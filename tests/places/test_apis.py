import pytest

pytestmark = pytest.mark.usefixtures("units")


def test_unit_search_by_folded_name(client):
    response = client.get("/api/v1/units", {"q": "kim boi", "scheme": "2020"})
    assert response.status_code == 200
    first = response.json()["results"][0]
    assert first["title"] == "Huyện Kim Bôi"
    assert first["key"] == "2020:153"
    assert first["url"] == "/api/v1/units/2020/153"
    assert "Kim Bôi" in response.content.decode()  # readable UTF-8, not \\u escapes


def test_unit_search_filters_by_kind(client):
    response = client.get("/api/v1/units", {"q": "bo", "kind": "thi_tran", "limit": 500})
    results = response.json()["results"]
    assert {r["kind"] for r in results} == {"thi_tran"}
    assert "Thị trấn Bo, Huyện Kim Bôi, Tỉnh Hoà Bình" in [r["full_name"] for r in results]


def test_unit_detail_has_children_and_successions(client):
    district = client.get("/api/v1/units/2020/153").json()
    assert len(district["children"]) == 17
    assert district["parent"]["key"] == "2020:17"
    nat_son = client.get("/api/v1/units/2025-07/04990").json()
    assert nat_son["full_name"] == "Xã Nật Sơn, Tỉnh Phú Thọ"
    assert any(p["name"] == "Xuân Thủy" for p in nat_son["predecessors"])
    assert nat_son["successors"] == []


def test_bad_scheme_names_the_field_in_vietnamese_and_english(client):
    vi = client.get("/api/v1/units", {"scheme": "1999"})
    assert vi.status_code == 400
    assert "scheme" in vi.json()
    assert "lựa chọn" in vi.json()["scheme"][0]  # Vietnamese first
    en = client.get("/api/v1/units", {"scheme": "1999"}, headers={"Accept-Language": "en"})
    assert "not a valid choice" in en.json()["scheme"][0]


def test_unknown_unit_is_404_with_a_message(client):
    response = client.get("/api/v1/units/2020/99999")
    assert response.status_code == 404
    assert "99999" in response.json()["detail"]


def test_openapi_document_lists_the_endpoints(client):
    response = client.get("/api/schema/", headers={"Accept": "application/json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "/api/v1/units",
        "/api/v1/units/{scheme}/{code}",
        "/api/v1/criteria/editions",
        "/api/v1/criteria/editions/{edition_id}",
        "/api/v1/evaluate",
    ]:
        assert path in paths, path


def test_api_docs_page_needs_no_internet(client):
    html = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in html
    assert "cdn." not in html and "unpkg" not in html


def test_openapi_document_is_valid_and_typed(tmp_path):
    from django.core.management import call_command

    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))  # raises on any warning
    text = out.read_text(encoding="utf-8")
    for component in ("Evaluation", "IndicatorResult", "EditionDetail", "UnitRef"):
        assert f"    {component}:" in text, component
