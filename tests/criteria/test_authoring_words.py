"""Criteria authoring said plainly: an office picks its province by name, a year's thresholds fill the
following years only when the officer says so (and the page says which years), every save says what
it did, and an approved version still shows what it changed."""

import re

from django.contrib.auth import get_user_model

from tamnong.criteria.models import CriteriaVersion
from tamnong.places.models import AdminUnit, Level

EDITION = "ntm/commune-2021-2025"
ROW = "standard/income_per_capita_mvnd"
REFERENCE = "Nghị quyết của HĐND tỉnh Hòa Bình (thử)"


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _draft(client) -> CriteriaVersion:
    login(client, "tinh.hoabinh")
    response = client.post("/criteria/versions/", {"edition": EDITION, "province": "2020:17", "title": "Thu nhập"})
    assert response.status_code == 302
    return CriteriaVersion.objects.latest("pk")


def _grid(client, version) -> dict[str, str]:
    html = client.get(f"/criteria/versions/{version.pk}/", {"row": ROW}).content.decode()
    return dict(re.findall(r'name="(TDMNPB:\d{4})" aria-label="[^"]*" value="([^"]*)"', html))


def test_an_office_picks_its_own_province_by_name(client, demo):
    html = login(client, "tinh.hoabinh").get("/criteria/versions/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    picker = re.search(r'<select name="province" id="version-province">(.*?)</select>', html, re.S).group(1)
    # its province only (on each list that has it), no national set
    assert sorted(re.findall(r'<option value="([^"]*)"', picker)) == ["2020:17", "2025-01:17"]
    assert "Tỉnh Hoà Bình" in picker and 'placeholder="2020:17"' not in html
    html = login(client, "trunguong").get("/criteria/versions/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    picker = re.search(r'<select name="province" id="version-province">(.*?)</select>', html, re.S).group(1)
    values = re.findall(r'<option value="([^"]*)"', picker)
    provinces = AdminUnit.objects.filter(level=Level.PROVINCE).count()
    assert values[0] == "" and "2020:17" in values and len(values) == 1 + provinces


def test_a_year_fills_the_following_years_only_when_asked_and_the_page_says_which(client, demo):
    version = _draft(client)
    url = f"/criteria/versions/{version.pk}/"
    saved = client.post(url, {"row": ROW, "TDMNPB:2022": "40", "reference": REFERENCE, "fill": "forward"},
                        HTTP_ACCEPT_LANGUAGE="vi", follow=True)  # fmt: skip
    assert "Đã ghi vào bản nháp: ngưỡng nhập cho năm 2022 áp dụng cho 2022–2026." in saved.content.decode()
    assert _grid(client, version) == {f"TDMNPB:{y}": "40" for y in range(2022, 2027)}
    saved = client.post(url, {"row": ROW, "TDMNPB:2024": "50", "reference": REFERENCE, "fill": "only"},
                        HTTP_ACCEPT_LANGUAGE="vi", follow=True)  # fmt: skip
    assert "ngưỡng nhập cho năm 2024 áp dụng cho 2024." in saved.content.decode()
    assert _grid(client, version) == {"TDMNPB:2022": "40", "TDMNPB:2023": "40", "TDMNPB:2024": "50",
                                      "TDMNPB:2025": "40", "TDMNPB:2026": "40"}  # fmt: skip


def test_keeping_a_following_year_without_a_threshold_is_refused_and_nothing_is_written(client, demo):
    version = _draft(client)
    refused = client.post(f"/criteria/versions/{version.pk}/",
                          {"row": ROW, "TDMNPB:2024": "50", "reference": REFERENCE, "fill": "only"},
                          HTTP_ACCEPT_LANGUAGE="vi")  # fmt: skip
    assert refused.status_code == 200 and "Năm 2025 chưa có ngưỡng nên không giữ nguyên được" in refused.content.decode()
    version.refresh_from_db()
    assert version.files == {}


def test_an_approved_version_shows_what_it_changed_and_each_step_says_so(client, demo):
    version = _draft(client)
    url = f"/criteria/versions/{version.pk}/"
    client.post(url, {"row": ROW, "TDMNPB:2024": "50", "reference": REFERENCE, "fill": "forward"})
    submitted = client.post(f"{url}submit", HTTP_ACCEPT_LANGUAGE="vi", follow=True).content.decode()
    assert "Đã trình phiên bản: chờ một cán bộ thứ hai duyệt." in submitted
    login(client, "duyet.hoabinh")
    approved = client.post(f"{url}approve", HTTP_ACCEPT_LANGUAGE="vi", follow=True).content.decode()
    assert "Đã duyệt phiên bản: có hiệu lực từ 01/01/2024" in approved
    assert "Những gì phiên bản này đã thay đổi" in approved
    diff = re.search(r'<table class="data" id="diff">(.*?)</table>', approved, re.S).group(1)
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(\d{4})</td><td>(.*?)</td><td>(.*?)</td></tr>", diff)
    assert [(place, year, old, new) for _, _, place, year, old, new in rows] == [
        ("Trung du miền núi phía Bắc", "2024", "—", "50"),
        ("Trung du miền núi phía Bắc", "2025", "—", "50"),
        ("Trung du miền núi phía Bắc", "2026", "—", "50"),
    ]
    assert "Thu nhập bình quân đầu người" in rows[0][1] and "income_per_capita_mvnd" not in diff


def test_an_event_recorded_before_the_move_still_names_its_criteria_version(client, demo):
    """Audit events written while criteria versions were an ntm model keep the record type
    `ntm.criteriaversion` (the log is append-only): the log still names the record by its kind."""
    from django.utils import translation

    from tamnong.accounts import history
    from tamnong.core.models import AuditEvent

    version = _draft(client)
    before = AuditEvent(action="criteria_version_create", target_type="ntm.criteriaversion", target_id=str(version.pk))
    now = AuditEvent(action="criteria.version.create", target_type=CriteriaVersion._meta.label_lower,
                     target_id=str(version.pk))  # fmt: skip
    assert now.target_type == "criteria.criteriaversion"
    for event in (before, now):
        with translation.override("vi"):
            assert history.record_name(event, "vi") == f"phiên bản bộ tiêu chí số {version.pk}"
        with translation.override("en"):
            assert history.record_name(event, "en") == f"criteria version no. {version.pk}"
    with translation.override("en"):
        assert history.record_name(AuditEvent(action="x", target_type="ntm.nothing", target_id="1"), "en") == (
            "record no. 1"
        )
