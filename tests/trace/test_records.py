"""Traceability through the database, HTTP and the command line: lots, events, EPCIS export and capture
(checked by GS1's JavaScript SDK), stamps, the public scan page and resolver, permissions both ways."""

import datetime as dt
import json
import subprocess
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from tamnong.accounts.authority import SYSTEM
from tamnong.core import clock
from tamnong.core.errors import DomainError, PermissionDeniedError
from tamnong.ocop import services as ocop_services
from tamnong.ocop.models import Product
from tamnong.places.models import AdminUnit
from tamnong.rules import ocop
from tamnong.trace import epcis, links, services
from tamnong.trace.models import Event, Lot, Scan, Stamp
from tests.trace.helpers import run_js

HONEY = "Mật ong rừng Hợp Tiến"


def _user(name):
    return get_user_model().objects.get(username=name)


def _path(url: str) -> str:
    return urlsplit(url).path


@pytest.fixture
def lot(demo):
    return Lot.objects.select_related("product__producer", "commune").get(code="HT-2024-03")


def _spec(**fields):
    base = {"code": "HT-2024-12", "produced_on": dt.date(2024, 12, 20), "quantity": "40", "uom": "KGM",
            "commune": AdminUnit.objects.get(scheme="2020", code="05038")}  # fmt: skip
    return services.LotSpec(**{**base, **fields})


def test_the_demo_stamp_page_shows_the_product_the_lot_and_its_history(client, lot):
    stamp = lot.stamps.get(number=1)
    html = client.get(_path(links.stamp_url(stamp))).content.decode()
    assert HONEY in html and "★★★★" in html and "OCOP 4 sao" in html
    in_force = lot.product.certificates.latest("issued_on")  # the re-evaluation before the demo's load day
    ends = ocop.expires_on(in_force.issued_on)
    assert ends > clock.today() and ends.strftime("%d/%m/%Y") in html
    assert "Xã Hợp Tiến, Huyện Kim Bôi, Tỉnh Hoà Bình" in html and "Nay là" in html and "Tỉnh Phú Thọ" in html
    timeline = html.split('id="timeline"')[1].split("</ol>")[0]
    assert timeline.index("(lô nguyên liệu HT-2024-03-TH)") < timeline.index("Chế biến từ nguyên liệu")
    assert timeline.count("Đã khai báo là sai") == 1 and "Phiếu kết quả thử nghiệm 0318/2024" in timeline
    assert 'id="circular-02"' in html and "TCCS 01:2024" in html and "15/03/2026" in html
    assert 'id="scans">4 lần' in html  # three demo scans and this one
    assert f'href="/catalog/{lot.product_id}/" id="catalog-link"' in html  # where to buy: the catalog
    assert Scan.objects.filter(stamp=stamp).count() == 4 and 'id="warn-suspicious"' not in html


def test_a_stamp_scanned_from_many_clients_or_voided_is_flagged(client, lot):
    copied = lot.stamps.get(number=2)
    assert 'id="warn-suspicious"' in client.get(_path(links.stamp_url(copied))).content.decode()
    voided = lot.stamps.get(number=20)
    html = client.get(_path(links.stamp_url(voided))).content.decode()
    assert 'id="warn-voided"' in html and "Tem in lỗi" in html


def test_unknown_serials_and_lots_fall_back_with_a_warning(client, lot):
    stamp_path = _path(links.stamp_url(lot.stamps.get(number=1)))
    unknown_serial = stamp_path[:-4] + "ZZZZ"
    response = client.get(unknown_serial)
    assert response.status_code == 303 and response["Location"].startswith(_path(links.lot_url(lot)) + "?notice=")
    assert 'id="warn-unknown_serial"' in client.get(response["Location"]).content.decode()
    assert Scan.objects.filter(serial=unknown_serial.rsplit("/", 1)[1], known=False).exists()
    product_path = _path(links.lot_url(lot)).split("/10/")[0]
    response = client.get(product_path + "/10/KHONG-CO")
    assert response.status_code == 303 and response["Location"].startswith(product_path + "?notice=")
    product_page = client.get(response["Location"]).content.decode()
    assert 'id="warn-unknown_lot"' in product_page and "HT-2024-03-TH" in product_page  # its lots listed
    tampered = product_path[:-1] + str((int(product_path[-1]) + 1) % 10)
    response = client.get(tampered)
    assert response.status_code == 404 and "sai số kiểm tra" in response.content.decode()
    assert client.get("/p/VN999999994").status_code in (404,)


