"""The catalog accepts any text (page and API): control and invisible characters are left out, the
text is bounded, and a query with nothing searchable lists every product with a message saying so."""

from urllib.parse import quote

import pytest


@pytest.fixture
def everything(client, demo):
    body = client.get("/api/v1/catalog/products").json()
    assert body["count"] > 0 and body["notice"] == ""
    return body["count"]


@pytest.mark.parametrize("typed", ["?", "...", "🍯", "\u200b", "\u200b\u200b  \u2060"])
def test_a_query_with_nothing_to_search_lists_everything_and_says_why(client, everything, typed):
    page = client.get("/catalog/?q=" + quote(typed))
    html = page.content.decode()
    visible = typed.strip("\u200b\u2060 ")
    said = "không có chữ hoặc số nào để tìm" if visible else "chỉ có ký tự không nhìn thấy"
    assert page.status_code == 200 and 'id="notice"' in html and said in html
    body = client.get("/api/v1/catalog/products?q=" + quote(typed), HTTP_ACCEPT_LANGUAGE="en").json()
    said = "has no letter or digit to search for" if visible else "has only invisible characters"
    assert body["count"] == everything and said in body["notice"]


def test_invisible_and_control_characters_do_not_change_a_search(client, everything):
    plain = client.get("/api/v1/catalog/products?q=mat+ong").json()
    assert 0 < plain["count"] < everything
    for noisy in ("m%E2%80%8Bat%01+ong", "%E2%80%AEmat+ong%01", "mat%20%20%20ong%7F", "mat+ong" + "+" * 500):
        body = client.get("/api/v1/catalog/products?q=" + noisy).json()
        assert body["count"] == plain["count"] and body["notice"] == "", noisy


def test_ten_thousand_characters_and_broken_escapes_are_answered(client, everything):
    assert client.get("/catalog/?q=" + "mat+ong+" * 1250).status_code == 200
    assert client.get("/catalog/?q=mat%FFong&page=" + "9" * 5000).status_code == 200
    body = client.get("/api/v1/catalog/products?page=-3&q=%ED%A0%80").json()
    assert body["page"] == 1
