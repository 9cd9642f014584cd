"""The Vietnamese pages never show an internal key: the main pages, rendered on the demo after real
acts (a dossier returned, corrected and submitted again; a criteria version drafted, filled,
submitted and approved), show histories as sentences and every edition, comparator, region, level and
standard by its name."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model

from tamnong.core import clock
from tamnong.criteria.models import CriteriaVersion
from tamnong.places.models import AdminUnit
from tamnong.recognition.models import Dossier

STATES = "draft|submitted|verified|appraised|returned|recognised|refused|revoked|approved"
LEVELS = "commune|district|province"
INTERNAL = [
    ("an event key", re.compile(r"item_change|recognition_dossier_|criteria_version_")),
    ("an arrow between state keys", re.compile(rf"\b({STATES})\s*(->|→)\s*({STATES})\b")),
    ("an arrow between level keys", re.compile(rf"\b({LEVELS})\s*(->|→)\s*({LEVELS})\b")),
    ("a Python dict", re.compile(r"\{'|\{\"")),
    ("an edition identifier", re.compile(r"ntm/(commune|model)-\d{4}")),
    ("a comparator code", re.compile(r"\((>=|<=|>|<)\)")),
    ("a region code", re.compile(r"\bTDMNPB\b|\bDBSCL\b|\bDHNTB\b")),
    ("an untranslated unknown", re.compile(r"\(unknown\)")),
    ("a finding's key", re.compile(r"\bcoverage:")),
    ("a tier key", re.compile(r"\b(standard|advanced|model) \d")),
    ("a news site", re.compile(r"vietnam24h|baomoi|langngheviet")),
    ("a note of the project's sources", re.compile(r"regulations §|[;(,]\s*(inferred|sourced|tamnong)\s*\)")),
]


class _Text(HTMLParser):
    """The text a reader sees: text nodes outside script and style (attributes are not read)."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def internals(html: str) -> list[str]:
    text = visible_text(html)
    found = []
    for what, pattern in INTERNAL:
        for m in pattern.finditer(text):
            found.append(f"{what}: …{text[max(0, m.start() - 60) : m.end() + 60]}…")
    return found


def user(name):
    return get_user_model().objects.get(username=name)


def get(client, username, url, lang="vi"):
    client.force_login(user(username))
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


@pytest.fixture
def acted(client, demo):
    """The demo's submitted Nam Thượng dossier returned by the district, corrected by the commune and
    submitted again; and a Hòa Bình criteria version drafted, filled, submitted and approved."""
    dossier = Dossier.objects.get(commune__scheme="2020", commune__code="05068", tier="advanced", is_demo=True)
    client.force_login(user("huyen.kimboi"))
    url = f"/recognition/dossiers/{dossier.pk}/"
    response = client.post(url, {"op": "transition", "action": "return", "version": dossier.version,
                                 "on": "05/04/2024", "reason:3.1": "Thiếu biên bản kiểm tra kênh mương"})  # fmt: skip
    assert response.status_code == 302
    dossier.refresh_from_db()
    client.force_login(user("xa.namthuong"))
    response = client.post(url, {"op": "items", "version": dossier.version, "on": "06/04/2024",
                                 "value:3.1": "85", "evidence:3.1": "Biên bản kiểm tra ngày 06/04/2024"})  # fmt: skip
    assert response.status_code == 302
    dossier.refresh_from_db()
    response = client.post(url, {"op": "transition", "action": "submit", "version": dossier.version,
                                 "on": "07/04/2024"})  # fmt: skip
    assert response.status_code == 302
    client.force_login(user("tinh.hoabinh"))
    response = client.post("/criteria/versions/", {"edition": "ntm/commune-2021-2025", "province": "2020:17",
                                                   "title": "Ngưỡng thu nhập của Hòa Bình"})  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:400]
    version = CriteriaVersion.objects.latest("pk")
    row = "standard/income_per_capita_mvnd"
    posted = {"row": row, "TDMNPB:2024": "50", "reference": "Nghị quyết của HĐND tỉnh Hòa Bình (thử)"}
    response = client.post(f"/criteria/versions/{version.pk}/", posted)
    assert response.status_code == 302, response.content.decode()[:400]
    assert client.post(f"/criteria/versions/{version.pk}/submit").status_code == 302
    client.force_login(user("duyet.hoabinh"))
    assert client.post(f"/criteria/versions/{version.pk}/approve").status_code == 302
    version.refresh_from_db()
    assert version.status == "approved"
    return {"dossier": dossier, "version": version}