def test_a_revoked_certificate_is_shown_in_red_on_the_stamp_page(client, lot):
    certificate = lot.product.certificates.latest("issued_on")  # in force, issued by Phú Thọ
    revoked_on = clock.today() - dt.timedelta(days=3)
    ocop_services.certificate_revoke(certificate=certificate, actor=_user("tinh.phutho"),
                                     revoked_on=revoked_on, reason="Không duy trì chất lượng")  # fmt: skip
    html = client.get(_path(links.lot_url(lot))).content.decode()
    assert 'id="warn-certificate_revoked"' in html and 'class="bad"' in html
    assert f"ĐÃ BỊ THU HỒI ({revoked_on:%d/%m/%Y})" in html


def test_the_resolver_answers_a_linkset(client, lot):
    response = client.get(_path(links.lot_url(lot)), HTTP_ACCEPT="application/linkset+json")
    assert response.status_code == 200 and response["Content-Type"] == "application/linkset+json"
    [links_of] = response.json()["linkset"]
    assert links_of["anchor"] == "http://testserver" + _path(links.lot_url(lot))  # the address served
    assert links_of["https://gs1.org/voc/traceability"][0]["href"].endswith(f"/api/v1/trace/lots/{lot.pk}/epcis")
    assert links_of["https://gs1.org/voc/certificationInfo"][0]["title"].startswith("OCOP 4★")
    assert links_of["https://gs1.org/voc/hasRetailers"][0]["href"].endswith(f"/catalog/{lot.product_id}/")


def test_the_lot_history_exports_as_epcis_that_gs1s_sdk_accepts(client, lot, js):
    public = client.get(f"/api/v1/trace/lots/{lot.pk}/epcis").json()  # the stamps counted, not listed
    assert run_js("validate_epcis.js", json.dumps(public, ensure_ascii=False)) == (0, {"success": True, "errors": []})
    client.force_login(_user("chuthe.hoptien"))  # the producer's document: every event as recorded
    response = client.get(f"/api/v1/trace/lots/{lot.pk}/epcis")
    assert response.status_code == 200 and response["Content-Type"] == "application/ld+json"
    document = response.json()
    steps = [e.get("bizStep") for e in document["epcisBody"]["eventList"]]
    assert {"creating_class_instance", "packing", "inspecting", "shipping", "receiving", "commissioning"} <= set(steps)
    assert any("errorDeclaration" in e for e in document["epcisBody"]["eventList"])
    code, result = run_js("validate_epcis.js", json.dumps(document, ensure_ascii=False))
    assert (code, result) == (0, {"success": True, "errors": []})
    code, hashed = run_js("hash_events.js", json.dumps(document, ensure_ascii=False))
    pairs = [(e["eventID"], h) for e, h in zip(document["epcisBody"]["eventList"], hashed, strict=True)
             if "errorDeclaration" not in e]  # fmt: skip
    assert len(pairs) >= 7 and all(ours == theirs for ours, theirs in pairs)  # our event IDs are GS1's hash IDs


def test_capture_stores_new_events_once_for_lots_the_actor_may_write(client, lot):
    event = epcis.Event(
        type="ObjectEvent", action="OBSERVE", biz_step="shipping", disposition="in_transit",
        event_time=timezone.make_aware(dt.datetime(2024, 4, 2, 8, 0)),
        quantity_list=(epcis.QuantityElement(links.lot_class(lot), 60, "H87"),),
        biz_location=links.place_uri(lot.commune),
    )  # fmt: skip
    document = epcis.document([event], clock.now(), namespaces=links.namespaces())
    client.force_login(_user("chuthe.namthuong"))
    assert client.post("/api/v1/trace/epcis", document, content_type="application/json").status_code == 403
    client.force_login(_user("chuthe.hoptien"))
    before = lot.events.count()
    first = client.post("/api/v1/trace/epcis", document, content_type="application/json")
    assert first.status_code == 201 and first.json()["stored"] == 1
    assert client.post("/api/v1/trace/epcis", document, content_type="application/json").json()["stored"] == 0
    assert lot.events.count() == before + 1
    stranger = epcis.Event(type="ObjectEvent", action="OBSERVE", event_time=event.event_time,
                           quantity_list=(epcis.QuantityElement("urn:epc:class:lgtin:4012345.012345.998877", 1),))  # fmt: skip
    refused = client.post("/api/v1/trace/epcis", epcis.document([event, stranger], clock.now(),
                          namespaces=links.namespaces()), content_type="application/json")  # fmt: skip
    assert refused.status_code == 400 and "Sự kiện 2" in json.dumps(refused.json(), ensure_ascii=False)
    broken = json.loads(json.dumps(document))
    broken["epcisBody"]["eventList"][0]["bizStep"] = "harvesting"
    bad = client.post("/api/v1/trace/epcis", broken, content_type="application/json")
    assert bad.status_code == 400 and "bizStep" in json.dumps(bad.json(), ensure_ascii=False)
    assert lot.events.count() == before + 1  # nothing half-saved


