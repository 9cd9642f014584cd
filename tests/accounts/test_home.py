"""Each demo role lands on its own work after login (tamnong.accounts.home), and the menu shows the
pages each role may use (tamnong.core.navigation), over HTTP."""

import re

import pytest
from django.test import Client

PASSWORD = "tamnong-demo"

pytestmark = pytest.mark.usefixtures("demo")


def _login(username: str) -> tuple[Client, object]:
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, username
    return client, client.get(response["Location"])


def _blocks(html: str) -> dict[str, str]:
    """The home blocks by key, each as its text."""
    out = {}
    for key, body in re.findall(r'<section class="card home-block" id="block-([^"]+)">(.*?)</section>', html, re.S):
        out[key] = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip()
    return out


def _menu(html: str) -> list[str]:
    menu = html[html.index('id="menu"') : html.index("</details>")]
    return re.findall(r'<li><a href="([^"#]+)', menu)


def test_the_login_goes_to_the_home_page():
    client = Client()
    response = client.post("/accounts/login/", {"username": "xa.namthuong", "password": PASSWORD})
    assert response["Location"] == "/"


def test_a_commune_officer_sees_its_commune_and_what_is_due():
    _client, page = _login("xa.namthuong")
    html = page.content.decode()
    assert page.status_code == 200
    blocks = _blocks(html)
    commune = next(text for key, text in blocks.items() if key.startswith("commune-"))
    assert "Xã Nam Thượng" in commune
    assert "Bản tự đánh giá gần nhất: ngày 31/03/2024" in commune  # the demo's data
    assert "đạt " in commune and "tiêu chí" in commune
    assert "chưa có tệp minh chứng" in commune  # the demo's direct assessments carry no file
    assert "/ntm/2020/05068/entry/" in html  # where the work is done
    assert "Hồ sơ xét công nhận chờ tôi" in blocks["dossiers"]


def test_a_commune_of_the_old_map_says_what_it_became_and_that_the_role_was_not_carried_over():
    _client, page = _login("xa.binhson")
    commune = next(text for key, text in _blocks(page.content.decode()).items() if key.startswith("commune-"))
    assert "Xã Bình Sơn không còn trên bản đồ hiện nay" in commune
    assert "Xã Nật Sơn, Tỉnh Phú Thọ" in commune
    assert "chưa được chuyển" in commune


def test_a_provincial_office_sees_its_communes_not_reported_and_its_review_queues():
    _client, page = _login("tinh.phutho")
    blocks = _blocks(page.content.decode())
    territory = next(text for key, text in blocks.items() if key.startswith("territory-"))
    assert "Tỉnh Phú Thọ: các xã chưa báo cáo năm" in territory
    assert "xã đã có bản tự đánh giá năm" in territory
    assert "chưa báo cáo" in territory
    assert "Phiên bản bộ tiêu chí chờ tôi" in blocks["criteria-reviews"]
    assert "Hồ sơ xét công nhận chờ tôi" in blocks["dossiers"]
    assert "OCOP trên địa bàn của tôi" in blocks["ocop-office"]


def test_a_submitted_criteria_version_waits_for_the_second_officer_not_for_its_author(demo):
    from django.contrib.auth import get_user_model

    from tamnong.criteria import authoring
    from tamnong.places.models import AdminUnit

    author = get_user_model().objects.get(username="tinh.hoabinh")
    province = AdminUnit.objects.get(scheme="2020", code="17")
    version = authoring.criteria_version_create(
        actor=author, edition_id="ntm/commune-2021-2025", province=province, title="Ngưỡng thu nhập riêng của tỉnh"
    )
    version.status = "submitted"
    version.submitted_by = author
    version.save(update_fields=["status", "submitted_by"])
    _c, reviewer_page = _login("duyet.hoabinh")
    assert "Cần duyệt: Ngưỡng thu nhập riêng của tỉnh" in _blocks(reviewer_page.content.decode())["criteria-reviews"]
    _c, author_page = _login("tinh.hoabinh")
    assert "Cần duyệt" not in _blocks(author_page.content.decode())["criteria-reviews"]


def test_a_district_office_of_the_old_map_is_told_its_district_is_gone():
    _client, page = _login("huyen.kimboi")
    territory = next(text for key, text in _blocks(page.content.decode()).items() if key.startswith("territory-"))
    assert "Huyện Kim Bôi không còn trên bản đồ hiện nay" in territory


def test_a_council_member_sees_its_councils_products():
    _client, page = _login("hoidong.kimboi")
    council = _blocks(page.content.decode())["council"]
    assert "Sản phẩm hội đồng của tôi cần chấm" in council
    assert "đã quyết định ngày" in council or "chưa chấm" in council or "đã chấm" in council


