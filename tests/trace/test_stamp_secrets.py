"""Stamps keep their secrets, through HTTP: the public EPCIS document and API list no serial (counts of
the lot's class instead), only the lot's producer and the offices in scope see them; the copied-stamp
warning counts networks, not browsers; no query parameter paints a warning on a genuine link, and the
signed notice of an unknown serial reaches machine clients in the linkset and a header; printed
addresses are the site's, or the one served when TAMNONG_SITE_URL is not set."""

import datetime as dt
import json
from urllib.parse import urlsplit

import pytest
import time_machine
from django.contrib.auth import get_user_model

from tamnong.core import clock
from tamnong.trace import epcis, links
from tamnong.trace.models import Lot, Scan

LINKSET = "application/linkset+json"


def _path(url: str) -> str:
    return urlsplit(url).path


@pytest.fixture
def lot(demo):
    return Lot.objects.select_related("product__producer", "commune").get(code="HT-2024-03")


def _epcis(client, lot, user=None):
    if user is not None:
        client.force_login(get_user_model().objects.get(username=user))
    response = client.get(f"/api/v1/trace/lots/{lot.pk}/epcis")
    assert response.status_code == 200
    return response.content.decode()


def test_the_public_epcis_document_counts_the_stamps_of_the_lot_and_names_none(client, lot):
    serials = list(lot.stamps.values_list("serial", flat=True))
    assert len(serials) >= 20
    body = _epcis(client, lot)
    assert not [s for s in serials if s in body]
    document = json.loads(body)
    assert len(epcis.parse_document(document)) == lot.events.count()  # still a valid EPCIS 2.0 document
    commissioned = [e for e in document["epcisBody"]["eventList"] if e.get("bizStep") == "commissioning"]
    assert commissioned and not any("epcList" in e for e in commissioned)
    counted = sum(q["quantity"] for e in commissioned for q in e["quantityList"] if q["epcClass"] == links.lot_class(lot))
    assert counted == len(serials)
    voided = [e for e in document["epcisBody"]["eventList"] if e.get("bizStep") == "decommissioning"]
    assert [q["quantity"] for e in voided for q in e["quantityList"]] == [lot.stamps.filter(voided_at__isnull=False).count()]


@pytest.mark.parametrize("user", ["chuthe.hoptien", "tinh.phutho", "admin"])
def test_the_producer_and_the_offices_in_scope_see_every_serial(client, lot, user):
    body = _epcis(client, lot, user)
    assert all(serial in body for serial in lot.stamps.values_list("serial", flat=True))


@pytest.mark.parametrize("user", ["thixa.kinhmon", "chuthe.namthuong", "xem.hoabinh"])
def test_other_logins_see_no_serial(client, lot, user):
    body = _epcis(client, lot, user)
    assert not [s for s in lot.stamps.values_list("serial", flat=True) if s in body]


def _scan(client, stamp, address: str, agent: str):
    return client.get(_path(links.stamp_url(stamp)), REMOTE_ADDR=address, HTTP_USER_AGENT=agent)


def test_one_client_changing_its_browser_cannot_make_a_genuine_stamp_look_copied(client, lot):
    stamp = lot.stamps.get(number=5)
    assert not stamp.scans.exists()
    for i in range(12):
        html = _scan(client, stamp, "203.0.113.7", f"Mozilla/5.0 phone-{i}").content.decode()
    assert 'id="warn-suspicious"' not in html and 'id="scans">12 lần' in html
    for i in range(8):  # neighbours on the same /24 are one network too
        html = _scan(client, stamp, f"203.0.113.{20 + i}", "Mozilla/5.0").content.decode()
    assert 'id="warn-suspicious"' not in html
    assert Scan.objects.filter(stamp=stamp).values("client").distinct().count() == 1


def test_scans_from_five_networks_flag_the_stamp_for_people_and_machines(client, lot):
    stamp = lot.stamps.get(number=6)
    for i in range(4):
        response = _scan(client, stamp, f"198.51.{100 + i}.9", "same browser")
    assert "suspicious" not in response.get("Tamnong-Warning", "")
    response = _scan(client, stamp, "2001:db8:1234:5678::1", "same browser")  # an IPv6 /48 is a fifth network
    assert 'id="warn-suspicious"' in response.content.decode() and "5 mạng khác nhau" in response.content.decode()
    assert "suspicious" in response["Tamnong-Warning"]
    response = client.get(_path(links.stamp_url(stamp)), HTTP_ACCEPT=LINKSET, REMOTE_ADDR="198.51.100.9")
    assert response["Content-Type"] == LINKSET and "suspicious" in response["Tamnong-Warning"]
    assert "suspicious" in [w["code"] for w in response.json()["warnings"]]


