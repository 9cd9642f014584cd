"""Personal data (Decree 13/2023/NĐ-CP): a household producer's tax code, address, phone, email and
representative stay off the public pages (catalog product page and JSON-LD, storefront, scan page,
feeds, open dataset, sitemap, public API) unless it chose to publish them; an enterprise's are public;
the producer's logins and offices in scope see everything. The choice is the producer's (its page)
or an office's on its request (API), dated and audited. An office exports and erases one person's
data within its territory from the command line, keeping the certificates."""

import json
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from tamnong.core import clock
from tamnong.core.models import AuditEvent
from tamnong.ocop.models import Certificate, ProducerKind
from tamnong.orders import services as order_services
from tamnong.orders.models import Order
from tamnong.trace import links
from tests.orders.helpers import HA_NOI

pytestmark = pytest.mark.django_db

TAX = "8012345678"
PHONE = "0912 777 888"
EMAIL = "ho.nguyenvana@example.vn"
HOME = "Xóm Bãi Chạy, nhà ông Nguyễn Văn A"
PERSON = "Nguyễn Văn A"
SECRETS = (TAX, PHONE, EMAIL, HOME, PERSON)


def _user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def honey(demo):
    from tamnong.ocop.models import Product

    product = Product.objects.select_related("producer", "commune").get(name="Mật ong rừng Hợp Tiến")
    producer = product.producer
    producer.kind, producer.tax_code, producer.phone, producer.email = (
        ProducerKind.HOUSEHOLD_BUSINESS,
        TAX,
        PHONE,
        EMAIL,
    )
    producer.address, producer.representative = HOME, PERSON
    producer.publishes_contact, producer.publishes_contact_since = False, None
    producer.save()
    product.points_of_sale = [{"name": "Quầy nhà ông A", "address": HOME, "phone": PHONE}]
    product.save(update_fields=["points_of_sale"])
    Certificate.objects.create(
        product=product, stars=4, decision_number="TEST/QĐ-UBND", issued_on=clock.today(), issuer_level="province"
    )
    from tamnong.catalog.services import entry_refresh

    entry_refresh(product, today=clock.today())
    return product


def _public_pages(client, product) -> dict[str, str]:
    from tamnong.catalog.views import product_url

    pages = {
        "product": client.get(product_url(product.catalog_entry), follow=True),
        "storefront": client.get(f"/catalog/producers/{product.producer_id}/"),
        "feed": client.get("/catalog/feed.json"),
        "feed_csv": client.get("/catalog/feed.csv"),
        "dataset": client.get("/catalog/dataset.json"),
        "sitemap": client.get("/sitemap.xml"),
        "api": client.get(f"/api/v1/ocop/producers/{product.producer_id}"),
        "api_list": client.get(f"/api/v1/ocop/producers?unit={product.producer.commune.key}"),
    }
    lot = product.lots.order_by("-produced_on").first()
    if lot is not None:
        pages["scan"] = client.get(urlsplit(links.lot_url(lot)).path)
    out = {}
    for name, response in pages.items():
        assert response.status_code == 200, (name, response.status_code)
        out[name] = response.content.decode()
    return out


def test_a_households_personal_data_stay_off_every_public_page(client, honey):
    pages = _public_pages(client, honey)
    assert {"product", "storefront", "api", "api_list"} <= set(pages)
    for name, text in pages.items():
        for secret in SECRETS:
            assert secret not in text and secret.replace(" ", "") not in text, (name, secret)
    assert honey.producer.name in pages["product"] and honey.producer.name in pages["storefront"]
    assert "Quầy nhà ông A" in pages["product"]  # the point of sale's name stays
    api = json.loads(pages["api"])
    assert (api["phone"], api["tax_code"], api["address"], api["publishes_contact"]) == ("", "", "", False)


def test_an_enterprise_and_a_household_that_chose_so_are_public(client, honey):
    producer = honey.producer
    producer.kind = ProducerKind.ENTERPRISE
    producer.save(update_fields=["kind"])
    pages = _public_pages(client, honey)
    assert PHONE in pages["storefront"] and HOME in pages["storefront"] and EMAIL in pages["product"]
    assert HOME in pages["product"]  # the point of sale's address
    assert json.loads(pages["api"])["tax_code"] == TAX

    producer.kind = ProducerKind.HOUSEHOLD_BUSINESS
    producer.save(update_fields=["kind"])
    client.force_login(_user("chuthe.hoptien"))
    response = client.post(
        "/ocop/producer/", {"action": "publish_contact", "producer": producer.pk, "publishes": "yes"}
    )
    assert response.status_code == 302
    producer.refresh_from_db()
    assert producer.publishes_contact and producer.publishes_contact_since == clock.today()
    event = AuditEvent.objects.filter(action="ocop.producer.contact_publish", target_id=str(producer.pk)).first()
    assert event.actor.username == "chuthe.hoptien" and event.after["publishes_contact"] is True
    client.logout()
    pages = _public_pages(client, honey)
    assert PHONE in pages["storefront"] and json.loads(pages["api"])["phone"] == PHONE
    if "scan" in pages:
        assert PHONE in pages["scan"]