def test_an_open_round_lists_the_products_the_member_has_still_to_score():
    from django.contrib.auth import get_user_model

    from tamnong.ocop.models import Entry

    member = get_user_model().objects.get(username="hoidong.kimboi")
    entry = Entry.objects.filter(round__members=member).select_related("round", "product").first()
    entry.round.decided_on = None
    entry.round.save(update_fields=["decided_on"])
    entry.scores.filter(member=member).delete()
    _client, page = _login("hoidong.kimboi")
    html = page.content.decode()
    assert f"/ocop/entries/{entry.pk}/" in html
    assert f"{entry.product.name} — {entry.round.name}" in _blocks(html)["council"]
    assert "chưa chấm" in _blocks(html)["council"]


def test_a_producer_sees_its_products_lots_stamps_and_orders():
    _client, page = _login("chuthe.hoptien")
    html = page.content.decode()
    blocks = _blocks(html)
    assert "Mật ong" in blocks["producer"] and "sao" in blocks["producer"]
    assert "tem đang dùng" in blocks["lots"]
    assert "Đơn hàng của tôi" in blocks["orders"]
    assert "/trace/lots/" in html and "/orders/inbox/" in html
    assert "chưa có vai trò" not in html  # a producer's login holds the producer role through its producer


def test_an_account_without_any_role_is_told_so():
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("moi.taikhoan", password=PASSWORD)
    _client, page = _login("moi.taikhoan")
    html = page.content.decode()
    assert "Tài khoản này chưa có vai trò nào" in html and "card home-block" not in html
    assert "/catalog/" in html


def test_a_viewer_sees_the_dashboards_of_its_province():
    _client, page = _login("xem.hoabinh")
    html = page.content.decode()
    assert "Bảng số liệu NTM: Tỉnh Hoà Bình" in _blocks(html)["viewer"]
    assert "/ntm/2020/17/" in html and "/ocop/2020/17/" in html


def test_the_national_office_lands_on_the_national_dashboard():
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    response = client.post("/accounts/login/", {"username": "trunguong", "password": PASSWORD})
    landing = client.get(response["Location"])
    assert landing.status_code == 302 and landing["Location"] == "/ntm/"
    assert client.get("/ntm/").status_code == 200


def test_a_visitor_keeps_the_public_start_page():
    page = Client(HTTP_ACCEPT_LANGUAGE="vi").get("/")
    html = page.content.decode()
    assert page.status_code == 200 and "home-block" not in html
    menu = _menu(html)
    assert "/catalog/" in menu and "/units/" in menu
    assert "/audit/" not in " ".join(menu) and "/ocop/producer/" not in menu and "/trace/" not in menu


@pytest.mark.parametrize(
    ("username", "present", "absent"),
    [
        ("chuthe.hoptien", ["/ocop/producer/", "/trace/", "/trace/scans/", "/orders/inbox/", "/catalog/"],
         ["/accounts/audit/", "/criteria/versions/", "/ocop/import/"]),
        ("tinh.phutho", ["/criteria/versions/", "/ntm/import/", "/recognition/", "/recognition/decisions/",
                         "/ocop/registrations/", "/ocop/moderation/", "/ocop/import/", "/trace/", "/accounts/audit/"],
         ["/ocop/producer/", "/orders/inbox/"]),
        ("xa.namthuong", ["/ntm/import/", "/recognition/", "/ocop/registrations/"],
         ["/criteria/versions/", "/accounts/audit/", "/ocop/producer/"]),
        ("hoidong.kimboi", ["/ocop/", "/catalog/"], ["/ntm/import/", "/trace/", "/orders/inbox/"]),
        ("xem.hoabinh", ["/ntm/", "/units/"], ["/ntm/import/", "/recognition/", "/accounts/audit/", "/trace/"]),
    ],
)  # fmt: skip
def test_the_menu_shows_what_each_role_may_use(username, present, absent):
    _client, page = _login(username)
    menu = _menu(page.content.decode())
    for url in present:
        assert url in menu, (username, url)
    for url in absent:
        assert url not in menu, (username, url)


def test_every_menu_entry_of_a_role_opens():
    client, page = _login("tinh.phutho")
    for url in _menu(page.content.decode()):
        assert client.get(url).status_code in (200, 302), url


def test_the_home_page_reads_in_english():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/accounts/login/", {"username": "chuthe.hoptien", "password": PASSWORD})
    html = client.get(response["Location"]).content.decode()
    assert "My lots and stamps" in html and "My OCOP products" in html and ">Menu<" in html