def test_the_main_pages_show_no_internal_key_in_vietnamese(client, acted):
    dossier, version = acted["dossier"], acted["version"]
    nam_thuong = AdminUnit.objects.get(scheme="2020", code="05068")
    pages = {
        "dossier": ("huyen.kimboi", f"/recognition/dossiers/{dossier.pk}/?on=08/04/2024"),
        "self-assessment history": ("xa.namthuong", f"/ntm/{nam_thuong.scheme}/{nam_thuong.code}/"),
        "audit log": ("tinh.hoabinh", "/accounts/audit/"),
        "whole audit log": ("admin", "/accounts/audit/"),
        "dossiers": ("huyen.kimboi", "/recognition/"),
        "register": ("huyen.kimboi", "/recognition/register/2020/153/?on=08/04/2024"),
        "criteria version": ("tinh.hoabinh", f"/criteria/versions/{version.pk}/"),
        "criteria versions": ("tinh.hoabinh", "/criteria/versions/"),
        "OCOP registrations": ("tinh.phutho", f"/ocop/registrations/?year={clock.today().year}"),
    }
    problems, texts = {}, {}
    for lang in ("vi", "en"):
        for name, (username, url) in pages.items():
            html = get(client, username, url, lang)
            texts[(name, lang)] = visible_text(html)
            problems[f"{name} ({lang})"] = internals(html)
    found = {name: found for name, found in problems.items() if found}
    assert found == {}, "\n".join(f"{n}: {f}" for n, fs in found.items() for f in fs)
    # the histories are sentences naming who acted, in which unit, and what
    dossier_vi = texts[("dossier", "vi")]
    assert "Ngày 05/04/2024, cán bộ huyen.kimboi (huyện Kim Bôi) trả lại hồ sơ để hoàn thiện" in dossier_vi
    assert "lý do — chỉ tiêu 3.1 (" in dossier_vi and "Thiếu biên bản kiểm tra kênh mương" in dossier_vi
    assert "Ngày 07/04/2024, cán bộ xa.namthuong (xã Nam Thượng) nộp hồ sơ lên huyện" in dossier_vi
    assert (
        "On 05/04/2024, officer huyen.kimboi (Huyện Kim Bôi) returned the dossier for corrections"
        in texts[("dossier", "en")]
    )
    audit = texts[("whole audit log", "vi")]
    assert "cán bộ xa.namthuong (xã Nam Thượng) sửa chỉ tiêu 3.1 (" in audit
    assert (
        "cán bộ huyen.kimboi (huyện Kim Bôi) trả lại hồ sơ để hoàn thiện (hồ sơ Xã Nam Thượng, xã NTM nâng cao)"
        in audit
    )
    assert "cán bộ duyet.hoabinh (tỉnh Hoà Bình) duyệt phiên bản 1 (Tỉnh Hoà Bình) của «Bộ tiêu chí quốc gia" in audit
    assert "cán bộ tinh.hoabinh (tỉnh Hoà Bình) sửa ngưỡng trong phiên bản 1 (Tỉnh Hoà Bình)" in audit
    assert "provinces/17.yaml" not in audit and "2020:05068" not in audit


def test_the_detector_finds_what_the_pages_used_to_show():
    """The check itself: the strings of issue 16 are caught, their plain versions are not."""
    shown = ("<td>item_change</td><td>draft → submitted</td><td>{'value': 3}</td><p>commune → district → province"
             "</p><p>ntm/commune-2021-2025</p><p>3.1 (&gt;=)</p><td>TDMNPB</td><li>coverage: Còn 3 ô (unknown)</li>"
             "<span>standard 1</span><small>(vietnam24h.com.vn)</small>")  # fmt: skip
    assert len(internals(shown)) == 11
    plain = ("<p>Ngày 05/04/2024, cán bộ huyen.kimboi (huyện Kim Bôi) trả lại hồ sơ để hoàn thiện.</p>"
             "<p>Trung du và miền núi phía Bắc, ≥ 45</p><script>var x = {'a': 1}</script>")  # fmt: skip
    assert internals(plain) == []


def test_the_ocop_registrations_say_who_prechecked_and_where_a_dissolved_commune_now_is(client, demo):
    from tamnong.ocop import services
    from tamnong.ocop.models import Product

    buoi = Product.objects.select_related("commune").get(name="Bưởi Da xanh Nam Thượng")
    year = clock.today().year
    registration = services.registration_create(actor=user("chuthe.namthuong"), product=buoi, year=year,
                                                on=clock.today())  # fmt: skip
    client.force_login(user("xa.namthuong"))
    response = client.post("/ocop/registrations/", {"registration": registration.pk, "items": ["origin", "local_labour"],
                                                    "action": "propose"}, HTTP_ACCEPT_LANGUAGE="vi", follow=True)  # fmt: skip
    text = visible_text(response.content.decode())
    assert "Đã đề xuất «Bưởi Da xanh Nam Thượng» lên tỉnh." in text
    assert (
        f"Ngày {clock.today():%d/%m/%Y}, cán bộ xa.namthuong (xã Nam Thượng) sơ loại hồ sơ và đề xuất lên tỉnh: "
        "đã kiểm tra: nguồn gốc sản phẩm, nguyên liệu tại địa phương, sử dụng lao động tại địa phương."
    ) in text
    assert buoi.commune.valid_to is not None  # Nam Thượng was merged on 01/07/2025
    assert "Xã Nam Thượng cũ, nay thuộc Xã Hợp Kim (Tỉnh Phú Thọ)" in text
    assert internals(response.content.decode()) == []
