"""Registrations, the commune's pre-check (Decision 1489/2025) and producers' own product pages:
services, API and pages, permissions both ways, nothing half-saved."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tamnong.core import clock
from tamnong.core.errors import DomainError, PermissionDeniedError
from tamnong.core.files import private_storage, public_storage
from tamnong.core.photos import PHOTO_MAX_BYTES
from tamnong.ocop import services
from tamnong.ocop.models import Producer, ProducerChange, Product, Registration, Round

AFTER_1489 = dt.date(2026, 3, 2)


def _user(name):
    return get_user_model().objects.get(username=name)


def _png(name="buoi.png", size=(8, 8)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (40, 120, 40)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


@pytest.fixture
def buoi(demo):
    return Product.objects.select_related("producer", "commune").get(name="Bưởi Da xanh Nam Thượng")


def test_a_producer_registers_its_own_product_and_withdraws_it(buoi):
    producer_login = _user("chuthe.namthuong")
    registration = services.registration_create(actor=producer_login, product=buoi, year=2026, on=AFTER_1489,
                                                target_stars=4)  # fmt: skip
    assert (registration.status, registration.registered_on) == ("registered", AFTER_1489)
    other = Product.objects.get(name="Mật ong rừng Hợp Tiến")
    with pytest.raises(PermissionDeniedError):  # another producer's product
        services.registration_create(actor=producer_login, product=other, year=2026, on=AFTER_1489)
    with pytest.raises(DomainError) as info:
        services.registration_create(actor=producer_login, product=buoi, year=2025, on=AFTER_1489)
    assert info.value.field == "year" and "2025 đã qua" in info.value.message_vi
    with pytest.raises(PermissionDeniedError):
        services.registration_withdraw(registration=registration, actor=_user("thixa.kinhmon"), on=AFTER_1489)
    withdrawn = services.registration_withdraw(registration=registration, actor=producer_login, on=AFTER_1489,
                                               reason="Chưa kịp bổ sung phiếu kiểm nghiệm")  # fmt: skip
    assert (withdrawn.status, withdrawn.withdrawn_on, withdrawn.note) == (
        "withdrawn", AFTER_1489, "Chưa kịp bổ sung phiếu kiểm nghiệm",
    )  # fmt: skip
    with pytest.raises(DomainError) as info:
        services.registration_withdraw(registration=registration, actor=producer_login, on=AFTER_1489)
    assert info.value.field == "status"


def test_an_evaluated_registration_cannot_be_withdrawn(demo):
    registration = Registration.objects.get(product__name="Nấm sò Hiệp An", year=2024)
    registration.status = "evaluated"
    registration.save()
    with pytest.raises(DomainError) as info:
        services.registration_withdraw(registration=registration, actor=_user("thixa.kinhmon"), on=dt.date(2024, 9, 1))
    assert "không rút được" in info.value.message_vi


def test_the_commune_prechecks_after_6_july_2025_only(buoi):
    registration = services.registration_create(actor=_user("xa.namthuong"), product=buoi, year=2025,
                                                on=dt.date(2025, 3, 1))  # fmt: skip
    with pytest.raises(DomainError) as info:  # the district still evaluated it then
        services.registration_precheck(registration=registration, actor=_user("xa.namthuong"), on=dt.date(2025, 7, 5),
                                       items=["origin", "local_labour"], propose=True)  # fmt: skip
    assert info.value.field == "prechecked_on" and "06/07/2025" in info.value.message_vi
    proposed = services.registration_precheck(registration=registration, actor=_user("xa.namthuong"),
                                              on=dt.date(2025, 7, 6), items=["origin", "local_labour"], propose=True)  # fmt: skip
    assert (proposed.status, proposed.precheck, proposed.prechecked_by.username) == (
        "proposed", ["origin", "local_labour"], "xa.namthuong",
    )  # fmt: skip


def test_a_precheck_names_the_failed_item_and_a_return_needs_a_reason(buoi):
    registration = services.registration_create(actor=_user("chuthe.namthuong"), product=buoi, year=2026,
                                                on=AFTER_1489)  # fmt: skip
    commune = _user("xa.namthuong")
    with pytest.raises(PermissionDeniedError):  # another commune's officer
        services.registration_precheck(registration=registration, actor=_user("xa.binhson"), on=AFTER_1489,
                                       items=["origin", "local_labour"], propose=True)  # fmt: skip
    with pytest.raises(DomainError) as info:
        services.registration_precheck(registration=registration, actor=commune, on=AFTER_1489, items=["origin"],
                                       propose=True)  # fmt: skip
    assert info.value.field == "items" and "Sử dụng lao động tại địa phương" in info.value.message_vi
    with pytest.raises(DomainError) as info:
        services.registration_precheck(registration=registration, actor=commune, on=AFTER_1489, items=["origin"],
                                       propose=False)  # fmt: skip
    assert info.value.field == "note"
    registration.refresh_from_db()
    assert registration.status == "registered" and registration.prechecked_on is None  # nothing half-saved
    returned = services.registration_precheck(registration=registration, actor=commune, on=AFTER_1489,
                                              items=["origin"], propose=False, note="Thiếu hợp đồng lao động")  # fmt: skip
    assert returned.status == "returned"
    again = services.registration_precheck(registration=registration, actor=commune, on=AFTER_1489,
                                           items=["origin", "local_labour"], propose=True)  # fmt: skip
    assert again.status == "proposed" and again.note == ""


def test_the_province_council_takes_only_products_the_commune_proposed(buoi):
    tinh = _user("tinh.phutho")
    members = [_user("hoidong.kimboi")]
    from tamnong.places.models import AdminUnit

    phu_tho = AdminUnit.objects.get(scheme="2025-07", code="25")
    council = services.round_create(actor=tinh, name="Hội đồng OCOP tỉnh Phú Thọ 2026", level="province",
                                    unit=phu_tho, held_on=dt.date(2026, 9, 15), members=members)  # fmt: skip
    with pytest.raises(DomainError) as info:
        services.entries_add(round_=council, actor=tinh, products=[buoi])
    assert info.value.field == "products" and "chưa được xã sơ loại" in info.value.message_vi
    registration = services.registration_create(actor=_user("chuthe.namthuong"), product=buoi, year=2026,
                                                on=AFTER_1489)  # fmt: skip
    services.registration_precheck(registration=registration, actor=_user("xa.namthuong"), on=AFTER_1489,
                                   items=["origin", "local_labour"], propose=True)  # fmt: skip
    [entry] = services.entries_add(round_=council, actor=tinh, products=[buoi])
    services.score_submit(entry=entry, member=members[0], parts={"A": 30, "B": 18, "C": 24})
    registration.refresh_from_db()
    assert registration.status == "evaluated"


def test_a_producer_asks_to_change_its_product_page_with_a_photo(buoi, django_capture_on_commit_callbacks):
    login = _user("chuthe.namthuong")
    with pytest.raises(DomainError) as info:
        services.change_request(producer=buoi.producer, product=buoi, actor=login, values={},
                                photo=SimpleUploadedFile("x.png", b"not an image"))  # fmt: skip
    assert info.value.field == "photo" and "không phải ảnh" in info.value.message_vi
    big = _png()
    big.size = PHOTO_MAX_BYTES + 1
    with pytest.raises(DomainError) as info:
        services.change_request(producer=buoi.producer, product=buoi, actor=login, values={}, photo=big)
    assert info.value.field == "photo" and "tối đa 5 MB" in info.value.message_vi
    assert not ProducerChange.objects.exists()
    other = Product.objects.get(name="Mật ong rừng Hợp Tiến")
    with pytest.raises(PermissionDeniedError):
        services.change_request(producer=other.producer, product=other, actor=login, values={"description": "x"})
    change = services.change_request(producer=buoi.producer, product=buoi, actor=login, photo=_png(),
                                     values={"description": "Bưởi da xanh trồng trên đất bãi ven sông Bôi."})  # fmt: skip
    buoi.refresh_from_db()
    assert buoi.description == "" and not buoi.photos.exists()  # not before the office approves
    with pytest.raises(PermissionDeniedError):
        services.producer_change_review(change=change, actor=_user("thixa.kinhmon"), approve=True)
    services.producer_change_review(change=change, actor=_user("tinh.phutho"), approve=True)
    buoi.refresh_from_db()
    [first] = buoi.photos.all()
    # The public photo is a copy re-encoded without metadata; the producer's file stays private with the change.
    assert buoi.description.startswith("Bưởi da xanh") and first.image.name.startswith("ocop/products/")
    assert first.image.read()[:3] == b"\xff\xd8\xff" and private_storage().exists(change.photo.name)
    with pytest.raises(DomainError) as info:  # only its own photos come off
        services.change_request(producer=buoi.producer, product=buoi, actor=login, values={}, photos_removed=[999999])
    assert info.value.field == "photos_removed"
    swap = services.change_request(producer=buoi.producer, product=buoi, actor=login, values={},
                                   photo=_png("moi.png"), photos_removed=[first.pk])  # fmt: skip
    assert swap.proposed == {"photos_removed": [first.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        services.producer_change_review(change=swap, actor=_user("tinh.phutho"), approve=True)
    [second] = buoi.photos.all()
    assert second.pk != first.pk and public_storage().exists(second.image.name)
    assert not public_storage().exists(first.image.name)  # a photo taken off is no longer public
    swap.refresh_from_db()
    assert swap.previous == {"photos": [first.image.name]}


def test_the_api_lists_producers_registrations_and_rounds_within_scope(client, buoi):
    producers = client.get("/api/v1/ocop/producers", {"unit": "2025-07:25"}).json()  # public, on the new map
    assert (
        buoi.producer.name in [p["name"] for p in producers]
        and len(producers) == Producer.objects.filter(commune__parent__code="153").count()
    )
    assert client.get(f"/api/v1/ocop/producers/{buoi.producer.pk}").json()["commune"] == "2020:05068"
    assert client.get("/api/v1/ocop/registrations", {"unit": "2020:292"}).status_code in (401, 403)
    client.force_login(_user("huyen.kimboi"))
    assert client.get("/api/v1/ocop/registrations", {"unit": "2020:292"}).status_code == 403
    assert client.get("/api/v1/ocop/rounds", {"unit": "2020:292"}).status_code == 403
    rounds = client.get("/api/v1/ocop/rounds", {"unit": "2020:153", "year": 2021}).json()
    assert [r["name"] for r in rounds] == ["Hội đồng OCOP huyện Kim Bôi, năm 2021"]
    assert len(rounds[0]["entries"]) == 9 and {e["decision"] for e in rounds[0]["entries"]} == {"forward"}
    detail = client.get(f"/api/v1/ocop/rounds/{rounds[0]['id']}")
    assert detail.status_code == 200 and detail.json()["level"] == "district"
    client.force_login(_user("thixa.kinhmon"))
    assert client.get(f"/api/v1/ocop/rounds/{rounds[0]['id']}").status_code == 403
    registrations = client.get("/api/v1/ocop/registrations", {"unit": "2020:292", "year": 2024}).json()
    assert len(registrations) == 11 and {r["registered_on"] for r in registrations} == {"2024-04-15"}


def test_the_api_withdraws_and_prechecks(client, buoi):
    registration = services.registration_create(actor=_user("chuthe.namthuong"), product=buoi, year=2027,
                                                on=AFTER_1489)  # fmt: skip
    client.force_login(_user("xa.binhson"))
    url = f"/api/v1/ocop/registrations/{registration.pk}/precheck"
    payload = {"items": ["origin", "local_labour"], "propose": True}
    assert client.post(url, payload, content_type="application/json").status_code == 403
    client.force_login(_user("xa.namthuong"))
    bad = client.post(url, {"items": ["origin", "giay_phep"], "propose": True}, content_type="application/json")
    assert bad.status_code == 400 and "giay_phep" in bad.json()["items"][0]
    done = client.post(url, payload, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "proposed"
    client.force_login(_user("chuthe.namthuong"))
    withdrawn = client.post(f"/api/v1/ocop/registrations/{registration.pk}/withdraw", {"reason": "Đổi bao bì"},
                            content_type="application/json")  # fmt: skip
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"


def test_the_producer_page_registers_withdraws_and_asks_for_a_new_photo(client, buoi):
    client.force_login(_user("chuthe.namthuong"))
    year = clock.today().year + 1
    assert client.post("/ocop/producer/", {"action": "register", "product": buoi.pk, "year": str(year),
                                           "target_stars": "4"}).status_code == 302  # fmt: skip
    registration = Registration.objects.get(product=buoi, year=year)
    html = client.get("/ocop/producer/").content.decode()
    assert f'id="registration-{registration.pk}"' in html and "đã đăng ký" in html
    other = Product.objects.get(name="Mật ong rừng Hợp Tiến")
    refused = client.post("/ocop/producer/", {"action": "register", "product": other.pk, "year": str(year)})
    assert "Sản phẩm không thuộc tài khoản này" in refused.content.decode()
    assert client.post("/ocop/producer/", {"action": "withdraw", "product": buoi.pk,
                                           "registration": registration.pk}).status_code == 302  # fmt: skip
    registration.refresh_from_db()
    assert registration.status == "withdrawn"
    client.post("/ocop/producer/", {"action": "product", "product": buoi.pk, "packaging": "Túi lưới 2 quả",
                                    "photo": _png()})  # fmt: skip
    change = ProducerChange.objects.get(product=buoi)
    assert change.proposed == {"packaging": "Túi lưới 2 quả"} and change.photo
    client.force_login(_user("huyen.kimboi"))  # the table: no district office reviews after 30/06/2025
    assert "Bưởi Da xanh Nam Thượng" not in client.get("/ocop/moderation/").content.decode()
    client.force_login(_user("tinh.phutho"))  # the province that holds Kim Bôi today
    moderation = client.get("/ocop/moderation/").content.decode()
    assert "Bưởi Da xanh Nam Thượng" in moderation and f'src="/files/ocop-change/{change.pk}/"' in moderation


def test_the_registrations_page_lets_the_commune_propose(client, buoi):
    year = clock.today().year
    registration = services.registration_create(actor=_user("chuthe.namthuong"), product=buoi, year=year,
                                                on=clock.today())  # fmt: skip
    client.force_login(_user("xa.binhson"))
    assert f'id="registration-{registration.pk}"' not in client.get("/ocop/registrations/").content.decode()
    client.force_login(_user("xa.namthuong"))
    html = client.get("/ocop/registrations/").content.decode()
    assert f'id="registration-{registration.pk}"' in html and "Sử dụng lao động tại địa phương" in html
    missing = client.post("/ocop/registrations/", {"registration": registration.pk, "items": ["origin"],
                                                   "action": "propose"}).content.decode()  # fmt: skip
    assert "Chưa đề xuất được" in missing
    assert client.post("/ocop/registrations/", {"registration": registration.pk, "items": ["origin", "local_labour"],
                                                "action": "propose"}).status_code == 302  # fmt: skip
    registration.refresh_from_db()
    assert registration.status == "proposed"


def test_the_ocop_home_shows_each_role_its_pages(client, demo):
    html = client.get("/ocop/").content.decode()
    assert "Tỉnh Phú Thọ" in html and 'id="my-ocop"' not in html
    assert "Tỉnh Hoà Bình" in client.get("/ocop/", {"scheme": "2020"}).content.decode()
    client.force_login(_user("chuthe.namthuong"))
    html = client.get("/ocop/").content.decode()
    assert "/ocop/producer/" in html and "/ocop/registrations/" not in html
    client.force_login(_user("huyen.kimboi"))
    html = client.get("/ocop/").content.decode()
    assert "/ocop/registrations/" in html and "/ocop/moderation/" in html
    client.force_login(_user("hoidong.kimboi"))
    assert "Mật ong rừng Hợp Tiến" in client.get("/ocop/").content.decode()


def test_a_round_of_the_2021_cycle_is_under_decision_1048(demo):
    council = Round.objects.get(name="Hội đồng OCOP tỉnh Hòa Bình, đợt 2/2021")
    assert council.sheet_id == "ocop/1048-2019"


def test_the_producer_sees_what_each_part_lost_and_the_next_star(client, buoi):
    entry = buoi.entries.order_by("-round__held_on").first()
    client.force_login(_user("chuthe.namthuong"))
    html = client.get("/ocop/producer/").content.decode()
    feedback = html.split(f'id="feedback-{buoi.pk}"')[1].split("</div>")[0]
    total = entry.total
    assert f"{total:.2f}".replace(".", ",") + "/100" in feedback and "3 ★" in feedback
    gap = 70 - total  # the four-star band starts at 70 points
    assert f"{gap:.2f}".replace(".", ",") in feedback and f'id="next-star-{buoi.pk}"' in feedback
    lost_a = 40 - Decimal(entry.parts["A"])
    assert f"{lost_a:.2f}".replace(".", ",") in feedback