def test_lots_are_created_by_their_producer_or_an_office_and_checked(demo):
    honey = Product.objects.get(name=HONEY)
    with pytest.raises(PermissionDeniedError):
        services.lot_create(actor=_user("chuthe.namthuong"), product=honey, spec=_spec())
    with pytest.raises(PermissionDeniedError):
        services.lot_create(actor=_user("thixa.kinhmon"), product=honey, spec=_spec())
    for fields, field, words in [
        ({"gtin": "8936045123455"}, "gtin", "số kiểm tra"),
        ({"code": "HT/2025"}, "code", "dấu «/»"),
        ({"code": "HT-2024-03"}, "code", "đã có lô"),
        ({"quantity": "-3"}, "quantity", "lớn hơn 0"),
        ({"expires_on": dt.date(2024, 12, 1)}, "expires_on", "phải sau ngày sản xuất"),
        ({"commune": AdminUnit.objects.get(scheme="2025-07", code="25")}, "commune", "xã"),
    ]:
        with pytest.raises(DomainError) as info:
            services.lot_create(actor=_user("chuthe.hoptien"), product=honey, spec=_spec(**fields))
        assert info.value.field == field and words in info.value.message_vi, (fields, info.value.message_vi)
    with pytest.raises(PermissionDeniedError):  # districts were abolished on 01/07/2025: their offices no longer act
        services.lot_create(actor=_user("huyen.kimboi"), product=honey, spec=_spec(gtin="8936045123454"))
    created = services.lot_create(actor=_user("tinh.phutho"), product=honey, spec=_spec(gtin="8936045123454"))
    assert created.gtin == "08936045123454"
    assert links.lot_url(created).endswith("/01/08936045123454/10/HT-2024-12")


def test_events_are_append_only_and_a_correction_names_its_replacement(lot):
    producer = _user("chuthe.hoptien")
    shipped = services.event_record(actor=producer, lot=lot, step="shipped",
                                    event_time=timezone.make_aware(dt.datetime(2024, 4, 1, 9)),
                                    commune=lot.commune, quantity="50")  # fmt: skip
    assert shipped.event_id.startswith("ni:///sha-256;") and shipped.data["quantityList"][0]["quantity"] == 50
    with pytest.raises(PermissionDeniedError):
        services.event_void(actor=_user("chuthe.namthuong"), event=shipped, reason="x")
    declaration = services.event_void(
        actor=producer, event=shipped, reason="Sai số lượng",
        corrected={"step": "shipped", "event_time": timezone.make_aware(dt.datetime(2024, 4, 1, 9)),
                   "commune": lot.commune, "quantity": "80"},
    )  # fmt: skip
    corrective = Event.objects.get(lot=lot, data__quantityList__0__quantity=80)
    assert declaration.voids == shipped and declaration.event_id == shipped.event_id
    assert declaration.data["errorDeclaration"]["correctiveEventIDs"] == [corrective.event_id]
    shipped.refresh_from_db()
    assert shipped.data["quantityList"][0]["quantity"] == 50  # the erroneous event itself never changes
    with pytest.raises(DomainError):
        services.event_void(actor=producer, event=shipped, reason="again")
    with pytest.raises(DomainError) as info:
        services.event_record(actor=producer, lot=lot, step="inspected", commune=lot.commune,
                              event_time=timezone.make_aware(dt.datetime(2024, 4, 2, 9)))  # fmt: skip
    assert info.value.field == "result"
    with pytest.raises(DomainError) as info:
        services.event_record(actor=producer, lot=lot, step="shipped", commune=lot.commune,
                              event_time=clock.now() + dt.timedelta(days=2))  # fmt: skip
    assert info.value.field == "event_time"


