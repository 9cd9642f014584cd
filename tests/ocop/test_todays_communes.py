"""The OCOP pages of today show each product under the commune it now belongs to: a product entered on
a commune dissolved on 01/07/2025 reads "Xã … cũ, nay thuộc Xã …" (one wording, history.unit_on, as the
registrations page says it); on a date before the merger the old commune is shown as it was."""

import re

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.usefixtures("demo")

KIM_LAP_NOW = "Xã Kim Lập cũ, nay thuộc Xã Hợp Kim (Tỉnh Phú Thọ)"
NAM_THUONG_NOW = "Xã Nam Thượng cũ, nay thuộc Xã Hợp Kim (Tỉnh Phú Thọ)"


def _row(html: str, product: str) -> str:
    match = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{re.escape(product)}(?:(?!</tr>).)*</tr>", html, re.S)
    assert match, product
    return match[0]


def _as(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_the_unit_page_of_a_new_commune_shows_its_products_under_it_with_the_old_commune_named(client):
    html = client.get("/ocop/2025-07/05068/").content.decode()  # Xã Hợp Kim
    assert KIM_LAP_NOW in _row(html, "Sản phẩm trình diễn Kim Bôi số 03")
    assert NAM_THUONG_NOW in _row(html, "Bưởi Da xanh Nam Thượng")


def test_on_a_date_before_the_merger_the_old_communes_are_shown_as_they_were(client):
    html = client.get("/ocop/2020/153/", {"on": "31/12/2024"}).content.decode()  # Huyện Kim Bôi, 2024
    row = _row(html, "Bưởi Da xanh Nam Thượng")
    assert "Xã Nam Thượng" in row and "cũ, nay thuộc" not in row
    assert "cũ, nay thuộc" not in html


def test_the_queue_names_the_commune_a_product_now_belongs_to(client):
    html = _as(client, "tinh.phutho").get("/ocop/queue/").content.decode()
    assert NAM_THUONG_NOW in _row(html, "Bưởi Da xanh Nam Thượng")
    english = client.get("/ocop/queue/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "former Xã Nam Thượng, now part of Xã Hợp Kim" in english


def test_the_registrations_of_today_and_of_2024(client):
    from tamnong.ocop.models import Registration

    _as(client, "tinh.phutho")
    # the year the demo registered it in (dated from the load day: near a new year, the year before)
    year = Registration.objects.filter(product__name="Sản phẩm trình diễn Kim Bôi số 03").latest("year").year
    today = client.get("/ocop/registrations/", {"year": str(year)}).content.decode()
    assert KIM_LAP_NOW in _row(today, "Sản phẩm trình diễn Kim Bôi số 03")
    # Kinh Môn's registrations of 2024, as its office reads them: the communes as they were that year
    old = _as(client, "thixa.kinhmon").get("/ocop/registrations/", {"year": "2024"}).content.decode()
    assert "Gạo nếp cái hoa vàng Hương Trung" in old and "cũ, nay thuộc" not in old


def test_a_council_member_sees_each_products_commune_as_the_rounds_date_knows_it(client):
    import datetime as dt

    from tamnong.ocop.models import Entry

    entries = Entry.objects.filter(product__commune__scheme="2020").select_related("round", "product__commune")
    new = entries.filter(round__held_on__gte=dt.date(2026, 1, 1)).order_by("pk").first()  # a 2026 round
    old = entries.filter(round__held_on__lt=dt.date(2025, 7, 1)).order_by("pk").first()  # a 2023 round
    said = {}
    for entry in (new, old):
        client.force_login(entry.round.members.order_by("pk").first())
        html = client.get(f"/ocop/entries/{entry.pk}/").content.decode()
        said[entry.pk] = re.search(r'<span id="entry-commune">(.*?)</span>', html)[1]
    assert said[new.pk].startswith(f"{new.product.commune.title} cũ, nay thuộc ")
    assert said[old.pk] == old.product.commune.title