def test_offices_in_scope_see_everything_through_the_api_others_do_not(client, honey):
    url = f"/api/v1/ocop/producers/{honey.producer_id}"
    client.force_login(_user("huyen.kimboi"))
    assert client.get(url).json()["phone"] == PHONE
    client.force_login(_user("thixa.kinhmon"))
    assert client.get(url).json()["phone"] == ""
    client.force_login(_user("chuthe.hoptien"))
    assert client.get(url).json()["tax_code"] == TAX
    client.force_login(_user("chuthe.namthuong"))
    assert client.get(url).json()["tax_code"] == ""


def test_an_office_records_the_choice_on_request_only_in_its_scope(client, honey):
    url = f"/api/v1/ocop/producers/{honey.producer_id}/publish-contact"
    assert client.post(url, {"publishes": True}, content_type="application/json").status_code in (401, 403)
    # Another commune's officer; the district office, whose level ended on 30/06/2025.
    for username in ("xa.binhson", "huyen.kimboi"):
        client.force_login(_user(username))
        assert client.post(url, {"publishes": True}, content_type="application/json").status_code == 403
    honey.producer.refresh_from_db()
    assert not honey.producer.publishes_contact
    client.force_login(_user("tinh.hoabinh"))
    response = client.post(url, {"publishes": True}, content_type="application/json")
    assert response.status_code == 200 and response.json()["publishes_contact_since"] == clock.today().isoformat()
    response = client.post(url, {"publishes": False}, content_type="application/json")
    assert response.json()["publishes_contact"] is False
    actions = AuditEvent.objects.filter(action="ocop.producer.contact_publish", target_id=str(honey.producer_id))
    assert [e.after["publishes_contact"] for e in actions.order_by("pk")] == [True, False]
    assert client.post(url, {"publishes": "maybe"}, content_type="application/json").status_code == 400


def _run(*args) -> str:
    out = StringIO()
    call_command("personal_data", *args, stdout=out)
    return out.getvalue()


def _order(honey) -> Order:
    request = order_services.OrderRequest(
        items=[(honey.pk, 1)], name="Trần Thị Mai", phone="0987 111 222", email="mai@example.vn", province=HA_NOI,
        address="Số 3 ngõ 7 phố Kim Mã", note="Giao giờ hành chính",
    )  # fmt: skip
    return order_services.order_create(request=request, client="test", now=clock.now())


def test_an_office_exports_then_erases_a_buyers_orders_within_its_territory(honey):
    order = _order(honey)
    with pytest.raises(CommandError, match="Không có hồ sơ nào"):
        _run("erase", "--office", "xa.binhson", "--phone", "+84 987 111 222", "--reference", "Đơn 1")
    assert json.loads(_run("export", "--office", "xa.binhson", "--phone", "0987111222"))["orders"] == []
    with pytest.raises(CommandError, match="văn phòng có thẩm quyền"):
        _run("export", "--office", "chuthe.namthuong", "--phone", "0987111222")
    with pytest.raises(CommandError, match="Cần ít nhất một"):
        _run("export", "--office", "tinh.hoabinh")
    with pytest.raises(CommandError):  # a district office: the level ended on 30/06/2025
        _run("erase", "--office", "huyen.kimboi", "--phone", "0987111222", "--reference", "Đơn 1")
    assert Order.objects.get(pk=order.pk).buyer_name == "Trần Thị Mai"

    data = json.loads(_run("export", "--office", "tinh.hoabinh", "--email", "MAI@example.vn"))
    assert [(o["code"], o["buyer_name"], o["address"]) for o in data["orders"]] == [
        (order.code, "Trần Thị Mai", "Số 3 ngõ 7 phố Kim Mã")
    ]
    with pytest.raises(CommandError, match="số hoặc ngày của yêu cầu"):
        _run("erase", "--office", "tinh.hoabinh", "--phone", "0987111222")
    printed = _run("erase", "--office", "tinh.hoabinh", "--phone", "0987 111 222", "--reference", "Đơn ngày 02/12/2026")
    assert printed.startswith("Đã xoá dữ liệu cá nhân: 1 đơn hàng, 0 chủ thể")
    order.refresh_from_db()
    assert (order.buyer_name, order.buyer_phone, order.buyer_email, order.address, order.note) == (
        "[đã xoá]", "", "", "[đã xoá]", ""
    )  # fmt: skip
    assert order.items.get().quantity == 1 and order.status == "new"  # the order itself stays
    from tamnong.core.outbox import emails_about

    assert all(e.to == "" and e.body == "" for e in emails_about(order))
    event = AuditEvent.objects.get(action="orders.personal_data.erase", target_id=str(order.pk))
    assert event.actor.username == "tinh.hoabinh" and event.after["reference"] == "Đơn ngày 02/12/2026"
    assert "Trần Thị Mai" not in json.dumps(event.after, ensure_ascii=False)