def test_stamps_are_issued_for_certified_products_numbered_and_voided_by_range(client, lot):
    client.force_login(_user("chuthe.hoptien"))
    url = f"/api/v1/trace/lots/{lot.pk}/stamps"
    assert client.post(url, {"count": 10_001}, content_type="application/json").status_code == 400
    issued = client.post(url, {"count": 5}, content_type="application/json")
    assert issued.status_code == 201, issued.content
    body = issued.json()
    assert [s["number"] for s in body] == [21, 22, 23, 24, 25]
    assert len({s["serial"] for s in body}) == 5 and all(len(s["serial"]) == 13 for s in body)
    assert all(s["url"] == "http://testserver" + _path(links.stamp_url(Stamp.objects.get(serial=s["serial"])))
               for s in body)  # fmt: skip
    voided = client.post(f"{url}/void", {"first": 24, "last": 30, "reason": "Mất"}, content_type="application/json")
    assert voided.json() == {"voided": 2}
    assert lot.events.filter(biz_step="decommissioning").count() == 2  # the demo voided 19–20
    client.force_login(_user("chuthe.namthuong"))
    assert client.post(url, {"count": 5}, content_type="application/json").status_code == 403
    grapefruit = Product.objects.get(name="Bưởi Da xanh Nam Thượng")
    grapefruit.certificates.all().delete()
    lot_without = services.lot_create(actor=_user("chuthe.namthuong"), product=grapefruit,
                                      spec=_spec(commune=grapefruit.commune))  # fmt: skip
    with pytest.raises(DomainError) as info:
        services.stamps_issue(actor=_user("chuthe.namthuong"), lot=lot_without, count=3, on=dt.date(2024, 6, 1))
    assert "không có giấy chứng nhận OCOP còn hiệu lực" in info.value.message_vi


def test_the_command_issues_stamps_and_writes_the_sheet(lot, tmp_path):
    pdf = tmp_path / "tem.pdf"
    out, err = StringIO(), StringIO()
    call_command("stamps", "issue", "--lot", str(lot.pk), "--count", "72", "--pdf", str(pdf), stdout=out, stderr=err)
    urls = out.getvalue().split()
    assert len(urls) == 72 and all(u.startswith(links.lot_url(lot) + "/21/") for u in urls)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    assert HONEY in text and "HT-2024-03" in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True).stdout
    assert "Pages:           2" in info  # 70 stamps of 25 mm on an A4 page
    with pytest.raises(CommandError, match="Không có lô số 999999"):
        call_command("stamps", "issue", "--lot", "999999", "--count", "1", "--pdf", str(pdf))


