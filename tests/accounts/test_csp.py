"""The Content-Security-Policy every page is sent with, and pages that keep to it (no inline
script, no inline handler); the browser test (tests/browser/test_csp.py) checks that they run."""

import re

import pytest
from django.contrib.auth import get_user_model

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()}


@pytest.mark.parametrize(
    "path",
    ["/", "/catalog/", "/ntm/", "/ntm/2020/153/", "/ocop/", "/units/", "/criteria/", "/accounts/login/",
     "/ntm/2020/153/?on=2024-03-31"],
)  # fmt: skip
def test_public_pages_are_sent_with_the_policy_and_carry_no_inline_script(client, demo, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == "'self'" and policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'self'" and policy["form-action"] == "'self'"
    assert "unsafe-inline" not in policy["style-src"] and "unsafe-eval" not in response["Content-Security-Policy"]
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html)
    assert not HANDLER.search(html), HANDLER.search(html)


def test_logged_in_pages_keep_to_it(client, demo):
    client.force_login(get_user_model().objects.get(username="huyen.kimboi"))
    for path in ["/ntm/2020/153/?on=2024-03-31", "/recognition/", "/accounts/tokens/", "/accounts/second-factor/",
                 "/ocop/?scheme=2020"]:  # fmt: skip
        html = client.get(path).content.decode()
        assert not INLINE_SCRIPT.search(html) and not HANDLER.search(html), path


def test_the_scan_page_style_carries_the_nonce_of_its_policy(client, demo):
    response = client.get("/01/00000000000000/10/x/21/y", follow=True)
    html = response.content.decode()
    nonce = re.search(r'<style nonce="([^"]+)">', html)[1]
    assert f"'nonce-{nonce}'" in _policy(response)["style-src"]


def test_the_api_docs_relax_styles_only(client, demo):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    policy = _policy(page)
    assert "'unsafe-inline'" in policy["style-src"] and policy["script-src"] == "'self'"
    html = page.content.decode()
    assert not INLINE_SCRIPT.search(html)
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()