def test_an_office_erases_a_household_producers_personal_fields_and_keeps_its_certificates(honey):
    certificates = list(Certificate.objects.filter(product=honey).values_list("pk", "decision_number"))
    with pytest.raises(CommandError, match="Không có hồ sơ nào"):
        _run("erase", "--office", "xa.binhson", "--tax-code", TAX, "--reference", "Đơn 1")
    data = json.loads(_run("export", "--office", "tinh.hoabinh", "--tax-code", TAX))
    assert [(p["name"], p["phone"], p["address"]) for p in data["producers"]] == [(honey.producer.name, PHONE, HOME)]
    _run("erase", "--office", "tinh.hoabinh", "--tax-code", TAX, "--reference", "Đơn 2")
    producer = honey.producer
    producer.refresh_from_db()
    honey.refresh_from_db()
    assert (producer.tax_code, producer.phone, producer.email, producer.address, producer.representative) == (
        "", "", "", "", ""
    )  # fmt: skip
    assert producer.name and honey.points_of_sale == [{"name": "Quầy nhà ông A", "address": "", "phone": ""}]
    assert list(Certificate.objects.filter(product=honey).values_list("pk", "decision_number")) == certificates
    assert AuditEvent.objects.filter(action="orders.personal_data.erase", target_id=str(producer.pk)).count() == 1


def test_an_enterprise_is_not_a_person(honey):
    producer = honey.producer
    producer.kind = ProducerKind.ENTERPRISE
    producer.save(update_fields=["kind"])
    assert json.loads(_run("export", "--office", "tinh.hoabinh", "--tax-code", TAX))["producers"] == []


def _page(client, username, **data):
    client.force_login(_user(username))
    return client.post("/orders/personal-data/", data)


def test_the_office_page_finds_exports_and_erases_a_persons_data_in_its_territory(client, honey):
    order = _order(honey)
    client.force_login(_user("tinh.hoabinh"))
    assert client.get("/orders/personal-data/").status_code == 200

    found = _page(client, "tinh.hoabinh", act="find", phone="+84 987 111 222").content.decode()
    assert "Trần Thị Mai" in found and 'id="pd-erase"' in found
    assert "0987" not in client.get("/orders/personal-data/").content.decode()  # keys only by POST, never kept

    export = _page(client, "tinh.hoabinh", act="export", email="mai@example.vn")
    assert export["Content-Disposition"].startswith("attachment")
    assert [o["buyer_name"] for o in json.loads(export.content)["orders"]] == ["Trần Thị Mai"]

    unconfirmed = _page(client, "tinh.hoabinh", act="erase", phone="0987111222", reference="Đơn 3")
    assert unconfirmed.status_code == 400 and "ô xác nhận" in unconfirmed.content.decode()
    assert Order.objects.get(pk=order.pk).buyer_name == "Trần Thị Mai"

    erased = _page(client, "tinh.hoabinh", act="erase", phone="0987111222", reference="Đơn 3", confirm="yes")
    assert erased.status_code == 302
    assert "1 đơn hàng" in client.get(erased["Location"]).content.decode()
    assert Order.objects.get(pk=order.pk).buyer_name == "[đã xoá]"
    assert AuditEvent.objects.filter(action="orders.personal_data.erase", target_id=str(order.pk)).count() == 1


def test_the_office_page_refuses_others_and_finds_nothing_outside_the_territory(client, honey):
    order = _order(honey)
    for outsider in ("chuthe.namthuong", "huyen.kimboi"):  # a producer; a district office after 30/06/2025
        assert _page(client, outsider, act="find", phone="0987111222").status_code == 403
        assert _page(client, outsider, act="erase", phone="0987111222", reference="x", confirm="yes").status_code == 403
    client.logout()
    assert client.post("/orders/personal-data/", {"act": "find", "phone": "0987111222"}).status_code == 302  # login
    other = _page(client, "xa.binhson", act="find", phone="0987111222")
    assert other.status_code == 200 and "Trần Thị Mai" not in other.content.decode()
    refused = _page(client, "xa.binhson", act="erase", phone="0987111222", reference="Đơn 4", confirm="yes")
    assert refused.status_code == 400 and "Không có hồ sơ nào" in refused.content.decode()
    bad = _page(client, "tinh.hoabinh", act="find", phone="12")
    assert bad.status_code == 400 and "không hợp lệ" in bad.content.decode()
    odd = _page(client, "tinh.hoabinh", act="find", email="?😀\u200b", tax_code="\u200b")
    assert odd.status_code in (200, 400)
    # A NUL never reaches the database (PostgreSQL refuses it): the form is refused before the page.
    find = _page(client, "tinh.hoabinh", act="find", email="?😀\u200b", tax_code="\u0000")
    assert find.status_code == 400 and "ký tự điều khiển" in find.content.decode()
    nul = _page(client, "tinh.hoabinh", act="erase", phone="0987\u0000111222", reference="Đơn\u0000 5", confirm="yes")
    assert nul.status_code == 400 and "ký tự điều khiển" in nul.content.decode()
    assert Order.objects.get(pk=order.pk).buyer_name == "Trần Thị Mai"
    assert not AuditEvent.objects.filter(action="orders.personal_data.erase").exists()