def test_a_forwarded_address_counts_only_behind_the_proxies_the_setting_names(client, lot, settings):
    stamp = lot.stamps.get(number=7)
    for i in range(6):  # without TAMNONG_PROXY_COUNT the header is the client's own words
        client.get(_path(links.stamp_url(stamp)), REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.{i}.1")
    assert 'id="warn-suspicious"' not in _scan(client, stamp, "10.0.0.2", "x").content.decode()
    settings.TAMNONG_PROXY_COUNT = 1
    for i in range(6):  # behind one proxy: what the proxy appended, not what the client wrote before it
        client.get(_path(links.stamp_url(stamp)), REMOTE_ADDR="10.0.0.2",
                   HTTP_X_FORWARDED_FOR=f"192.0.{i}.1, 203.0.113.50")  # fmt: skip
    assert 'id="warn-suspicious"' not in _scan(client, stamp, "10.0.0.2", "x").content.decode()
    for i in range(5):
        client.get(_path(links.stamp_url(stamp)), REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.{i}.1")
    assert 'id="warn-suspicious"' in _scan(client, stamp, "10.0.0.2", "x").content.decode()


def test_no_query_parameter_paints_a_warning_on_a_genuine_link(client, lot):
    lot_path = _path(links.lot_url(lot))
    for query in ("?unknown=serial", "?unknown=lot", "?notice=serial", "?notice=x.y.z"):
        response = client.get(lot_path + query)
        assert response.status_code == 200 and 'id="warn-unknown' not in response.content.decode()
        assert "unknown" not in response.get("Tamnong-Warning", "")


def test_an_unknown_serial_is_told_after_the_redirect_to_people_and_machines(client, lot):
    stamp_path = _path(links.stamp_url(lot.stamps.get(number=1)))
    response = client.get(stamp_path[:-4] + "ZZZZ")
    assert response.status_code == 303 and response["Tamnong-Warning"] == "unknown_serial"
    location = response["Location"]
    assert location.startswith(_path(links.lot_url(lot)) + "?notice=")
    page = client.get(location)
    assert 'id="warn-unknown_serial"' in page.content.decode() and "unknown_serial" in page["Tamnong-Warning"]
    machine = client.get(location, HTTP_ACCEPT=LINKSET)
    assert "unknown_serial" in machine["Tamnong-Warning"]
    assert machine.json()["warnings"][0]["code"] == "unknown_serial"
    assert "forged" in machine.json()["warnings"][0]["message_en"]
    # The notice is this path's: on another genuine link, altered, or half an hour later, it says nothing.
    other = Lot.objects.exclude(pk=lot.pk).exclude(stamps=None).first() or Lot.objects.exclude(pk=lot.pk).first()
    token = location.split("?notice=", 1)[1]
    assert 'id="warn-unknown' not in client.get(_path(links.lot_url(other)) + "?notice=" + token).content.decode()
    assert 'id="warn-unknown' not in client.get(location[:-2] + "xx").content.decode()
    with time_machine.travel(clock.now() + dt.timedelta(minutes=30)):
        assert 'id="warn-unknown' not in client.get(location).content.decode()


def test_an_unknown_lot_is_told_on_the_product_page(client, lot):
    product_path = _path(links.lot_url(lot)).split("/10/")[0]
    response = client.get(product_path + "/10/KHONG-CO")
    assert response.status_code == 303 and response["Tamnong-Warning"] == "unknown_lot"
    assert 'id="warn-unknown_lot"' in client.get(response["Location"]).content.decode()


def test_printed_addresses_are_the_served_one_without_a_site_setting(client, lot, settings):
    settings.TAMNONG_SITE_URL = ""
    settings.ALLOWED_HOSTS = ["192.168.1.20"]
    served = "http://192.168.1.20:8000"
    body = client.get(f"/api/v1/trace/lots/{lot.pk}", HTTP_HOST="192.168.1.20:8000").json()
    assert body["url"] == served + _path(links.lot_url(lot))
    linkset = client.get(_path(links.lot_url(lot)), HTTP_HOST="192.168.1.20:8000", HTTP_ACCEPT=LINKSET).json()
    assert linkset["linkset"][0]["anchor"] == served + _path(links.lot_url(lot))
    client.force_login(get_user_model().objects.get(username="chuthe.hoptien"))
    issued = client.post(f"/api/v1/trace/lots/{lot.pk}/stamps", {"count": 1}, content_type="application/json",
                         HTTP_HOST="192.168.1.20:8000")  # fmt: skip
    if issued.status_code == 201:  # while the demo certificate is in force
        assert issued.json()[0]["url"].startswith(served + "/")
    settings.TAMNONG_SITE_URL = "https://truyxuat.example.vn"
    body = client.get(f"/api/v1/trace/lots/{lot.pk}", HTTP_HOST="192.168.1.20:8000").json()
    assert body["url"].startswith("https://truyxuat.example.vn/")
