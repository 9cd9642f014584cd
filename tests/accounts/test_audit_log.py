"""The offices read their territory's audit log (filters, CSV); nobody changes it through a page, the
API or the admin."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model

from tamnong.core.models import AuditEvent
from tamnong.core.services import audit_event_record
from tamnong.places.models import AdminUnit

pytestmark = pytest.mark.usefixtures("demo")


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def events(demo):
    """Three events: one in Kim Bôi (Hòa Bình), one in Kinh Môn (Hải Dương), one without a unit."""
    nam_thuong = AdminUnit.objects.get(scheme="2020", code="05068")
    bach_dang = AdminUnit.objects.get(scheme="2020", code="10678")
    return {
        "kim_boi": audit_event_record(actor=user("huyen.kimboi"), action="recognition.register.record",
                                      target=nam_thuong, after={"note": "sự kiện Kim Bôi"}, unit=nam_thuong),
        "kinh_mon": audit_event_record(actor=user("thixa.kinhmon"), action="places.village.write",
                                       target=bach_dang, after={"note": "sự kiện Kinh Môn"}, unit=bach_dang),
        "national": audit_event_record(actor=user("trunguong"), action="criteria.version.create",
                                       target=user("trunguong"), after={"note": "sự kiện trung ương"}),
    }  # fmt: skip


def test_an_office_reads_its_territorys_events_only(client, events):
    client.force_login(user("tinh.hoabinh"))
    html = client.get("/accounts/audit/").content.decode()
    assert "sự kiện Kim Bôi" in html and "ghi quyết định công nhận vào sổ theo dõi" in html
    assert "Xã Nam Thượng, Huyện Kim Bôi, Tỉnh Hoà Bình" in html
    assert "sự kiện Kinh Môn" not in html and "sự kiện trung ương" not in html
    client.force_login(user("thixa.kinhmon"))
    html = client.get("/accounts/audit/").content.decode()
    assert "sự kiện Kinh Môn" in html and "sự kiện Kim Bôi" not in html
    client.force_login(user("trunguong"))
    html = client.get("/accounts/audit/").content.decode()
    assert all(f"sự kiện {w}" in html for w in ("Kim Bôi", "Kinh Môn", "trung ương"))


def test_the_log_is_for_offices(client, events):
    for name in ("xa.namthuong", "xem.hoabinh", "chuthe.namthuong"):
        client.force_login(user(name))
        assert client.get("/accounts/audit/").status_code == 403
        assert client.get("/accounts/audit/events.csv").status_code == 403
    client.logout()
    assert client.get("/accounts/audit/").status_code == 302


def test_filters_by_action_date_and_user(client, events):
    client.force_login(user("trunguong"))
    html = client.get("/accounts/audit/?action=places.village.write").content.decode()
    assert "sự kiện Kinh Môn" in html and "sự kiện Kim Bôi" not in html
    html = client.get("/accounts/audit/?user=huyen.kimboi").content.decode()
    assert "sự kiện Kim Bôi" in html and "sự kiện Kinh Môn" not in html
    day = events["kim_boi"].at.astimezone().strftime("%d/%m/%Y")
    from tamnong.core import clock

    today = clock.local_date(events["kim_boi"].at)
    html = client.get(f"/accounts/audit/?date_from={today:%d/%m/%Y}&date_to={today:%d/%m/%Y}").content.decode()
    assert "sự kiện Kim Bôi" in html
    html = client.get("/accounts/audit/?date_to=01/01/2015").content.decode()
    assert "sự kiện Kim Bôi" not in html and day
    bad = client.get("/accounts/audit/?date_from=31/02/2024")
    assert bad.status_code == 400 and "không hợp lệ" in bad.content.decode()
    bad = client.get("/accounts/audit/?date_from=02/01/2024&date_to=01/01/2024")
    assert bad.status_code == 400 and "sau ngày kết thúc" in bad.content.decode()


def test_the_csv_export_has_the_scoped_filtered_events(client, events):
    client.force_login(user("tinh.hoabinh"))
    response = client.get("/accounts/audit/events.csv?action=recognition.register.record")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Thời điểm", "Người thực hiện", "Thao tác"]
    bodies = [r for r in rows[1:] if "sự kiện Kim Bôi" in r[-1]]
    assert len(bodies) == 1 and bodies[0][1] == "huyen.kimboi" and bodies[0][3] == "recognition.register.record"
    assert not any("Kinh Môn" in cell for r in rows for cell in r)


def test_no_page_changes_or_deletes_an_event(client, events):
    event = events["kim_boi"]
    client.force_login(user("admin"))
    for url in ("/accounts/audit/", "/accounts/audit/events.csv"):
        assert client.post(url, {"action": "x"}).status_code in (403, 405)
    assert client.post(f"/admin/core/auditevent/{event.pk}/change/", {"action": "x"}).status_code == 403
    assert client.post(f"/admin/core/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.action == "recognition.register.record" and AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_navigation_links_the_log_for_offices(client):
    client.force_login(user("huyen.kimboi"))
    assert 'href="/accounts/audit/"' in client.get("/").content.decode()
    client.force_login(user("xa.namthuong"))
    assert 'href="/accounts/audit/"' not in client.get("/").content.decode()
