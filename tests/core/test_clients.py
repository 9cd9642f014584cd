"""One client key for scans and orders (core.clients): the client's network, from the connection's
address or, only behind the proxies TAMNONG_PROXY_COUNT names, from X-Forwarded-For; and the site's
address (core.site): the setting, else the one served. Production refuses to start without it."""

import os
import subprocess
import sys
from pathlib import Path

from tamnong.core.clients import client_address, client_key, client_network
from tamnong.core.site import site_url

ROOT = Path(__file__).resolve().parents[2]


def test_a_network_is_an_ipv4_slash_24_or_an_ipv6_slash_48(rf):
    assert client_network(rf.get("/", REMOTE_ADDR="203.0.113.77")) == "203.0.113.0/24"
    assert client_network(rf.get("/", REMOTE_ADDR="2001:db8:abcd:12::5")) == "2001:db8:abcd::/48"
    assert client_network(rf.get("/", REMOTE_ADDR="::ffff:198.51.100.4")) == "198.51.100.0/24"
    assert client_network(rf.get("/", REMOTE_ADDR="not an address")) == ""


def test_the_forwarded_address_is_believed_only_behind_the_proxies_named(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.20")
    settings.TAMNONG_PROXY_COUNT = 0
    assert client_address(request) == "10.1.2.3"
    settings.TAMNONG_PROXY_COUNT = 1
    assert client_address(request) == "198.51.100.20"  # what our proxy appended; "1.2.3.4" is the client's word
    settings.TAMNONG_PROXY_COUNT = 2
    assert client_address(request) == "1.2.3.4"
    settings.TAMNONG_PROXY_COUNT = 1
    assert client_address(rf.get("/", REMOTE_ADDR="10.1.2.3")) == "10.1.2.3"  # no header: the connection


def test_the_key_ignores_the_browser_and_differs_by_purpose(rf):
    def key(address, agent, purpose="scans"):
        return client_key(rf.get("/", REMOTE_ADDR=address, HTTP_USER_AGENT=agent), purpose)

    assert key("192.0.2.1", "a") == key("192.0.2.254", "b") != key("192.0.3.1", "a")
    assert key("192.0.2.1", "a") != key("192.0.2.1", "a", "orders")


def test_the_site_address_is_the_setting_else_the_served_one(rf, settings):
    settings.ALLOWED_HOSTS = ["10.0.0.5"]
    request = rf.get("/", HTTP_HOST="10.0.0.5:8000")
    settings.TAMNONG_SITE_URL = ""
    assert site_url(request) == "http://10.0.0.5:8000" and site_url() == "http://127.0.0.1:8000"
    settings.TAMNONG_SITE_URL = "https://truyxuat.example.vn"
    assert site_url(request) == site_url() == "https://truyxuat.example.vn"


def _production(**env):
    base = {k: v for k, v in os.environ.items() if k not in ("TAMNONG_SITE_URL", "DJANGO_SETTINGS_MODULE")}
    base.update({"DJANGO_SECRET_KEY": "x" * 60, "DATABASE_URL": "postgres://u:p@localhost:5432/none",
                 "DJANGO_ALLOWED_HOSTS": "tamnong.example.vn"}, **env)  # fmt: skip
    return subprocess.run([sys.executable, "-c", "import config.settings.production"], cwd=ROOT, env=base,
                          capture_output=True, text=True, timeout=60)  # fmt: skip


def test_production_refuses_to_start_without_the_site_address():
    refused = _production()
    assert refused.returncode != 0 and "ImproperlyConfigured: TAMNONG_SITE_URL must be set in production" in refused.stderr
    assert _production(TAMNONG_SITE_URL="https://truyxuat.example.vn").returncode == 0