def test_the_lot_pages_are_for_the_producer_and_offices_in_scope(client, lot):
    client.force_login(_user("chuthe.namthuong"))
    assert client.get(f"/trace/lots/{lot.pk}/").status_code == 403
    assert "HT-2024-03" not in client.get("/trace/").content.decode()
    client.force_login(_user("huyen.kimboi"))  # the table: no district office traces after 30/06/2025
    assert "HT-2024-03" not in client.get("/trace/", {"q": "mat ong"}).content.decode()
    client.force_login(_user("tinh.phutho"))  # the province that holds Kim Bôi today
    assert "HT-2024-03" in client.get("/trace/", {"q": "mat ong"}).content.decode()
    client.force_login(_user("chuthe.hoptien"))
    page = client.get(f"/trace/lots/{lot.pk}/").content.decode()
    assert "Đã cấp 20 tem, 2 đã huỷ" in page and 'id="suspicious"' in page
    response = client.post(f"/trace/lots/{lot.pk}/", {"action": "event", "step": "received", "event_date": "02/04/2024",
                                                      "event_time": "10:30", "quantity": "20"})  # fmt: skip
    assert response.status_code == 302 and lot.events.filter(biz_step="receiving").count() == 2
    refused = client.post(f"/trace/lots/{lot.pk}/", {"action": "event", "step": "received", "event_date": "31/02/2024"})
    assert "dd/mm/yyyy" in refused.content.decode()
    pdf = client.get(f"/trace/lots/{lot.pk}/stamps.pdf", {"first": 1, "last": 20, "size": 40})
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    assert client.get(f"/trace/lots/{lot.pk}/stamps.pdf", {"size": 33}).status_code == 400
    serial = lot.stamps.get(number=1).serial
    assert client.get(f"/trace/stamps/{serial}.png").content[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get(f"/trace/stamps/{serial}.svg").content.lstrip().startswith(b"<svg")
    scans = client.get("/trace/scans/", {"from": "01/03/2024", "to": "30/04/2024"}).content.decode()
    assert 'id="suspicious"' in scans and "11 lượt quét, 1 trong số đó" in scans


def test_the_lot_api_searches_without_diacritics_and_creates(client, demo):
    found = client.get("/api/v1/trace/lots", {"q": "mat ong hop tien"}).json()
    assert {r["code"] for r in found} == set(Lot.objects.filter(product__name=HONEY).values_list("code", flat=True))
    assert {"HT-2024-03", "HT-2024-03-TH"} < {r["code"] for r in found} and found[0]["url"].startswith("http")
    honey = Product.objects.get(name=HONEY)
    payload = {"product": honey.pk, "code": "HT-2024-11", "produced_on": "2024-11-01", "quantity": "12.5",
               "uom": "KGM", "commune": "2020:05038"}  # fmt: skip
    assert client.post("/api/v1/trace/lots", payload, content_type="application/json").status_code in (401, 403)
    client.force_login(_user("chuthe.hoptien"))
    created = client.post("/api/v1/trace/lots", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    lot_id = created.json()["id"]
    event = client.post(f"/api/v1/trace/lots/{lot_id}/events", {"step": "produced", "event_time": "2024-11-01T07:00:00+07:00"},
                        content_type="application/json")  # fmt: skip
    assert event.status_code == 201 and event.json()["data"]["bizStep"] == "creating_class_instance"
    voided = client.post(f"/api/v1/trace/events/{event.json()['id']}/void", {"reason": "Nhầm lô"},
                         content_type="application/json")  # fmt: skip
    assert voided.status_code == 201 and voided.json()["data"]["errorDeclaration"]["reason"] == "did_not_occur"


def test_a_gs1_lot_resolves_on_the_digital_link_pattern(client, demo, js):
    honey = Product.objects.get(name=HONEY)
    lot = services.lot_create(actor=SYSTEM, product=honey, spec=_spec(gtin="8936045123454", code="GS1-01"))
    [stamp] = services.stamps_issue(actor=SYSTEM, lot=lot, count=1, on=dt.date(2024, 6, 1))
    url = links.stamp_url(stamp)
    assert _path(url) == f"/01/08936045123454/10/GS1-01/21/{stamp.serial}"
    code, [verdict] = run_js("check_digital_link.js", url + "\n")
    assert code == 0 and verdict["grammar"] and verdict["ais"]["10"] == "GS1-01", verdict
    assert client.get(_path(url)).status_code == 200
    assert client.get("/01/08936045123454/10/GS1-01/21/0000000000000").status_code == 303


def test_capture_accepts_a_document_built_by_gs1s_sdk(client, lot, js):
    spec = {
        "epcClass": links.lot_class(lot), "quantity": 40, "uom": "H87", "bizStep": "shipping",
        "disposition": "in_transit", "eventTime": "2024-04-03T08:00:00.000+07:00",
        "bizLocation": links.place_uri(lot.commune),
    }  # fmt: skip
    code, document = run_js("build_document.js", json.dumps(spec))
    assert code == 0 and document["@context"] == epcis.EPCIS_CONTEXT
    client.force_login(_user("chuthe.hoptien"))
    captured = client.post("/api/v1/trace/epcis", document, content_type="application/json")
    assert captured.status_code == 201 and captured.json()["stored"] == 1
    stored = Event.objects.get(event_id=captured.json()["event_ids"][0])
    assert (
        stored.lot == lot and stored.biz_step == "shipping" and stored.event_time.isoformat().startswith("2024-04-03")
    )
    exported = client.get(f"/api/v1/trace/lots/{lot.pk}/epcis").json()
    assert stored.event_id in {e.get("eventID") for e in exported["epcisBody"]["eventList"]}
    assert run_js("validate_epcis.js", json.dumps(exported, ensure_ascii=False))[0] == 0
